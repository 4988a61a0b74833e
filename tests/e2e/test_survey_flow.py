"""A parent answers the satisfaction survey on a 375 px phone without logging in (no script
needed), and the bureau's results page shows the rate move. axe-core checks every page."""

import pytest

from surveys.models import Response
from tests.surveys.factories import bulk_responses, survey_round

PASSWORD = "jgt-test-pass-2025"  # tests/factories.py UserFactory


def login(page, url, username):
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="登录").click()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_parent_answers_on_a_phone_and_the_bureau_sees_the_rate_move(
    live_server, page, phone, world
):
    round = survey_round(world.district, [world.member_school, world.core_school])
    bulk_responses(round, world.member_school, total=20, satisfied=19)  # 95.0 %: not above
    results = f"{live_server.url}/surveys/{round.pk}/"
    login(page, live_server.url, "t_staff")
    page.goto(results)
    assert page.locator("#total-rate").inner_text() == "95.0%"
    row = page.locator("#school-results tr", has_text="河口小学")
    assert "未达标" in row.inner_text()

    link = round.round_schools.get(school=world.member_school)
    phone.goto(f"{live_server.url}{link.answer_path()}")
    assert phone.locator("h1").inner_text() == round.title
    width = phone.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert width[1] == 375 and width[0] <= width[1]
    for question in round.questionnaire.questions.order_by("order"):
        if question.kind == "text":
            phone.fill(f"textarea[name=q{question.pk}]", "孩子很喜欢学校。")
        else:
            phone.locator(f"input[name=q{question.pk}]").first.check()
    phone.screenshot(path="/tmp/e2e-survey-answer-375.png", full_page=True)
    with phone.expect_navigation():
        phone.get_by_role("button", name="提交问卷").click()
    assert "提交成功" in phone.inner_text("main")
    assert Response.objects.filter(round=round).count() == 21

    # Back on the same phone: the browser has answered already.
    phone.goto(f"{live_server.url}{link.answer_path()}")
    assert "每台手机只能提交一次" in phone.inner_text("main")

    page.reload()
    assert page.locator("#total-rate").inner_text() == "95.2%"
    row = page.locator("#school-results tr", has_text="河口小学")
    assert "95.2%" in row.inner_text() and "未达标" not in row.inner_text()
    page.screenshot(path="/tmp/e2e-survey-results-1366.png", full_page=True)
