"""The searchable select in a real browser: a bureau user picks a teacher for a position by
typing the pinyin initials of the name (曾小明 → zxm: 曾 reads zeng as a surname)."""

import pytest
from playwright.sync_api import expect

from communities.models import Position
from tests.factories import TeacherFactory

PASSWORD = "jgt-test-pass-2025"  # tests/factories.py UserFactory
SCREENSHOT = "/tmp/e2e-search-select.png"


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_pick_a_teacher_by_pinyin_initials(live_server, page, world):
    zeng = TeacherFactory(school=world.member_school, name="曾小明")
    TeacherFactory(school=world.member_school, name="陈晓敏")  # also "cxm": not a match
    TeacherFactory(school=world.lone_school, name="张小梅")  # zxm, but not in the community

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "t_staff")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="登录").click()

    page.goto(f"{live_server.url}/communities/{world.community.pk}/positions/add/")
    page.select_option("#id_title", "chair")
    combobox = page.get_by_role("combobox", name="教师")
    combobox.fill("zxm")
    options = page.locator(".search-select").get_by_role("option")
    expect(options).to_have_text(["曾小明河口小学"])  # name, then its school
    options.first.click()
    assert combobox.input_value() == "曾小明"
    page.fill("#id_start_on", "2025-09-01")
    page.screenshot(path=SCREENSHOT)
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="保存").click()

    position = Position.objects.get(community=world.community, title="chair")
    assert position.teacher == zeng
    assert page.console_errors == []
