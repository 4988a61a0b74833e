"""A bureau user, in a real browser: log in, create a community, add two members, see them."""

import pytest

from communities.models import Community
from schools.enums import Locale, Stage
from tests.e2e.conftest import choose
from tests.factories import SchoolFactory

PASSWORD = "jgt-test-pass-2025"  # tests/factories.py UserFactory
SCREENSHOT = "/tmp/e2e-community.png"


def submit(page, label: str) -> None:
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name=label).click()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_bureau_staff_creates_a_community_with_two_members(live_server, page, world):
    core = SchoolFactory(
        district=world.district, name="新城实验小学", locale=Locale.URBAN, stage=Stage.PRIMARY
    )
    first = SchoolFactory(district=world.district, name="东岭小学")
    second = SchoolFactory(district=world.district, name="西坪小学")

    # Log in through the form.
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "t_staff")
    page.fill("#id_password", PASSWORD)
    submit(page, "登录")
    assert page.url == f"{live_server.url}/"

    # The stylesheet was served from /static/ and applied.
    topbar = page.eval_on_selector(".topbar", "e => getComputedStyle(e).backgroundColor")
    assert topbar not in ("", "transparent", "rgba(0, 0, 0, 0)")

    # Create the community with its core school.
    page.goto(f"{live_server.url}/communities/new/")
    page.fill("#id_name", "新城教共体")
    page.select_option("#id_stage", "primary")
    choose(page, "#id_core_school", core.pk, core.name)
    page.fill("#id_start_on", "2025-09-01")
    submit(page, "创建")
    community = Community.objects.get(name="新城教共体")
    assert page.url == f"{live_server.url}/communities/{community.pk}/"

    # Add two members from the community page.
    for school in (first, second):
        with page.expect_navigation():
            page.locator("main").get_by_role("link", name="添加成员校").click()
        choose(page, "#id_school", school.pk, school.name)
        page.fill("#id_start_on", "2025-09-01")
        submit(page, "添加")
        assert page.url == f"{live_server.url}/communities/{community.pk}/"

    main = page.inner_text("main")
    for name in ("新城教共体", "新城实验小学", "东岭小学", "西坪小学"):
        assert name in main
    current = community.memberships.current().order_by("role", "school__name")
    assert [(m.school.name, m.role) for m in current] == [
        ("新城实验小学", "core"),
        ("东岭小学", "member"),
        ("西坪小学", "member"),
    ]

    page.screenshot(path=SCREENSHOT, full_page=True)
    assert [e for e in page.console_errors if "Content Security Policy" in e] == []
