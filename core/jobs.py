"""Run jobs inline (small work) or in the task worker (large work), with progress on the row.

django-tasks is the engine: the database backend queues ``run_job`` and ``manage.py db_worker``
runs it; the immediate backend (tests, or ``TASKS_BACKEND`` set so) runs it at once. A task
framework has no progress API, so the ``Job`` row carries status, percent and message, and the
job's page polls ``core:job_status`` (``static/js/job_progress.js``).

    job = job_create(kind="spreadsheets.export", title="教师名单导出", user=request.user,
                     params={...}, background=True)
    job_start(job)             # inline: runs the handler now; background: enqueues it
    return redirect(job)

Handlers are registered by kind in ``core.job_handlers``.
"""

from __future__ import annotations

import logging
import time

from django.core.files.base import File
from django.db import InterfaceError, OperationalError, connection
from django.utils import timezone
from django_tasks import task

from .enums import JobStatus
from .job_handlers import JobFailed, Progress, handler_of
from .models import Job

logger = logging.getLogger(__name__)

FINISH_FIELDS = ["summary", "status", "message", "percent", "finished_at", "file", "file_name"]


def job_create(
    *,
    kind: str,
    title: str,
    user,
    params: dict | None = None,
    background: bool = False,
    file: File | None = None,
    file_name: str = "",
) -> Job:
    """A new job of ``user`` in ``user``'s district; ``file`` (an upload) is stored under a
    generated name."""
    if handler_of(kind) is None:
        raise ValueError(f"no job handler is registered for {kind!r}")
    job = Job(
        kind=kind,
        title=title[:200],
        user=user,
        district_id=user.district_id,
        params=params or {},
        background=background,
        file_name=file_name[:200],
    )
    if file is not None:
        job.file.save(file_name or "upload", file, save=False)
    job.save()
    return job


def job_progress(job: Job) -> Progress:
    """A writer of (percent, message) to the job's row; repeated percents cost no query."""
    last = {"percent": -1}

    def write(percent: int, message: str) -> None:
        percent = max(0, min(100, int(percent)))
        if percent == last["percent"]:
            return
        last["percent"] = percent
        Job.objects.filter(pk=job.pk).update(percent=percent, message=message[:500])

    return write


def job_run(job: Job) -> Job:
    """Run the job's handler now and store how it ended; a job always ends in a state its page
    can show."""
    handler = handler_of(job.kind)
    if job.status == JobStatus.QUEUED:
        job.status = JobStatus.RUNNING
        Job.objects.filter(pk=job.pk).update(status=job.status, message="正在处理……")
    job.message = ""  # the handler says how it ended; progress messages only say it is under way
    try:
        if handler is None:
            raise JobFailed("未知的任务类型，无法处理。")
        handler.run(job, job_progress(job))
        if job.status not in (JobStatus.PREVIEWED, JobStatus.DONE, JobStatus.FAILED):
            job.status = JobStatus.DONE
        if not job.message:
            job.message = "已完成。" if job.status == JobStatus.DONE else ""
    except JobFailed as failure:
        job.status = JobStatus.FAILED
        job.message = str(failure)
    except Exception:  # noqa: BLE001 - a job must end in a state the page can show
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        job.status = JobStatus.FAILED
        job.message = handler.error_message if handler else "处理时发生意外错误。"
    job.percent = 100
    job.message = job.message[:500]
    job.finished_at = timezone.now()
    _save_end(job)
    return job


END_SAVE_SECONDS = 120


def _save_end(job: Job) -> None:
    """Store how the job ended, waiting for the database if it went away (a restart of
    PostgreSQL, a killed connection): a job must never stay "running" because the database was
    briefly gone when it ended. The handler's own writes were in their own transaction, rolled
    back by the same outage."""
    deadline = time.monotonic() + END_SAVE_SECONDS
    while True:
        try:
            job.save(update_fields=FINISH_FIELDS)
            return
        except (OperationalError, InterfaceError):
            if connection.in_atomic_block or time.monotonic() > deadline:
                raise
            logger.warning("job %s: database unavailable, retrying the end state", job.pk)
            connection.close()
            time.sleep(1)


@task()
def run_job(job_id: int) -> None:
    """What the worker runs: the job's handler, with the status ``job_start`` set."""
    job = Job.objects.select_related("district", "user").get(pk=job_id)
    job_run(job)


def job_start(job: Job, *, status: str | None = None) -> Job:
    """Run now (``job.background`` false) or hand to the task worker.

    ``status`` tells a two-phase handler which phase to run (PREVIEWING or APPLYING); a
    one-phase job waits as QUEUED and becomes RUNNING when its handler starts.
    """
    job.status = status or (JobStatus.QUEUED if job.background else JobStatus.RUNNING)
    job.percent = 0
    job.message = "排队等待处理……" if job.background else ""
    job.finished_at = None
    job.save(update_fields=["status", "percent", "message", "finished_at"])
    if job.background:
        run_job.enqueue(job.pk)
        job.refresh_from_db()
        return job
    return job_run(job)


def job_status(job: Job) -> dict:
    """The JSON the job pages poll (``static/js/job_progress.js``)."""
    return {
        "status": job.status,
        "status_label": job.status_label,
        "percent": job.percent,
        "message": job.message,
        "running": job.is_running,
        "url": job.get_absolute_url(),
    }
