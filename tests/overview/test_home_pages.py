"""The home page (工作台) per role, and the first to-do provider: imports waiting to be confirmed."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from communities.models import Position
from core.enums import JobStatus
from core.models import Job
from core.todos import todos_for
from overview.selectors import school_year_start
from spreadsheets.jobs import IMPORT
from spreadsheets.todos import imports_to_confirm
from tests.conftest import CANARY

pytestmark = pytest.mark.django_db


def _job(world, user, status=JobStatus.PREVIEWED, errors=0, kind="teachers", n=0) -> Job:
    return Job.objects.create(
        kind=IMPORT,
        title="教师名单导入",
        params={"kind": kind},
        district=world.district,
        user=user,
        status=status,
        summary={"preview": {"error_count": errors}},
        file_name=f"名单{n}.xlsx",
    )


def _home(client, world, role):
    client.force_login(world.users[role])
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    body = response.content.decode()
    assert CANARY not in body
    return response, body


def test_bureau_staff_reads_the_district_overview_and_its_todos(client, world):
    _job(world, world.users["bureau_admin"])  # a colleague's import waits for the district

    response, body = _home(client, world, "bureau_staff")

    assert response.templates[0].name == "overview/dashboard.html"
    assert response.context["overview"]["school_total"] == 4
    assert [(t.label, t.count) for t in response.context["todos"]] == [("待确认的导入", 1)]
    job = Job.objects.get()
    assert f'<a href="{reverse("spreadsheets:import_job", args=[job.pk])}">待确认的导入</a>' in body
    assert "示范县 · 工作台" in body


def test_community_leader_reads_its_community_in_summary(client, world):
    Position.objects.create(
        community=world.community,
        title="chair",
        teacher=world.core_teacher,
        start_on=datetime.date(2024, 9, 1),
    )

    response, body = _home(client, world, "community_leader")

    summary = response.context["summary"]
    assert response.templates[0].name == "overview/home_community.html"
    assert summary["community"] == world.community
    assert summary["core"].school == world.core_school
    assert [m.school.name for m in summary["members"]] == ["河口小学"]
    assert [p.teacher.name for p in summary["positions"]] == ["王骨干"]
    # 城关第一小学, 河口小学 and its teaching point; the lone school is elsewhere.
    assert summary["figures"]["schools"] == 3
    assert summary["figures"]["teachers"] == 2
    assert "城关教共体 · 工作台" in body
    assert "孤岛小学" not in body
    assert "暂无待办事项。" in body
    assert "未加入任何教共体的学校" not in body  # no county-only panel reading 0


def test_school_leader_reads_its_own_school(client, world):
    response, body = _home(client, world, "school_leader")

    summary = response.context["summary"]
    assert response.templates[0].name == "overview/home_school.html"
    assert summary["school"] == world.member_school
    assert summary["own_teachers"] == 1
    assert [s.name for s in summary["children"]] == ["河口教学点"]
    assert summary["membership"].community == world.community
    assert summary["core"].school == world.core_school
    assert "河口小学 · 工作台" in body
    assert f'<a href="{world.community.get_absolute_url()}">城关教共体</a>' in body
    assert "王骨干" not in body  # another school's teacher


def test_school_year_starts_in_september():
    assert school_year_start(datetime.date(2025, 8, 31)) == datetime.date(2024, 9, 1)
    assert school_year_start(datetime.date(2025, 9, 1)) == datetime.date(2025, 9, 1)


# --- the to-do provider -----------------------------------------------------------------------


def test_only_checked_imports_without_problems_are_waiting(world):
    staff = world.users["bureau_staff"]
    _job(world, staff, n=1)
    _job(world, staff, n=2)
    _job(world, staff, errors=3, n=3)  # cannot be confirmed
    _job(world, staff, status=JobStatus.DONE, n=4)
    _job(world, staff, status=JobStatus.ABANDONED, n=5)

    assert [(t.label, t.count, t.url) for t in todos_for(staff)] == [
        ("待确认的导入", 2, reverse("spreadsheets:import_list") + "#recent")
    ]


def test_other_districts_imports_are_not_counted(world):
    Job.objects.create(
        kind=IMPORT,
        title="x",
        params={"kind": "teachers"},
        district=world.users["other_staff"].district,
        user=world.users["other_staff"],
        status=JobStatus.PREVIEWED,
        summary={"preview": {"error_count": 0}},
    )
    assert todos_for(world.users["bureau_staff"]) == []
    assert [t.count for t in todos_for(world.users["other_staff"])] == [1]


@pytest.mark.parametrize("role", ["community_leader", "school_leader"])
def test_leaders_have_no_import_todo(world, role):
    _job(world, world.users["bureau_staff"])
    assert todos_for(world.users[role]) == []


@pytest.mark.parametrize("count", [1, 40])
def test_todo_counts_run_in_one_query(world, django_assert_num_queries, count):
    staff = world.users["bureau_staff"]
    for n in range(count):
        _job(world, staff, n=n)

    with django_assert_num_queries(1):
        items = imports_to_confirm(staff)

    assert [t.count for t in items] == [count]
    assert [t.count for t in todos_for(staff) if t.url == items[0].url] == [count]


@pytest.mark.parametrize("count", [1, 30])
@pytest.mark.parametrize(
    ("role", "queries"),
    [
        ("bureau_staff", 41),  # 19: the rules-met ranking; the rest figures and to-dos
        ("community_leader", 13),
        ("school_leader", 19),
    ],  # incl. exchange to-dos
)
def test_home_pages_run_a_fixed_number_of_queries(
    client, world, django_assert_num_queries, count, role, queries
):
    for n in range(count):
        _job(world, world.users["bureau_staff"], n=n)
    client.force_login(world.users[role])

    with django_assert_num_queries(queries):
        response = client.get(reverse("dashboard"))

    assert response.status_code == 200


# --- abandoning a preview ---------------------------------------------------------------------


def test_abandoned_preview_reads_abandoned_and_leaves_the_todos(bureau_client, world):
    job = _job(world, world.users["bureau_staff"])

    response = bureau_client.post(reverse("spreadsheets:import_abandon", args=[job.pk]))

    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.status_label) == (JobStatus.ABANDONED, "已放弃")
    assert todos_for(world.users["bureau_staff"]) == []
    listing = bureau_client.get(reverse("spreadsheets:import_list")).content.decode()
    assert "<td>已放弃</td>" in listing
    assert "<td>待确认</td>" not in listing
    # An abandoned import can no longer be confirmed.
    bureau_client.post(reverse("spreadsheets:import_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == JobStatus.ABANDONED


def test_a_new_upload_abandons_the_users_earlier_preview_of_that_kind(bureau_client, world):
    staff = world.users["bureau_staff"]
    earlier = _job(world, staff, kind="teachers")
    other_kind = _job(world, staff, kind="schools", n=1)
    colleague = _job(world, world.users["bureau_admin"], kind="teachers", n=2)

    bureau_client.post(
        reverse("spreadsheets:import_upload", args=["teachers"]),
        {"teachers-file": SimpleUploadedFile("新名单.csv", "姓名\n".encode())},
    )

    statuses = {j.pk: j.status for j in Job.objects.all()}
    assert statuses[earlier.pk] == JobStatus.ABANDONED
    assert statuses[other_kind.pk] == JobStatus.PREVIEWED
    assert statuses[colleague.pk] == JobStatus.PREVIEWED
