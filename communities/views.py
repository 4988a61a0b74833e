"""Community pages: list, detail, create/edit, memberships, positions and work groups.

Every object is fetched through the user's visible communities, and a row of a community
through that community (out of scope -> 404, checked first); write rights come from
accounts.access predicates (visible but not allowed -> 403); writes go through
communities.services, whose ValidationErrors are shown on the form fields.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts import access
from core import scoping
from core.audit import recent_history
from core.forms import apply_errors
from core.tables import paginate
from schools.models import School, Teacher

from . import selectors, services, visibility
from .enums import MemberRole
from .forms import (
    CommunityCreateForm,
    CommunityForm,
    CoreReplaceForm,
    MembershipAddForm,
    MembershipEndForm,
    PositionEndForm,
    PositionForm,
    WorkGroupForm,
)
from .models import Community, Membership, Position, WorkGroup
from .tables import COMMUNITY_TABLE

# --- helpers ---------------------------------------------------------------------------------


def _get_community(request: HttpRequest, pk: int) -> Community:
    return scoping.get_from_or_404(visibility.communities_visible_to(request.user), pk=pk)


def _eligible_schools(user) -> QuerySet[School]:
    """Top-level schools of the user's district that are in no community now."""
    visible = visibility.schools_visible_to(user).top_level()
    return selectors.schools_without_community(visible).order_by("sort_key", "pk")


def _community_teachers(community: Community, also: Iterable[int | None] = ()) -> QuerySet[Teacher]:
    """Teachers of the community's schools now (plus those already chosen, when editing)."""
    in_community = Q(school_id__in=visibility.community_school_ids(community))
    also = [pk for pk in also if pk]
    if also:
        in_community |= Q(pk__in=also)
    return Teacher.objects.filter(school__district_id=community.district_id).filter(in_community)


def _crumbs(community: Community, label: str | None = None) -> list:
    crumbs = [("教共体", reverse("communities:community_list"))]
    if label is None:
        return [*crumbs, (community.name, None)]
    return [*crumbs, (community.name, community.get_absolute_url()), (label, None)]


def _form_page(
    request: HttpRequest,
    *,
    community: Community | None,
    title: str,
    form: Form,
    crumbs: list,
    submit: str = "保存",
    cancel_url: str | None = None,
    intro: str = "",
    multipart: bool = False,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "communities/form.html",
        {
            "community": community,
            "title": title,
            "form": form,
            "crumbs": crumbs,
            "submit_label": submit,
            "intro": intro,
            "multipart": multipart,
            "cancel_url": cancel_url
            or (
                community.get_absolute_url() if community else reverse("communities:community_list")
            ),
            "nav_section": "communities",
        },
        status=status,
    )


# --- list and detail -------------------------------------------------------------------------


@login_required
def community_list(request: HttpRequest) -> HttpResponse:
    filterset = selectors.community_filterset(user=request.user, params=request.GET)
    page = paginate(filterset.qs, request, per_page=settings.JGT_PAGE_SIZE)
    return render(
        request,
        "communities/community_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "communities": page.object_list,
            "rows": selectors.community_list_rows(page.object_list),
            "headers": COMMUNITY_TABLE.headers(request.GET),
            "can_manage_rosters": access.can_manage_rosters(request.user),
            "crumbs": [("教共体", None)],
            "nav_section": "communities",
        },
    )


WORK_GROUP_NAMES_SHOWN = 12
MEMBERSHIP_CHANGES_SHOWN = 10


@login_required
def community_detail(request: HttpRequest, pk: int) -> HttpResponse:
    community = _get_community(request, pk)
    user = request.user
    current = selectors.current_memberships(community)
    member_count = sum(1 for m in current if m.role == MemberRole.MEMBER)
    positions = list(
        community.positions.select_related("teacher", "teacher__school", "school").order_by(
            "title", "-start_on", "id"
        )
    )
    # The newest changes; the whole record is the community's history page (core.audit).
    history = list(
        community.memberships.select_related("school").order_by("-start_on", "-id")[
            : MEMBERSHIP_CHANGES_SHOWN + 1
        ]
    )
    # A group of 346 teachers is a name count and the first names, not a page of names (the
    # full list is on the group's form): the count is annotated, the prefetch reads the first
    # names of each group only (a window function).
    groups = list(
        community.work_groups.select_related("leader")
        .annotate(member_total=Count("members"))
        .prefetch_related(
            Prefetch(
                "members",
                queryset=Teacher.objects.only("id", "name", "sort_key").order_by("sort_key", "pk")[
                    :WORK_GROUP_NAMES_SHOWN
                ],
                to_attr="first_members",
            )
        )
    )
    for group in groups:
        group.member_names = [t.name for t in group.first_members]
    return render(
        request,
        "communities/community_detail.html",
        {
            "community": community,
            "core": next((m for m in current if m.role == MemberRole.CORE), None),
            "members": [m for m in current if m.role == MemberRole.MEMBER],
            # current_memberships lists the core school first.
            "member_rows": current,
            "member_count": member_count,
            "over_limit": community.is_over_limit(member_count),
            "current_positions": [p for p in positions if p.end_on is None],
            "past_positions": [p for p in positions if p.end_on is not None],
            "groups": groups,
            "membership_history": history[:MEMBERSHIP_CHANGES_SHOWN],
            "more_membership_history": len(history) > MEMBERSHIP_CHANGES_SHOWN,
            "full_history_url": reverse(
                "history", args=[community._meta.label_lower, community.pk]
            ),
            **recent_history(community),
            "can_manage_rosters": access.can_manage_rosters(user),
            "can_manage_governance": access.can_manage_governance(user, community),
            "crumbs": _crumbs(community),
            "nav_section": "communities",
        },
    )


@login_required
def community_panels(request: HttpRequest, pk: int) -> HttpResponse:
    """The community page's deferred panels (``core.panels``: the year's rule checks, the
    governance figures): a page of its own, or with ``?partial=1`` the panels alone, which the
    community page loads into its placeholder."""
    community = _get_community(request, pk)
    partial = request.GET.get("partial") == "1"
    return render(
        request,
        "communities/community_panels.html",
        {
            "community": community,
            "partial": partial,
            "base_template": "core/_partial.html" if partial else "base.html",
            "crumbs": _crumbs(community, "统计"),
            "nav_section": "communities",
        },
    )


# --- community create / edit -----------------------------------------------------------------


@login_required
def community_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    access.require(access.can_manage_rosters(user) and user.district_id is not None)
    form = CommunityCreateForm(
        request.POST or None,
        instance=Community(district=user.district),
        schools=visibility.schools_visible_to(user),
        offered=_eligible_schools(user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            community = services.community_create(
                community=form.instance,
                core_school=form.cleaned_data["core_school"],
                start_on=form.cleaned_data["start_on"],
                actor=user,
            )
        except ValidationError as e:
            form.instance.pk = None  # the transaction rolled the row back
            form.instance._state.adding = True
            apply_errors(form, e, rename={"school": "core_school"})
        else:
            messages.success(request, f"已创建教共体「{community.name}」。")
            return redirect(community)
    return _form_page(
        request,
        community=None,
        title="新建教共体",
        form=form,
        crumbs=[("教共体", reverse("communities:community_list")), ("新建", None)],
        submit="创建",
    )


@login_required
def community_update(request: HttpRequest, pk: int) -> HttpResponse:
    community = _get_community(request, pk)
    access.require(access.can_manage_rosters(request.user))
    crumbs = _crumbs(community, "编辑")
    # The form edits its own copy, so the page title keeps the saved name when input is invalid.
    editable = Community.objects.get(pk=community.pk)
    form = CommunityForm(request.POST or None, request.FILES or None, instance=editable)
    if request.method == "POST" and form.is_valid():
        try:
            services.community_update(
                community=form.instance,
                charter=form.cleaned_data["charter"],
                actor=request.user,
                expected_version=form.expected_version,
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, "已保存教共体信息。")
            return redirect(community)
    return _form_page(
        request, community=community, title="编辑教共体", form=form, crumbs=crumbs, multipart=True
    )


# --- memberships -----------------------------------------------------------------------------


@login_required
def membership_add(request: HttpRequest, pk: int) -> HttpResponse:
    community = _get_community(request, pk)
    access.require(access.can_manage_rosters(request.user))
    form = MembershipAddForm(
        request.POST or None,
        schools=visibility.schools_visible_to(request.user),
        offered=_eligible_schools(request.user),
        has_core=services.current_core(community) is not None,
    )
    if request.method == "POST" and form.is_valid():
        question = services.stage_mismatch(community, form.cleaned_data["school"])
        if question and not form.cleaned_data["confirm_stage"]:
            form.ask_stage_confirmation(question)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membership = services.membership_add(
                community=community,
                school=data["school"],
                role=form.member_role,
                start_on=data["start_on"],
                note=data["note"],
                actor=request.user,
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            text = f"「{membership.school.name}」已于 {membership.start_on:%Y-%m-%d} 加入。"
            limit = community.member_limit
            count = community.memberships.current().filter(role=MemberRole.MEMBER).count()
            if community.is_over_limit(count):
                messages.warning(request, f"{text}成员校已有 {count} 所，超过上限 {limit} 所。")
            else:
                messages.success(request, text)
            return redirect(community)
    return _form_page(
        request,
        community=community,
        title="添加成员校",
        form=form,
        crumbs=_crumbs(community, "添加成员校"),
        submit="添加",
    )


@login_required
def membership_end(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    community = _get_community(request, pk)
    membership = scoping.get_from_or_404(
        community.memberships.select_related("school"), pk=membership_pk
    )
    access.require(access.can_manage_rosters(request.user))
    form = MembershipEndForm(request.POST or None, versioned=membership)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_end(
                membership=membership,
                end_on=form.cleaned_data["end_on"],
                note=form.cleaned_data["note"],
                actor=request.user,
                expected_version=form.expected_version,
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(
                request,
                f"「{membership.school.name}」已于 {membership.end_on:%Y-%m-%d} 退出，记录已保留。",
            )
            return redirect(community)
    intro = (
        f"「{membership.school.name}」（{membership.get_role_display()}）自 "
        f"{membership.start_on:%Y-%m-%d} 加入。退出后该记录保留在成员变动记录中。"
    )
    return _form_page(
        request,
        community=community,
        title="成员校退出",
        form=form,
        crumbs=_crumbs(community, "成员校退出"),
        submit="确认退出",
        intro=intro,
    )


@login_required
def core_replace(request: HttpRequest, pk: int) -> HttpResponse:
    community = _get_community(request, pk)
    access.require(access.can_manage_rosters(request.user))
    visible = visibility.schools_visible_to(request.user)
    own_members = (
        Membership.objects.current()
        .filter(community=community, role=MemberRole.MEMBER)
        .values("school_id")
    )
    offered = (
        visible.top_level()
        .filter(Q(pk__in=own_members) | ~Q(pk__in=selectors.enrolled_school_ids()))
        .order_by("sort_key", "pk")
    )
    form = CoreReplaceForm(
        request.POST or None, schools=visible, offered=offered, community=community
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            new_core = services.core_replace(
                community=community,
                school=data["school"],
                on=data["start_on"],
                keep_old_as_member=data["keep_old_as_member"],
                actor=request.user,
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(
                request,
                f"核心校已于 {new_core.start_on:%Y-%m-%d} 更换为「{new_core.school.name}」。",
            )
            return redirect(community)
    core = services.current_core(community)
    intro = f"现核心校：「{core.school.name}」。" if core else "本教共体目前没有核心校。"
    return _form_page(
        request,
        community=community,
        title="更换核心校",
        form=form,
        crumbs=_crumbs(community, "更换核心校"),
        submit="确认更换",
        intro=intro,
    )


# --- positions -------------------------------------------------------------------------------


def _position_form(request: HttpRequest, community: Community, position: Position) -> PositionForm:
    schools = School.objects.filter(district_id=community.district_id).filter(
        Q(pk__in=visibility.community_school_ids(community)) | Q(pk=position.school_id)
    )
    return PositionForm(
        request.POST or None,
        instance=position,
        teachers=_community_teachers(community, also=[position.teacher_id]),
        schools=schools,
    )


def _save_position(
    request: HttpRequest, community: Community, position: Position, title: str, success: str
) -> HttpResponse:
    form = _position_form(request, community, position)
    if request.method == "POST" and form.is_valid():
        try:
            services.position_save(
                position=form.instance, actor=request.user, expected_version=form.expected_version
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, success)
            return redirect(community)
    return _form_page(
        request, community=community, title=title, form=form, crumbs=_crumbs(community, title)
    )


@login_required
def position_add(request: HttpRequest, pk: int) -> HttpResponse:
    community = _get_community(request, pk)
    access.require(access.can_manage_governance(request.user, community))
    return _save_position(
        request, community, Position(community=community), "添加职务", "已添加职务。"
    )


@login_required
def position_update(request: HttpRequest, pk: int, position_pk: int) -> HttpResponse:
    community = _get_community(request, pk)
    position = scoping.get_from_or_404(community.positions.all(), pk=position_pk)
    access.require(access.can_manage_governance(request.user, community))
    return _save_position(request, community, position, "编辑职务", "已保存职务。")


@login_required
def position_end(request: HttpRequest, pk: int, position_pk: int) -> HttpResponse:
    community = _get_community(request, pk)
    position = scoping.get_from_or_404(
        community.positions.select_related("teacher"), pk=position_pk
    )
    access.require(access.can_manage_governance(request.user, community))
    form = PositionEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.position_end(
                position=position, end_on=form.cleaned_data["end_on"], actor=request.user
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, f"{position} 已离任，记录已保留。")
            return redirect(community)
    intro = f"{position}，自 {position.start_on:%Y-%m-%d} 任职。"
    return _form_page(
        request,
        community=community,
        title="职务离任",
        form=form,
        crumbs=_crumbs(community, "职务离任"),
        submit="确认离任",
        intro=intro,
    )


# --- work groups -----------------------------------------------------------------------------


def _save_workgroup(
    request: HttpRequest, community: Community, group: WorkGroup, title: str, success: str
) -> HttpResponse:
    chosen = list(group.members.values_list("pk", flat=True)) if group.pk else []
    teachers = _community_teachers(community, also=[group.leader_id, *chosen])
    form = WorkGroupForm(request.POST or None, instance=group, teachers=teachers)
    if request.method == "POST" and form.is_valid():
        try:
            services.workgroup_save(
                group=form.instance, members=form.cleaned_data["members"], actor=request.user
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, success)
            return redirect(community)
    return _form_page(
        request, community=community, title=title, form=form, crumbs=_crumbs(community, title)
    )


@login_required
def workgroup_add(request: HttpRequest, pk: int) -> HttpResponse:
    community = _get_community(request, pk)
    access.require(access.can_manage_governance(request.user, community))
    return _save_workgroup(
        request, community, WorkGroup(community=community), "添加工作小组", "已添加工作小组。"
    )


@login_required
def workgroup_update(request: HttpRequest, pk: int, group_pk: int) -> HttpResponse:
    community = _get_community(request, pk)
    group = scoping.get_from_or_404(community.work_groups.all(), pk=group_pk)
    access.require(access.can_manage_governance(request.user, community))
    return _save_workgroup(request, community, group, "编辑工作小组", "已保存工作小组。")


@login_required
@require_POST
def workgroup_delete(request: HttpRequest, pk: int, group_pk: int) -> HttpResponse:
    community = _get_community(request, pk)
    group = scoping.get_from_or_404(community.work_groups.all(), pk=group_pk)
    access.require(access.can_manage_governance(request.user, community))
    name = group.name
    services.workgroup_delete(group=group, actor=request.user)
    messages.success(request, f"已删除工作小组「{name}」。")
    return redirect(community)
