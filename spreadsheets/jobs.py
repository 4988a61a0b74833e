"""The spreadsheet engine's jobs: imports and large exports, run by ``core.jobs``.

Imports (kind ``spreadsheets.import``, two phases): the upload is the job's file; a small file
(up to ``JGT_IMPORT_BACKGROUND_ROWS`` rows) is previewed and applied inside the request, a
larger one by the task worker. ``job.params["kind"]`` is the importer's key (``spreadsheets.registry``). The job's page is the
import page (``spreadsheets:import_job``), which shows the preview and the confirm button.

Exports (kind ``spreadsheets.export``): an .xlsx export of more than
``JGT_EXPORT_BACKGROUND_ROWS`` rows runs in the worker. ``job.params`` holds the export's name
and the list's query string; the worker runs the same selector for the same user (so the file
holds exactly the rows the user's list shows, with the user's visibility at run time) and the
same builder (``exports.export_to_file``). The file is offered on the generic job page.
"""

from __future__ import annotations

import tempfile

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from core.enums import JobStatus
from core.job_handlers import JobFailed, job_handler
from core.jobs import job_create, job_run
from core.models import Job

from . import registry
from .exports import export_to_file
from .importers import import_apply, import_preview
from .reader import ImportFileError, estimate_rows

IMPORT = "spreadsheets.import"
EXPORT = "spreadsheets.export"


# The two look-ups of the columns registry (``spreadsheets.registry``).


def _import_label(kind: str) -> str:
    importer = registry.importer(kind)
    return importer.label if importer is not None else kind


def _export_spec(name: str):
    return registry.export(name)


# --- imports ---------------------------------------------------------------------------------


def needs_background(data: bytes, filename: str) -> bool:
    """Whether the file goes to the background job: above ``JGT_IMPORT_BACKGROUND_ROWS`` rows,
    or when its size cannot be known cheaply (``estimate_rows`` then answers ``ROWS_UNKNOWN``).
    A file that cannot be read at all stays inline: the preview reports the problem at once."""
    try:
        return estimate_rows(data, filename) > settings.JGT_IMPORT_BACKGROUND_ROWS
    except ImportFileError:
        return False


def import_job_create(*, kind: str, user, data: bytes, filename: str) -> Job:
    """An import job holding the upload (under a generated name), not yet started."""
    return job_create(
        kind=IMPORT,
        title=f"{_import_label(kind)}导入",
        user=user,
        params={"kind": kind},
        background=needs_background(data, filename),
        file=ContentFile(data),
        file_name=filename,
    )


ABANDONED_MESSAGE = "已放弃，未写入任何内容。"
SUPERSEDED_MESSAGE = "已放弃：之后上传了同类新文件，未写入任何内容。"


def import_job_abandon(*, job: Job, message: str = ABANDONED_MESSAGE) -> Job:
    """A checked import the user will not confirm: it reads 已放弃 and leaves the to-dos."""
    job.status = JobStatus.ABANDONED
    job.message = message
    job.save(update_fields=["status", "message"])
    return job


def import_job_abandon_earlier(*, job: Job) -> int:
    """A new upload of one kind abandons the same user's earlier unconfirmed checks of it."""
    return (
        Job.objects.filter(
            kind=IMPORT,
            user_id=job.user_id,
            params__kind=import_kind_of(job),
            status=JobStatus.PREVIEWED,
        )
        .exclude(pk=job.pk)
        .update(status=JobStatus.ABANDONED, message=SUPERSEDED_MESSAGE)
    )


def import_kind_of(job: Job) -> str:
    return job.params.get("kind", "")


def _import_page(job: Job) -> str:
    return reverse("spreadsheets:import_job", args=[job.pk])


def _import_status_label(job: Job) -> str:
    """A checked file with problems cannot be confirmed; say so instead of 待确认."""
    if job.status == JobStatus.PREVIEWED and (job.summary.get("preview") or {}).get("error_count"):
        return "检查未通过"
    if job.status == JobStatus.APPLYING:
        return "正在导入"
    return ""


@job_handler(
    IMPORT,
    page_url=_import_page,
    status_label=_import_status_label,
    error_message="处理时发生意外错误，未写入任何内容。请联系管理员。",
)
def run_import(job: Job, progress) -> None:
    """Preview (status PREVIEWING) or apply (status APPLYING), as ``job_start`` asked."""
    if not job.file:
        raise JobFailed("上传文件已过期清理，如需导入请重新上传。")
    with job.file.open("rb") as fh:
        data = fh.read()
    kind = import_kind_of(job)
    if job.status == JobStatus.PREVIEWING:
        report = import_preview(
            kind=kind, data=data, filename=job.file_name, district=job.district, progress=progress
        )
        job.summary = {"preview": report.to_dict()}
        job.status = JobStatus.PREVIEWED
        job.message = (
            "检查完成，请核对后确认导入。" if report.ok else "发现问题，请修改表格后重新上传。"
        )
        return
    report = import_apply(
        kind=kind,
        data=data,
        filename=job.file_name,
        district=job.district,
        actor=job.user,
        progress=progress,
    )
    job.summary = {**job.summary, "result": report.to_dict()}
    job.status = JobStatus.DONE if report.written else JobStatus.FAILED
    job.message = "导入完成。" if report.written else "导入未执行：数据有问题，未写入任何内容。"


@task()
def run_import_job(job_id: int, phase: str) -> None:
    """Kept for tasks queued before jobs became generic; new work is queued as core.jobs.run_job.
    The phase is already recorded in the job's status."""
    job_run(Job.objects.select_related("district", "user").get(pk=job_id))


# --- exports ---------------------------------------------------------------------------------


def export_in_background(row_count: int, fmt: str) -> bool:
    """An .xlsx export over the threshold goes to the worker; CSV always streams."""
    return fmt == "xlsx" and row_count > settings.JGT_EXPORT_BACKGROUND_ROWS


def export_job_create(*, name: str, user, query: str, row_count: int) -> Job:
    """An export job: the list's name and query string, run again by the worker for ``user``."""
    spec = _export_spec(name)
    return job_create(
        kind=EXPORT,
        title=f"{spec.title}导出",
        user=user,
        params={"name": name, "format": "xlsx", "query": query, "rows": row_count},
        background=True,
    )


@job_handler(EXPORT, offers_file=True, error_message="生成导出文件时发生意外错误，请联系管理员。")
def run_export(job: Job, progress) -> None:
    spec = _export_spec(job.params.get("name", ""))
    if spec is None:
        raise JobFailed("没有这种导出。")
    if job.user is None or not job.user.is_active:
        raise JobFailed("发起导出的用户已不存在或已停用，未生成文件。")
    fmt = job.params.get("format", "xlsx")
    queryset = spec.queryset(user=job.user, params=QueryDict(job.params.get("query", "")))
    progress(5, f"正在生成文件（约 {job.params.get('rows', 0):,} 行）……")
    today = timezone.localdate()
    with tempfile.TemporaryFile() as target:
        count = export_to_file(spec, queryset, target, fmt)
        target.seek(0)
        job.file.save(spec.ascii_filename(fmt, today), File(target), save=False)
    job.file_name = spec.filename(fmt, today)
    job.summary = {"rows": count}
    job.status = JobStatus.DONE
    job.message = f"导出完成，共 {count:,} 行。"
