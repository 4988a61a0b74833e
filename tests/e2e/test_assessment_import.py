"""Bureau staff, in a real browser: download the scheme's pre-filled score sheet, fill it in as in
Excel, upload it on the scheme page, read the preview, confirm; the scores are written."""

import io

import openpyxl
import pytest

from assessment import services
from assessment.models import Indicator, Score

from .test_assessment_flow import login, submit


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_bureau_imports_a_filled_score_sheet(live_server, page, phone, world, tmp_path):
    staff = world.users["bureau_staff"]
    scheme = services.scheme_create_default(district=world.district, school_year=2025, actor=staff)
    services.scheme_activate(scheme=scheme, actor=staff)
    url = live_server.url
    login(page, url, "t_staff")
    page.goto(f"{url}/assessment/schemes/{scheme.pk}/")
    page.screenshot(path="/tmp/e2e-assessment-import-scheme.png", full_page=True)

    with page.expect_download() as download:
        page.get_by_role("link", name="下载评分表（.xlsx）").click()
    assert download.value.suggested_filename == "2025-2026学年考核评分.xlsx"
    workbook = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
    sheet = workbook.worksheets[0]
    header = [c.value for c in sheet[1]]
    points, maximum = header.index("得分") + 1, header.index("满分") + 1
    for row in range(2, sheet.max_row + 1):  # every row: 75 % of the indicator's maximum
        sheet.cell(row=row, column=points, value=sheet.cell(row=row, column=maximum).value * 0.75)
    filled = tmp_path / "评分表.xlsx"
    buffer = io.BytesIO()
    workbook.save(buffer)
    filled.write_bytes(buffer.getvalue())
    rows = sheet.max_row - 1
    scored = Indicator.objects.filter(dimension__scheme=scheme, kind="scored").count()
    assert rows == 2 * scored  # the community's two schools × every scored indicator

    page.locator("#import").locator("input[type=file]").set_input_files(str(filled))
    submit(page, "上传并检查")
    assert f"{rows}" in page.locator(".import-counts .stat").first.inner_text()
    page.screenshot(path="/tmp/e2e-assessment-import-preview.png", full_page=True)

    page.on("dialog", lambda dialog: dialog.accept())
    submit(page, "确认导入")
    assert "导入完成" in page.locator("main").inner_text()
    assert Score.objects.filter(indicator__dimension__scheme=scheme).count() == rows

    login(phone, url, "t_staff")
    phone.goto(f"{url}/assessment/schemes/{scheme.pk}/#import")
    phone.screenshot(path="/tmp/e2e-assessment-import-phone.png", full_page=True)
    assert phone.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
