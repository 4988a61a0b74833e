"""Export and template downloads. Thin: scope the rows, hand them to a builder.

Visibility comes from the list selectors and ``accounts.access``; an export never shows a row
the user's list page would not.
"""

from __future__ import annotations

import tempfile

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponseBadRequest, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts import access
from communities.models import Community
from core import scoping
from schools.models import District, School

from .exports import (
    CSV_CONTENT_TYPE,
    EXPORTS,
    FORMATS,
    XLSX_CONTENT_TYPE,
    attachment_header,
    export_to_file,
    iter_csv,
    roster_filename,
    roster_rows,
    write_roster,
)
from .templates_xlsx import TEMPLATES, write_template

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
    spec = EXPORTS.get(name)
    if spec is None:
        raise Http404("没有这种导出。")
    fmt = request.GET.get("format", "xlsx")
    if fmt not in FORMATS:
        return HttpResponseBadRequest(
            "导出格式（format）只能是 xlsx 或 csv。".encode(),
            content_type="text/plain; charset=utf-8",
        )
    queryset = spec.queryset(user=request.user, params=request.GET)
    today = timezone.localdate()
    filename, fallback = spec.filename(fmt, today), spec.ascii_filename(fmt, today)
    if fmt == "csv":
        response = StreamingHttpResponse(iter_csv(spec, queryset), content_type=CSV_CONTENT_TYPE)
        response["Content-Disposition"] = attachment_header(filename, fallback)
        return response
    spooled = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
    export_to_file(spec, queryset, spooled, "xlsx")
    return _file_response(spooled, filename=filename, fallback=fallback)


@login_required
@require_GET
def roster_export(request):
    """The county's published roster of the communities the user may see."""
    if request.user.district_id is not None:
        district = request.user.district
    else:  # platform administrators name the district
        district = access.get_visible_or_404(
            scoping.visible(request.user, District), code=request.GET.get("district", "")
        )
    communities = scoping.visible(request.user, Community).filter(district=district)
    spooled = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
    write_roster(district_name=district.name, rows=roster_rows(communities), target=spooled)
    today = timezone.localdate()
    return _file_response(
        spooled,
        filename=roster_filename(district.name, today),
        fallback=f"roster-{today:%Y%m%d}.xlsx",
    )


@login_required
@require_GET
def import_template(request, kind: str):
    """A blank import sheet; the teacher sheet lists the schools the user may see."""
    template = TEMPLATES.get(kind)
    if template is None:
        raise Http404("没有这种导入模板。")
    school_names: list[str] = []
    if kind == "teachers":
        school_names = list(
            scoping.visible(request.user, School).order_by("name").values_list("name", flat=True)
        )
    spooled = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
    write_template(template, spooled, school_names=school_names)
    return _file_response(spooled, filename=template.filename(), fallback=f"{kind}-template.xlsx")
