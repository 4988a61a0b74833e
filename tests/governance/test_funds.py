"""Funds and expenses (rules 14 and 15): figures at the boundaries, the approval workflow,
the ledger and its .xlsx export."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from compliance import selectors as rule_selectors
from compliance.models import RuleSetting
from core.school_year import SchoolYear
from governance import rules, selectors, services
from governance.enums import ExpenseAction, ExpenseStatus, FundSource, MeetingKind
from governance.models import Expense

YEAR = SchoolYear(2025)
D = datetime.date


def figure(community, code):
    results = rule_selectors.evaluate([community], YEAR)[community.pk]
    return next(r for r in results if r.rule.code == code).figure


def receive(world, amount, source=FundSource.SPECIAL, year=YEAR):
    return services.fund_receipt_add(
        actor=world.users["bureau_staff"],
        community=world.community,
        school_year=year.start,
        source=source,
        amount=Decimal(amount),
        received_on=D(2025, 10, 1),
    )


def major_decision(world, major=True, community=None):
    meeting = services.meeting_create(
        actor=world.users["bureau_staff"],
        community=community or world.community,
        kind=MeetingKind.COUNCIL,
        held_on=D(2025, 10, 8),
    )
    return services.decision_add(
        actor=world.users["bureau_staff"], meeting=meeting, text="购置录播设备", major=major
    )


def submit(world, amount, *, actor=None, school=None, decision=None):
    return services.expense_submit(
        actor=actor or world.users["community_leader"],
        community=world.community,
        school=school or world.member_school,
        school_year=YEAR.start,
        category="equipment",
        title="录播教室",
        amount=Decimal(amount),
        decision=decision,
    )


# --- rule 14 -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_special_funds_299999_is_short_by_one(world):
    receive(world, "200000.00")
    receive(world, "99999.00")
    receive(world, "50000.00", source=FundSource.POOLED)  # not special funds
    result = figure(world.community, rules.FUNDS_CODE)
    assert (result.required, result.done, result.short, result.met) == (300000, 299999, 1, False)


@pytest.mark.django_db
def test_special_funds_300000_is_met(world):
    receive(world, "200000.00")
    receive(world, "100000.00")
    receive(world, "1.00", year=SchoolYear(2024))  # another school year
    result = figure(world.community, rules.FUNDS_CODE)
    assert (result.done, result.met) == (300000, True)


@pytest.mark.django_db
def test_special_funds_fen_below_the_yuan_is_still_short(world):
    receive(world, "299999.99")
    assert figure(world.community, rules.FUNDS_CODE).met is False


@pytest.mark.django_db
def test_special_funds_threshold_from_the_rule_settings(world):
    RuleSetting.objects.create(
        community=world.community,
        school_year=YEAR.start,
        rule_code=rules.FUNDS_CODE,
        params={"yuan": 200000},
    )
    receive(world, "200000.00")
    assert figure(world.community, rules.FUNDS_CODE).met is True


@pytest.mark.django_db
def test_amounts_are_exact_never_float(world):
    with pytest.raises(TypeError):
        receive_float = services.fund_receipt_add
        receive_float(
            actor=world.users["bureau_staff"],
            community=world.community,
            school_year=2025,
            source=FundSource.SPECIAL,
            amount=0.1,
            received_on=D(2025, 10, 1),
        )
    with pytest.raises(ValidationError):
        receive(world, "10.001")
    for _ in range(3):
        receive(world, "0.10")
    assert selectors.ledger(world.community, YEAR).received == Decimal("0.30")


# --- rule 15 -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_expense_of_99999_99_is_approved_by_the_member_principal(world):
    expense = submit(world, "99999.99")
    assert expense.needs_collective_decision is False
    with pytest.raises(PermissionDenied):  # the community leader is not the member's principal
        services.expense_approve(actor=world.users["community_leader"], expense=expense)
    services.expense_approve(actor=world.users["school_leader"], expense=expense, comment="同意")
    expense.refresh_from_db()
    assert expense.status == ExpenseStatus.APPROVED
    assert expense.approved_by == world.users["school_leader"]


@pytest.mark.django_db
def test_expense_of_100000_without_a_decision_is_refused_in_chinese(world):
    with pytest.raises(ValidationError) as caught:
        submit(world, "100000.00")
    message = caught.value.message_dict["decision"][0]
    assert "100,000.00" in message and "三重一大" in message
    assert not Expense.objects.exists()


@pytest.mark.django_db
def test_a_decision_not_marked_major_does_not_count(world):
    with pytest.raises(ValidationError):
        submit(world, "100000.00", decision=major_decision(world, major=False))


@pytest.mark.django_db
def test_a_decision_of_another_community_does_not_count(world):
    other = major_decision(world, community=world.other_community)
    with pytest.raises(ValidationError):
        submit(world, "100000.00", decision=other)


@pytest.mark.django_db
def test_expense_of_100000_needs_the_core_principal(world, core_principal):
    expense = submit(world, "100000.00", decision=major_decision(world))
    assert expense.needs_collective_decision is True
    with pytest.raises(PermissionDenied):  # the member's principal may not approve it
        services.expense_approve(actor=world.users["school_leader"], expense=expense)
    services.expense_approve(actor=core_principal, expense=expense, comment="按理事会决议")
    services.expense_record_actual(
        actor=world.users["community_leader"], expense=expense, actual_amount=Decimal("98765.43")
    )
    expense.refresh_from_db()
    assert (expense.status, expense.actual_amount) == (ExpenseStatus.SPENT, Decimal("98765.43"))
    steps = list(expense.steps.values_list("action", "user__username"))
    assert steps == [
        (ExpenseAction.SUBMIT, "t_leader"),
        (ExpenseAction.APPROVE, "t_core"),
        (ExpenseAction.SPEND, "t_leader"),
    ]
    assert expense.history.count() == 3  # submitted, approved, spent


@pytest.mark.django_db
def test_threshold_comes_from_the_communitys_rule_set(world):
    RuleSetting.objects.create(
        community=world.community,
        school_year=YEAR.start,
        rule_code=rules.APPROVAL_CODE,
        params={"threshold": 50000},
    )
    with pytest.raises(ValidationError):
        submit(world, "50000.00")
    assert submit(world, "49999.99").needs_collective_decision is False


@pytest.mark.django_db
def test_refusal_needs_a_comment_and_is_final(world):
    expense = submit(world, "5000.00")
    with pytest.raises(ValidationError):
        services.expense_refuse(actor=world.users["school_leader"], expense=expense, comment=" ")
    services.expense_refuse(actor=world.users["school_leader"], expense=expense, comment="超预算")
    with pytest.raises(ValidationError):
        services.expense_approve(actor=world.users["school_leader"], expense=expense)


@pytest.mark.django_db
def test_school_leader_requests_only_for_its_own_school(world):
    with pytest.raises(PermissionDenied):
        submit(world, "100.00", actor=world.users["school_leader"], school=world.core_school)
    assert submit(world, "100.00", actor=world.users["school_leader"]).pk


@pytest.mark.django_db
def test_rule_15_figure_counts_large_approved_expenses_with_a_decision(world, core_principal):
    expense = submit(world, "150000.00", decision=major_decision(world))
    services.expense_approve(actor=core_principal, expense=expense)
    submit(world, "99999.99")  # under the threshold: not counted
    result = figure(world.community, rules.APPROVAL_CODE)
    assert (result.required, result.done, result.met) == (1, 1, True)


# --- pages and export ---------------------------------------------------------------------


@pytest.mark.django_db
def test_expense_page_refuses_100000_without_decision(client, world):
    client.force_login(world.users["community_leader"])
    response = client.post(
        reverse("governance:expense_add", args=[world.community.pk]),
        {
            "year": "2025-2026",
            "school": world.member_school.pk,
            "category": "equipment",
            "title": "录播教室",
            "amount": "100000.00",
        },
    )
    assert response.status_code == 400
    assert "须关联一项三重一大集体决议" in response.content.decode()


@pytest.mark.django_db
def test_approval_through_the_page(client, world):
    expense = submit(world, "8000.00")
    client.force_login(world.users["school_leader"])
    url = reverse("governance:expense_detail", args=[world.community.pk, expense.pk])
    assert "批准" in client.get(url).content.decode()
    response = client.post(url, {"action": "approve", "comment": "同意"})
    assert response.status_code == 302
    expense.refresh_from_db()
    assert expense.status == ExpenseStatus.APPROVED


@pytest.mark.django_db
def test_ledger_export_reconciles_with_the_ledger(client, world, core_principal):
    receive(world, "200000.00")
    receive(world, "123456.78", source=FundSource.POOLED)
    big = submit(world, "150000.00", decision=major_decision(world))
    services.expense_approve(actor=core_principal, expense=big)
    services.expense_record_actual(
        actor=world.users["community_leader"], expense=big, actual_amount=Decimal("149999.99")
    )
    submit(world, "0.01")
    refused = submit(world, "777.00")
    services.expense_refuse(actor=world.users["school_leader"], expense=refused, comment="否")
    book = selectors.ledger(world.community, YEAR)
    assert book.received == Decimal("323456.78")
    assert book.planned == Decimal("150000.01")  # the refused request is left out
    assert book.actual == Decimal("149999.99")

    client.force_login(world.users["bureau_staff"])
    response = client.get(
        reverse("governance:ledger_export", args=[world.community.pk]) + "?year=2025-2026"
    )
    assert response.status_code == 200
    sheets = load_workbook(io.BytesIO(response.content))
    receipts = list(sheets["经费到账"].iter_rows(min_row=2, values_only=True))
    *rows, total = receipts
    assert total[0] == "合计"
    assert sum(Decimal(str(r[2])) for r in rows) == Decimal(str(total[2])) == book.received
    expenses = list(sheets["经费支出"].iter_rows(min_row=2, values_only=True))
    *rows, total = expenses
    counted = [r for r in rows if r[6] != "已退回"]
    assert sum(Decimal(str(r[4])) for r in counted) == Decimal(str(total[4])) == book.planned
    assert sum(Decimal(str(r[5] or 0)) for r in counted) == Decimal(str(total[5])) == book.actual
    summary = {(r[0], r[1]): r for r in sheets["汇总"].iter_rows(min_row=2, values_only=True)}
    assert Decimal(str(summary[("合计", "实际支出 / 结余")][3])) == book.received - book.actual
