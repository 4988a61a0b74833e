"""Export and template downloads. Thin: look the kind up in the registry, let the domain's
declaration scope the rows (its selector, its document builder), hand them to a builder.

An export never shows a row the user's list page would not: the rows come from the list
page's own selector, which asks ``core.scoping``. An .xlsx export of more than
``JGT_EXPORT_BACKGROUND_ROWS`` rows becomes a job (``spreadsheets.jobs``): the worker runs the
same selector for the same user and query string, and the job page offers the file.
"""

from __future__ import annotations

import tempfile

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.jobs import job_start

from . import registry
from .exports import (
    CSV_CONTENT_TYPE,
    FORMATS,
    XLSX_CONTENT_TYPE,
    attachment_header,
    export_to_file,
    iter_csv,
)
from .jobs import export_in_background, export_job_create
from .templates_xlsx import write_template

# Files up to this size stay in memory; bigger ones spill to a temporary file on disk.
SPOOL_BYTES = 8 * 1024 * 1024


def _file_response(spooled, *, filename: str, fallback: str) -> FileResponse:
    spooled.seek(0)
    response = FileResponse(spooled, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = attachment_header(filename, fallback)
    return response


@login_required
@require_GET
def export(request, name: str):
    """The list's current filtered rows (the query string carries the filters) as xlsx or csv."""
    spec = registry.export(name)
    if spec is None:
        raise Http404("没有这种导出。")
    fmt = request.GET.get("format", "xlsx")
    if fmt not in FORMATS:
        return HttpResponseBadRequest(
            "导出格式（format）只能是 xlsx 或 csv。".encode(),
            content_type="text/plain; charset=utf-8",
        )
    queryset = spec.queryset(user=request.user, params=request.GET)
    if fmt == "xlsx":
        row_count = queryset.count()
        if export_in_background(row_count, fmt):
            job = export_job_create(
                name=name, user=request.user, query=request.GET.urlencode(), row_count=row_count
            )
            return redirect(job_start(job))
    today = timezone.localdate()
    filename, fallback = spec.filename(fmt, today), spec.ascii_filename(fmt, today)
    if fmt == "csv":
        response = StreamingHttpResponse(iter_csv(spec, queryset), content_type=CSV_CONTENT_TYPE)
        response["Content-Disposition"] = attachment_header(filename, fallback)
        return response
    spooled = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
    export_to_file(spec, queryset, spooled, "xlsx")
    return _file_response(spooled, filename=filename, fallback=fallback)


def _document(request, key: str):
    document = registry.document(key)
    if document is None:
        raise Http404("没有这种导出。")
    spooled = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
    filename, fallback = document.build(request, spooled)
    return _file_response(spooled, filename=filename, fallback=fallback)


@login_required
@require_GET
def roster_export(request):
    """The county's published roster of the communities the user may see (``communities``
    registers the builder, which scopes the rows)."""
    return _document(request, "roster")


@login_required
@require_GET
def import_template(request, kind: str):
    """A blank import sheet; user-dependent drop-downs (the teacher sheet's schools) list only
    what the user may see."""
    template = registry.template(kind)
    if template is None:
        raise Http404("没有这种导入模板。")
    spooled = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
    write_template(template, spooled, choices=template.choices_for(request.user))
    return _file_response(spooled, filename=template.filename(), fallback=f"{kind}-template.xlsx")
