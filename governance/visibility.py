"""Who sees governance rows (``core.scoping``): every row is visible with its community —
the district's bureau, the community's leader, and the leaders of its schools (who read their
community's overview)."""

from __future__ import annotations

from django.db.models import QuerySet

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
