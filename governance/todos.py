"""To-do items of governance (``core.todos``): a school or community leader's supervised tasks
still open on which its unit has not reported; a principal's expense requests to approve."""

from __future__ import annotations

from django.db.models import F
from django.urls import reverse

from accounts.access import is_community_leader, is_school_leader
from core.scoping import visible
from core.todos import Todo, todo_provider

from .enums import ExpenseStatus, TaskStatus
from .models import Expense, SupervisionTask


@todo_provider("governance.supervision", order=60)
def supervision_todos(user) -> list[Todo]:
    tasks = visible(user, SupervisionTask).filter(status=TaskStatus.OPEN)
    if is_school_leader(user):
        tasks = tasks.exclude(reports__school_id=user.school_id)
    elif is_community_leader(user):
        tasks = tasks.exclude(reports__community_id=user.community_id)
    else:
        return []
    count = tasks.count()
    return [Todo("待报送进展的督办任务", count, reverse("governance:task_list"))] if count else []


@todo_provider("governance.expenses", order=61)
def expense_todos(user) -> list[Todo]:
    """Small requests of the leader's own school waiting for its principal (one query)."""
    if not is_school_leader(user):
        return []
    count = Expense.objects.filter(
        school_id=user.school_id, status=ExpenseStatus.PENDING, amount__lt=F("threshold")
    ).count()
    return [Todo("待审批的经费支出", count, reverse("governance:index"))] if count else []
