"""The Excel import of scores: the scheme's pre-filled sheet, upload → preview (nothing written)
→ confirm (all or nothing, through the score service and its history), and every refusal with
its row and column."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessment import services
from assessment.models import Scheme, Score
from core.enums import JobStatus
from core.models import Job

from ..conftest import CANARY

D = Decimal
KIND = "assessment_scores"
HEADER = ["学年", "教共体", "学校", "维度", "指标", "满分", "得分", "佐证说明"]
QUALITY, Q1 = "教育质量提升度", "质量监测"


def _xlsx(rows, header=HEADER) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _row(school, points, *, year="2025-2026", dimension=QUALITY, indicator=Q1, evidence=""):
    return [year, "城关教共体", school, dimension, indicator, 60, points, evidence]


def _upload(client, rows, name="评分.xlsx"):
    response = client.post(
        reverse("spreadsheets:import_upload", args=[KIND]),
        {f"{KIND}-file": SimpleUploadedFile(name, _xlsx(rows))},
    )
    assert response.status_code == 302
    job = Job.objects.latest("pk")
    return job, client.get(response.url)


def _problems(page) -> list[tuple]:
    return [(p["row"], p["column"], p["message"]) for p in page.context["preview"]["problems"]]


def _points() -> dict:
    return {
        (s.school.name, s.indicator.dimension.scheme.school_year): s.points
        for s in Score.objects.filter(indicator__code="q1").select_related(
            "school", "indicator__dimension__scheme"
        )
    }


@pytest.fixture
def staff_client(client, assessed):
    client.force_login(assessed.staff)
    return client


def test_the_scheme_page_offers_the_sheet_and_the_upload(staff_client, assessed):
    page = staff_client.get(reverse("assessment:scheme", args=[assessed.s2025.pk]))

    text = page.content.decode()
    assert page.context["import_kind"] == KIND
    assert reverse("assessment:score_template", args=[assessed.s2025.pk]) in text
    assert reverse("spreadsheets:import_upload", args=[KIND]) in text


def test_the_import_list_offers_the_score_import(staff_client):
    page = staff_client.get(reverse("spreadsheets:import_list"))

    kinds = {k["kind"]: k for k in page.context["kinds"]}
    assert kinds[KIND]["label"] == "考核评分"
    assert kinds[KIND]["columns"] == HEADER


def test_the_pre_filled_sheet_lists_every_assessed_school_and_scored_indicator(
    staff_client, assessed
):
    response = staff_client.get(reverse("assessment:score_template", args=[assessed.s2025.pk]))

    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert response["Content-Disposition"].startswith("attachment;")
    assert workbook.sheetnames[0] == "2025-2026学年考核评分导入"
    notes = [row[0] for row in workbook["说明"].iter_rows(max_row=3, values_only=True)]
    assert notes[2] == (
        "2. 第二行起为按当前数据预先填好的行：只需填写或修改要导入的单元格，用不到的行可以删除。"
    )
    assert rows == [
        tuple(HEADER),
        # 城关教共体: the core school first; 溪口小学 joined mid-year, 半路小学 spent more days here
        ("2025-2026", "城关教共体", "城关第一小学", QUALITY, Q1, 60, 54, None),
        ("2025-2026", "城关教共体", "半路小学", QUALITY, Q1, 60, 60, None),
        ("2025-2026", "城关教共体", "河口小学", QUALITY, Q1, 60, 42, None),
        ("2025-2026", "城关教共体", "溪口小学", QUALITY, Q1, 60, 30, None),
        ("2025-2026", "东片教共体", "东片中心校", QUALITY, Q1, 60, 48, None),
    ]


def test_the_pre_filled_sheet_imports_again_unchanged(staff_client, assessed):
    sheet = staff_client.get(reverse("assessment:score_template", args=[assessed.s2025.pk]))
    data = b"".join(sheet.streaming_content)

    response = staff_client.post(
        reverse("spreadsheets:import_upload", args=[KIND]),
        {f"{KIND}-file": SimpleUploadedFile("评分.xlsx", data)},
    )
    preview = staff_client.get(response.url).context["preview"]

    assert (preview["created"], preview["updated"], preview["unchanged"]) == (0, 0, 5)
    assert preview["error_count"] == 0


def test_preview_then_confirm_writes_through_the_service_with_history(staff_client, assessed):
    w = assessed
    Score.objects.filter(indicator__code="q1", school=w.xikou).delete()
    before = _points()

    job, page = _upload(
        staff_client,
        [
            _row("河口小学", 44.5, evidence="区质量监测报告"),
            _row("溪口小学", 31),
            _row("城关第一小学", 54),  # as it is: unchanged
            _row("东片中心校", None),  # no score: skipped
        ],
    )

    preview = page.context["preview"]
    assert (preview["created"], preview["updated"], preview["unchanged"]) == (1, 1, 1)
    assert [(c["row"], c["action"], c["label"], c["detail"]) for c in preview["changes"]] == [
        (2, "更新", f"河口小学 · {QUALITY}·{Q1}", "42 → 44.5 分"),
        (3, "新建", f"溪口小学 · {QUALITY}·{Q1}", "31 分"),
    ]
    assert preview["notes"] == ["1 行没有填写得分，已跳过（原有评分不变）。"]
    assert page.context["can_confirm"] is True
    assert _points() == before  # the preview wrote nothing

    scheme_url = reverse("assessment:scheme", args=[w.s2025.pk])
    assert preview["links"] == [{"label": "2025-2026学年考核方案", "url": scheme_url}]

    confirmed = staff_client.post(
        reverse("spreadsheets:import_confirm", args=[job.pk]), follow=True
    )

    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert confirmed.context["result"]["links"] == preview["links"]
    assert f'<a class="btn secondary" href="{scheme_url}">返回2025-2026学年考核方案</a>' in (
        confirmed.content.decode()
    )
    member = Score.objects.get(
        indicator__code="q1", indicator__dimension__scheme=w.s2025, school=w.member_school
    )
    assert (member.points, member.evidence, member.entered_by) == (
        D("44.50"),
        "区质量监测报告",
        w.staff,
    )
    latest = member.history.first()
    assert (latest.history_user, latest.history_change_reason) == (w.staff, "Excel 导入")
    xikou = Score.objects.get(
        indicator__dimension__scheme=w.s2025, indicator__code="q1", school=w.xikou
    )
    assert (xikou.points, xikou.history.count()) == (D("31.00"), 1)
    assert _points()[("城关第一小学", 2025)] == D("54.00")


def test_every_refusal_names_its_row_and_column_and_nothing_is_written(staff_client, assessed):
    w = assessed
    Scheme.objects.create(district=w.district, school_year=2026, name="草稿")
    before = _points()

    job, page = _upload(
        staff_client,
        [
            _row("河口小学", 50),  # a good row: not written either
            _row("不存在小学", 10),
            _row(f"{CANARY}中心小学", 10),  # another district's school
            _row("孤岛小学", 10),  # in no community: not assessed
            _row("溪口小学", 61),
            _row("半路小学", -1),
            _row("东片中心校", "优秀"),
            _row("河口小学", 40),  # the same school and indicator again
            _row("城关第一小学", 30, dimension="不存在维度"),
            _row("城关第一小学", 30, indicator="不存在指标"),
            _row("城关第一小学", 30, dimension="办学效果满意度", indicator="满意度"),
            _row("城关第一小学", 30, year="2019-2020"),
            _row("城关第一小学", 30, year="2026-2027"),
            _row("城关第一小学", 30, year="明年"),
        ],
    )

    assert page.context["can_confirm"] is False
    assert _problems(page) == [
        (3, "学校", "本区县没有名为「不存在小学」的学校。"),
        (4, "学校", f"本区县没有名为「{CANARY}中心小学」的学校。"),
        (
            5,
            "学校",
            "「孤岛小学」不在 2025-2026 学年的考核名单中（不是任何教共体计入考核的成员校）。",
        ),
        (6, "得分", "「质量监测」得分应在 0 到 60 之间。"),
        (7, "得分", "「质量监测」得分应在 0 到 60 之间。"),
        (8, "得分", "「得分」应为数字，现为「优秀」。"),
        (9, "指标", "与第 2 行重复：同一学校的同一指标只能有一行。"),
        (10, "维度", "2025-2026 学年的方案中没有维度「不存在维度」。"),
        (11, "指标", f"维度「{QUALITY}」下没有指标「不存在指标」。"),
        (
            12,
            "指标",
            "「满意度」是数据生成指标，由系统根据业务记录计算，不能导入得分"
            "（如需手工填报数值，请在快速录入页填写）。",
        ),
        (13, "学年", "本区县没有 2019-2020 学年的考核方案。"),
        (14, "学年", "2026-2027 学年的考核方案尚未启用，不能评分。"),
        (15, "学年", "学年「明年」格式不对，应写作 2025-2026。"),
    ]

    # confirming a refused check is refused too; nothing was written
    staff_client.post(reverse("spreadsheets:import_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == JobStatus.PREVIEWED
    assert _points() == before


def test_a_published_year_is_refused_once_with_the_way_to_correct(staff_client, assessed):
    w = assessed
    services.results_publish(scheme=w.s2024, actor=w.staff)
    before = _points()

    job, page = _upload(
        staff_client,
        [_row("城关第一小学", 51, year="2024-2025"), _row("河口小学", 46, year="2024")],
    )

    assert _problems(page) == [
        (
            2,
            "学年",
            "2024-2025 学年的考核结果已发布并锁定，评分只能在学校评分页逐项提交更正（须写明原因），"
            "不能导入。（该学年共 2 行，均未导入）",
        )
    ]
    assert _points() == before


def test_a_row_turned_bad_before_confirming_writes_nothing(staff_client, assessed):
    """Confirming checks again against the database: all or nothing still holds when a row
    has become wrong since the preview (here: the year was published in between)."""
    w = assessed
    job, page = _upload(
        staff_client, [_row("城关第一小学", 40, year="2024"), _row("河口小学", 41, year="2025")]
    )
    assert page.context["can_confirm"] is True
    services.results_publish(scheme=w.s2024, actor=w.staff)
    before = _points()

    staff_client.post(reverse("spreadsheets:import_confirm", args=[job.pk]))

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert _points() == before


def test_another_districts_scheme_sheet_is_not_found(staff_client, assessed, other_district):
    other = Scheme.objects.create(district=other_district, school_year=2025, name=CANARY)

    response = staff_client.get(reverse("assessment:score_template", args=[other.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize(("actor", "status"), [("community_leader", 403), ("school_leader", 403)])
def test_only_the_bureau_downloads_the_sheet_and_imports(client, assessed, actor, status):
    client.force_login(assessed.users[actor])

    sheet = client.get(reverse("assessment:score_template", args=[assessed.s2025.pk]))
    upload = client.post(
        reverse("spreadsheets:import_upload", args=[KIND]),
        {f"{KIND}-file": SimpleUploadedFile("评分.xlsx", _xlsx([_row("河口小学", 50)]))},
    )
    page = client.get(reverse("assessment:scheme", args=[assessed.s2025.pk]))

    assert (sheet.status_code, upload.status_code) == (status, status)
    assert page.context["import_form"] is None
    assert Job.objects.count() == 0
