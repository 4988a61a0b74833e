"""An .xlsx export over JGT_EXPORT_BACKGROUND_ROWS becomes a job; its file holds exactly the rows
the user's list shows, computed again in the worker for the same user and filters."""

import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from core.enums import JobStatus
from core.jobs import run_job
from core.models import Job
from spreadsheets.jobs import EXPORT
from tests.conftest import CANARY
from tests.factories import TeacherFactory

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def export_url(name, query=""):
    return reverse("spreadsheets:export", args=[name]) + (f"?{query}" if query else "")


def job_rows(client, job) -> list[tuple]:
    response = client.get(reverse("core:job_file", args=[job.pk]))
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return list(workbook.worksheets[0].iter_rows(values_only=True))


@pytest.fixture
def threshold(settings):
    settings.JGT_EXPORT_BACKGROUND_ROWS = 1
    settings.TASKS = IMMEDIATE
    return settings


@pytest.mark.django_db
def test_export_over_the_threshold_becomes_a_job_with_the_filtered_rows(
    bureau_client, world, threshold
):
    TeacherFactory(school=world.member_school, name="李小青")

    response = bureau_client.get(export_url("teachers", "q=李&format=xlsx"))

    job = Job.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("core:job_detail", args=[job.pk])
    today = timezone.localdate()
    assert (job.kind, job.title, job.status, job.background, job.user, job.district) == (
        EXPORT,
        "教师名单导出",
        JobStatus.DONE,
        True,
        world.users["bureau_staff"],
        world.district,
    )
    assert job.params == {
        "name": "teachers",
        "format": "xlsx",
        "query": "q=%E6%9D%8E&format=xlsx",  # q=李
        "rows": 2,
    }
    assert (job.summary, job.message, job.file_name) == (
        {"rows": 2},
        "导出完成，共 2 行。",
        f"教师名单-{today:%Y%m%d}.xlsx",
    )
    rows = job_rows(bureau_client, job)
    assert rows[0][:2] == ("学校", "姓名")
    assert sorted((row[0], row[1]) for row in rows[1:]) == [
        ("河口小学", "李小青"),
        ("河口小学", "李老师"),
    ]

    page = bureau_client.get(response.url)
    assert f'href="{reverse("core:job_file", args=[job.pk])}"' in page.content.decode()


@pytest.mark.django_db
def test_export_job_holds_every_visible_row_and_no_other_districts(bureau_client, world, threshold):
    bureau_client.get(export_url("teachers", "format=xlsx"))

    rows = job_rows(bureau_client, Job.objects.get())
    assert sorted(row[1] for row in rows[1:]) == sorted(["王骨干", "李老师", "赵老师"])
    assert CANARY not in str(rows)


@pytest.mark.django_db
def test_export_job_applies_the_leaders_own_visibility(client, world, threshold):
    TeacherFactory(school=world.teaching_point, name="钱老师")
    client.force_login(world.users["school_leader"])

    client.get(export_url("teachers", "format=xlsx"))

    job = Job.objects.get()
    assert job.user == world.users["school_leader"]
    rows = job_rows(client, job)
    assert sorted((row[0], row[1]) for row in rows[1:]) == [
        ("河口小学", "李老师"),
        ("河口教学点", "钱老师"),
    ]


@pytest.mark.django_db
def test_under_the_threshold_the_export_stays_in_the_request(bureau_client, world, settings):
    settings.JGT_EXPORT_BACKGROUND_ROWS = 3  # the home district has exactly three teachers

    response = bureau_client.get(export_url("teachers", "format=xlsx"))

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert Job.objects.count() == 0


@pytest.mark.django_db
def test_csv_streams_in_the_request_whatever_its_size(bureau_client, world, threshold):
    response = bureau_client.get(export_url("teachers", "format=csv"))

    assert (response.status_code, response["Content-Type"]) == (200, "text/csv; charset=utf-8")
    assert Job.objects.count() == 0


@pytest.mark.django_db
def test_queued_export_shows_progress_then_the_worker_writes_the_file(
    bureau_client, world, settings
):
    settings.JGT_EXPORT_BACKGROUND_ROWS = 1
    settings.TASKS = DATABASE

    response = bureau_client.get(export_url("teachers", "format=xlsx"))

    job = Job.objects.get()
    assert (job.status, bool(job.file)) == (JobStatus.QUEUED, False)
    page = bureau_client.get(response.url).content.decode()
    assert f'data-status-url="{reverse("core:job_status", args=[job.pk])}"' in page
    assert bureau_client.get(reverse("core:job_file", args=[job.pk])).status_code == 404

    run_job.call(job.pk)  # what `manage.py db_worker` does

    job.refresh_from_db()
    assert (job.status, job.summary) == (JobStatus.DONE, {"rows": 3})
    assert len(job_rows(bureau_client, job)) == 4


@pytest.mark.django_db
def test_the_worker_refuses_for_a_user_deactivated_since(bureau_client, world, settings):
    settings.JGT_EXPORT_BACKGROUND_ROWS = 1
    settings.TASKS = DATABASE
    bureau_client.get(export_url("teachers", "format=xlsx"))
    job = Job.objects.get()
    world.users["bureau_staff"].is_active = False
    world.users["bureau_staff"].save()

    run_job.call(job.pk)

    job.refresh_from_db()
    assert (job.status, job.message, bool(job.file)) == (
        JobStatus.FAILED,
        "发起导出的用户已不存在或已停用，未生成文件。",
        False,
    )
