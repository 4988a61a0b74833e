"""Pages of the resource library: the list, a resource's page, adding / editing / deleting a
resource, and the download (counted by the downloading school, then served through
``core.files``).

Entries are fetched through ``resources_visible_to`` (out of scope -> 404); what the user may
do comes from ``permissions`` (visible but not allowed -> 403); writes go through ``services``.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from core import audit, files, scoping
from core.forms import apply_errors
from core.tables import paginate

from ..visibility import activities_visible_to
from . import selectors, services
from .forms import ResourceForm
from .models import Resource
from .permissions import can_add_resource, can_edit_resource
from .tables import LIBRARY_TABLE
from .visibility import resources_visible_to


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _get_resource(request: HttpRequest, pk: int) -> Resource:
    queryset = resources_visible_to(request.user).select_related(
        "school", "community", "file", "material", "uploaded_by"
    )
    return scoping.get_from_or_404(queryset, pk=pk)


def _crumbs(resource: Resource | None = None, label: str | None = None) -> list:
    crumbs = [("资源共享", reverse("activities:library"))]
    if resource is None:
        return [*crumbs, (label, None)] if label else [("资源共享", None)]
    if label is None:
        return [*crumbs, (resource.title, None)]
    return [*crumbs, (resource.title, resource.get_absolute_url()), (label, None)]


@login_required
def library(request: HttpRequest) -> HttpResponse:
    user = request.user
    filterset = selectors.library_filterset(user=user, params=request.GET)
    page = paginate(
        selectors.library_queryset(user=user, params=request.GET, filterset=filterset),
        request,
        per_page=settings.JGT_PAGE_SIZE,
    )
    rows = list(page.object_list)
    activity_ids = {r.material.activity_id for r in rows if r.material_id}
    # Links to the activities of the page's materials the user may open (one query at most).
    linked = (
        set(activities_visible_to(user).filter(pk__in=activity_ids).values_list("pk", flat=True))
        if activity_ids
        else set()
    )
    return render(
        request,
        "activities/library/library.html",
        {
            "filter": filterset,
            "page_obj": page,
            "rows": rows,
            "linked_activities": linked,
            "headers": LIBRARY_TABLE.headers(request.GET),
            "can_add": can_add_resource(user),
            "crumbs": _crumbs(),
            "nav_section": "library",
        },
    )


@login_required
def resource_detail(request: HttpRequest, pk: int) -> HttpResponse:
    resource = _get_resource(request, pk)
    user = request.user
    activity = None
    if resource.material_id:
        activity = activities_visible_to(user).filter(pk=resource.material.activity_id).first()
    return render(
        request,
        "activities/library/resource_detail.html",
        {
            "resource": resource,
            "activity": activity,
            "downloads": selectors.downloads_by_school(resource),
            "can_edit": can_edit_resource(user, resource),
            "crumbs": _crumbs(resource),
            "nav_section": "library",
            **audit.recent_history(resource),
        },
    )


def _form_page(request, *, form, title, resource=None, status=200) -> HttpResponse:
    return render(
        request,
        "activities/library/resource_form.html",
        {
            "form": form,
            "title": title,
            "resource": resource,
            "cancel_url": resource.get_absolute_url()
            if resource
            else reverse("activities:library"),
            "crumbs": _crumbs(resource, title),
            "nav_section": "library",
        },
        status=status,
    )


@login_required
def resource_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require(can_add_resource(user))
    form = ResourceForm(request.POST or None, request.FILES or None, user=user)
    if request.method == "POST" and form.is_valid():
        resource = form.save(commit=False)
        try:
            services.resource_add(resource=resource, upload=form.cleaned_data["upload"], actor=user)
        except ValidationError as error:
            resource.pk = None
            resource._state.adding = True
            apply_errors(form, error)
        else:
            messages.success(request, f"已共享「{resource.title}」。")
            return redirect(resource)
    return _form_page(request, form=form, title="上传资源")


@login_required
def resource_update(request: HttpRequest, pk: int) -> HttpResponse:
    resource = _get_resource(request, pk)
    user = request.user
    _require(can_edit_resource(user, resource))
    form = ResourceForm(request.POST or None, request.FILES or None, instance=resource, user=user)
    if request.method == "POST" and form.is_valid():
        edited = form.save(commit=False)
        try:
            services.resource_update(
                resource=edited, upload=form.cleaned_data.get("upload") or None, actor=user
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "已保存。")
            return redirect(edited)
    return _form_page(request, form=form, title="编辑资源", resource=resource)


@login_required
@require_POST
def resource_delete(request: HttpRequest, pk: int) -> HttpResponse:
    resource = _get_resource(request, pk)
    _require(can_edit_resource(request.user, resource))
    services.resource_delete(resource=resource, actor=request.user)
    messages.success(request, f"已删除「{resource.title}」。")
    return redirect("activities:library")


@login_required
@require_GET
def resource_download(request: HttpRequest, pk: int) -> HttpResponse:
    """Serve the entry's file to whoever sees the entry; a user of a school counts one download
    for its school (bureau and community-office downloads are served, not counted)."""
    resource = _get_resource(request, pk)
    if resource.file is None:
        raise Http404("文件不存在。")
    answer = files.response(resource.file)
    if request.user.school_id:
        services.download_count(resource=resource, school=request.user.school)
    return answer
