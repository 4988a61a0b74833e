"""Import jobs: keep the upload, run preview and apply inline or as a background task.

Small files (up to ``JGT_IMPORT_BACKGROUND_ROWS`` rows) are previewed and applied inside the
request. Larger ones run as a django-tasks task (database backend; a worker runs
``manage.py db_worker``); the job row holds status, percent and message, and the job page
polls ``spreadsheets:import_job_status``.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from .importers import import_apply, import_preview
from .models import ImportJob, JobStatus
from .reader import ImportFileError, estimate_rows

logger = logging.getLogger(__name__)


def needs_background(data: bytes, filename: str) -> bool:
    """Whether the file goes to the background job: above ``JGT_IMPORT_BACKGROUND_ROWS`` rows,
    or when its size cannot be known cheaply (``estimate_rows`` then answers ``ROWS_UNKNOWN``).
    A file that cannot be read at all stays inline: the preview reports the problem at once."""
    try:
        return estimate_rows(data, filename) > settings.JGT_IMPORT_BACKGROUND_ROWS
    except ImportFileError:
        return False


def _progress_writer(job: ImportJob):
    last = {"percent": -1}

    def write(percent: int, message: str) -> None:
        if percent == last["percent"]:
            return
        last["percent"] = percent
        ImportJob.objects.filter(pk=job.pk).update(percent=percent, message=message[:500])

    return write


def _read(job: ImportJob) -> bytes:
    with job.file.open("rb") as fh:
        return fh.read()


def job_run(job: ImportJob, phase: str) -> ImportJob:
    """Run one phase ('preview' or 'apply') of a job and store its report."""
    data = _read(job)
    progress = _progress_writer(job)
    try:
        if phase == "preview":
            report = import_preview(
                kind=job.kind,
                data=data,
                filename=job.original_name,
                district=job.district,
                progress=progress,
            )
            job.summary = {"preview": report.to_dict()}
            job.status = JobStatus.PREVIEWED
            job.message = (
                "检查完成，请核对后确认导入。" if report.ok else "发现问题，请修改表格后重新上传。"
            )
        else:
            report = import_apply(
                kind=job.kind,
                data=data,
                filename=job.original_name,
                district=job.district,
                actor=job.user,
                progress=progress,
            )
            job.summary = {**job.summary, "result": report.to_dict()}
            job.status = JobStatus.DONE if report.written else JobStatus.FAILED
            job.message = (
                "导入完成。" if report.written else "导入未执行：数据有问题，未写入任何内容。"
            )
    except Exception:  # noqa: BLE001 - a job must end in a state the page can show
        logger.exception("import job %s failed", job.pk)
        job.status = JobStatus.FAILED
        job.message = "处理时发生意外错误，未写入任何内容。请联系管理员。"
    job.percent = 100
    job.finished_at = timezone.now()
    job.save(update_fields=["summary", "status", "message", "percent", "finished_at"])
    return job


@task()
def run_import_job(job_id: int, phase: str) -> None:
    job = ImportJob.objects.select_related("district", "user").get(pk=job_id)
    job_run(job, phase)


def job_start(job: ImportJob, phase: str) -> ImportJob:
    """Preview or apply now (small files) or hand it to the task worker (large files)."""
    job.status = JobStatus.PREVIEWING if phase == "preview" else JobStatus.APPLYING
    job.percent = 0
    job.message = "排队等待处理……" if job.background else ""
    job.save(update_fields=["status", "percent", "message"])
    if job.background:
        run_import_job.enqueue(job.pk, phase)
        job.refresh_from_db()
        return job
    return job_run(job, phase)
