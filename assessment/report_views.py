"""Report pages of the assessment: a community's PDF, the district workbook, the batch of every
community's PDF (a background job), and the public verification page.

Rows come through the user's visibility (out of scope -> 404): the scheme, the community, then
``visibility.community_results_visible`` (a school leader reads its community's results only
once published). The workbook and the batch are the bureau's (``can_manage_assessment``, else
403). The verification page needs no login and tells nothing but whether a code matches.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_POST

from accounts.access import can_manage_assessment
from communities.models import Community
from core import jobs, pdf, scoping

from . import report_jobs, reports, results
from .models import Scheme
from .visibility import community_results_visible

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_CODE = 40


@login_required
@require_GET
def community_report(request: HttpRequest, pk: int, community: int) -> HttpResponse:
    scheme = scoping.get_visible_or_404(request.user, Scheme, pk=pk)
    community_row = scoping.get_visible_or_404(
        request.user, Community, pk=community, district_id=scheme.district_id
    )
    if not community_results_visible(
        request.user, community_row, published=results.is_published(scheme)
    ):
        raise Http404("没有找到该教共体的考核结果。")
    report = reports.community_report(scheme, community_row, request=request)
    if report is None:
        raise Http404("该教共体本学年没有考核结果。")
    return pdf.response(reports.report_pdf(report), filename=report.file_name)


@login_required
@require_GET
def district_workbook(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = scoping.get_visible_or_404(request.user, Scheme, pk=pk)
    if not can_manage_assessment(request.user):
        raise PermissionDenied("只有教育局可以导出全县考核结果。")
    answer = HttpResponse(reports.district_workbook(scheme), content_type=XLSX)
    answer["Content-Disposition"] = content_disposition_header(
        True, reports.workbook_file_name(scheme)
    )
    answer["X-Content-Type-Options"] = "nosniff"
    return answer


@login_required
@require_POST
def reports_zip(request: HttpRequest, pk: int) -> HttpResponse:
    """Start the job that renders every community's report of the scheme into one zip."""
    scheme = scoping.get_visible_or_404(request.user, Scheme, pk=pk)
    if not can_manage_assessment(request.user):
        raise PermissionDenied("只有教育局可以批量生成考核报告。")
    job = jobs.job_create(
        kind=report_jobs.KIND,
        title=f"{scheme.year.label}学年捆绑考核报告打包",
        user=request.user,
        params={"scheme": scheme.pk},
        background=True,
    )
    jobs.job_start(job)
    return redirect("core:job_detail", pk=job.pk)


@require_GET
def verify(request: HttpRequest) -> HttpResponse:
    """Public: a printed report's code (typed, or from its QR code) against the record."""
    code = request.GET.get("code", "").strip()[:MAX_CODE]
    answer = results.verify(code) if code else None
    return render(
        request,
        "assessment/verify.html",
        {"code": code, "answer": answer, "nav_section": "verify"},
    )
