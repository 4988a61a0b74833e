"""Pages of teacher exchanges (交流轮岗), 挂职 posts, 跟班听课 days and mentorships (师徒结对).

Every object is fetched through the user's visible rows (out of scope → 404, checked first);
what a role may do comes from ``exchanges.permissions`` (visible but not allowed → 403); writes
go through ``exchanges.services``, whose ValidationErrors are shown on the form.
"""

from __future__ import annotations

import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access import is_school_leader, require
from communities.models import Community
from core import scoping
from core.audit import audit_trail
from core.forms import apply_errors
from core.school_year import SchoolYear
from schools.models import School, Teacher
from spreadsheets.exports import XLSX_CONTENT_TYPE, attachment_header

from . import permissions, selectors, services
from .enums import StepAction
from .forms import (
    BulkHeadForm,
    ExchangeForm,
    FilingSheetForm,
    LessonDayFormSet,
    LessonHeadForm,
    MentorshipForm,
    PrincipalPostFormSet,
    StepForm,
)
from .models import Exchange, Mentorship
from .sheets.filing import filing_filename, write_filing_sheet

# --- helpers ---------------------------------------------------------------------------------


def _page(request: HttpRequest, queryset):
    return Paginator(queryset, settings.JGT_PAGE_SIZE).get_page(request.GET.get("page"))


def _crumbs(*tail) -> list:
    return [("交流轮岗", reverse("exchanges:exchange_list")), *tail]


def _district_schools(user):
    """Host schools offered: every school of the user's district (an exchange may cross
    communities), or every school for a platform operator."""
    schools = School.objects.select_related("parent").order_by("sort_key", "pk")
    if user.district_id is not None:
        schools = schools.filter(district_id=user.district_id)
    return schools


def _proposable_teachers(user):
    """Teachers the user may propose: a school leader its own staff, the bureau all visible."""
    teachers = scoping.visible(user, Teacher).order_by("school_key", "sort_key", "pk")
    if is_school_leader(user):
        return teachers.filter(Q(school_id=user.school_id) | Q(school__parent_id=user.school_id))
    return teachers


# --- exchanges -------------------------------------------------------------------------------


@login_required
def exchange_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    filterset = selectors.exchange_filter(user=user, params=request.GET)
    queryset = selectors.with_host_names(filterset.qs).prefetch_related(selectors.HOSTS_PREFETCH)
    return render(
        request,
        "exchanges/exchange_list.html",
        {
            "filter": filterset,
            "page_obj": _page(request, queryset),
            "can_create": permissions.can_create_exchange(user),
            "can_file_sheet": permissions.can_file_sheet(user),
            "crumbs": [("交流轮岗", None)],
            "nav_section": "exchanges",
        },
    )


@login_required
def exchange_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    require(permissions.can_create_exchange(user) and user.district_id is not None)
    form = ExchangeForm(
        request.POST or None,
        teachers=_proposable_teachers(user),
        schools=_district_schools(user),
        initial={"teacher": request.GET.get("teacher")} if request.GET.get("teacher") else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            exchange = services.exchange_create(
                actor=user,
                teacher=data["teacher"],
                host_schools=list(data["hosts"]),
                **{name: data[name] for name in services.EDITABLE_FIELDS},
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已创建{exchange.teacher.name}的交流草稿。")
            return redirect(exchange)
    return render(
        request,
        "exchanges/exchange_form.html",
        {
            "form": form,
            "title": "新建交流",
            "cancel_url": reverse("exchanges:exchange_list"),
            "crumbs": _crumbs(("新建交流", None)),
            "nav_section": "exchanges",
        },
    )


@login_required
def exchange_update(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    exchange = selectors.exchange_detail(user=user, pk=pk)
    require(permissions.can_edit_exchange(user, exchange))
    form = ExchangeForm(
        request.POST or None,
        instance=exchange,
        teachers=_proposable_teachers(user),
        schools=_district_schools(user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.exchange_update(
                actor=user,
                exchange=exchange,
                host_schools=list(data["hosts"]),
                **{name: data[name] for name in services.EDITABLE_FIELDS},
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "已保存。")
            return redirect(exchange)
    return render(
        request,
        "exchanges/exchange_form.html",
        {
            "form": form,
            "exchange": exchange,
            "title": f"编辑交流 · {exchange.teacher.name}",
            "cancel_url": exchange.get_absolute_url(),
            "crumbs": _crumbs((exchange.teacher.name, exchange.get_absolute_url()), ("编辑", None)),
            "nav_section": "exchanges",
        },
    )


@login_required
def exchange_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    exchange = selectors.exchange_detail(user=user, pk=pk)
    actions = [
        {
            "action": action,
            "label": StepAction(action).label,
            "form": StepForm(action=action, initial={"version": exchange.version}),
        }
        for action in permissions.available_actions(user, exchange)
    ]
    return render(
        request,
        "exchanges/exchange_detail.html",
        {
            "exchange": exchange,
            "hosts": [link.school for link in exchange.host_links.all()],
            "steps": selectors.exchange_steps(exchange),
            "actions": actions,
            "can_edit": permissions.can_edit_exchange(user, exchange),
            "teacher_visible": scoping.visible(user, Teacher)
            .filter(pk=exchange.teacher_id)
            .exists(),
            "trail": audit_trail(Exchange.history.filter(id=exchange.pk)),
            "crumbs": _crumbs((exchange.teacher.name, None)),
            "nav_section": "exchanges",
        },
    )


@login_required
@require_POST
def exchange_step(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = request.user
    exchange = selectors.exchange_detail(user=user, pk=pk)
    if action not in services.STEP_SERVICES:
        raise Http404("未知的操作。")
    # The role first (403), whatever the form holds; the service checks it again.
    require(permissions.role_allows(user, exchange, action))
    form = StepForm(request.POST, action=action)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}：{'；'.join(errors)}" if label else "；".join(errors))
        return redirect(exchange)
    exchange.version = form.cleaned_data["version"]
    extra = {}
    if action == StepAction.ASSESS:
        extra["result"] = form.cleaned_data["result"]
    try:
        services.STEP_SERVICES[action](
            actor=user, exchange=exchange, comment=form.cleaned_data["comment"], **extra
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"「{StepAction(action).label}」已完成。")
    return redirect(exchange)


@login_required
def filing_sheet(request: HttpRequest) -> HttpResponse:
    """The 备案 sheet of a community and school year (.xlsx), in the form a bureau files it."""
    user = request.user
    require(permissions.can_file_sheet(user))
    communities = scoping.visible(user, Community).order_by("sort_key", "pk")
    form = FilingSheetForm(request.GET or None, communities=communities)
    if request.GET and form.is_valid():
        community = form.cleaned_data["community"]
        school_year = form.cleaned_data["school_year"]
        rows = selectors.filing_rows(user=user, community=community, school_year=school_year)
        buffer = io.BytesIO()
        write_filing_sheet(community=community, school_year=school_year, rows=rows, target=buffer)
        buffer.seek(0)
        response = FileResponse(buffer, content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = attachment_header(
            filing_filename(community, school_year),
            f"filing-{school_year.label}.xlsx",
        )
        return response
    return render(
        request,
        "exchanges/filing_form.html",
        {
            "form": form,
            "crumbs": _crumbs(("备案表", None)),
            "nav_section": "exchanges",
        },
    )


@login_required
def teacher_record(request: HttpRequest, pk: int) -> HttpResponse:
    """A teacher's exchange record, print-ready (职称评审 材料)."""
    user = request.user
    teacher = scoping.get_from_or_404(
        scoping.visible(user, Teacher).select_related("school"), pk=pk
    )
    return render(
        request,
        "exchanges/teacher_record.html",
        {
            "teacher": teacher,
            "printed_on": timezone.localdate(),
            **selectors.teacher_record(teacher, user=user),
            "crumbs": [
                ("教师", reverse("schools:teacher_list")),
                (teacher.name, teacher.get_absolute_url()),
                ("交流与结对记录", None),
            ],
            "nav_section": "teachers",
        },
    )


# --- 挂职 and 跟班听课 -------------------------------------------------------------------------


@login_required
def principal_post_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    filterset = selectors.principal_post_filter(user=user, params=request.GET)
    return render(
        request,
        "exchanges/post_list.html",
        {
            "filter": filterset,
            "page_obj": _page(request, filterset.qs),
            "can_record": permissions.can_record(user),
            "crumbs": _crumbs(("挂职记录", None)),
            "nav_section": "exchanges",
        },
    )


@login_required
def principal_post_bulk(request: HttpRequest) -> HttpResponse:
    user = request.user
    require(permissions.can_record(user) and user.district_id is not None)
    row_kwargs = {
        "teachers": scoping.visible(user, Teacher)
        .select_related("school")
        .order_by("school_key", "sort_key", "pk"),
        "schools": _district_schools(user),
    }
    head = BulkHeadForm(request.POST or None, prefix="head")
    formset = PrincipalPostFormSet(request.POST or None, prefix="rows", row_kwargs=row_kwargs)
    saved = _save_bulk(
        request,
        head,
        formset,
        lambda data: services.principal_post_create(
            actor=user,
            school_year=head.cleaned_data["school_year"],
            semester=head.cleaned_data["semester"],
            **data,
        ),
    )
    if saved is not None:
        messages.success(request, f"已登记 {saved} 条挂职记录。")
        return redirect("exchanges:principal_post_list")
    return render(
        request,
        "exchanges/bulk_form.html",
        {
            "title": "批量登记挂职",
            "intro": "同一学期的多条挂职记录一次填写；空行会被忽略，任何一行有误则全部不保存。",
            "head": head,
            "formset": formset,
            "cancel_url": reverse("exchanges:principal_post_list"),
            "crumbs": _crumbs(
                ("挂职记录", reverse("exchanges:principal_post_list")), ("批量登记", None)
            ),
            "nav_section": "exchanges",
        },
    )


def _save_bulk(request: HttpRequest, head: Form, formset, create) -> int | None:
    """On a valid POST of a bulk-entry page, create one record per filled row (all or nothing)
    and return how many; None when nothing was saved (the forms then carry the errors)."""
    if request.method != "POST" or not (head.is_valid() and formset.is_valid()):
        return None
    rows = [f for f in formset.forms if f.has_changed() and f.cleaned_data]
    if not rows:
        formset._non_form_errors = formset.error_class(["请至少填写一行。"])
        return None
    return _save_rows(rows, create)


def _save_rows(forms, create) -> int | None:
    """Create one record per filled row, all or nothing; errors go on their row's form."""
    failed = False
    try:
        with transaction.atomic():
            for form in forms:
                try:
                    create(dict(form.cleaned_data))
                except ValidationError as exc:
                    apply_errors(form, exc)
                    failed = True
            if failed:
                raise ValidationError("rollback")
    except ValidationError:
        return None
    return len(forms)


@login_required
def lesson_day_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    filterset = selectors.lesson_day_filter(user=user, params=request.GET)
    return render(
        request,
        "exchanges/lesson_day_list.html",
        {
            "filter": filterset,
            "page_obj": _page(request, filterset.qs),
            "can_record": permissions.can_record(user),
            "crumbs": _crumbs(("跟班听课", None)),
            "nav_section": "exchanges",
        },
    )


@login_required
def lesson_day_bulk(request: HttpRequest) -> HttpResponse:
    user = request.user
    require(permissions.can_record(user) and user.district_id is not None)
    head = LessonHeadForm(request.POST or None, prefix="head", schools=_district_schools(user))
    row_kwargs = {
        "teachers": scoping.visible(user, Teacher)
        .select_related("school")
        .order_by("school_key", "sort_key", "pk"),
    }
    formset = LessonDayFormSet(request.POST or None, prefix="rows", row_kwargs=row_kwargs)
    saved = _save_bulk(
        request,
        head,
        formset,
        lambda data: services.lesson_day_create(
            actor=user,
            core_school=head.cleaned_data["core_school"],
            month=head.cleaned_data["month"],
            **data,
        ),
    )
    if saved is not None:
        messages.success(request, f"已登记 {saved} 条跟班听课记录。")
        return redirect("exchanges:lesson_day_list")
    return render(
        request,
        "exchanges/bulk_form.html",
        {
            "title": "批量登记跟班听课",
            "intro": "选择核心校和月份，再逐行填写成员校教师及其听课天数；空行会被忽略，任何一行有误则全部不保存。",
            "head": head,
            "formset": formset,
            "cancel_url": reverse("exchanges:lesson_day_list"),
            "crumbs": _crumbs(
                ("跟班听课", reverse("exchanges:lesson_day_list")), ("批量登记", None)
            ),
            "nav_section": "exchanges",
        },
    )


# --- mentorships -----------------------------------------------------------------------------


def _mentorship_crumbs(*tail) -> list:
    return [("师徒结对", reverse("exchanges:mentorship_list")), *tail]


@login_required
def mentorship_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    filterset = selectors.mentorship_filter(user=user, params=request.GET)
    return render(
        request,
        "exchanges/mentorship_list.html",
        {
            "filter": filterset,
            "page_obj": _page(request, filterset.qs),
            "can_record": permissions.can_record(user),
            "communities": scoping.visible(user, Community).order_by("sort_key", "pk"),
            "crumbs": [("师徒结对", None)],
            "nav_section": "mentorships",
        },
    )


@login_required
def mentorship_community(request: HttpRequest, pk: int) -> HttpResponse:
    """A community's pairings of a school year and its backbone teachers with no apprentice."""
    user = request.user
    community = scoping.get_visible_or_404(user, Community, pk=pk)
    try:
        school_year = SchoolYear.parse(request.GET.get("school_year", ""))
    except ValueError:
        school_year = SchoolYear.current()
    pairings = selectors.community_mentorships(
        user=user, community=community, school_year=school_year
    )
    without = list(
        selectors.backbones_without_apprentice(
            user=user, school_year=school_year, community=community
        )
    )
    return render(
        request,
        "exchanges/mentorship_community.html",
        {
            "community": community,
            "school_year": school_year,
            "years": [school_year.previous(), school_year, school_year.next()],
            "pairings": pairings,
            "without": without,
            "crumbs": _mentorship_crumbs((community.name, None)),
            "nav_section": "mentorships",
        },
    )


@login_required
def mentorship_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    require(permissions.can_record(user) and user.district_id is not None)
    teachers = scoping.visible(user, Teacher).order_by("school_key", "sort_key", "pk")
    form = MentorshipForm(request.POST or None, teachers=teachers)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        mentor, apprentice = data.pop("mentor"), data.pop("apprentice")
        try:
            pairing = services.mentorship_create(
                actor=user, mentor=mentor, apprentice=apprentice, **data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "已登记师徒结对。")
            return redirect(pairing)
    return render(
        request,
        "exchanges/simple_form.html",
        {
            "form": form,
            "title": "新建师徒结对",
            "cancel_url": reverse("exchanges:mentorship_list"),
            "crumbs": _mentorship_crumbs(("新建", None)),
            "nav_section": "mentorships",
        },
    )


@login_required
def mentorship_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    pairing = scoping.get_from_or_404(
        scoping.visible(user, Mentorship).select_related(
            "mentor", "apprentice", "mentor_school", "apprentice_school"
        ),
        pk=pk,
    )
    return render(
        request,
        "exchanges/mentorship_detail.html",
        {
            "pairing": pairing,
            "can_edit": permissions.can_edit_mentorship(user, pairing),
            "trail": audit_trail(Mentorship.history.filter(id=pairing.pk)),
            "crumbs": _mentorship_crumbs((str(pairing), None)),
            "nav_section": "mentorships",
        },
    )


@login_required
def mentorship_update(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    pairing = scoping.get_from_or_404(
        scoping.visible(user, Mentorship).select_related("mentor_school", "apprentice_school"),
        pk=pk,
    )
    require(permissions.can_edit_mentorship(user, pairing))
    form = MentorshipForm(request.POST or None, instance=pairing, teachers=Teacher.objects.none())
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("mentor", "apprentice")}
        try:
            services.mentorship_update(actor=user, mentorship=pairing, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "已保存。")
            return redirect(pairing)
    return render(
        request,
        "exchanges/simple_form.html",
        {
            "form": form,
            "title": f"编辑师徒结对 · {pairing}",
            "cancel_url": pairing.get_absolute_url(),
            "crumbs": _mentorship_crumbs(
                (str(pairing), pairing.get_absolute_url()), ("编辑", None)
            ),
            "nav_section": "mentorships",
        },
    )
