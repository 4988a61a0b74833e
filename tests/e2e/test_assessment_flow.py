"""Bureau staff, in a real browser: create the year's scheme (the six default dimensions),
start it, enter a community's scores on the quick-entry page, publish, download the community's
PDF; the school leader (on a phone) then sees its own school's results and its community's
published results, nothing else. axe-core checks every page both visit (conftest.py)."""

import subprocess

import pytest

from assessment.models import Indicator, ReportCode, Scheme

PASSWORD = "jgt-test-pass-2025"  # tests/factories.py UserFactory


def submit(page, label: str) -> None:
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name=label).click()


def login(page, url, username):
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    submit(page, "登录")


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_bureau_enters_scores_on_quick_entry_and_publishes(
    live_server, page, phone, world, tmp_path
):
    url = live_server.url
    page.set_default_timeout(30_000)  # the PDF takes WeasyPrint a few seconds on a busy machine
    login(page, url, "t_staff")
    page.goto(f"{url}/assessment/")
    page.fill("#id_school_year", "2025-2026")
    page.select_option("#id_start", "default")
    submit(page, "创建方案")
    scheme = Scheme.objects.get(school_year=2025)
    assert page.url == f"{url}/assessment/schemes/{scheme.pk}/"
    submit(page, "启用方案")
    assert "已启用" in page.locator("main").inner_text()

    page.get_by_role("link", name="快速录入").click()
    page.wait_for_url(f"**/communities/{world.community.pk}/entry/")
    scored = Indicator.objects.filter(dimension__scheme=scheme, kind="scored")
    # every scored indicator: 80 % of its maximum for the core school, 60 % for the member
    for school, share in ((world.core_school, 0.8), (world.member_school, 0.6)):
        for indicator in scored:
            value = round(float(indicator.max_score) * share, 1)
            page.fill(f'input[name="v-{school.pk}-{indicator.pk}"]', str(value))
    page.screenshot(path="/tmp/e2e-assessment-entry.png", full_page=True)
    submit(page, "保存全部评分")
    assert "已保存" in page.locator(".messages").inner_text()

    page.goto(f"{url}/assessment/schemes/{scheme.pk}/publish/")
    submit(page, "确认发布")
    assert "已发布并锁定" in page.locator(".messages").inner_text()
    page.goto(f"{url}/assessment/schemes/{scheme.pk}/communities/{world.community.pk}/")
    code = ReportCode.objects.get(scheme=scheme, community=world.community).code
    assert page.locator("#report-code").inner_text() == code
    assert page.locator("#bundled-score").inner_text() != "—"
    # the report's charts on the page: a profile a school, with its text alternative
    charts = page.locator("#report-charts svg[role=img]")
    assert charts.count() >= 2
    assert "城关第一小学（核心校）各维度得分" in page.locator("#report-charts").inner_text()
    page.screenshot(path="/tmp/e2e-assessment-result.png", full_page=True)
    with page.expect_download() as info:
        page.locator("#report-pdf").click()
    path = tmp_path / "report.pdf"
    info.value.save_as(path)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "城关第一小学" in text and "河口小学" in text and code in text

    # The school leader of the member school: its own results, its community's, nothing else.
    other = phone
    login(other, url, "t_school")
    own = other.goto(f"{url}/assessment/schemes/{scheme.pk}/schools/{world.member_school.pk}/")
    assert own.status == 200
    assert "河口小学" in other.locator("h1").inner_text()
    assert other.locator("#school-profile svg[role=img]").count() == 1
    width = other.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
    assert width[0] <= width[1]  # nothing wider than the phone: tables and charts in their box
    community = other.goto(
        f"{url}/assessment/schemes/{scheme.pk}/communities/{world.community.pk}/"
    )
    assert community.status == 200
    core = other.goto(f"{url}/assessment/schemes/{scheme.pk}/schools/{world.core_school.pk}/")
    assert core.status == 404
    assert "城关第一小学" not in other.locator("main").inner_text()
