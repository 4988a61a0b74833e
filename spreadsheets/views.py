"""Spreadsheet pages. Exports live in ``export_views``; this module holds the import flow."""

from __future__ import annotations

# --- imports ---------------------------------------------------------------------------------
# upload → preview (nothing written) → confirm (all or nothing) → result. Bureau users only;
# jobs are scoped to the user's district (another district's job answers 404).
import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET, require_POST

from accounts import access
from core import scoping
from core.enums import JobStatus
from core.jobs import job_start, job_status
from core.models import Job

from . import registry
from .forms import ImportUploadForm
from .jobs import IMPORT, import_job_abandon, import_job_abandon_earlier, import_job_create

RECENT_JOBS = 20


def _require_importer(request) -> None:
    access.require(access.can_manage_rosters(request.user) and request.user.district_id is not None)


def _template_url(kind: str) -> str | None:
    try:
        return reverse("spreadsheets:template", args=[kind])
    except NoReverseMatch:
        return None


def _kinds(forms: dict | None = None) -> list[dict]:
    forms = forms or {}
    return [
        {
            "kind": importer.key,
            "label": importer.label,
            "form": forms.get(importer.key) or ImportUploadForm(prefix=importer.key),
            "columns": [c.label for c in importer.columns.imported],
            "required": [c.label for c in importer.columns.imported if c.required],
            "template_url": _template_url(importer.key),
        }
        for importer in registry.importers()
    ]


def _import_jobs(request):
    """The user's visible jobs that are imports (the import pages speak only of those)."""
    return scoping.visible(request.user, Job).filter(kind=IMPORT)


def _render_list(request, forms: dict | None = None, status: int = 200):
    jobs = _import_jobs(request).select_related("user")[:RECENT_JOBS]
    return render(
        request,
        "spreadsheets/import_list.html",
        {
            "kinds": _kinds(forms),
            "jobs": jobs,
            "nav_section": "imports",
            "crumbs": [("导入", None)],
        },
        status=status,
    )


@login_required
@require_GET
def import_list(request):
    _require_importer(request)
    return _render_list(request)


@login_required
@require_POST
def import_upload(request, kind: str):
    _require_importer(request)
    if registry.importer(kind) is None:
        raise Http404("未知的导入类型。")
    form = ImportUploadForm(request.POST, request.FILES, prefix=kind)
    if not form.is_valid():
        return _render_list(request, {kind: form}, status=400)
    upload = form.cleaned_data["file"]
    job = import_job_create(
        kind=kind,
        user=request.user,
        data=upload.read(),
        filename=os.path.basename(upload.name)[:200],
    )
    import_job_abandon_earlier(job=job)
    job_start(job, status=JobStatus.PREVIEWING)
    return redirect(job)


@login_required
@require_GET
def import_job(request, pk: int):
    _require_importer(request)
    job = scoping.get_from_or_404(_import_jobs(request).select_related("user"), pk=pk)
    summary = job.summary or {}
    return render(
        request,
        "spreadsheets/import_job.html",
        {
            "job": job,
            "preview": summary.get("preview"),
            "result": summary.get("result"),
            "can_confirm": job.status == JobStatus.PREVIEWED
            and not (summary.get("preview") or {}).get("error_count", 1),
            "back_url": reverse("spreadsheets:import_list"),
            "back_label": "导入页",
            "nav_section": "imports",
            "crumbs": [("导入", reverse("spreadsheets:import_list")), (str(job), None)],
        },
    )


@login_required
@require_POST
def import_confirm(request, pk: int):
    _require_importer(request)
    job = scoping.get_from_or_404(_import_jobs(request), pk=pk)
    preview = (job.summary or {}).get("preview") or {}
    if job.status != JobStatus.PREVIEWED or preview.get("error_count", 1):
        messages.error(request, "该导入不能确认：只有检查通过、尚未导入的文件才能确认。")
        return redirect(job)
    job.user = request.user
    job.save(update_fields=["user"])
    job = job_start(job, status=JobStatus.APPLYING)
    if job.status == JobStatus.DONE:
        messages.success(request, "导入完成。")
    elif job.status == JobStatus.FAILED:
        messages.error(request, job.message)
    return redirect(job)


@login_required
@require_POST
def import_abandon(request, pk: int):
    """The user drops a checked import: it is kept, reads 已放弃 and leaves the to-do panel."""
    _require_importer(request)
    job = scoping.get_from_or_404(_import_jobs(request), pk=pk)
    if job.status != JobStatus.PREVIEWED:
        messages.error(request, "该导入不能放弃：只有已检查、尚未导入的文件才能放弃。")
        return redirect(job)
    import_job_abandon(job=job)
    messages.info(request, f"已放弃导入「{job.file_name}」，未写入任何内容。")
    return redirect("spreadsheets:import_list")


@login_required
@require_GET
def import_job_status(request, pk: int):
    _require_importer(request)
    job = scoping.get_from_or_404(_import_jobs(request), pk=pk)
    return JsonResponse(job_status(job))
