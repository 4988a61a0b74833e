"""The public answer page: no login, one school of one round, repeats refused, closed refused,
nothing about the respondent kept."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccessEvent
from surveys.models import Answer, RespondentCode, Response
from surveys.services import REFUSED_CLOSED, REFUSED_CODE_USED, REFUSED_REPEAT

from .factories import survey_round

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def answers_for(round, *, overall: int = 5, comment: str = "") -> dict:
    """A full set of answers: ``overall`` on the counted question, 4 on other scales, the first
    option of each choice, ``comment`` in the text box."""
    data = {}
    for q in round.questionnaire.questions.all():
        if q.kind == "scale":
            data[f"q{q.pk}"] = str(overall if q.counts else 4)
        elif q.kind == "choice":
            data[f"q{q.pk}"] = "0"
        else:
            data[f"q{q.pk}"] = comment
    return data


def url_of(round, school) -> str:
    return round.round_schools.get(school=school).answer_path()


def test_a_parent_answers_without_logging_in(world):
    round = survey_round(world.district, [world.member_school, world.core_school])
    url = url_of(round, world.member_school)
    client = Client(enforce_csrf_checks=True)

    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert round.title in html and "河口小学" in html
    token = page.cookies["csrftoken"].value
    done = client.post(
        url, {**answers_for(round, comment="希望多开展课外活动"), "csrfmiddlewaretoken": token}
    )

    assert done.status_code == 200
    assert "提交成功" in done.content.decode()
    response = Response.objects.get()
    assert (response.round, response.school, response.satisfied) == (
        round,
        world.member_school,
        True,
    )
    assert Answer.objects.filter(response=response).count() == 6
    assert Answer.objects.get(response=response, value=None).text == "希望多开展课外活动"


def test_the_answer_page_refuses_a_post_without_the_csrf_token(world):
    round = survey_round(world.district, [world.member_school])
    client = Client(enforce_csrf_checks=True)

    refused = client.post(url_of(round, world.member_school), answers_for(round))

    assert refused.status_code == 403
    assert Response.objects.count() == 0


def test_the_public_page_shows_the_round_the_school_and_the_questions_only(world):
    round = survey_round(world.district, [world.member_school, world.core_school])

    html = Client().get(url_of(round, world.member_school)).content.decode()

    for other in ("城关第一小学", "城关教共体", "示范县", "教共体管理平台", "退出", "工作台"):
        assert other not in html, other
    for question in round.questionnaire.questions.all():
        assert question.text in html
    assert "<script" not in html


def test_a_missing_answer_is_named_and_nothing_is_stored(world):
    round = survey_round(world.district, [world.member_school])
    data = answers_for(round)
    counted = round.questionnaire.questions.get(counts=True)
    del data[f"q{counted.pk}"]

    page = Client().post(url_of(round, world.member_school), data)

    assert page.status_code == 200
    assert "请选择一项。" in page.content.decode()
    assert Response.objects.count() == 0


def test_a_repeat_is_refused_when_codes_are_used(world):
    round = survey_round(world.district, [world.member_school], codes=5)
    link = round.round_schools.get()
    code = RespondentCode.objects.filter(round_school=link).first().code
    url = link.answer_path()

    first = Client().post(url, {**answers_for(round), "code": code.lower()})
    again = Client().post(url, {**answers_for(round, overall=1), "code": code})

    assert first.status_code == 200 and "提交成功" in first.content.decode()
    assert again.status_code == 409
    assert REFUSED_CODE_USED in again.content.decode()
    assert Response.objects.count() == 1
    assert RespondentCode.objects.get(code=code).used is True


def test_a_wrong_code_is_refused_and_a_code_of_another_school_does_not_work(world):
    round = survey_round(world.district, [world.member_school, world.core_school], codes=2)
    core_code = RespondentCode.objects.filter(round_school__school=world.core_school).first()

    refused = Client().post(
        url_of(round, world.member_school), {**answers_for(round), "code": core_code.code}
    )
    missing = Client().post(url_of(round, world.member_school), answers_for(round))

    assert refused.status_code == 403
    assert "答题码不正确" in refused.content.decode()
    assert "请填写答题条上的答题码。" in missing.content.decode()
    assert Response.objects.count() == 0


def test_a_repeat_from_the_same_browser_is_refused_in_cookie_mode(world):
    round = survey_round(world.district, [world.member_school])
    url = url_of(round, world.member_school)
    client = Client()

    first = client.post(url, answers_for(round))
    again_page = client.get(url)
    again_post = client.post(url, answers_for(round))

    assert first.status_code == 200 and "提交成功" in first.content.decode()
    assert first.cookies["jgt_survey_done"]["path"] == url
    assert again_page.status_code == 409 and REFUSED_REPEAT in again_page.content.decode()
    assert again_post.status_code == 409
    assert Response.objects.count() == 1


def test_cookie_mode_limits_the_rate_from_one_address(world, settings):
    settings.JGT_SURVEY_RATE_LIMIT = 3
    round = survey_round(world.district, [world.member_school])
    url = url_of(round, world.member_school)

    statuses = [Client().post(url, answers_for(round)).status_code for _ in range(5)]
    elsewhere = Client(REMOTE_ADDR="10.1.2.3").post(url, answers_for(round))

    assert statuses == [200, 200, 200, 429, 429]
    assert elsewhere.status_code == 200
    assert Response.objects.count() == 4
    # The cache holds a keyed hash, never the address.
    keys = list(cache._cache.keys())
    assert keys and not any("127.0.0.1" in key or "10.1.2.3" in key for key in keys)


def test_a_closed_round_is_refused(world):
    round = survey_round(world.district, [world.member_school], closed=True)
    url = url_of(round, world.member_school)

    page = Client().get(url)
    post = Client().post(url, answers_for(round))

    assert page.status_code == 410 and post.status_code == 410
    assert REFUSED_CLOSED in page.content.decode()
    assert "提交问卷" not in page.content.decode()
    assert Response.objects.count() == 0


def test_a_round_past_its_closing_date_and_one_not_yet_open_are_refused(world):
    round = survey_round(world.district, [world.member_school])
    today = timezone.localdate()
    round.opens_on, round.closes_on = today - datetime.timedelta(days=9), today
    round.save()
    url = url_of(round, world.member_school)
    assert Client().get(url).status_code == 200

    round.closes_on = today - datetime.timedelta(days=1)
    round.save()
    assert Client().post(url, answers_for(round)).status_code == 410

    round.opens_on, round.closes_on = (
        today + datetime.timedelta(days=1),
        today + datetime.timedelta(days=5),
    )
    round.save()
    pending = Client().get(url)
    assert pending.status_code == 403
    assert "尚未开始" in pending.content.decode()
    assert Response.objects.count() == 0


def test_nothing_about_a_respondent_is_stored_beyond_what_the_round_needs(world):
    round = survey_round(world.district, [world.member_school], codes=3)
    link = round.round_schools.get()
    code = link.codes.first()
    events_before = AccessEvent.objects.count()

    Client(HTTP_USER_AGENT="MicroMessenger/8.0", REMOTE_ADDR="10.9.8.7").post(
        link.answer_path(), {**answers_for(round, comment="好"), "code": code.code}
    )
    Client(REMOTE_ADDR="10.9.8.7").post(link.answer_path(), {**answers_for(round), "code": "XXXX"})

    response = Response.objects.values().get()
    assert set(response) == {"id", "round_id", "school_id", "submitted_on", "satisfied"}
    assert response["submitted_on"] == timezone.localdate()
    answers = list(Answer.objects.values())
    assert {tuple(sorted(a)) for a in answers} == {
        ("id", "question_id", "response_id", "round_id", "text", "value")
    }
    assert [c for c in RespondentCode.objects.filter(pk=code.pk).values()] == [
        {"id": code.pk, "round_school_id": link.pk, "code": code.code, "used": True}
    ]
    # The refused code is not written to the access log with the respondent's address.
    assert AccessEvent.objects.count() == events_before
    stored = repr(list(Response.objects.values())) + repr(answers)
    assert "10.9.8.7" not in stored and "MicroMessenger" not in stored


def test_an_unknown_token_is_not_found(db):
    assert Client().get(reverse("surveys:answer", args=["x" * 24])).status_code == 404
