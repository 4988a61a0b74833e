"""The school leader's home page in a real browser: on a desktop, and on a phone 375 px wide
without horizontal scrolling of the page. axe-core checks every page visited (axe.py)."""

import pytest
from django.urls import reverse

from tests.access.conftest import _activities, _exchange_rows, _surveys
from tests.e2e.axe import AxeViolations, assert_accessible

PASSWORD = "jgt-test-pass-2025"  # tests/factories.py UserFactory
SCREENSHOT = "/tmp/e2e-school-home-375.png"


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="登录").click()


def no_page_scroll(page) -> tuple[int, int]:
    return page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_school_leader_home_shows_its_own_school(live_server, page, world):
    log_in(page, live_server, "t_school")

    assert page.url == f"{live_server.url}/"
    assert page.locator("h1").inner_text() == "河口小学 · 工作台"
    main = page.inner_text("main")
    assert "城关教共体" in main  # its community
    assert "河口教学点" in main  # its teaching point
    assert "未加入任何教共体的学校" not in main  # no county panel
    assert page.axe.checked == [f"{live_server.url}/accounts/login/", f"{live_server.url}/"]


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_school_leader_pages_fit_a_phone(live_server, phone, world):
    log_in(phone, live_server, "t_school")

    # Home page: no horizontal scrolling of the page, the menu collapsed behind its button.
    scroll_width, client_width = no_page_scroll(phone)
    phone.screenshot(path=SCREENSHOT, full_page=True)
    assert client_width == 375
    assert scroll_width <= client_width
    assert phone.locator("h1").inner_text() == "河口小学 · 工作台"
    menu = phone.locator("#topmenu")
    toggle = phone.get_by_role("button", name="菜单")
    assert not menu.is_visible()
    toggle.click()
    assert menu.is_visible()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert menu.get_by_role("link", name="教师", exact=True).is_visible()

    # The other pages a school leader reads: the same, wide tables scroll in their own box.
    for path in (
        world.member_school.get_absolute_url(),
        world.teaching_point.get_absolute_url(),
        world.community.get_absolute_url(),
        "/schools/",
        "/schools/teachers/",
        world.member_teacher.get_absolute_url(),
        f"/schools/{world.member_school.pk}/edit/",
    ):
        phone.goto(f"{live_server.url}{path}")
        scroll_width, client_width = no_page_scroll(phone)
        assert scroll_width <= client_width, path
    assert [e for e in phone.console_errors if "Content Security Policy" in e] == []


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_community_leader_pages_fit_a_phone(live_server, phone, world):
    log_in(phone, live_server, "t_leader")
    for path in ("/", world.community.get_absolute_url(), "/schools/", "/schools/teachers/"):
        phone.goto(f"{live_server.url}{path}")
        scroll_width, client_width = no_page_scroll(phone)
        assert scroll_width <= client_width, path


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_desktop_menu_labels_never_break_inside(live_server, page, world):
    """A bureau administrator's 14 menu items at 1366 px: the menu may take a second row, but
    no label breaks over two lines (工作 / 台)."""
    log_in(page, live_server, "t_admin")

    # The text's line boxes: one per line the label takes.
    lines = page.eval_on_selector_all(
        ".mainnav a",
        "els => els.map(e => { const r = document.createRange(); r.selectNodeContents(e);"
        " return [e.textContent.trim(), new Set([...r.getClientRects()].map(c => c.top)).size]; })",
    )
    assert len(lines) == 14
    assert [label for label, count in lines if count != 1] == []


def _app_pages(world) -> list[str]:
    """A page of every app a leader reaches from the menu, lists and details alike."""
    community = world.community.pk
    return [
        "/activities/",
        world.activity.get_absolute_url(),
        "/activities/calendar/",
        reverse("activities:schedule", args=[community]),
        "/activities/library/",
        world.resource.get_absolute_url(),
        "/activities/remote/",
        world.pairing.get_absolute_url(),
        "/governance/",
        reverse("governance:meeting_list", args=[community]),
        reverse("governance:meeting_detail", args=[community, world.meeting.pk]),
        reverse("governance:expense_detail", args=[community, world.expense.pk]),
        reverse("governance:document_list", args=[community]),
        reverse("governance:task_list"),
        reverse("governance:task_detail", args=[world.task.pk]),
        "/exchanges/",
        world.exchange.get_absolute_url(),
        "/exchanges/mentorships/",
        world.mentorship.get_absolute_url(),
        "/surveys/",
        world.survey.get_absolute_url(),
        "/assessment/",
        reverse("history", args=["communities.community", community]),
    ]


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("username", ["t_school", "t_leader"])
def test_leader_pages_of_every_app_fit_a_phone(
    live_server, phone, world_with_second_member, username
):
    world = world_with_second_member
    _activities(world)  # with governance, library and remote-lesson rows
    _exchange_rows(world)
    _surveys(world)
    log_in(phone, live_server, username)

    wide = []
    for path in _app_pages(world):
        response = phone.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        scroll_width, client_width = no_page_scroll(phone)
        if scroll_width > client_width:
            wide.append((path, scroll_width))
    assert wide == []


@pytest.mark.e2e
def test_axe_reports_low_contrast_and_colour_only_links(page):
    page.set_content(
        '<html lang="zh-CN"><head><title>t</title></head><body><main>'
        '<p style="color:#bbb">浅色文字</p>'
        '<p>正文<a href="/x" style="color:#222;text-decoration:none">链接</a>正文</p>'
        "</main></body></html>"
    )
    with pytest.raises(AxeViolations) as caught:
        assert_accessible(page)
    assert "color-contrast" in str(caught.value)
    assert "link-in-text-block" in str(caught.value)
    page.axe.pending = False  # checked above: the fixture need not fail the test again
