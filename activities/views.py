"""Activity pages: list (with the calendar), detail, log/edit, verify/send back, materials,
dossier PDF, the kind catalogue and the work schedule.

Objects are fetched through the user's visibility rules (out of scope -> 404); what the user may
do comes from ``activities.permissions`` (visible but not allowed -> 403); writes go through
``activities.services``.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from communities.visibility import communities_visible_to
from core import jobs, pdf, scoping
from core.audit import audit_trail
from core.forms import apply_errors
from core.school_year import SchoolYear

from . import dossier, selectors, services
from . import jobs as activity_jobs
from .enums import MaterialKind
from .forms import ActivityForm, KindForm, MaterialUploadForm, PlanItemForm, ReturnForm
from .models import Activity, ActivityKind, ActivityMaterial, PlanItem
from .permissions import (
    can_edit_activity,
    can_edit_schedule,
    can_log_activity,
    can_manage_kinds,
    can_review_activity,
)
from .visibility import activities_visible_to


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _get_activity(request: HttpRequest, pk: int) -> Activity:
    queryset = activities_visible_to(request.user).select_related(
        "kind", "community", "host_school", "reviewed_by", "created_by", "plan_item"
    )
    return scoping.get_from_or_404(queryset, pk=pk)


def _crumbs(activity: Activity | None = None, label: str | None = None) -> list:
    crumbs = [("联合活动", reverse("activities:activity_list"))]
    if activity is None:
        return [*crumbs, (label, None)] if label else [("联合活动", None)]
    if label is None:
        return [*crumbs, (activity.display_name, None)]
    return [*crumbs, (activity.display_name, activity.get_absolute_url()), (label, None)]


# --- list and calendar ---------------------------------------------------------------------


@login_required
def activity_list(request: HttpRequest) -> HttpResponse:
    filterset = selectors.activity_filterset(user=request.user, params=request.GET)
    queryset = filterset.qs if filterset.is_valid() else filterset.queryset
    page = Paginator(selectors.list_queryset(queryset), settings.JGT_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "activities/activity_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "activities": page.object_list,
            "can_log": can_log_activity(request.user),
            "can_manage_kinds": can_manage_kinds(request.user),
            "crumbs": _crumbs(),
            "nav_section": "activities",
        },
    )


@login_required
def activity_calendar(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
        month = int(request.GET.get("month", today.month))
        first = datetime.date(year, month, 1)
    except (TypeError, ValueError):
        year, month, first = today.year, today.month, today.replace(day=1)
    if not 2000 <= year <= 2100:
        year, month, first = today.year, today.month, today.replace(day=1)
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    params = request.GET.copy()
    for key in ("year", "month", "page"):
        params.pop(key, None)
    weeks = selectors.month_calendar(user=request.user, year=year, month=month, params=params)
    return render(
        request,
        "activities/calendar.html",
        {
            "weeks": weeks,
            "first": first,
            "previous": previous,
            "following": following,
            "query": params.urlencode(),
            "crumbs": _crumbs(label=f"{year} 年 {month} 月"),
            "nav_section": "activities",
        },
    )


# --- detail --------------------------------------------------------------------------------


@login_required
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _get_activity(request, pk)
    user = request.user
    materials = selectors.materials_of(activity)
    photos = [m for m in materials if m.kind == MaterialKind.PHOTO]
    others = [m for m in materials if m.kind != MaterialKind.PHOTO]
    trail = audit_trail(
        Activity.history.filter(id=activity.pk),
        ActivityMaterial.history.filter(activity_id=activity.pk),
    )
    return render(
        request,
        "activities/activity_detail.html",
        {
            "activity": activity,
            "schools": list(activity.schools.order_by("name")),
            "teachers": list(activity.teachers.select_related("school").order_by("name")),
            "photos": photos,
            "documents": others,
            "gaps": selectors.dossier_gaps(materials),
            "can_edit": can_edit_activity(user, activity),
            "can_review": can_review_activity(user, activity),
            "return_form": ReturnForm(),
            "upload_form": MaterialUploadForm(),
            "trail": trail,
            "crumbs": _crumbs(activity),
            "nav_section": "activities",
        },
    )


# --- create / edit -------------------------------------------------------------------------


def _form_page(request, *, form, title, activity=None, status=200) -> HttpResponse:
    return render(
        request,
        "activities/activity_form.html",
        {
            "form": form,
            "title": title,
            "activity": activity,
            "cancel_url": activity.get_absolute_url()
            if activity
            else reverse("activities:activity_list"),
            "crumbs": _crumbs(activity, title),
            "nav_section": "activities",
        },
        status=status,
    )


@login_required
def activity_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require(can_log_activity(user))
    initial = {}
    communities = communities_visible_to(user)
    if communities.count() == 1:
        initial["community"] = communities.first()
    if user.school_id:
        initial["host_school"] = user.school_id
    form = ActivityForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        activity = form.save(commit=False)
        if not can_edit_activity(user, activity):
            form.add_error(None, "您只能登记本校承办或本教共体的活动。")
        else:
            try:
                services.activity_create(
                    activity=activity,
                    schools=form.cleaned_data["schools"],
                    teachers=form.cleaned_data["teachers"],
                    actor=user,
                )
            except ValidationError as error:
                activity.pk = None
                activity._state.adding = True
                apply_errors(form, error)
            else:
                messages.success(
                    request, f"已登记活动「{activity.display_name}」，可继续上传材料。"
                )
                return redirect(activity)
    return _form_page(request, form=form, title="登记活动")


@login_required
def activity_update(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _get_activity(request, pk)
    user = request.user
    _require(can_edit_activity(user, activity))
    form = ActivityForm(request.POST or None, instance=activity, user=user)
    if request.method == "POST" and form.is_valid():
        edited = form.save(commit=False)
        if not can_edit_activity(user, edited):
            form.add_error(None, "您只能登记本校承办或本教共体的活动。")
        else:
            try:
                services.activity_update(
                    activity=edited,
                    schools=form.cleaned_data["schools"],
                    teachers=form.cleaned_data["teachers"],
                    actor=user,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, "已保存。")
                return redirect(edited)
    return _form_page(request, form=form, title="编辑活动", activity=activity)


# --- bureau review -------------------------------------------------------------------------


@login_required
@require_POST
def activity_verify(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _get_activity(request, pk)
    _require(can_review_activity(request.user, activity))
    try:
        services.activity_verify(activity=activity, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "已核实。")
    return redirect(activity)


@login_required
@require_POST
def activity_return(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _get_activity(request, pk)
    _require(can_review_activity(request.user, activity))
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, "退回时请写明原因。")
        return redirect(activity)
    try:
        services.activity_return(
            activity=activity, actor=request.user, comment=form.cleaned_data["comment"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "已退回，登记学校会在待办中看到。")
    return redirect(activity)


# --- materials -----------------------------------------------------------------------------


@login_required
@require_POST
def material_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Several files in one request. Each file is stored or refused on its own; the answer
    lists both (JSON for the progress-bar script, a redirect with messages otherwise)."""
    activity = _get_activity(request, pk)
    user = request.user
    _require(can_edit_activity(user, activity))
    form = MaterialUploadForm(request.POST, request.FILES)
    stored, refused = [], []
    if form.is_valid():
        for upload in form.cleaned_data["files"]:
            try:
                services.material_add(
                    activity=activity,
                    kind=form.cleaned_data["kind"],
                    upload=upload,
                    title=form.cleaned_data["title"],
                    actor=user,
                )
            except ValidationError as error:
                refused.append(" ".join(error.messages))
            else:
                stored.append(services.safe_file_name(upload.name))
    else:
        refused.extend(f"{form.fields[f].label}：{' '.join(e)}" for f, e in form.errors.items())
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    if wants_json:
        return JsonResponse(
            {"stored": stored, "refused": refused, "redirect": activity.get_absolute_url()},
            status=200 if stored or not refused else 400,
        )
    if stored:
        messages.success(request, f"已上传 {len(stored)} 个文件。")
    for message in refused:
        messages.error(request, message)
    return redirect(activity)


@login_required
@require_POST
def material_delete(request: HttpRequest, pk: int, material_pk: int) -> HttpResponse:
    activity = _get_activity(request, pk)
    _require(can_edit_activity(request.user, activity))
    material = scoping.get_from_or_404(activity.materials.all(), pk=material_pk)
    services.material_delete(material=material, actor=request.user)
    messages.success(request, "已删除材料。")
    return redirect(activity)


@login_required
@require_GET
def activity_dossier(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _get_activity(request, pk)
    content = dossier.render_dossier(activity)
    return pdf.response(content, filename=f"{dossier.file_name(activity)}.pdf")


@login_required
@require_POST
def dossier_zip(request: HttpRequest) -> HttpResponse:
    """Start the job that zips the dossiers of the list as filtered (the form posts the list's
    query string)."""
    query = request.POST.get("query", "")[:2000]
    job = jobs.job_create(
        kind=activity_jobs.KIND,
        title="活动档案打包",
        user=request.user,
        params={"query": query},
        background=True,
    )
    jobs.job_start(job)
    return redirect("core:job_detail", pk=job.pk)


# --- kinds ---------------------------------------------------------------------------------


@login_required
def kind_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    kinds = scoping.visible(user, ActivityKind)
    form = KindForm(request.POST or None)
    if request.method == "POST":
        _require(can_manage_kinds(user))
        if form.is_valid():
            try:
                services.kind_add(
                    district=user.district,
                    name=form.cleaned_data["name"],
                    rule_tag=form.cleaned_data["rule_tag"],
                    actor=user,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, "已添加活动类型。")
                return redirect("activities:kind_list")
    return render(
        request,
        "activities/kind_list.html",
        {
            "kinds": kinds,
            "form": form,
            "can_manage": can_manage_kinds(user),
            "crumbs": _crumbs(label="活动类型"),
            "nav_section": "activities",
        },
    )


# --- work schedule -------------------------------------------------------------------------


def _school_year(request) -> SchoolYear:
    try:
        return SchoolYear.parse(request.GET.get("school_year", ""))
    except ValueError:
        return SchoolYear.current()


@login_required
def schedule(request: HttpRequest, community_pk: int) -> HttpResponse:
    user = request.user
    community = scoping.get_from_or_404(communities_visible_to(user), pk=community_pk)
    year = _school_year(request)
    can_edit = can_edit_schedule(user, community)
    form = PlanItemForm(request.POST or None, user=user, community=community)
    if request.method == "POST":
        _require(can_edit)
        if form.is_valid():
            item = form.save(commit=False)
            item.community = community
            item.school_year = year.start
            try:
                services.plan_item_save(item=item, actor=user)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, "已添加工作安排。")
                return redirect(f"{request.path}?school_year={year.label}")
    return render(
        request,
        "activities/schedule.html",
        {
            "community": community,
            "school_year": year,
            "rows": selectors.schedule(
                community=community, school_year=year.start, today=timezone.localdate()
            ),
            "form": form,
            "can_edit": can_edit,
            "can_import": can_manage_kinds(user),
            "years": [SchoolYear(year.start + d) for d in (-1, 0, 1)],
            "crumbs": [
                ("教共体", reverse("communities:community_list")),
                (community.name, community.get_absolute_url()),
                ("工作安排", None),
            ],
            "nav_section": "activities",
        },
    )


@login_required
@require_POST
def plan_item_delete(request: HttpRequest, community_pk: int, item_pk: int) -> HttpResponse:
    user = request.user
    community = scoping.get_from_or_404(communities_visible_to(user), pk=community_pk)
    item = scoping.get_from_or_404(PlanItem.objects.filter(community=community), pk=item_pk)
    _require(can_edit_schedule(user, community))
    year = SchoolYear(item.school_year)
    services.plan_item_delete(item=item, actor=user)
    messages.success(request, "已删除。")
    return redirect(
        reverse("activities:schedule", kwargs={"community_pk": community.pk})
        + f"?school_year={year.label}"
    )
