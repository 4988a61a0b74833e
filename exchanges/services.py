"""Writes of the exchanges app: keyword-only ``<entity>_<action>`` functions on
``core.services.validated_save``, in a transaction, with the acting user (history rows via
django-simple-history).

Workflow steps (``exchange_submit`` … ``exchange_cancel``) share ``_step``: the exchange is
fetched through the actor's visibility (404 outside it), the caller's copy must still be current
(its ``version``), the role must fit the step (``permissions``; 403), and the row is claimed by a
conditional UPDATE on (pk, status, version) — of two people acting on the same exchange at once,
exactly one succeeds; the other gets ``ExchangeConflict`` with a Chinese message.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.access import require
from core.scoping import get_from_or_404, visible
from core.services import validated_save
from schools.models import School, Teacher

from . import direction, permissions
from .enums import AssessmentResult, ExchangeKind, StepAction
from .models import Exchange, ExchangeHost, ExchangeStep, LessonDay, Mentorship, PrincipalPost


class ExchangeConflict(ValidationError):
    """The exchange changed under the caller (someone else acted first)."""


# --- derived fields ---------------------------------------------------------------------------


def exchange_derive(*, exchange: Exchange, placements=None) -> None:
    """Recompute ``community`` and ``direction`` of the exchange and of its host links from the
    memberships at the planned start (``exchanges.direction``). Called by every write."""
    links = list(exchange.host_links.select_related("school"))
    derived = direction.derive(
        exchange.home_school, [link.school for link in links], exchange.planned_start, placements
    )
    for link in links:
        community_id, host_direction = derived.hosts[link.school_id]
        if (link.community_id, link.direction) != (community_id, host_direction):
            link.community_id, link.direction = community_id, host_direction
            link.save(update_fields=["community", "direction"])
    if (exchange.community_id, exchange.direction) != (derived.community_id, derived.direction):
        Exchange.objects.filter(pk=exchange.pk).update(
            community_id=derived.community_id, direction=derived.direction
        )
        exchange.community_id, exchange.direction = derived.community_id, derived.direction


def exchanges_rederive(*, exchanges) -> int:
    """Recompute the derived fields of many exchanges (after a change of memberships)."""
    count = 0
    for exchange in exchanges.select_related("home_school"):
        with transaction.atomic():
            exchange_derive(exchange=exchange)
        count += 1
    return count


# --- create and edit --------------------------------------------------------------------------


def _check_hosts(*, teacher: Teacher, kind: str, host_schools: list[School]) -> None:
    if not host_schools:
        raise ValidationError({"hosts": "请选择接收学校。"})
    if len({s.pk for s in host_schools}) != len(host_schools):
        raise ValidationError({"hosts": "同一接收学校不能重复填写。"})
    if len(host_schools) > 1 and kind != ExchangeKind.ITINERANT:
        raise ValidationError({"hosts": "只有走教可以填写多个接收学校。"})
    for school in host_schools:
        if school.pk == teacher.school_id:
            raise ValidationError({"hosts": f"接收学校「{school.name}」就是派出学校。"})
        if school.district_id != teacher.school.district_id:
            raise ValidationError({"hosts": f"接收学校「{school.name}」不属于本教育局。"})


def overlapping_exchange(exchange: Exchange) -> Exchange | None:
    """Another counting exchange of the same teacher whose planned dates overlap this one."""
    exchange.derive_dates()
    return (
        Exchange.objects.counting()
        .filter(
            teacher_id=exchange.teacher_id,
            planned_start__lte=exchange.planned_end,
            planned_end__gte=exchange.planned_start,
        )
        .exclude(pk=exchange.pk)
        .first()
    )


def _check_overlap(exchange: Exchange) -> None:
    other = overlapping_exchange(exchange)
    if other:
        raise ValidationError(
            {
                "start_year": f"{exchange.teacher.name}在{other.period_label}已有交流安排"
                f"（{other.get_status_display()}），时间不能重叠。"
            }
        )


def _derive_before_save(
    exchange: Exchange, host_schools: list[School], placements=None
) -> direction.Derived:
    """Set the exchange's derived community and direction before it is saved (so its history
    row holds them) and return the hosts' share for ``_set_hosts``."""
    exchange.derive_dates()
    derived = direction.derive(
        exchange.home_school, host_schools, exchange.planned_start, placements
    )
    exchange.community_id, exchange.direction = derived.community_id, derived.direction
    return derived


def _set_hosts(exchange: Exchange, host_schools: list[School], derived: direction.Derived) -> None:
    wanted = [s.pk for s in host_schools]
    exchange.host_links.exclude(school_id__in=wanted).delete()
    existing = {link.school_id: link for link in exchange.host_links.all()}
    for order, school in enumerate(host_schools):
        community_id, host_direction = derived.hosts[school.pk]
        link = existing.get(school.pk)
        if link is None:
            ExchangeHost.objects.create(
                exchange=exchange,
                school=school,
                order=order,
                community_id=community_id,
                direction=host_direction,
            )
        elif (link.order, link.community_id, link.direction) != (
            order,
            community_id,
            host_direction,
        ):
            link.order, link.community_id, link.direction = order, community_id, host_direction
            link.save(update_fields=["order", "community", "direction"])


def _record_step(
    exchange: Exchange, *, action: str, from_status: str, to_status: str, actor, comment: str = ""
) -> ExchangeStep:
    return ExchangeStep.objects.create(
        exchange=exchange,
        action=action,
        from_status=from_status,
        to_status=to_status,
        user=actor if getattr(actor, "is_authenticated", False) else None,
        at=timezone.now(),
        comment=comment,
    )


EDITABLE_FIELDS = (
    "kind",
    "start_year",
    "start_semester",
    "end_year",
    "end_semester",
    "tasks",
    "subsidy_township",
    "subsidy_transport",
    "subsidy_rural",
    "note",
)


def exchange_create(
    *,
    actor,
    teacher: Teacher,
    host_schools: list[School],
    kind: str,
    start_year: int,
    start_semester: str,
    end_year: int,
    end_semester: str,
    tasks: str = "",
    subsidy_township: Decimal = Decimal("0"),
    subsidy_transport: Decimal = Decimal("0"),
    subsidy_rural: Decimal = Decimal("0"),
    note: str = "",
    check_access: bool = True,
    placements=None,
) -> Exchange:
    """A new exchange in 草稿. The home school is the teacher's employing school now.

    ``check_access=False`` is for the demo builder and the command-line import, which act for
    the bureau without a user; every page passes through the access checks."""
    if check_access:
        get_from_or_404(visible(actor, Teacher), pk=teacher.pk)
        require(permissions.can_create_exchange(actor, teacher.school))
    _check_hosts(teacher=teacher, kind=kind, host_schools=host_schools)
    exchange = Exchange(
        district_id=teacher.school.district_id,
        teacher=teacher,
        home_school=teacher.school,
        kind=kind,
        start_year=start_year,
        start_semester=start_semester,
        end_year=end_year,
        end_semester=end_semester,
        tasks=tasks,
        subsidy_township=subsidy_township,
        subsidy_transport=subsidy_transport,
        subsidy_rural=subsidy_rural,
        note=note,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    with transaction.atomic():
        exchange.full_clean()
        _check_overlap(exchange)
        derived = _derive_before_save(exchange, host_schools, placements)
        validated_save(exchange, actor=actor)
        _set_hosts(exchange, host_schools, derived)
        _record_step(
            exchange,
            action=StepAction.CREATE,
            from_status="",
            to_status=exchange.status,
            actor=actor,
        )
    return exchange


def exchange_update(
    *, actor, exchange: Exchange, host_schools: list[School] | None = None, **fields
) -> Exchange:
    """Edit an exchange while it is 草稿 or 已退回 (home school leader or bureau)."""
    expected_version = exchange.version
    exchange = get_from_or_404(
        visible(actor, Exchange).select_related("home_school", "teacher"), pk=exchange.pk
    )
    if exchange.version != expected_version:
        raise _stale(exchange)
    if not exchange.is_editable:
        raise ValidationError(f"交流已{exchange.get_status_display()}，不能再修改。")
    require(permissions.can_edit_exchange(actor, exchange))
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(exchange, name, value)
    if host_schools is None:
        host_schools = [link.school for link in exchange.host_links.select_related("school")]
    _check_hosts(teacher=exchange.teacher, kind=exchange.kind, host_schools=host_schools)
    with transaction.atomic():
        exchange.full_clean()
        _check_overlap(exchange)
        claimed = Exchange.objects.filter(
            pk=exchange.pk, version=expected_version, status=exchange.status
        ).update(version=expected_version + 1)
        if not claimed:
            raise _stale(Exchange.objects.get(pk=exchange.pk))
        exchange.version = expected_version + 1
        derived = _derive_before_save(exchange, host_schools)
        validated_save(exchange, actor=actor)
        _set_hosts(exchange, host_schools, derived)
    return exchange


# --- workflow steps ---------------------------------------------------------------------------


def _stale(exchange: Exchange) -> ExchangeConflict:
    return ExchangeConflict(
        f"该交流记录已被他人处理（当前状态：{exchange.get_status_display()}），"
        "请刷新页面后再操作。",
        code="stale",
    )


def _step(*, exchange: Exchange, action: str, actor, comment: str = "", **changes) -> Exchange:
    expected_version = exchange.version
    current = get_from_or_404(
        visible(actor, Exchange).select_related("home_school", "teacher"), pk=exchange.pk
    )
    if current.version != expected_version:
        raise _stale(current)
    starts_from, to_status = permissions.TRANSITIONS[action]
    if current.status not in starts_from:
        raise ExchangeConflict(
            f"交流当前为「{current.get_status_display()}」，不能{StepAction(action).label}。",
            code="status",
        )
    if not permissions.role_allows(actor, current, action):
        raise PermissionDenied(f"您不能对此交流执行「{StepAction(action).label}」。")
    comment = (comment or "").strip()
    if action in permissions.NEEDS_COMMENT and not comment:
        raise ValidationError({"comment": f"{StepAction(action).label}须填写理由。"})
    from_status = current.status
    with transaction.atomic():
        claimed = Exchange.objects.filter(
            pk=current.pk, status=from_status, version=expected_version
        ).update(status=to_status, version=F("version") + 1)
        if not claimed:
            raise _stale(Exchange.objects.get(pk=current.pk))
        current.refresh_from_db()
        for name, value in changes.items():
            setattr(current, name, value)
        validated_save(current, actor=actor, reason=StepAction(action).label)
        _record_step(
            current,
            action=action,
            from_status=from_status,
            to_status=to_status,
            actor=actor,
            comment=comment,
        )
    return current


def exchange_submit(*, actor, exchange: Exchange, comment: str = "") -> Exchange:
    """学校申报: the home school submits its proposal to the community."""
    return _step(exchange=exchange, action=StepAction.SUBMIT, actor=actor, comment=comment)


def exchange_approve(*, actor, exchange: Exchange, comment: str = "") -> Exchange:
    """教共体审核: the home school's community leader approves."""
    return _step(exchange=exchange, action=StepAction.APPROVE, actor=actor, comment=comment)


def exchange_file(*, actor, exchange: Exchange, comment: str = "") -> Exchange:
    """局备案: the bureau files the exchange."""
    return _step(exchange=exchange, action=StepAction.FILE, actor=actor, comment=comment)


def exchange_start(
    *, actor, exchange: Exchange, on: datetime.date | None = None, comment: str = ""
) -> Exchange:
    """到岗: the teacher starts at the host school (actual start date, default today)."""
    return _step(
        exchange=exchange,
        action=StepAction.START,
        actor=actor,
        comment=comment,
        actual_start=on or timezone.localdate(),
    )


def exchange_assess(
    *,
    actor,
    exchange: Exchange,
    result: str,
    comment: str = "",
    ended_on: datetime.date | None = None,
) -> Exchange:
    """期满考核: the host school assesses (优秀 / 合格 / 不合格); the exchange ends."""
    if result not in AssessmentResult.values:
        raise ValidationError({"result": "请选择考核结果：优秀、合格或不合格。"})
    assessor = None
    if actor.is_authenticated and getattr(actor, "school_id", None):
        assessor = actor.school_id
    return _step(
        exchange=exchange,
        action=StepAction.ASSESS,
        actor=actor,
        comment=comment,
        result=result,
        result_comment=comment,
        actual_end=ended_on or timezone.localdate(),
        assessed_by_id=assessor,
    )


def exchange_return(*, actor, exchange: Exchange, comment: str) -> Exchange:
    """退回: back to the home school to edit and submit again, with the reason."""
    return _step(exchange=exchange, action=StepAction.RETURN, actor=actor, comment=comment)


def exchange_cancel(*, actor, exchange: Exchange, comment: str) -> Exchange:
    """中止: the exchange ends here, with the reason."""
    return _step(exchange=exchange, action=StepAction.CANCEL, actor=actor, comment=comment)


STEP_SERVICES = {
    StepAction.SUBMIT: exchange_submit,
    StepAction.APPROVE: exchange_approve,
    StepAction.FILE: exchange_file,
    StepAction.START: exchange_start,
    StepAction.ASSESS: exchange_assess,
    StepAction.RETURN: exchange_return,
    StepAction.CANCEL: exchange_cancel,
}


def exchange_force_status(
    *, exchange: Exchange, status: str, actor=None, comment: str = ""
) -> None:
    """Put an exchange straight into a status, with a step row: tests and the command-line
    import of plans already filed use it; no page does."""
    exchange_replay(
        exchange=exchange,
        steps=[(StepAction.CREATE, status, timezone.now(), actor, comment or "直接设定状态")],
    )


def exchange_replay(*, exchange: Exchange, steps: list[tuple], **changes) -> None:
    """Record a past workflow: ``steps`` are (action, status reached, when, user, comment),
    written as step rows with their own dates; the exchange ends in the last status, with
    ``changes`` (actual dates, result) applied. The demo builder uses it; no page does."""
    from_status = exchange.status
    with transaction.atomic():
        if steps:
            # The record was made before its first replayed step.
            exchange.steps.filter(action=StepAction.CREATE, at__gt=steps[0][2]).update(
                at=steps[0][2] - datetime.timedelta(days=3)
            )
        for action, to_status, at, user, comment in steps:
            ExchangeStep.objects.create(
                exchange=exchange,
                action=action,
                from_status=from_status,
                to_status=to_status,
                user=user,
                at=at,
                comment=comment,
            )
            from_status = to_status
        Exchange.objects.filter(pk=exchange.pk).update(
            status=from_status, version=F("version") + len(steps), **changes
        )
    exchange.refresh_from_db()


# --- light records ----------------------------------------------------------------------------


def principal_post_create(*, actor, **fields) -> PrincipalPost:
    post = PrincipalPost(created_by=actor if getattr(actor, "is_authenticated", False) else None)
    for name, value in fields.items():
        setattr(post, name, value)
    if post.teacher_id and not post.home_school_id:
        post.home_school_id = post.teacher.school_id
    if post.home_school_id and not post.district_id:
        post.district_id = post.home_school.district_id
    with transaction.atomic():
        return validated_save(post, actor=actor)


def lesson_day_create(*, actor, **fields) -> LessonDay:
    record = LessonDay(created_by=actor if getattr(actor, "is_authenticated", False) else None)
    for name, value in fields.items():
        setattr(record, name, value)
    if record.teacher_id and not record.home_school_id:
        record.home_school_id = record.teacher.school_id
    if record.home_school_id and not record.district_id:
        record.district_id = record.home_school.district_id
    with transaction.atomic():
        return validated_save(record, actor=actor)


def mentorship_create(*, actor, mentor: Teacher, apprentice: Teacher, **fields) -> Mentorship:
    pairing = Mentorship(
        district_id=mentor.school.district_id,
        mentor=mentor,
        apprentice=apprentice,
        mentor_school_id=mentor.school_id,
        apprentice_school_id=apprentice.school_id,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **fields,
    )
    if apprentice.school.district_id != mentor.school.district_id:
        raise ValidationError({"apprentice": "师傅和徒弟须属于同一教育局。"})
    with transaction.atomic():
        return validated_save(pairing, actor=actor)


def mentorship_update(*, actor, mentorship: Mentorship, **fields) -> Mentorship:
    for name, value in fields.items():
        setattr(mentorship, name, value)
    with transaction.atomic():
        return validated_save(mentorship, actor=actor)
