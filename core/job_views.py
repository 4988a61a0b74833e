"""The generic job pages: any app links a job here (``Job.get_absolute_url``).

Who may see a job is its visibility rule (``scoping.visible(user, Job)``): another district's
job, or a colleague's job for a leader, answers 404.
"""

from __future__ import annotations

import mimetypes

from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from . import files, scoping
from .enums import JobStatus
from .job_handlers import handler_of
from .jobs import job_status as job_status_json
from .models import Job


def _job(request, pk: int) -> Job:
    return scoping.get_from_or_404(scoping.visible(request.user, Job).select_related("user"), pk=pk)


def _downloadable(job: Job) -> bool:
    handler = handler_of(job.kind)
    return bool(
        handler is not None and handler.offers_file and job.status == JobStatus.DONE and job.file
    )


@login_required
@require_GET
def job_detail(request, pk: int):
    job = _job(request, pk)
    handler = handler_of(job.kind)
    return render(
        request,
        "core/job_detail.html",
        {
            "job": job,
            "offers_file": handler is not None and handler.offers_file,
            "file_url": reverse("core:job_file", args=[job.pk]) if _downloadable(job) else None,
            "crumbs": [("任务", None), (job.title, None)],
        },
    )


@login_required
@require_GET
def job_status(request, pk: int):
    return JsonResponse(job_status_json(_job(request, pk)))


@login_required
@require_GET
def job_file(request, pk: int):
    """The file a finished job produced, to those who may see the job; never an input file."""
    job = _job(request, pk)
    if not _downloadable(job):
        raise Http404("该任务没有可下载的文件。")
    name = job.file_name or "download"
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return files.serve(job.file, content_type=content_type, download_name=name)
