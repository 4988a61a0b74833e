"""Who sees governance rows (``core.scoping``): every row is visible with its community —
the district's bureau, the community's leader, and the leaders of its schools (who read their
community's overview)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from accounts.access import is_bureau, is_community_leader, is_platform, is_school_leader
from communities.visibility import communities_visible_to
from core.scoping import visibility_rule

from .models import (
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


def _community_ids(user) -> QuerySet:
    return communities_visible_to(user).values("pk")


@visibility_rule(Meeting)
def meetings_visible_to(user) -> QuerySet[Meeting]:
    return Meeting.objects.filter(community__in=_community_ids(user))


@visibility_rule(Decision)
def decisions_visible_to(user) -> QuerySet[Decision]:
    return Decision.objects.filter(meeting__community__in=_community_ids(user))


@visibility_rule(FundReceipt)
def fund_receipts_visible_to(user) -> QuerySet[FundReceipt]:
    return FundReceipt.objects.filter(community__in=_community_ids(user))


@visibility_rule(Expense)
def expenses_visible_to(user) -> QuerySet[Expense]:
    return Expense.objects.filter(community__in=_community_ids(user))


@visibility_rule(ExpenseStep)
def expense_steps_visible_to(user) -> QuerySet[ExpenseStep]:
    return ExpenseStep.objects.filter(expense__community__in=_community_ids(user))


@visibility_rule(Document)
def documents_visible_to(user) -> QuerySet[Document]:
    return Document.objects.filter(community__in=_community_ids(user))


@visibility_rule(DocumentVersion)
def document_versions_visible_to(user) -> QuerySet[DocumentVersion]:
    return DocumentVersion.objects.filter(document__community__in=_community_ids(user))


@visibility_rule(PlanPhase)
def plan_phases_visible_to(user) -> QuerySet[PlanPhase]:
    return PlanPhase.objects.filter(document__community__in=_community_ids(user))


@visibility_rule(Milestone)
def milestones_visible_to(user) -> QuerySet[Milestone]:
    return Milestone.objects.filter(document__community__in=_community_ids(user))


@visibility_rule(SupervisionTask)
def supervision_tasks_visible_to(user) -> QuerySet[SupervisionTask]:
    """The bureau's whole list; a leader sees the tasks its school or community answers for."""
    if not user.is_authenticated:
        return SupervisionTask.objects.none()
    if is_platform(user):
        return SupervisionTask.objects.all()
    if user.district_id is None:
        return SupervisionTask.objects.none()
    in_district = SupervisionTask.objects.filter(district_id=user.district_id)
    if is_bureau(user):
        return in_district
    if is_community_leader(user):
        return in_district.filter(communities=user.community_id).distinct()
    if is_school_leader(user):
        return in_district.filter(Q(schools=user.school_id)).distinct()
    return SupervisionTask.objects.none()


@visibility_rule(ProgressReport)
def progress_reports_visible_to(user) -> QuerySet[ProgressReport]:
    return ProgressReport.objects.filter(task__in=supervision_tasks_visible_to(user).values("pk"))
