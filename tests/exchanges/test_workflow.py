"""The exchange workflow: who may take each step (403), who may not even see it (404), and two
people acting on the same exchange at once (exactly one succeeds)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from accounts.enums import Role
from exchanges import permissions, services
from exchanges.enums import AssessmentResult, ExchangeStatus, StepAction
from exchanges.models import Exchange
from tests.factories import UserFactory

from .conftest import make_exchange

pytestmark = pytest.mark.django_db

S = ExchangeStatus


@pytest.fixture
def cast(world):
    """The world's users plus the leaders of the host (core) school and of an unrelated one."""
    users = dict(world.users)
    users["host_leader"] = UserFactory(
        username="t_host",
        role=Role.SCHOOL_LEADER,
        district=world.district,
        school=world.core_school,
    )
    users["lone_leader"] = UserFactory(
        username="t_lone",
        role=Role.SCHOOL_LEADER,
        district=world.district,
        school=world.lone_school,
    )
    return users


@pytest.fixture
def proposal(world):
    """李老师 of 河口小学 (member) to 城关第一小学 (core) for 2025-2026, in 草稿."""
    return make_exchange(world.member_teacher, [world.core_school])


def _in(exchange, status):
    services.exchange_force_status(exchange=exchange, status=status)
    return Exchange.objects.get(pk=exchange.pk)


def _act(action, user, exchange, **kw):
    if action == StepAction.ASSESS:
        kw.setdefault("result", AssessmentResult.PASS)
    if action in (StepAction.RETURN, StepAction.CANCEL):
        kw.setdefault("comment", "材料不全")
    return services.STEP_SERVICES[action](actor=user, exchange=exchange, **kw)


def test_the_whole_path_is_recorded_step_by_step(cast, proposal):
    e = services.exchange_submit(actor=cast["school_leader"], exchange=proposal)
    e = services.exchange_approve(actor=cast["community_leader"], exchange=e, comment="同意")
    e = services.exchange_file(actor=cast["bureau_staff"], exchange=e)
    e = services.exchange_start(actor=cast["host_leader"], exchange=e)
    e = services.exchange_assess(
        actor=cast["host_leader"], exchange=e, result=AssessmentResult.EXCELLENT, comment="表现突出"
    )
    assert (e.status, e.result, e.assessed_by_id) == (
        S.ASSESSED,
        AssessmentResult.EXCELLENT,
        proposal.teacher.school_id and cast["host_leader"].school_id,
    )
    steps = list(
        e.steps.order_by("at", "id").values_list(
            "action", "from_status", "to_status", "user__username"
        )
    )
    assert steps == [
        ("create", "", "draft", None),
        ("submit", "draft", "submitted", "t_school"),
        ("approve", "submitted", "approved", "t_leader"),
        ("file", "approved", "filed", "t_staff"),
        ("start", "filed", "serving", "t_host"),
        ("assess", "serving", "assessed", "t_host"),
    ]
    assert e.teacher.school_id == proposal.home_school_id  # 身份不变
    assert e.history.count() >= 6


# (action, status it starts from, users who see the exchange but may not take that step)
REFUSED = [
    (StepAction.SUBMIT, S.DRAFT, ["community_leader", "host_leader"]),
    (StepAction.APPROVE, S.SUBMITTED, ["school_leader", "host_leader"]),
    (StepAction.FILE, S.APPROVED, ["community_leader", "school_leader", "host_leader"]),
    (StepAction.START, S.FILED, ["community_leader"]),
    (StepAction.ASSESS, S.SERVING, ["school_leader", "community_leader"]),
    (StepAction.RETURN, S.SUBMITTED, ["school_leader", "host_leader"]),
    (StepAction.RETURN, S.APPROVED, ["community_leader", "school_leader"]),
    (StepAction.CANCEL, S.FILED, ["school_leader", "host_leader"]),
]


@pytest.mark.parametrize(
    ("action", "status", "who"),
    [(a, s, u) for a, s, users in REFUSED for u in users],
)
def test_each_step_is_refused_to_the_wrong_role(cast, proposal, action, status, who):
    exchange = _in(proposal, status)
    with pytest.raises(PermissionDenied):
        _act(action, cast[who], exchange)
    assert Exchange.objects.get(pk=proposal.pk).status == status


@pytest.mark.parametrize(("action", "status", "_who"), REFUSED)
@pytest.mark.parametrize("outsider", ["other_staff", "lone_leader"])
def test_each_step_is_not_found_out_of_scope(cast, proposal, action, status, _who, outsider):
    exchange = _in(proposal, status)
    with pytest.raises(Http404):
        _act(action, cast[outsider], exchange)


@pytest.mark.parametrize(
    ("action", "status", "who"),
    [
        (StepAction.SUBMIT, S.DRAFT, "school_leader"),
        (StepAction.SUBMIT, S.RETURNED, "bureau_admin"),
        (StepAction.APPROVE, S.SUBMITTED, "community_leader"),
        (StepAction.FILE, S.APPROVED, "bureau_staff"),
        (StepAction.START, S.FILED, "school_leader"),
        (StepAction.ASSESS, S.SERVING, "host_leader"),
        (StepAction.RETURN, S.SUBMITTED, "community_leader"),
        (StepAction.RETURN, S.FILED, "bureau_admin"),
        (StepAction.CANCEL, S.SUBMITTED, "school_leader"),
        (StepAction.CANCEL, S.SERVING, "community_leader"),
    ],
)
def test_each_step_is_allowed_to_its_role(cast, proposal, action, status, who):
    exchange = _in(proposal, status)
    assert permissions.may_act(cast[who], exchange, action)
    done = _act(action, cast[who], exchange)
    assert done.status == permissions.TRANSITIONS[action][1]


def test_return_and_cancel_need_a_reason(cast, proposal):
    exchange = _in(proposal, S.SUBMITTED)
    with pytest.raises(ValidationError, match="须填写理由"):
        services.exchange_return(actor=cast["community_leader"], exchange=exchange, comment="  ")


def test_a_step_from_the_wrong_status_is_refused_with_a_message(cast, proposal):
    exchange = _in(proposal, S.APPROVED)
    with pytest.raises(services.ExchangeConflict, match="不能学校申报"):
        services.exchange_submit(actor=cast["bureau_staff"], exchange=exchange)


def test_two_actors_from_a_stale_state_only_the_first_succeeds(cast, proposal):
    submitted = _in(proposal, S.SUBMITTED)
    leaders_copy = Exchange.objects.get(pk=submitted.pk)
    bureau_copy = Exchange.objects.get(pk=submitted.pk)

    services.exchange_approve(actor=cast["community_leader"], exchange=leaders_copy)
    with pytest.raises(services.ExchangeConflict, match="已被他人处理（当前状态：已审核）"):
        services.exchange_return(actor=cast["bureau_staff"], exchange=bureau_copy, comment="退回")

    fresh = Exchange.objects.get(pk=submitted.pk)
    assert fresh.status == S.APPROVED
    assert list(fresh.steps.values_list("action", flat=True)) == ["create", "create", "approve"]


def test_the_conditional_update_stops_a_racing_second_actor(cast, proposal, monkeypatch):
    """Both pass every check; the other actor commits between our checks and our UPDATE."""
    submitted = _in(proposal, S.SUBMITTED)
    original = permissions.role_allows
    raced = []

    def role_allows_then_race(user, exchange, action):
        allowed = original(user, exchange, action)
        if not raced:
            raced.append(True)
            Exchange.objects.filter(pk=exchange.pk).update(
                status=S.APPROVED, version=exchange.version + 1
            )
        return allowed

    monkeypatch.setattr(permissions, "role_allows", role_allows_then_race)
    with pytest.raises(services.ExchangeConflict, match="已被他人处理"):
        services.exchange_approve(actor=cast["community_leader"], exchange=submitted)
    assert not submitted.steps.filter(action=StepAction.APPROVE).exists()


def test_a_stale_post_shows_a_chinese_message_not_an_error_page(client, cast, proposal):
    submitted = _in(proposal, S.SUBMITTED)
    stale_version = submitted.version
    services.exchange_approve(actor=cast["community_leader"], exchange=submitted)
    client.force_login(cast["bureau_staff"])
    url = reverse("exchanges:exchange_step", args=[proposal.pk, "return"])
    response = client.post(url, {"version": stale_version, "comment": "退回"}, follow=True)
    assert response.status_code == 200
    assert (
        "该交流记录已被他人处理（当前状态：已审核），请刷新页面后再操作。"
        in response.content.decode()
    )
    assert Exchange.objects.get(pk=proposal.pk).status == S.APPROVED


def test_step_urls_answer_403_and_404(client, cast, proposal):
    submitted = _in(proposal, S.SUBMITTED)
    url = reverse("exchanges:exchange_step", args=[proposal.pk, "approve"])
    data = {"version": submitted.version, "comment": ""}
    client.force_login(cast["school_leader"])
    assert client.post(url, data).status_code == 403
    client.force_login(cast["lone_leader"])
    assert client.post(url, data).status_code == 404
    client.force_login(cast["community_leader"])
    assert client.post(url, data).status_code == 302
    assert Exchange.objects.get(pk=proposal.pk).status == S.APPROVED


def test_edit_only_while_draft_or_returned(cast, proposal):
    services.exchange_update(actor=cast["school_leader"], exchange=proposal, tasks="承担两个班数学")
    assert Exchange.objects.get(pk=proposal.pk).tasks == "承担两个班数学"
    filed = _in(proposal, S.FILED)
    with pytest.raises(ValidationError, match="不能再修改"):
        services.exchange_update(actor=cast["bureau_staff"], exchange=filed, tasks="x")


def test_counting_leaves_out_returned_and_cancelled(cast, proposal):
    _in(proposal, S.SUBMITTED)
    services.exchange_return(
        actor=cast["community_leader"], exchange=Exchange.objects.get(pk=proposal.pk), comment="改"
    )
    assert not Exchange.objects.counting().filter(pk=proposal.pk).exists()
