"""Writes of governance: keyword-only ``<entity>_<action>`` functions with the acting user, on
``core.services.validated_save`` in a transaction; history rows via django-simple-history, and
every step of an expense request in ``ExpenseStep``.

Rule 15 lives here: :func:`expense_submit` reads the community's threshold from its rule
settings (``compliance``), refuses a request at or above it without a 三重一大 decision, and
:func:`expense_approve` lets only the right principal approve (``governance.permissions``).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.access import is_bureau, is_community_leader, is_school_leader, require
from communities.visibility import community_school_ids
from compliance import registry
from compliance.selectors import effective_params, settings_of
from core import files
from core.concurrency import check_version
from core.school_year import SchoolYear
from core.services import validated_save

from . import permissions
from .enums import EXPENSE_OPEN, ExpenseAction, ExpenseStatus, MilestoneStatus, TaskStatus
from .models import (
    DOCUMENT,
    EVIDENCE,
    MINUTES,
    REPORT,
    Decision,
    Document,
    DocumentVersion,
    Expense,
    ExpenseStep,
    FundReceipt,
    Meeting,
    Milestone,
    PlanPhase,
    ProgressReport,
    SupervisionTask,
)
from .rules import APPROVAL_CODE, yuan


def _exact(amount) -> Decimal:
    """Amounts are Decimal yuan with at most two places; floats are refused outright."""
    if isinstance(amount, float):
        raise TypeError("amounts are Decimal, never float")
    value = Decimal(str(amount))
    if value != value.quantize(Decimal("0.01")):
        raise ValidationError({"amount": "金额最多精确到分（两位小数）。"})
    return value


# --- meetings and decisions ------------------------------------------------------------------


@transaction.atomic
def meeting_create(
    *,
    actor,
    community,
    kind: str,
    held_on: datetime.date,
    place: str = "",
    attendees=(),
    other_attendees: str = "",
    agenda: str = "",
    minutes_text: str = "",
    minutes_upload=None,
) -> Meeting:
    require(permissions.can_manage(actor, community))
    meeting = Meeting(
        community=community,
        kind=kind,
        held_on=held_on,
        place=place,
        other_attendees=other_attendees,
        agenda=agenda,
        minutes_text=minutes_text,
        created_by=actor,
    )
    meeting.full_clean()
    wrong = [p for p in attendees if p.community_id != community.pk]
    if wrong:
        raise ValidationError({"attendees": "出席人员须是本教共体的职务人员。"})
    if minutes_upload is not None:
        meeting.minutes_file = files.store(minutes_upload, policy=MINUTES)
    validated_save(meeting, actor=actor)
    meeting.attendees.set(attendees)
    return meeting


@transaction.atomic
def decision_add(*, actor, meeting: Meeting, text: str, major: bool = False) -> Decision:
    require(permissions.can_manage(actor, meeting.community))
    return validated_save(Decision(meeting=meeting, text=text, major=major), actor=actor)


# --- funds -------------------------------------------------------------------------------------


@transaction.atomic
def fund_receipt_add(
    *,
    actor,
    community,
    school_year: int,
    source: str,
    amount,
    received_on: datetime.date,
    note: str = "",
) -> FundReceipt:
    require(permissions.can_manage(actor, community))
    receipt = FundReceipt(
        community=community,
        school_year=school_year,
        source=source,
        amount=_exact(amount),
        received_on=received_on,
        note=note,
        created_by=actor,
    )
    return validated_save(receipt, actor=actor)


# --- expenses (rule 15) -----------------------------------------------------------------------


def expense_threshold(community, school_year: int) -> Decimal:
    """The community's collective-decision threshold for the school year (rule 15)."""
    rule = registry.get_rule(APPROVAL_CODE)
    setting = settings_of([community], SchoolYear(school_year)).get((community.pk, rule.code))
    values, _ = effective_params(rule, community, setting)
    return Decimal(str(values["threshold"]))


def _step(expense: Expense, action: str, actor, comment: str = "") -> ExpenseStep:
    return ExpenseStep.objects.create(
        expense=expense, action=action, user=actor, at=timezone.now(), comment=comment
    )


def _check_decision(expense: Expense) -> None:
    if not expense.needs_collective_decision:
        return
    limit = yuan(expense.threshold)
    if expense.decision_id is None:
        raise ValidationError(
            {
                "decision": f"单笔支出 {yuan(expense.amount)} 元达到集体决策限额 {limit} 元，"
                "须关联一项三重一大集体决议（规则 15）。"
            }
        )
    decision = expense.decision
    if not decision.major or decision.meeting.community_id != expense.community_id:
        raise ValidationError({"decision": "所关联的决议须是本教共体会议作出的三重一大决议。"})


@transaction.atomic
def expense_submit(
    *,
    actor,
    community,
    school,
    school_year: int,
    category: str,
    title: str,
    amount,
    decision: Decision | None = None,
    comment: str = "",
) -> Expense:
    require(permissions.can_request_expense(actor, community, school))
    if not community_school_ids(community).filter(pk=school.pk).exists():
        raise ValidationError({"school": f"「{school.name}」不是本教共体的学校。"})
    expense = Expense(
        community=community,
        school=school,
        school_year=school_year,
        category=category,
        title=title,
        amount=_exact(amount),
        decision=decision,
        threshold=expense_threshold(community, school_year),
        requested_by=actor,
    )
    expense.full_clean()
    _check_decision(expense)
    validated_save(expense, actor=actor)
    _step(expense, ExpenseAction.SUBMIT, actor, comment)
    return expense


def _pending(expense: Expense) -> None:
    if expense.status != ExpenseStatus.PENDING:
        raise ValidationError(f"该支出当前状态为「{expense.get_status_display()}」，不能审批。")


def _locked(expense: Expense, expected_version: str | None) -> Expense:
    """The request, locked, after checking nobody changed it since the page was shown."""
    check_version(expense, expected_version)
    return (
        Expense.objects.select_for_update().select_related("community", "school").get(pk=expense.pk)
    )


def _still_open(expense: Expense, doing: str) -> None:
    if expense.status not in EXPENSE_OPEN:
        raise ValidationError(
            f"该支出当前状态为「{expense.get_status_display()}」，不能{doing}：只有待审批或已退回的"
            "申请可以修改或撤回。"
        )


_CHANGE_LABELS = {
    "school": "使用学校",
    "school_year": "学年",
    "category": "类别",
    "title": "事项",
    "amount": "申请金额",
    "decision": "三重一大决议",
}


def _describe(field: str, value) -> str:
    if value is None or value == "":
        return "无"
    if field == "amount":
        return f"{yuan(value)} 元"
    if field == "school_year":
        return SchoolYear(value).label
    if field == "category":
        return Expense(category=value).get_category_display()
    return str(value)


@transaction.atomic
def expense_update(
    *,
    actor,
    expense: Expense,
    school,
    school_year: int,
    category: str,
    title: str,
    amount,
    decision: Decision | None = None,
    comment: str = "",
    expected_version: str | None = None,
) -> Expense:
    """Change a request that is not approved yet; a refused one goes back for approval. The
    threshold is read again (the year may have changed) and rule 15 checked again; the step
    records what changed."""
    expense = _locked(expense, expected_version)
    require(permissions.can_change_expense(actor, expense))
    require(permissions.can_request_expense(actor, expense.community, school))
    _still_open(expense, "修改")
    if not community_school_ids(expense.community).filter(pk=school.pk).exists():
        raise ValidationError({"school": f"「{school.name}」不是本教共体的学校。"})
    new = {
        "school": school,
        "school_year": school_year,
        "category": category,
        "title": title,
        "amount": _exact(amount),
        "decision": decision,
    }
    changes = [
        f"{_CHANGE_LABELS[f]}：{_describe(f, getattr(expense, f))} → {_describe(f, v)}"
        for f, v in new.items()
        if getattr(expense, f) != v
    ]
    for field, value in new.items():
        setattr(expense, field, value)
    expense.threshold = expense_threshold(expense.community, school_year)
    resubmitted = expense.status == ExpenseStatus.REFUSED
    expense.status = ExpenseStatus.PENDING
    expense.full_clean()
    _check_decision(expense)
    if not changes and not resubmitted:
        raise ValidationError("申请内容没有变化，无需保存。")
    validated_save(expense, actor=actor)
    text = "；".join([*changes, *([comment.strip()] if comment.strip() else [])])
    action = ExpenseAction.RESUBMIT if resubmitted else ExpenseAction.EDIT
    _step(expense, action, actor, text[:500])
    return expense


@transaction.atomic
def expense_withdraw(
    *, actor, expense: Expense, comment: str = "", expected_version: str | None = None
) -> Expense:
    """The requesting side takes back a request that is not approved yet (撤回); it no longer
    counts in the plan."""
    expense = _locked(expense, expected_version)
    require(permissions.can_change_expense(actor, expense))
    _still_open(expense, "撤回")
    expense.status = ExpenseStatus.WITHDRAWN
    validated_save(expense, actor=actor)
    _step(expense, ExpenseAction.WITHDRAW, actor, comment)
    return expense


@transaction.atomic
def expense_approve(
    *, actor, expense: Expense, comment: str = "", expected_version: str | None = None
) -> Expense:
    expense = _locked(expense, expected_version)
    require(permissions.can_approve(actor, expense))
    _pending(expense)
    _check_decision(expense)
    expense.status = ExpenseStatus.APPROVED
    expense.approved_by = actor
    expense.approved_at = timezone.now()
    validated_save(expense, actor=actor)
    _step(expense, ExpenseAction.APPROVE, actor, comment)
    return expense


@transaction.atomic
def expense_refuse(
    *, actor, expense: Expense, comment: str, expected_version: str | None = None
) -> Expense:
    expense = _locked(expense, expected_version)
    require(permissions.can_approve(actor, expense))
    _pending(expense)
    if not comment.strip():
        raise ValidationError({"comment": "退回时请填写意见。"})
    expense.status = ExpenseStatus.REFUSED
    validated_save(expense, actor=actor)
    _step(expense, ExpenseAction.REFUSE, actor, comment)
    return expense


@transaction.atomic
def expense_record_actual(
    *,
    actor,
    expense: Expense,
    actual_amount,
    comment: str = "",
    expected_version: str | None = None,
) -> Expense:
    expense = _locked(expense, expected_version)
    require(permissions.can_request_expense(actor, expense.community, expense.school))
    if expense.status not in (ExpenseStatus.APPROVED, ExpenseStatus.SPENT):
        raise ValidationError("只有已批准的支出才能登记实际支出。")
    expense.actual_amount = _exact(actual_amount)
    expense.status = ExpenseStatus.SPENT
    validated_save(expense, actor=actor)
    _step(
        expense, ExpenseAction.SPEND, actor, comment or f"实际支出 {yuan(expense.actual_amount)} 元"
    )
    return expense


# --- charters and plans ----------------------------------------------------------------------


@transaction.atomic
def document_create(*, actor, community, kind: str, title: str) -> Document:
    require(permissions.can_manage(actor, community))
    return validated_save(
        Document(community=community, kind=kind, title=title, created_by=actor), actor=actor
    )


@transaction.atomic
def document_version_add(
    *,
    actor,
    document: Document,
    dated: datetime.date,
    status: str,
    approved_by: str = "",
    note: str = "",
    upload=None,
) -> DocumentVersion:
    """A new version; the earlier ones stay as they are (readable, with their files)."""
    require(permissions.can_manage(actor, document.community))
    last = document.versions.select_for_update().order_by("-number").first()
    version = DocumentVersion(
        document=document,
        number=(last.number + 1) if last else 1,
        dated=dated,
        status=status,
        approved_by=approved_by,
        note=note,
        created_by=actor,
    )
    version.full_clean()
    if upload is not None:
        version.file = files.store(upload, policy=DOCUMENT)
    return validated_save(version, actor=actor)


@transaction.atomic
def plan_phase_add(
    *, actor, document: Document, name: str, start_on: datetime.date, end_on: datetime.date
) -> PlanPhase:
    require(permissions.can_manage(actor, document.community))
    return validated_save(
        PlanPhase(document=document, name=name, start_on=start_on, end_on=end_on), actor=actor
    )


@transaction.atomic
def plan_phase_update(
    *,
    actor,
    phase: PlanPhase,
    name: str,
    start_on: datetime.date,
    end_on: datetime.date,
    expected_version: str | None = None,
) -> PlanPhase:
    require(permissions.can_manage(actor, phase.document.community))
    check_version(phase, expected_version)
    phase.name, phase.start_on, phase.end_on = name, start_on, end_on
    return validated_save(phase, actor=actor)


def _check_milestone_links(document: Document, phase, school, group) -> None:
    if phase is not None and phase.document_id != document.pk:
        raise ValidationError({"phase": "阶段须属于本规划。"})
    if group is not None and group.community_id != document.community_id:
        raise ValidationError({"group": "责任小组须是本教共体的工作小组。"})
    if (
        school is not None
        and not community_school_ids(document.community).filter(pk=school.pk).exists()
    ):
        raise ValidationError({"school": f"「{school.name}」不是本教共体的学校。"})


def _check_done(status: str, evidence_note: str, upload, milestone: Milestone) -> None:
    if status == MilestoneStatus.DONE and not (evidence_note or upload or milestone.evidence_id):
        raise ValidationError({"evidence_note": "标记为已完成时请填写完成情况或上传佐证材料。"})


@transaction.atomic
def milestone_add(
    *,
    actor,
    document: Document,
    task: str,
    due_on: datetime.date,
    phase: PlanPhase | None = None,
    school=None,
    group=None,
) -> Milestone:
    require(permissions.can_manage(actor, document.community))
    _check_milestone_links(document, phase, school, group)
    milestone = Milestone(
        document=document, task=task, due_on=due_on, phase=phase, school=school, group=group
    )
    return validated_save(milestone, actor=actor)


@transaction.atomic
def milestone_change(
    *,
    actor,
    milestone: Milestone,
    task: str,
    due_on: datetime.date,
    status: str,
    phase: PlanPhase | None = None,
    school=None,
    group=None,
    evidence_note: str = "",
    upload=None,
    clear_evidence: bool = False,
    expected_version: str | None = None,
) -> Milestone:
    """Every field of a task, by the community's managers (the responsible school reports its
    progress with :func:`milestone_update`). ``clear_evidence`` drops the evidence file."""
    document = milestone.document
    require(permissions.can_manage(actor, document.community))
    check_version(milestone, expected_version)  # before a file is written
    _check_milestone_links(document, phase, school, group)
    if clear_evidence and upload is None:
        milestone.evidence = None
    _check_done(status, evidence_note, upload, milestone)
    milestone.task, milestone.due_on, milestone.status = task, due_on, status
    milestone.phase, milestone.school, milestone.group = phase, school, group
    milestone.evidence_note = evidence_note
    if upload is not None:
        milestone.evidence = files.store(upload, policy=EVIDENCE)
    return validated_save(milestone, actor=actor)


@transaction.atomic
def milestone_update(
    *, actor, milestone: Milestone, status: str, evidence_note: str = "", upload=None
) -> Milestone:
    """Progress of a task: by the community's managers or the responsible school's leader."""
    community = milestone.document.community
    allowed = permissions.can_manage(actor, community) or (
        milestone.school_id is not None
        and permissions.can_request_expense(actor, community, milestone.school)
    )
    require(allowed)
    _check_done(status, evidence_note, upload, milestone)
    milestone.status = status
    milestone.evidence_note = evidence_note or milestone.evidence_note
    if upload is not None:
        milestone.evidence = files.store(upload, policy=EVIDENCE)
    return validated_save(milestone, actor=actor)


# --- the supervision list (督办清单) -----------------------------------------------------------


@transaction.atomic
def supervision_task_create(
    *,
    actor,
    description: str,
    lead_department: str,
    supervisor: str,
    deadline: datetime.date,
    schools=(),
    communities=(),
) -> SupervisionTask:
    require(is_bureau(actor))
    if not schools and not communities:
        raise ValidationError({"schools": "请至少选择一个责任单位（学校或教共体）。"})
    outside = [u for u in (*schools, *communities) if u.district_id != actor.district_id]
    if outside:
        raise ValidationError({"schools": "责任单位须是本局的学校或教共体。"})
    task = SupervisionTask(
        district_id=actor.district_id,
        description=description,
        lead_department=lead_department,
        supervisor=supervisor,
        deadline=deadline,
        created_by=actor,
    )
    validated_save(task, actor=actor)
    task.schools.set(schools)
    task.communities.set(communities)
    return task


@transaction.atomic
def supervision_task_close(*, actor, task: SupervisionTask) -> SupervisionTask:
    require(is_bureau(actor))
    task.status = TaskStatus.DONE
    return validated_save(task, actor=actor)


@transaction.atomic
def progress_report_add(
    *, actor, task: SupervisionTask, text: str, upload=None, reported_on=None
) -> ProgressReport:
    """A responsible unit reports: a school leader for its school, a community leader for its
    community — only when that unit is on the task."""
    report = ProgressReport(
        task=task,
        text=text,
        reported_on=reported_on or timezone.localdate(),
        reported_by=actor,
    )
    if is_school_leader(actor) and task.schools.filter(pk=actor.school_id).exists():
        report.school_id = actor.school_id
    elif is_community_leader(actor) and task.communities.filter(pk=actor.community_id).exists():
        report.community_id = actor.community_id
    else:
        require(False)
    report.full_clean()
    if upload is not None:
        report.attachment = files.store(upload, policy=REPORT)
    return validated_save(report, actor=actor)
