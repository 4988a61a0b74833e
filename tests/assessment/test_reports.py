"""The year-end reports on the hand-computed world (``conftest.assessed``, 2025-2026).

A community's PDF (text, fonts, page 1 as a picture), the district workbook (sheets, frozen
panes, values, LibreOffice opens it), the public verification page (valid, superseded,
unknown), the command, the batch zip job and who may download what.
"""

import io
import shutil
import subprocess
import zipfile
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from assessment import results, services
from assessment.models import Indicator
from core.models import Job

D = Decimal
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def poppler(tool: str, pdf: bytes, tmp_path, *args) -> str:
    path = tmp_path / f"{tool}.pdf"
    path.write_bytes(pdf)
    command = [tool, *args, str(path)] + (["-"] if tool == "pdftotext" else [])
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


@pytest.fixture
def published(assessed):
    w = assessed
    services.results_publish(scheme=w.s2025, actor=w.staff)
    w.code = results.community_results(w.community, 2025).publication.code
    return w


def report_url(w, community=None) -> str:
    return reverse(
        "assessment:community_report",
        kwargs={"pk": w.s2025.pk, "community": (community or w.community).pk},
    )


def test_community_pdf_holds_names_scores_code_and_embedded_cjk_fonts(client, published, tmp_path):
    w = published
    client.force_login(w.staff)
    response = client.get(report_url(w))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    content = response.content
    text = poppler("pdftotext", content, tmp_path, "-layout")
    flat = "".join(text.split())
    for expected in (
        "城关教共体",
        "2025-2026学年",
        "示范县教育局",
        "城关第一小学",
        "河口小学",
        "溪口小学",
        "半路小学",
        "93.20",  # core school's total
        "78.00",
        "30.00",
        "100.00",
        "54.00",  # a dimension score in the table
        "70.08",  # the bundled score
        "37.28",  # 0.4 × 93.20, a component
        "连续两年下降",  # rule 18's flag of 河口小学
        "满意度未达目标",  # rule 19
        "2025-11-01加入",  # the member that joined mid-year
        w.code,
        "第1页/共",
        "签字",
    ):
        assert expected in flat, expected
    assert "东片中心校" not in flat  # another community's school
    fonts = poppler("pdffonts", content, tmp_path).splitlines()[2:]
    assert fonts
    names = " ".join(line.split()[0] for line in fonts)
    assert "WenQuanYi" in names or "NotoSansCJK" in names or "Noto" in names
    rows = [line.split() for line in fonts]
    assert all(row[-5] == "yes" for row in rows), fonts  # emb
    assert all(row[-4] == "yes" for row in rows), fonts  # sub(set)


def test_the_verification_address_is_the_public_url_when_set_else_the_requests(
    client, published, tmp_path, settings
):
    w = published
    client.force_login(w.staff)

    settings.JGT_PUBLIC_URL = ""
    from_request = "".join(
        poppler("pdftotext", client.get(report_url(w)).content, tmp_path).split()
    )
    settings.JGT_PUBLIC_URL = "https://jgt.example.edu.cn"
    from_setting = "".join(
        poppler("pdftotext", client.get(report_url(w)).content, tmp_path).split()
    )

    assert f"http://testserver/assessment/verify/?code={w.code}" in from_request
    assert f"https://jgt.example.edu.cn/assessment/verify/?code={w.code}" in from_setting


def test_page_one_is_drawn(client, published, tmp_path):
    if shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils not installed")
    w = published
    client.force_login(w.staff)
    path = tmp_path / "report.pdf"
    path.write_bytes(client.get(report_url(w)).content)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(path), str(tmp_path / "p")],
        check=True,
    )
    page = next(tmp_path.glob("p-*1.png"))
    assert page.stat().st_size > 5_000  # a cover with text and a QR code, not a blank page


def test_unpublished_report_is_a_draft_and_hidden_from_school_leaders(client, assessed, tmp_path):
    w = assessed
    client.force_login(w.users["school_leader"])
    assert client.get(report_url(w)).status_code == 404
    client.force_login(w.users["community_leader"])
    response = client.get(report_url(w))
    assert response.status_code == 200
    flat = "".join(poppler("pdftotext", response.content, tmp_path).split())
    assert "未发布" in flat and "扫描二维码" not in flat
    services.results_publish(scheme=w.s2025, actor=w.staff)
    client.force_login(w.users["school_leader"])
    assert client.get(report_url(w)).status_code == 200
    assert client.get(report_url(w, w.east)).status_code == 404  # not its community


def test_workbook_sheets_frozen_headers_and_values(client, published, tmp_path):
    from openpyxl import load_workbook  # noqa: PLC0415 - heavy library, as in the app

    w = published
    client.force_login(w.users["school_leader"])
    assert client.get(reverse("assessment:district_workbook", args=[w.s2025.pk])).status_code == 403
    client.force_login(w.staff)
    response = client.get(reverse("assessment:district_workbook", args=[w.s2025.pk]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    names = book.sheetnames
    assert names[:4] == ["教共体总表", "学校总表", "维度1_教育质量提升度", "维度2_办学效果满意度"]
    for name in ("教共体_城关教共体", "教共体_东片教共体", "学校_城关第一小学", "学校_溪口小学"):
        assert name in names
    for sheet in book.worksheets:
        assert len(sheet.title) <= 31 and not set(sheet.title) & set("[]:*?/\\")
        assert sheet.freeze_panes in ("B2", "C2")
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)
    schools = book["学校总表"]
    assert schools.freeze_panes == "C2"
    header = [c.value for c in schools[1]]
    assert header[:4] == ["排名", "学校", "教共体", "角色"]
    rows = {r[1]: r for r in schools.iter_rows(min_row=2, values_only=True)}
    assert rows["城关第一小学"][0] == 2
    assert rows["城关第一小学"][header.index("总分")] == pytest.approx(93.2)
    assert rows["河口小学"][header.index("变化")] == pytest.approx(-5.0)
    assert rows["溪口小学"][header.index("上年")] is None
    assert schools.column_dimensions["B"].width >= 12  # school names are not cut off
    quality = book["维度1_教育质量提升度"]
    quality_rows = {r[0]: r for r in quality.iter_rows(min_row=2, values_only=True)}
    assert quality_rows["河口小学"][2] == pytest.approx(42.0)
    community = book["教共体_城关教共体"]
    values = [c for row in community.iter_rows(values_only=True) for c in row]
    assert "捆绑得分" in values and pytest.approx(70.08) in values


def test_workbook_opens_in_libreoffice(published, tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (libreoffice-calc-nogui) not installed")
    w = published
    path = tmp_path / "book.xlsx"
    from assessment import reports  # noqa: PLC0415 - the module under test

    path.write_bytes(reports.district_workbook(w.s2025))
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,2",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    converted = sorted(tmp_path.glob("book*.csv"))
    assert converted, list(tmp_path.iterdir())
    text = converted[0].read_text("utf-8")
    assert "学校" in text and "城关第一小学" in text and "93.2" in text


def test_verification_page_valid_superseded_unknown(client, published):
    w = published
    url = reverse("assessment:verify")
    assert client.get(url).status_code == 200  # anonymous, no login
    page = client.get(url, {"code": w.code.lower().replace("-", "")}).content.decode()
    assert "与发布记录一致" in page and "城关教共体" in page
    assert "93.20" not in page  # no scores: only whether the copy matches

    east_code = results.community_results(w.east, 2025).publication.code
    services.score_correct(
        scheme=w.s2025,
        indicator=Indicator.objects.get(dimension__scheme=w.s2025, code="q1"),
        school=w.member_school,
        value=D(44),
        reason="监测成绩录入有误",
        actor=w.staff,
    )
    page = client.get(url, {"code": w.code}).content.decode()
    assert "已被更正取代" in page
    assert "监测成绩录入有误" in page and "河口小学" in page
    new_code = results.community_results(w.community, 2025).publication.code
    assert new_code != w.code and new_code in page
    assert "与发布记录一致" in client.get(url, {"code": new_code}).content.decode()
    # another community's printed report is untouched by the correction
    assert "与发布记录一致" in client.get(url, {"code": east_code}).content.decode()
    page = client.get(url, {"code": "ZZZZZ-99999"}).content.decode()
    assert "未找到该校验码" in page


def test_command_writes_every_pdf_and_the_workbook(published, tmp_path):
    out = io.StringIO()
    call_command(
        "year_end_reports",
        district="999999",
        school_year="2025-2026",
        output=str(tmp_path / "out"),
        stdout=out,
    )
    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert files == [
        "东片教共体_2025-2026学年考核报告.pdf",
        "城关教共体_2025-2026学年考核报告.pdf",
        "示范县_2025-2026学年捆绑考核结果.xlsx",
    ]
    assert (tmp_path / "out" / files[1]).read_bytes().startswith(b"%PDF")
    assert "已写入 2 份" in out.getvalue()


def test_zip_job_builds_every_community_report(client, settings, published):
    settings.TASKS = IMMEDIATE
    w = published
    client.force_login(w.users["community_leader"])
    url = reverse("assessment:reports_zip", args=[w.s2025.pk])
    assert client.post(url).status_code == 403
    client.force_login(w.staff)
    response = client.post(url)
    job = Job.objects.get(kind="assessment.reports")
    assert response.status_code == 302 and response.url == reverse("core:job_detail", args=[job.pk])
    assert job.status == "done", job.message
    assert job.summary == {"reports": 2} and job.percent == 100
    with job.file.open("rb") as handle, zipfile.ZipFile(io.BytesIO(handle.read())) as archive:
        names = sorted(archive.namelist())
        assert names == [
            "东片教共体_2025-2026学年考核报告.pdf",
            "城关教共体_2025-2026学年考核报告.pdf",
        ]
        assert all(archive.read(n).startswith(b"%PDF") for n in names)
    download = client.get(reverse("core:job_file", args=[job.pk]))
    assert download.status_code == 200
