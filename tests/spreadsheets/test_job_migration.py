"""Existing import jobs become generic jobs, keeping their ids (so old links keep working)."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from core.models import Job

BEFORE = [("spreadsheets", "0001_import_job")]
AFTER = [("spreadsheets", "0003_delete_import_job")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_import_jobs_are_copied_into_core_job(world):
    old_apps = _migrate(BEFORE)
    ImportJob = old_apps.get_model("spreadsheets", "ImportJob")
    created = timezone.now() - datetime.timedelta(days=40)
    fields = dict(district_id=world.district.pk, percent=100, background=True)
    waiting = ImportJob.objects.create(
        pk=41,
        kind="roster",
        user_id=world.users["bureau_staff"].pk,
        file="imports/2026/10/roster.xlsx",
        original_name="名单.xlsx",
        status="previewed",
        message="检查完成，请核对后确认导入。",
        summary={"preview": {"error_count": 0}},
        **fields,
    )
    ImportJob.objects.filter(pk=waiting.pk).update(created_at=created)
    ImportJob.objects.create(
        pk=42,
        kind="schools",
        file="imports/x.csv",
        original_name="学校.csv",
        status="uploaded",
        **fields,
    )

    _migrate(AFTER)

    jobs = list(Job.objects.order_by("pk"))
    assert [
        (j.pk, j.kind, j.title, j.params, j.status, j.file.name, j.file_name, j.user_id)
        for j in jobs
    ] == [
        (
            41,
            "spreadsheets.import",
            "教共体名单导入",
            {"kind": "roster"},
            "previewed",
            "imports/2026/10/roster.xlsx",
            "名单.xlsx",
            world.users["bureau_staff"].pk,
        ),
        (
            42,
            "spreadsheets.import",
            "学校名单导入",
            {"kind": "schools"},
            "queued",
            "imports/x.csv",
            "学校.csv",
            None,
        ),
    ]
    assert (jobs[0].summary, jobs[0].message, jobs[0].created_at) == (
        {"preview": {"error_count": 0}},
        "检查完成，请核对后确认导入。",
        created,
    )
    assert jobs[0].get_absolute_url() == "/data/imports/jobs/41/"
    # the id sequence moved past the copied ids
    new = Job.objects.create(kind="spreadsheets.import", title="新", district=world.district)
    assert new.pk > 42
