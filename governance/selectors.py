"""Reads of governance, in a fixed number of queries whatever the number of rows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from core.school_year import SchoolYear

from .enums import DocumentKind, ExpenseCategory, ExpenseStatus, FundSource, TaskStatus
from .models import (
    Decision,
    Document,
    DocumentVersion,
    Expense,
    FundReceipt,
    Meeting,
    Milestone,
    PlanPhase,
    ProgressReport,
    SupervisionTask,
)

ZERO = Decimal("0.00")
# Requests that still count in the plan (a refused one does not).
PLANNED_STATUSES = (ExpenseStatus.PENDING, ExpenseStatus.APPROVED, ExpenseStatus.SPENT)


@dataclass
class Line:
    label: str
    planned: Decimal = ZERO
    actual: Decimal = ZERO


@dataclass
class Ledger:
    community: object
    school_year: SchoolYear
    receipts: list
    expenses: list
    by_source: list[tuple[str, Decimal]] = field(default_factory=list)
    by_category: list[Line] = field(default_factory=list)
    by_school: list[Line] = field(default_factory=list)
    received: Decimal = ZERO
    planned: Decimal = ZERO
    actual: Decimal = ZERO

    @property
    def balance(self) -> Decimal:
        return self.received - self.actual


def ledger(community, school_year: SchoolYear) -> Ledger:
    """Funds received and expenses of a community in a school year, with totals (2 queries)."""
    receipts = list(
        FundReceipt.objects.filter(community=community, school_year=school_year.start).order_by(
            "received_on", "id"
        )
    )
    expenses = list(
        Expense.objects.filter(community=community, school_year=school_year.start)
        .select_related("school", "decision", "decision__meeting", "approved_by", "requested_by")
        .order_by("id")
    )
    book = Ledger(community, school_year, receipts, expenses)
    sources: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for receipt in receipts:
        sources[receipt.source] += receipt.amount
    book.by_source = [(label, sources[value]) for value, label in FundSource.choices]
    book.received = sum((r.amount for r in receipts), ZERO)
    categories = {value: Line(label) for value, label in ExpenseCategory.choices}
    schools: dict[int, Line] = {}
    school_keys: dict[int, tuple] = {}
    for expense in expenses:
        if expense.status not in PLANNED_STATUSES:
            continue
        actual = expense.actual_amount or ZERO
        for line in (
            categories[expense.category],
            schools.setdefault(expense.school_id, Line(expense.school.name)),
        ):
            line.planned += expense.amount
            line.actual += actual
        school_keys[expense.school_id] = (expense.school.sort_key, expense.school_id)
        book.planned += expense.amount
        book.actual += actual
    book.by_category = list(categories.values())
    book.by_school = [schools[pk] for pk in sorted(schools, key=school_keys.__getitem__)]
    return book


def meetings_of(community):
    """A community's meetings, newest first, with their decision counts (one query)."""
    return (
        Meeting.objects.filter(community=community)
        .annotate(
            decision_count=Count("decisions"),
            major_count=Count("decisions", filter=Q(decisions__major=True)),
        )
        .order_by("-held_on", "-id")
    )


def major_decisions(community):
    return (
        Decision.objects.filter(meeting__community=community, major=True)
        .select_related("meeting")
        .order_by("-meeting__held_on", "-id")
    )


def _sum(model, **filters):
    return Coalesce(
        Subquery(
            model.objects.filter(community=OuterRef("pk"), **filters)
            .values("community")
            .annotate(total=Sum("amount"))
            .values("total")
        ),
        Value(ZERO),
        output_field=DecimalField(max_digits=16, decimal_places=2),
    )


def district_overview(communities, school_year: SchoolYear):
    """Each community with the year's special funds, all funds, planned expenses, meetings and
    pending requests (one query)."""
    start = school_year.start
    return communities.annotate(
        special=_sum(FundReceipt, school_year=start, source=FundSource.SPECIAL),
        received=_sum(FundReceipt, school_year=start),
        planned=_sum(Expense, school_year=start, status__in=PLANNED_STATUSES),
        pending=Coalesce(
            Subquery(
                Expense.objects.filter(community=OuterRef("pk"), status=ExpenseStatus.PENDING)
                .values("community")
                .annotate(n=Count("pk"))
                .values("n")
            ),
            Value(0),
        ),
        meeting_count=Coalesce(
            Subquery(
                Meeting.objects.filter(
                    community=OuterRef("pk"),
                    held_on__gte=school_year.first_day,
                    held_on__lte=school_year.last_day,
                )
                .values("community")
                .annotate(n=Count("pk"))
                .values("n")
            ),
            Value(0),
        ),
    ).order_by("sort_key", "id")


# --- charters and plans ----------------------------------------------------------------------

PLAN_KINDS = (DocumentKind.PLAN, DocumentKind.ANNUAL)


def documents_of(community):
    """A community's documents with their latest version (two queries)."""
    documents = list(Document.objects.filter(community=community).order_by("kind", "title", "id"))
    latest: dict[int, DocumentVersion] = {}
    for version in DocumentVersion.objects.filter(document__community=community).order_by(
        "document_id", "number"
    ):
        latest[version.document_id] = version
    for document in documents:
        document.latest = latest.get(document.pk)
    return documents


def current_phases(community, today):
    """Phases of the community's plans that include today (one query)."""
    return list(
        PlanPhase.objects.filter(
            document__community=community,
            document__kind__in=PLAN_KINDS,
            start_on__lte=today,
            end_on__gte=today,
        )
        .select_related("document")
        .order_by("start_on", "id")
    )


def overdue_milestones(community, today):
    """Milestones of the community's plans past their due date and not done (one query)."""
    return list(
        Milestone.objects.filter(document__community=community)
        .overdue(today)
        .select_related("document", "school", "group")
        .order_by("due_on", "id")
    )


# --- the supervision list -----------------------------------------------------------------------


@dataclass
class TaskRow:
    task: SupervisionTask
    units: list[str]
    missing: list[str]
    reports: int
    overdue: bool
    last_report: object = None


def supervision_rows(tasks, today) -> list[TaskRow]:
    """Each task with its responsible units, the units that have not reported, and whether it is
    overdue (four queries whatever the number of tasks)."""
    tasks = list(tasks.prefetch_related("schools", "communities").order_by("deadline", "id"))
    reported: dict[int, set] = defaultdict(set)
    counts: dict[int, int] = defaultdict(int)
    last: dict[int, object] = {}
    for task_id, school_id, community_id, day in (
        ProgressReport.objects.filter(task__in=[t.pk for t in tasks])
        .order_by("reported_on", "id")
        .values_list("task_id", "school_id", "community_id", "reported_on")
    ):
        reported[task_id].add(("s", school_id) if school_id else ("c", community_id))
        counts[task_id] += 1
        last[task_id] = day
    rows = []
    for task in tasks:
        units = [("s", s.pk, s.name) for s in task.schools.all()]
        units += [("c", c.pk, c.name) for c in task.communities.all()]
        done = task.status == TaskStatus.DONE
        rows.append(
            TaskRow(
                task=task,
                units=[u[2] for u in units],
                missing=[] if done else [u[2] for u in units if u[:2] not in reported[task.pk]],
                reports=counts[task.pk],
                overdue=task.is_overdue(today),
                last_report=last.get(task.pk),
            )
        )
    return rows
