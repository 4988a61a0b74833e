"""An exchange in a real browser: the member school's leader proposes and submits it, the
community leader approves, the bureau files it, and the host (core) school's page shows the
teacher serving there while the teacher stays employed at home."""

import datetime

import pytest

from accounts.enums import Role
from core.school_year import semester_of
from exchanges.enums import ExchangeStatus
from exchanges.models import Exchange
from tests.e2e.conftest import choose
from tests.factories import UserFactory

PASSWORD = "jgt-test-pass-2025"  # tests/factories.py UserFactory
SCREENSHOT = "/tmp/e2e-exchange.png"


def submit(page, label: str) -> None:
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name=label).click()


def log_in(page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    submit(page, "登录")


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_propose_approve_file_and_serve(live_server, page, world):
    base = live_server.url
    UserFactory(
        username="t_host",
        role=Role.SCHOOL_LEADER,
        district=world.district,
        school=world.core_school,
    )
    year, semester = semester_of(datetime.date.today())

    # 1. The member school's leader proposes 李老师 for the core school, and submits.
    log_in(page, base, "t_school")
    page.goto(f"{base}/exchanges/new/")
    choose(page, "#id_teacher", world.member_teacher.pk, world.member_teacher.name)
    page.select_option("#id_kind", "rotation")
    choose(page, "#id_hosts", world.core_school.pk, world.core_school.name)
    page.select_option("#id_start_year", str(year.start))
    page.select_option("#id_start_semester", semester)
    page.select_option("#id_end_year", str(year.start + 1))
    page.select_option("#id_end_semester", "spring")
    page.fill("#id_tasks", "承担五年级数学教学，指导青年教师 2 名。")
    submit(page, "保存")
    exchange = Exchange.objects.get(teacher=world.member_teacher)
    assert page.url == f"{base}/exchanges/{exchange.pk}/"
    assert exchange.status == ExchangeStatus.DRAFT
    assert "成员校→核心校" in page.inner_text("main")
    submit(page, "学校申报")
    assert "「学校申报」已完成" in page.inner_text(".messages")

    # 2. The community leader approves.
    log_in(page, base, "t_leader")
    page.goto(f"{base}/exchanges/{exchange.pk}/")
    page.fill("#id_comment_approve", "同意交流。")
    submit(page, "教共体审核通过")
    assert "「教共体审核通过」已完成" in page.inner_text(".messages")

    # 3. The bureau files it.
    log_in(page, base, "t_staff")
    page.goto(f"{base}/exchanges/{exchange.pk}/")
    submit(page, "局备案")
    timeline = page.inner_text(".timeline")
    for step in ("创建", "学校申报", "教共体审核通过", "局备案", "同意交流。"):
        assert step in timeline
    exchange.refresh_from_db()
    assert exchange.status == ExchangeStatus.FILED

    # 4. The host school's page shows the teacher serving there; the teacher stays at home.
    log_in(page, base, "t_host")
    page.goto(f"{base}/schools/{world.core_school.pk}/")
    serving = page.inner_text("#serving-here")
    assert "李老师" in serving and "河口小学" in serving
    page.screenshot(path=SCREENSHOT, full_page=True)
    world.member_teacher.refresh_from_db()
    assert world.member_teacher.school_id == world.member_school.pk
    assert page.console_errors == []
