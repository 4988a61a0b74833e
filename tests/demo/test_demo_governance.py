"""The demo county's governance records: a year of funds (one community short of rule 14),
monthly meetings with decisions, and the large expense approved with its 三重一大 decision."""

from decimal import Decimal

import pytest

from communities.models import Community
from compliance import selectors as rule_selectors
from core.school_year import SchoolYear
from governance import rules
from governance.enums import ExpenseAction, ExpenseStatus
from governance.models import Expense, Meeting


@pytest.mark.django_db
def test_demo_has_governance_records(seeded):
    large = Expense.objects.get(amount__gte=Decimal("100000"))
    assert large.status == ExpenseStatus.APPROVED
    assert large.decision.major is True
    assert list(large.steps.values_list("action", flat=True)) == [
        ExpenseAction.SUBMIT,
        ExpenseAction.APPROVE,
    ]
    assert Expense.objects.filter(status=ExpenseStatus.PENDING).count() == 1
    assert Meeting.objects.filter(decisions__isnull=False).exists()

    communities = list(Community.objects.all())
    evaluated = rule_selectors.evaluate(communities, SchoolYear.current())
    funds = [
        next(r for r in evaluated[c.pk] if r.rule.code == rules.FUNDS_CODE).figure.met
        for c in communities
    ]
    assert True in funds and False in funds
