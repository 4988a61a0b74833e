"""An expense request changed or withdrawn (撤回) before it is approved: who may, every step
recorded, rule 15 checked again, and no lost update between the requester and the approver."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.concurrency import version_of
from governance import selectors, services
from governance.enums import ExpenseAction, ExpenseStatus

from .test_funds import YEAR, major_decision, submit

pytestmark = pytest.mark.django_db


def update(world, expense, *, actor=None, amount=None, decision=None, version=None, **changes):
    values = {
        "school": expense.school,
        "school_year": expense.school_year,
        "category": expense.category,
        "title": expense.title,
        "amount": amount if amount is not None else expense.amount,
        "decision": decision,
    }
    values.update(changes)
    return services.expense_update(
        actor=actor or world.users["school_leader"],
        expense=expense,
        expected_version=version,
        **values,
    )


def test_a_pending_request_is_changed_and_the_step_says_what_changed(world):
    expense = submit(world, "5000.00", actor=world.users["school_leader"])
    update(world, expense, amount=Decimal("6200.50"), title="录播教室（二期）", comment="补充话筒")
    expense.refresh_from_db()
    assert (expense.amount, expense.title, expense.status) == (
        Decimal("6200.50"),
        "录播教室（二期）",
        ExpenseStatus.PENDING,
    )
    step = expense.steps.order_by("at", "id").last()
    assert step.action == ExpenseAction.EDIT
    assert step.user == world.users["school_leader"]
    assert "申请金额：5,000.00 元 → 6,200.50 元" in step.comment
    assert "事项：录播教室 → 录播教室（二期）" in step.comment
    assert step.comment.endswith("补充话筒")
    assert expense.history.count() == 2


def test_raising_a_request_to_100000_needs_a_major_decision(world, core_principal):
    expense = submit(world, "99999.99")
    with pytest.raises(ValidationError) as caught:
        update(world, expense, amount=Decimal("100000.00"))
    assert "须关联一项三重一大集体决议" in caught.value.message_dict["decision"][0]
    expense.refresh_from_db()
    assert expense.amount == Decimal("99999.99")
    update(world, expense, amount=Decimal("100000.00"), decision=major_decision(world))
    expense.refresh_from_db()
    assert expense.needs_collective_decision
    with pytest.raises(PermissionDenied):  # now the core principal's to approve
        services.expense_approve(actor=world.users["school_leader"], expense=expense)
    services.expense_approve(actor=core_principal, expense=expense)


def test_a_refused_request_changed_goes_back_for_approval(world):
    expense = submit(world, "5000.00")
    services.expense_refuse(actor=world.users["school_leader"], expense=expense, comment="超预算")
    update(world, expense, amount=Decimal("3000.00"))
    expense.refresh_from_db()
    assert expense.status == ExpenseStatus.PENDING
    actions = list(expense.steps.order_by("at", "id").values_list("action", flat=True))
    assert actions == [ExpenseAction.SUBMIT, ExpenseAction.REFUSE, ExpenseAction.RESUBMIT]
    services.expense_approve(actor=world.users["school_leader"], expense=expense)


def test_an_unchanged_pending_request_is_not_saved_again(world):
    expense = submit(world, "5000.00")
    with pytest.raises(ValidationError) as caught:
        update(world, expense)
    assert "没有变化" in caught.value.messages[0]


def test_an_approved_request_is_neither_changed_nor_withdrawn(world):
    expense = submit(world, "5000.00")
    services.expense_approve(actor=world.users["school_leader"], expense=expense)
    with pytest.raises(ValidationError) as caught:
        update(world, expense, amount=Decimal("1.00"))
    assert "已批准" in caught.value.messages[0]
    with pytest.raises(ValidationError):
        services.expense_withdraw(actor=world.users["school_leader"], expense=expense)


def test_only_the_requesting_side_changes_or_withdraws(world, core_principal):
    expense = submit(world, "5000.00")  # for the member school
    with pytest.raises(PermissionDenied):  # the core school's principal is not that side
        update(world, expense, actor=core_principal, amount=Decimal("1.00"))
    with pytest.raises(PermissionDenied):
        services.expense_withdraw(actor=core_principal, expense=expense)
    with pytest.raises(PermissionDenied):  # nor may the school leader move it to another school
        update(world, expense, school=world.core_school)
    update(world, expense, actor=world.users["community_leader"], school=world.core_school)


def test_a_withdrawn_request_leaves_the_plan_and_is_final(world):
    kept = submit(world, "100.00")
    expense = submit(world, "5000.00")
    services.expense_withdraw(actor=world.users["school_leader"], expense=expense, comment="改年度")
    expense.refresh_from_db()
    assert expense.status == ExpenseStatus.WITHDRAWN
    step = expense.steps.order_by("at", "id").last()
    assert (step.action, step.comment, step.user) == (
        ExpenseAction.WITHDRAW,
        "改年度",
        world.users["school_leader"],
    )
    assert selectors.ledger(world.community, YEAR).planned == kept.amount
    with pytest.raises(ValidationError):
        services.expense_approve(actor=world.users["school_leader"], expense=expense)
    with pytest.raises(ValidationError):
        update(world, expense, amount=Decimal("1.00"))


def test_approving_a_request_changed_since_the_page_was_shown_is_refused(world):
    expense = submit(world, "5000.00")
    shown = version_of(expense)  # the approver opens the page
    update(world, expense, actor=world.users["community_leader"], amount=Decimal("9000.00"))
    with pytest.raises(ValidationError) as caught:
        services.expense_approve(
            actor=world.users["school_leader"], expense=expense, expected_version=shown
        )
    assert "保存失败" in caught.value.messages[0]
    expense.refresh_from_db()
    assert expense.status == ExpenseStatus.PENDING
    services.expense_approve(
        actor=world.users["school_leader"], expense=expense, expected_version=version_of(expense)
    )


def test_changing_a_request_approved_meanwhile_is_refused(world):
    expense = submit(world, "5000.00")
    shown = version_of(expense)
    services.expense_approve(actor=world.users["school_leader"], expense=expense)
    with pytest.raises(ValidationError) as caught:
        update(world, expense, amount=Decimal("9000.00"), version=shown)
    assert "保存失败" in caught.value.messages[0]


# --- through the pages -------------------------------------------------------------------------


def test_edit_and_withdraw_through_the_pages(client, world):
    expense = submit(world, "5000.00", actor=world.users["school_leader"])
    client.force_login(world.users["school_leader"])
    detail = reverse("governance:expense_detail", args=[world.community.pk, expense.pk])
    edit = reverse("governance:expense_edit", args=[world.community.pk, expense.pk])
    page = client.get(detail).content.decode()
    assert "修改申请" in page and "撤回申请" in page

    form = client.get(edit)
    assert form.status_code == 200
    version = form.context["form"]["version"].value()
    assert form.context["form"]["amount"].value() == Decimal("5000.00")
    data = {
        "year": "2025-2026",
        "school": world.member_school.pk,
        "category": "equipment",
        "title": "录播教室",
        "amount": "4500.00",
        "comment": "压缩预算",
        "version": version,
    }
    assert client.post(edit, data).status_code == 302
    expense.refresh_from_db()
    assert expense.amount == Decimal("4500.00")

    # The same form posted again (its version is now stale) is refused, in Chinese.
    stale = client.post(edit, {**data, "amount": "4000.00"})
    assert stale.status_code == 400
    assert "保存失败" in stale.content.decode()

    shown = client.get(detail).context["form"]["version"].value()
    response = client.post(detail, {"action": "withdraw", "comment": "不再需要", "version": shown})
    assert response.status_code == 302
    expense.refresh_from_db()
    assert expense.status == ExpenseStatus.WITHDRAWN
    page = client.get(detail).content.decode()
    assert "撤回申请" not in page and "不再需要" in page
    assert client.get(edit).status_code == 302  # nothing left to change


def test_another_schools_principal_may_not_open_the_edit_page(client, world, core_principal):
    expense = submit(world, "5000.00")
    client.force_login(core_principal)
    url = reverse("governance:expense_edit", args=[world.community.pk, expense.pk])
    assert client.get(url).status_code == 403
