"""N+1 guards of the governance pages: the same literal number of queries at 3 and 300 rows."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from communities.models import Community
from core.text import name_key
from governance.enums import (
    DocumentKind,
    ExpenseCategory,
    ExpenseStatus,
    FundSource,
    MeetingKind,
    VersionStatus,
)
from governance.models import (
    Decision,
    Document,
    DocumentVersion,
    Expense,
    FundReceipt,
    Meeting,
    Milestone,
    ProgressReport,
    SupervisionTask,
)

pytestmark = pytest.mark.django_db
SIZES = [3, 300]


def _fill(world, count):
    community = world.community
    meetings = Meeting.objects.bulk_create(
        Meeting(community=community, kind=MeetingKind.JOINT, held_on=datetime.date(2025, 9, 1))
        for _ in range(count)
    )
    Decision.objects.bulk_create(Decision(meeting=m, text="决议", major=True) for m in meetings)
    FundReceipt.objects.bulk_create(
        FundReceipt(
            community=community,
            school_year=2025,
            source=FundSource.SPECIAL,
            amount=Decimal("1000.00"),
            received_on=datetime.date(2025, 10, 1),
        )
        for _ in range(count)
    )
    Expense.objects.bulk_create(
        Expense(
            community=community,
            school=world.member_school if n % 2 else world.core_school,
            school_year=2025,
            category=ExpenseCategory.TRAINING,
            title=f"培训{n}",
            amount=Decimal("150000.00"),
            threshold=Decimal("100000.00"),
            decision=Decision.objects.first(),
            status=ExpenseStatus.APPROVED,
        )
        for n in range(count)
    )
    Community.objects.bulk_create(
        Community(
            district=world.district, name=f"教共体{n:04d}", name_key=name_key(f"教共体{n:04d}")
        )
        for n in range(count)
    )


@pytest.mark.parametrize("count", SIZES)
def test_ledger(client, world, django_assert_num_queries, count):
    _fill(world, count)
    client.force_login(world.users["bureau_staff"])
    url = reverse("governance:ledger", args=[world.community.pk]) + "?year=2025-2026"
    # session, user, the navigation's rights, community, receipts, expenses (with schools and
    # decisions), threshold setting.
    with django_assert_num_queries(7):
        response = client.get(url)
    assert len(response.context["ledger"].expenses) == count


@pytest.mark.parametrize("count", SIZES)
def test_ledger_export(client, world, django_assert_num_queries, count):
    _fill(world, count)
    client.force_login(world.users["bureau_staff"])
    url = reverse("governance:ledger_export", args=[world.community.pk]) + "?year=2025-2026"
    with django_assert_num_queries(5):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("count", SIZES)
def test_meeting_list(client, world, django_assert_num_queries, count):
    _fill(world, count)
    client.force_login(world.users["bureau_staff"])
    with django_assert_num_queries(5):
        response = client.get(reverse("governance:meeting_list", args=[world.community.pk]))
    assert len(response.context["meetings"]) == count


@pytest.mark.parametrize("count", SIZES)
def test_index(client, world, django_assert_num_queries, count):
    _fill(world, count)
    client.force_login(world.users["bureau_staff"])
    with django_assert_num_queries(4):
        response = client.get(reverse("governance:index"))
    assert len(response.context["rows"]) == count + 1


@pytest.mark.parametrize("count", SIZES)
def test_document_list(client, world, django_assert_num_queries, count):
    documents = Document.objects.bulk_create(
        Document(community=world.community, kind=DocumentKind.PLAN, title=f"规划{n}")
        for n in range(count)
    )
    DocumentVersion.objects.bulk_create(
        DocumentVersion(
            document=d, number=v, dated=datetime.date(2025, 9, 1), status=VersionStatus.ADOPTED
        )
        for d in documents
        for v in (1, 2)
    )
    Milestone.objects.bulk_create(
        Milestone(
            document=d, task="任务", due_on=datetime.date(2020, 1, 1), school=world.core_school
        )
        for d in documents
    )
    client.force_login(world.users["bureau_staff"])
    # session, user, navigation, community, documents, versions, phases, overdue milestones
    with django_assert_num_queries(8):
        response = client.get(reverse("governance:document_list", args=[world.community.pk]))
    assert len(response.context["overdue"]) == count
    assert response.context["documents"][0].latest.number == 2


@pytest.mark.parametrize("count", SIZES)
def test_task_list(client, world, django_assert_num_queries, count):
    tasks = SupervisionTask.objects.bulk_create(
        SupervisionTask(
            district=world.district,
            description=f"任务{n}",
            lead_department="人事股",
            supervisor="王副局长",
            deadline=datetime.date(2025, 12, 31),
        )
        for n in range(count)
    )
    for item in tasks:
        item.schools.add(world.member_school)
    ProgressReport.objects.bulk_create(
        ProgressReport(task=t, school=world.member_school, text="进展", reported_on=t.deadline)
        for t in tasks[::2]
    )
    client.force_login(world.users["bureau_staff"])
    # session, user, navigation, tasks, their schools, their communities, reports
    with django_assert_num_queries(7):
        response = client.get(reverse("governance:task_list"))
    assert len(response.context["rows"]) == count
