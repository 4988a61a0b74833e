"""Pages of the bundled assessment: schemes, quick entry, score sheets, results, publishing and
corrections.

Rows are fetched through ``core.scoping`` (out of scope → 404): the scheme through the user's
visible schemes, the community and school through theirs, and results only where
``assessment.visibility`` says the user may read them (404 otherwise, so nothing tells a school
leader that another school's scores exist). What a role may *do* is ``accounts.access``
(``can_manage_assessment``, ``can_self_assess``): visible but not allowed → 403.
"""

from __future__ import annotations

import tempfile
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from accounts import access
from communities.models import Community
from communities.visibility import communities_visible_to, user_community
from core import audit, scoping
from core.forms import apply_errors
from schools.models import School
from spreadsheets.exports import XLSX_CONTENT_TYPE, attachment_header
from spreadsheets.forms import ImportUploadForm
from spreadsheets.templates_xlsx import ImportTemplate, write_template

from . import reports, results, services, sheets
from .enums import IndicatorKind, SchemeStatus, Scorer, ScoreStatus
from .forms import (
    CorrectionForm,
    DimensionForm,
    IndicatorForm,
    PublishForm,
    SchemeCreateForm,
    SchemeForm,
    ScoreForm,
)
from .models import Indicator, Scheme, Score, scheme_errors
from .visibility import community_results_visible, school_results_visible


def _scheme(request: HttpRequest, pk: int) -> Scheme:
    return scoping.get_visible_or_404(request.user, Scheme, pk=pk)


def _community(request: HttpRequest, pk: int) -> Community:
    return scoping.get_from_or_404(communities_visible_to(request.user), pk=pk)


def _school(request: HttpRequest, pk: int) -> School:
    school = scoping.get_visible_or_404(request.user, School, pk=pk)
    if not school_results_visible(request.user, school):
        raise Http404
    return school


def _crumbs(scheme: Scheme | None = None, *more) -> list:
    crumbs = [("捆绑考核", reverse("assessment:index"))]
    if scheme is not None:
        crumbs.append((f"{scheme.year.label}学年", reverse("assessment:scheme", args=[scheme.pk])))
    return crumbs + list(more)


def _page(request, template: str, context: dict, *, status: int = 200) -> HttpResponse:
    context.setdefault("nav_section", "assessment")
    return render(request, template, context, status=status)


def _form_page(request, title, form, crumbs, *, cancel, multipart=False, intro="", status=200):
    return _page(
        request,
        "communities/form.html",
        {
            "title": title,
            "form": form,
            "crumbs": crumbs,
            "submit_label": "保存",
            "cancel_url": cancel,
            "multipart": multipart,
            "intro": intro,
        },
        status=status,
    )


# --- index and schemes --------------------------------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    schemes = list(
        scoping.visible(request.user, Scheme)
        .select_related("district")
        .order_by("-school_year", "district_id")
    )
    published = set(
        Scheme.objects.filter(pk__in=[s.pk for s in schemes], publications__isnull=False)
        .values_list("pk", flat=True)
        .distinct()
    )
    can_manage = access.can_manage_assessment(request.user)
    form = None
    if can_manage and access.is_bureau(request.user):
        form = SchemeCreateForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            year = form.cleaned_data["school_year"]
            try:
                if form.cleaned_data["start"] == "copy":
                    source = (
                        scoping.visible(request.user, Scheme).filter(school_year=year - 1).first()
                    )
                    if source is None:
                        raise ValidationError("上一学年没有考核方案可复制。")
                    scheme = services.scheme_copy(
                        source=source, school_year=year, actor=request.user
                    )
                else:
                    scheme = services.scheme_create_default(
                        district=request.user.district, school_year=year, actor=request.user
                    )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"已创建{scheme.year.label}学年考核方案。")
                return redirect(scheme)
    own_community = user_community(request.user)
    return _page(
        request,
        "assessment/index.html",
        {
            "rows": [(s, s.pk in published) for s in schemes],
            "form": form,
            "own_community": own_community,
            "own_school_id": request.user.school_id
            if access.is_school_leader(request.user)
            else None,
            "crumbs": [("捆绑考核", "")],
        },
        status=400 if form is not None and form.errors else 200,
    )


@login_required
def scheme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = _scheme(request, pk)
    dimensions = list(scheme.dimensions.prefetch_related("indicators"))
    published = results.is_published(scheme)
    can_manage = access.can_manage_assessment(request.user)
    communities = list(
        communities_visible_to(request.user)
        .filter(district_id=scheme.district_id)
        .order_by("sort_key")
    )
    # The Excel import posts to the spreadsheet engine's upload (bureau users of a district).
    importing = can_manage and request.user.district_id is not None
    return _page(
        request,
        "assessment/scheme_detail.html",
        {
            "scheme": scheme,
            "import_form": ImportUploadForm(prefix=sheets.KIND) if importing else None,
            "import_kind": sheets.KIND,
            "dimensions": dimensions,
            "errors": scheme_errors(scheme),
            "locked": services.scheme_locked(scheme),
            "published": published,
            "publication": results.publication_info(scheme) if published else None,
            "can_manage": can_manage,
            "communities": communities,
            "crumbs": _crumbs(None, (f"{scheme.year.label}学年", "")),
            **(audit.recent_history(scheme) if can_manage else {}),
        },
    )


@login_required
def scheme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = _scheme(request, pk)
    access.require(access.can_manage_assessment(request.user))
    form = SchemeForm(request.POST if request.method == "POST" else None, instance=scheme)
    if request.method == "POST" and form.is_valid():
        try:
            services.scheme_update(
                scheme=Scheme.objects.get(pk=scheme.pk), actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "方案已保存。")
            return redirect(scheme)
    return _form_page(
        request,
        "编辑方案与教共体得分公式",
        form,
        _crumbs(scheme, ("编辑", "")),
        cancel=scheme.get_absolute_url(),
        status=400 if form.errors else 200,
    )


@login_required
def dimension_edit(request: HttpRequest, pk: int, dimension_pk: int) -> HttpResponse:
    scheme = _scheme(request, pk)
    access.require(access.can_manage_assessment(request.user))
    dimension = scoping.get_from_or_404(scheme.dimensions.all(), pk=dimension_pk)
    form = DimensionForm(request.POST if request.method == "POST" else None, instance=dimension)
    if request.method == "POST" and form.is_valid():
        try:
            services.dimension_save(dimension=form.instance, actor=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "维度已保存。")
            return redirect(scheme)
    return _form_page(
        request,
        f"编辑维度：{dimension.name}",
        form,
        _crumbs(scheme, (dimension.name, "")),
        cancel=scheme.get_absolute_url(),
        status=400 if form.errors else 200,
    )


@login_required
def indicator_edit(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    scheme = _scheme(request, pk)
    access.require(access.can_manage_assessment(request.user))
    indicator = scoping.get_from_or_404(
        Indicator.objects.filter(dimension__scheme=scheme).select_related("dimension__scheme"),
        pk=indicator_pk,
    )
    form = IndicatorForm(request.POST if request.method == "POST" else None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_save(indicator=form.instance, actor=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "指标已保存。")
            return redirect(scheme)
    return _form_page(
        request,
        f"编辑指标：{indicator.name}",
        form,
        _crumbs(scheme, (indicator.name, "")),
        cancel=scheme.get_absolute_url(),
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def scheme_status(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = _scheme(request, pk)
    access.require(access.can_manage_assessment(request.user))
    try:
        if request.POST.get("status") == SchemeStatus.ACTIVE:
            services.scheme_activate(scheme=scheme, actor=request.user)
            messages.success(request, "方案已启用，可以开始评分。")
        else:
            services.scheme_to_draft(scheme=scheme, actor=request.user)
            messages.success(request, "方案已退回草稿。")
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(scheme)


@login_required
@require_GET
def score_template(request: HttpRequest, pk: int) -> FileResponse:
    """The scheme's score sheet for the Excel import, pre-filled: every assessed school × every
    scored indicator with the scores entered so far (``assessment.sheets``)."""
    scheme = _scheme(request, pk)
    access.require(access.can_manage_assessment(request.user))
    title = f"{scheme.year.label}学年考核评分"
    template = ImportTemplate(sheets.KIND, f"{title}导入模板", sheets.SCORE_COLUMNS)
    target = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    write_template(template, target, rows=sheets.score_rows(scheme))
    target.seek(0)
    response = FileResponse(target, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = attachment_header(
        f"{title}.xlsx", f"assessment-scores-{scheme.school_year}.xlsx"
    )
    return response


# --- quick entry --------------------------------------------------------------------------------


def _field(school_id: int, indicator_id: int) -> str:
    return f"v-{school_id}-{indicator_id}"


@login_required
def quick_entry(request: HttpRequest, pk: int, community_pk: int) -> HttpResponse:
    """Every school of a community × every indicator on one page (bureau staff): points of
    scored indicators, hand values of derived ones (blank: the records' value). All or
    nothing: one wrong cell writes nothing and names the school and indicator."""
    scheme = _scheme(request, pk)
    community = _community(request, community_pk)
    access.require(access.can_manage_assessment(request.user))
    if community.district_id != scheme.district_id:
        raise Http404
    district = results.compute(scheme, history=False)
    result = district.community(community.pk)
    schools = result.schools if result else []
    indicators = list(
        Indicator.objects.filter(dimension__scheme=scheme)
        .select_related("dimension")
        .order_by("dimension__order", "dimension_id", "order", "id")
    )
    scores = {
        (s.indicator_id, s.school_id): s
        for s in Score.objects.filter(
            indicator__dimension__scheme=scheme, school_id__in=[s.school_id for s in schools]
        )
    }
    published = results.is_published(scheme)
    open_ = scheme.status == SchemeStatus.ACTIVE and not published
    errors: list[str] = []
    posted = request.POST if request.method == "POST" else None
    if posted is not None:
        if not open_:
            errors.append("方案尚未启用或本学年结果已发布，不能在此录入。")
        else:
            entries = []
            school_rows = {
                s.pk: s for s in School.objects.filter(pk__in=[r.school_id for r in schools])
            }
            for row in schools:
                for indicator in indicators:
                    text = posted.get(_field(row.school_id, indicator.pk), "")
                    label = f"{row.name}·{indicator.name}"
                    try:
                        value = services.parse_number(text, label=label)
                    except ValidationError as error:
                        errors.extend(error.messages)
                        continue
                    problem = services.value_error(indicator, value)
                    if problem:
                        errors.append(f"{row.name}：{problem}")
                        continue
                    entries.append((indicator, school_rows[row.school_id], value))
            if not errors:
                try:
                    changed = services.scores_set_many(entries=entries, actor=request.user)
                except ValidationError as error:
                    errors.extend(error.messages)
                else:
                    messages.success(request, f"已保存，{changed} 项评分有变化。")
                    return redirect("assessment:quick_entry", scheme.pk, community.pk)
    grid = []
    for row in schools:
        values = {v.indicator_id: v for d in row.dimensions for v in d.indicators}
        cells = []
        for indicator in indicators:
            score = scores.get((indicator.pk, row.school_id))
            derived = indicator.kind == IndicatorKind.DERIVED
            if posted is not None:
                current = posted.get(_field(row.school_id, indicator.pk), "")
            elif score is None:
                current = ""
            elif derived:
                current = "" if score.raw is None or score.raw_source != "hand" else f"{score.raw}"
            else:
                current = "" if score.points is None else f"{score.points}"
            value = values.get(indicator.pk)
            cells.append(
                {
                    "name": _field(row.school_id, indicator.pk),
                    "value": current,
                    "indicator": indicator,
                    "derived": derived,
                    "measured": value.raw
                    if derived and value and value.state == "measure"
                    else None,
                    "self": score is not None and score.status == ScoreStatus.SELF_ASSESSED,
                    "label": f"{row.name} {indicator.name}",
                }
            )
        grid.append({"school": row, "cells": cells})
    return _page(
        request,
        "assessment/quick_entry.html",
        {
            "scheme": scheme,
            "community": community,
            "indicators": indicators,
            "grid": grid,
            "errors": errors,
            "open": open_,
            "published": published,
            "crumbs": _crumbs(scheme, (f"{community.name} 快速录入", "")),
        },
        status=400 if errors else 200,
    )


# --- results ------------------------------------------------------------------------------------


@login_required
def community_result(request: HttpRequest, pk: int, community_pk: int) -> HttpResponse:
    scheme = _scheme(request, pk)
    community = _community(request, community_pk)
    published = results.is_published(scheme)
    if community.district_id != scheme.district_id or not community_results_visible(
        request.user, community, published=published
    ):
        raise Http404
    # one computation of the district's results for the page and its charts
    district = results.results_of(scheme)
    result = district.community(community.pk)
    report = None
    if result is not None:
        report = reports.community_reports(scheme, [community], district=district)[0]
    own_school = request.user.school_id if access.is_school_leader(request.user) else None
    return _page(
        request,
        "assessment/community_result.html",
        {
            "scheme": scheme,
            "community": community,
            "result": result,
            **(reports.chart_context(report) if report else {}),
            "published": published,
            "can_manage": access.can_manage_assessment(request.user),
            "own_school": own_school,
            "crumbs": _crumbs(scheme, (f"{community.name} 考核结果", "")),
        },
    )


@login_required
def school_result(request: HttpRequest, pk: int, school_pk: int) -> HttpResponse:
    scheme = _scheme(request, pk)
    school = _school(request, school_pk)
    if school.district_id != scheme.district_id:
        raise Http404
    result = results.results_of(scheme).school(school.pk)
    published = results.is_published(scheme)
    community = None
    if result is not None and result.community_id:
        community = Community.objects.filter(pk=result.community_id).first()
    can_read_community = community is not None and (
        communities_visible_to(request.user).filter(pk=community.pk).exists()
        and community_results_visible(request.user, community, published=published)
    )
    corrections = []
    if published:
        corrections = [
            c for c in results.publication_info(scheme).corrections if c.school_id == school.pk
        ]
    return _page(
        request,
        "assessment/school_result.html",
        {
            "scheme": scheme,
            "school": school,
            "result": result,
            "profile": reports.school_profile(result, scheme.year) if result else None,
            "published": published,
            "community": community if can_read_community else None,
            "corrections": corrections,
            "can_manage": access.can_manage_assessment(request.user),
            "can_self_assess": access.can_self_assess(request.user, school),
            "open": scheme.status == SchemeStatus.ACTIVE and not published,
            "crumbs": _crumbs(scheme, (f"{school.name} 评分", "")),
        },
    )


@login_required
def score_edit(request: HttpRequest, pk: int, school_pk: int, indicator_pk: int) -> HttpResponse:
    """One school's score sheet for one indicator: value, evidence note, attachment. The bureau
    enters (confirmed); a school's self-assessment of a self-scored indicator waits for the
    bureau's confirmation."""
    scheme = _scheme(request, pk)
    school = _school(request, school_pk)
    indicator = scoping.get_from_or_404(
        Indicator.objects.filter(dimension__scheme=scheme).select_related("dimension__scheme"),
        pk=indicator_pk,
    )
    manage = access.can_manage_assessment(request.user)
    self_assess = (
        not manage
        and indicator.scorer == Scorer.SELF
        and access.can_self_assess(request.user, school)
    )
    access.require(manage or self_assess)
    score = Score.objects.filter(indicator=indicator, school=school).first()
    derived = indicator.kind == IndicatorKind.DERIVED
    initial = {}
    if score is not None:
        initial = {
            "value": score.raw if derived and score.raw_source == "hand" else score.points,
            "evidence": score.evidence,
        }
    form = ScoreForm(
        request.POST if request.method == "POST" else None,
        request.FILES or None,
        initial=initial,
        derived=derived,
    )
    if request.method == "POST" and request.POST.get("confirm") and manage and score is not None:
        try:
            services.score_confirm(score=score, actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, "已确认自评得分。")
        return redirect("assessment:school_result", scheme.pk, school.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.score_set(
                indicator=indicator,
                school=school,
                value=form.cleaned_data["value"],
                actor=request.user,
                self_assessed=self_assess,
                evidence=form.cleaned_data["evidence"],
                attachment=form.cleaned_data["attachment"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "评分已保存。")
            return redirect("assessment:school_result", scheme.pk, school.pk)
    return _page(
        request,
        "assessment/score_edit.html",
        {
            "scheme": scheme,
            "school": school,
            "indicator": indicator,
            "score": score,
            "form": form,
            "manage": manage,
            "crumbs": _crumbs(
                scheme,
                (
                    f"{school.name} 评分",
                    reverse("assessment:school_result", args=[scheme.pk, school.pk]),
                ),
                (indicator.name, ""),
            ),
        },
        status=400 if form.errors else 200,
    )


@login_required
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = _scheme(request, pk)
    access.require(access.can_manage_assessment(request.user))
    if results.is_published(scheme):
        messages.info(request, "本学年结果已发布；修改评分请使用更正。")
        return redirect(scheme)
    form = PublishForm(request.POST if request.method == "POST" else None)
    problems = services.publish_errors(scheme, results.compute(scheme, history=False))
    if request.method == "POST" and form.is_valid():
        try:
            services.results_publish(
                scheme=scheme, actor=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            problems = error.messages
        else:
            messages.success(request, f"{scheme.year.label}学年考核结果已发布并锁定。")
            return redirect(scheme)
    return _page(
        request,
        "assessment/publish.html",
        {
            "scheme": scheme,
            "form": form,
            "problems": problems,
            "crumbs": _crumbs(scheme, ("发布结果", "")),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def correct(request: HttpRequest, pk: int, school_pk: int, indicator_pk: int) -> HttpResponse:
    scheme = _scheme(request, pk)
    school = _school(request, school_pk)
    access.require(access.can_manage_assessment(request.user))
    indicator = scoping.get_from_or_404(
        Indicator.objects.filter(dimension__scheme=scheme).select_related("dimension__scheme"),
        pk=indicator_pk,
    )
    if not results.is_published(scheme):
        raise Http404
    derived = indicator.kind == IndicatorKind.DERIVED
    form = CorrectionForm(request.POST if request.method == "POST" else None, derived=derived)
    if request.method == "POST" and form.is_valid():
        try:
            services.score_correct(
                scheme=scheme,
                indicator=indicator,
                school=school,
                value=Decimal(form.cleaned_data["value"]),
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "更正已记录，结果已生成新版本。")
            return redirect("assessment:school_result", scheme.pk, school.pk)
    score = Score.objects.filter(indicator=indicator, school=school).first()
    now = "—"
    if score is not None:
        now = f"{score.raw}（{score.points} 分）" if derived else f"{score.points}"
    return _form_page(
        request,
        f"更正：{school.name} · {indicator.name}",
        form,
        _crumbs(
            scheme,
            (
                f"{school.name} 评分",
                reverse("assessment:school_result", args=[scheme.pk, school.pk]),
            ),
            ("更正", ""),
        ),
        cancel=reverse("assessment:school_result", args=[scheme.pk, school.pk]),
        intro=f"结果已发布，评分只能通过更正修改。当前：{now}；满分 {indicator.max_score}。"
        "更正会记录原因，生成新的结果版本，受影响教共体报告的原校验码将显示为“已被更正取代”。",
        status=400 if form.errors else 200,
    )
