"""Bureau staff publish the year's results and download the community's year-end report from
the community page; the public verification page confirms the printed code (no login)."""

import subprocess

import pytest

from assessment import results, services
from tests.assessment.conftest import assessed  # noqa: F401 - the hand-computed world

from .test_activity_flow import login


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_bureau_downloads_published_report_and_verifies_it(
    live_server,
    page,
    phone,
    assessed,  # noqa: F811 - the fixture imported above
    tmp_path,
):
    w = assessed
    services.results_publish(scheme=w.s2025, actor=w.staff)
    code = results.community_results(w.community, 2025).publication.code
    page.set_default_timeout(30_000)
    login(page, live_server.url, "t_staff")
    page.goto(f"{live_server.url}/communities/{w.community.pk}/")
    panel = page.locator("#community-reports")
    assert "2025-2026学年" in panel.inner_text()
    with page.expect_download() as info:
        panel.get_by_role("link", name="下载本教共体考核报告（PDF）").click()
    path = tmp_path / "report.pdf"
    info.value.save_as(path)
    assert info.value.suggested_filename == "城关教共体_2025-2026学年考核报告.pdf"
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "城关第一小学" in text and code in text

    phone.goto(f"{live_server.url}/assessment/verify/")  # anonymous, on a phone
    phone.fill("#id_code", code)
    with phone.expect_navigation():
        phone.get_by_role("button", name="校验").click()
    assert "与发布记录一致" in phone.locator("main").inner_text()
