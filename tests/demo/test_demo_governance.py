"""The demo county's governance records: a year of funds (one community short of rule 14),
monthly meetings with decisions, and the large expense approved with its 三重一大 decision."""

from decimal import Decimal

import pytest
from django.utils import timezone

from communities.models import Community
from compliance import selectors as rule_selectors
from core.school_year import SchoolYear
from governance import rules
from governance.enums import DocumentKind, ExpenseAction, ExpenseStatus
from governance.models import (
    Document,
    Expense,
    Meeting,
    Milestone,
    ProgressReport,
    SupervisionTask,
)


@pytest.mark.django_db
def test_demo_has_governance_records(seeded):
    large = Expense.objects.get(amount__gte=Decimal("100000"))
    assert large.status == ExpenseStatus.APPROVED
    assert large.decision.major is True
    assert list(large.steps.values_list("action", flat=True)) == [
        ExpenseAction.SUBMIT,
        ExpenseAction.APPROVE,
    ]
    # The demo school's small request, and one returned, changed and sent again.
    assert Expense.objects.filter(status=ExpenseStatus.PENDING).count() == 2
    resent = Expense.objects.get(steps__action=ExpenseAction.RESUBMIT)
    assert list(resent.steps.values_list("action", flat=True)) == [
        ExpenseAction.SUBMIT,
        ExpenseAction.REFUSE,
        ExpenseAction.RESUBMIT,
    ]
    withdrawn = Expense.objects.get(status=ExpenseStatus.WITHDRAWN)
    assert withdrawn.steps.filter(action=ExpenseAction.WITHDRAW).exists()
    assert Meeting.objects.filter(decisions__isnull=False).exists()

    communities = list(Community.objects.all())
    evaluated = rule_selectors.evaluate(communities, SchoolYear.current())
    funds = [
        next(r for r in evaluated[c.pk] if r.rule.code == rules.FUNDS_CODE).figure.met
        for c in communities
    ]
    assert True in funds and False in funds


@pytest.mark.django_db
def test_demo_has_charters_plans_and_the_supervision_list(seeded):
    today = timezone.localdate()
    charter = Document.objects.get(kind=DocumentKind.CHARTER)
    versions = list(charter.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert all(v.file_id for v in versions)  # the earlier version is still there to read

    plan = Document.objects.get(kind=DocumentKind.PLAN)
    assert list(plan.phases.values_list("name", flat=True)) == ["规划设计", "全面实施", "成果验收"]
    assert Milestone.objects.filter(document=plan).overdue(today).count() >= 2
    assert Milestone.objects.filter(document=plan, due_on=today).exists()

    tasks = list(SupervisionTask.objects.all())
    assert len([t for t in tasks if t.is_overdue(today)]) == 2
    assert ProgressReport.objects.filter(attachment__isnull=False).exists()
