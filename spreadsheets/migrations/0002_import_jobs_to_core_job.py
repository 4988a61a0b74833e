"""Copy every import job into the generic core.Job, keeping its id (old links keep working).

Import kind goes to params["kind"], the upload's original name to file_name, and the status
"uploaded" (created, not yet started) to "queued". The stored upload keeps its path.
"""

from django.core.management.color import no_style
from django.db import migrations

IMPORT = "spreadsheets.import"
TITLES = {"schools": "学校名单导入", "teachers": "教师名单导入", "roster": "教共体名单导入"}


def forwards(apps, schema_editor):
    ImportJob = apps.get_model("spreadsheets", "ImportJob")
    Job = apps.get_model("core", "Job")
    copied = []
    for old in ImportJob.objects.order_by("pk").iterator():
        job = Job(
            pk=old.pk,
            kind=IMPORT,
            title=TITLES.get(old.kind, f"{old.kind}导入"),
            params={"kind": old.kind},
            district_id=old.district_id,
            user_id=old.user_id,
            status="queued" if old.status == "uploaded" else old.status,
            percent=old.percent,
            message=old.message,
            summary=old.summary,
            file=old.file.name,
            file_name=old.original_name,
            background=old.background,
            finished_at=old.finished_at,
        )
        copied.append(job)
        if len(copied) == 500:
            _save(Job, ImportJob, copied)
            copied = []
    if copied:
        _save(Job, ImportJob, copied)
    _reset_sequence(schema_editor, Job)


def _save(Job, ImportJob, jobs) -> None:
    Job.objects.bulk_create(jobs)
    created = dict(ImportJob.objects.filter(pk__in=[j.pk for j in jobs]).values_list("pk", "created_at"))
    for job in jobs:  # auto_now_add overwrote it
        Job.objects.filter(pk=job.pk).update(created_at=created[job.pk])


def _reset_sequence(schema_editor, model) -> None:
    """Explicit ids leave PostgreSQL's sequence behind; SQLite needs nothing."""
    sql = schema_editor.connection.ops.sequence_reset_sql(no_style(), [model])
    with schema_editor.connection.cursor() as cursor:
        for statement in sql:
            cursor.execute(statement)


def backwards(apps, schema_editor):
    ImportJob = apps.get_model("spreadsheets", "ImportJob")
    Job = apps.get_model("core", "Job")
    for job in Job.objects.filter(kind=IMPORT, district__isnull=False).order_by("pk").iterator():
        old = ImportJob.objects.create(
            pk=job.pk,
            kind=job.params.get("kind", ""),
            district_id=job.district_id,
            user_id=job.user_id,
            file=job.file.name,
            original_name=job.file_name,
            status="uploaded" if job.status == "queued" else job.status,
            percent=job.percent,
            message=job.message,
            summary=job.summary,
            background=job.background,
            finished_at=job.finished_at,
        )
        ImportJob.objects.filter(pk=old.pk).update(created_at=job.created_at)
    Job.objects.filter(kind=IMPORT).delete()
    _reset_sequence(schema_editor, ImportJob)


class Migration(migrations.Migration):
    dependencies = [
        ("spreadsheets", "0001_import_job"),
        ("core", "0002_job"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
