import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from core.enums import JobStatus
from core.models import Job
from spreadsheets.jobs import IMPORT


def _job(world, status, age_days):
    job = Job(
        kind=IMPORT,
        title="学校名单导入",
        params={"kind": "schools"},
        district=world.district,
        status=status,
        file_name="学校.xlsx",
    )
    job.file.save("学校.xlsx", ContentFile(b"data"), save=True)
    Job.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=age_days)
    )
    job.refresh_from_db()
    return job


@pytest.mark.django_db
def test_old_files_are_removed_and_unconfirmed_jobs_expire(world):
    done = _job(world, JobStatus.DONE, 120)
    waiting = _job(world, JobStatus.PREVIEWED, 120)
    running = _job(world, JobStatus.APPLYING, 120)
    recent = _job(world, JobStatus.PREVIEWED, 3)
    paths = {job.pk: job.file.name for job in (done, waiting, running, recent)}
    out = io.StringIO()

    call_command("purge_import_files", "--days", "90", stdout=out)

    for job in (done, waiting, running, recent):
        job.refresh_from_db()
    assert [bool(j.file) for j in (done, waiting, running, recent)] == [False, False, True, True]
    assert not default_storage.exists(paths[done.pk])
    assert default_storage.exists(paths[recent.pk])
    assert (done.status, waiting.status, waiting.message) == (
        JobStatus.DONE,
        JobStatus.FAILED,
        "上传文件已过期清理，如需继续请重新上传。",
    )
    assert out.getvalue() == "已清理 2 个任务的文件（90 天以前）。\n"


@pytest.mark.django_db
def test_dry_run_changes_nothing(world):
    job = _job(world, JobStatus.DONE, 120)

    call_command("purge_import_files", "--dry-run", stdout=io.StringIO())

    job.refresh_from_db()
    assert job.file and default_storage.exists(job.file.name)
