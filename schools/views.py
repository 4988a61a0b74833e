"""Pages of the registry: school and teacher lists, details, forms and teacher moves."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts import access
from core import pdf, scoping
from core.audit import recent_history
from core.panels import render_panels
from core.school_year import SchoolYear
from core.tables import paginate
from core.text import to_halfwidth

from . import selectors, services
from .archive import PAGE as ARCHIVE_PAGE
from .archive import ArchiveYear, years_on_record
from .forms import SchoolForm, TeacherForm, TeacherMoveForm
from .models import School, Teacher
from .placement import NO_COMMUNITY, placement
from .tables import SCHOOL_TABLE, TEACHER_TABLE


def _save_or_errors(form, save) -> bool:
    """Run a service; map its ValidationError back onto the form's fields."""
    try:
        save()
    except ValidationError as exc:
        form.add_error(None, exc)
        return False
    return True


# --- schools ---------------------------------------------------------------------------------


@login_required
def school_list(request: HttpRequest) -> HttpResponse:
    filterset = selectors.school_filter(user=request.user, params=request.GET)
    page = paginate(
        filterset.qs,
        request,
        per_page=settings.JGT_PAGE_SIZE,
        fill=selectors.school_rows,
    )
    grouped = SCHOOL_TABLE.is_default(request.GET)
    return render(
        request,
        "schools/school_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "headers": SCHOOL_TABLE.headers(request.GET),
            # The default order groups village schools and teaching points under their
            # central school: the page indents them.
            "grouped": grouped,
            "rows": selectors.school_list_rows(page.object_list, grouped=grouped),
            "can_create": access.can_manage_rosters(request.user)
            and request.user.district_id is not None,
            "nav_section": "schools",
            "crumbs": [("学校", None)],
        },
    )


@login_required
def school_detail(request: HttpRequest, pk: int) -> HttpResponse:
    school = scoping.get_from_or_404(
        scoping.visible(request.user, School).select_related("district", "parent"), pk=pk
    )
    via_parent = bool(school.parent_id)
    visible_teachers = (
        scoping.visible(request.user, Teacher).filter(school=school).with_rotation_eligibility()
    )
    return render(
        request,
        "schools/school_detail.html",
        {
            "school": school,
            "children": scoping.visible(request.user, School)
            .filter(parent=school)
            .order_by("sort_key", "pk"),
            **placement().of_school(request.user, school),
            "via_parent": via_parent,
            "teachers": visible_teachers.order_by("sort_key", "pk"),
            "can_see_teachers": access.can_see_teachers_of(request.user, school),
            **recent_history(school),
            "can_edit": access.can_edit_school(request.user, school),
            "can_add_teacher": access.can_edit_teachers_of(request.user, school),
            "nav_section": "schools",
            "crumbs": [("学校", reverse("schools:school_list")), (school.name, None)],
        },
    )


def _archive(request: HttpRequest, pk: int) -> tuple[ArchiveYear, list[SchoolYear]]:
    """The visible school (404 otherwise) and the school year of ``?year=`` — the current one
    when absent or not a school year — with the years the chooser offers."""
    school = scoping.get_from_or_404(
        scoping.visible(request.user, School).select_related("district"), pk=pk
    )
    try:
        school_year = SchoolYear.parse(request.GET.get("year", "")[:20])
    except ValueError:
        school_year = SchoolYear.current()
    years = years_on_record(request.user, school)
    if school_year not in years:
        years = sorted([*years, school_year], key=lambda year: year.start, reverse=True)
    return ArchiveYear(school, school_year), years


@login_required
def school_archive(request: HttpRequest, pk: int) -> HttpResponse:
    """The school's growth archive (成长档案) for a school year: the sections other apps add."""
    archive, years = _archive(request, pk)
    school = archive.school
    return render(
        request,
        "schools/school_archive.html",
        {
            "school": school,
            "archive": archive,
            "years": years,
            "panels": render_panels(ARCHIVE_PAGE, request, archive),
            "nav_section": "schools",
            "crumbs": [
                ("学校", reverse("schools:school_list")),
                (school.name, school.get_absolute_url()),
                ("成长档案", None),
            ],
        },
    )


@login_required
@require_GET
def school_archive_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The same sections as the page, printed (each panel template with ``pdf`` set)."""
    archive, _years = _archive(request, pk)
    title = f"{archive.school.name} 成长档案（{archive.school_year.label}学年）"
    content = pdf.render(
        "schools/pdf/growth_archive.html",
        {
            "title": title,
            "archive": archive,
            "panels": render_panels(ARCHIVE_PAGE, request, archive, pdf=True),
            "printed_on": timezone.localdate(),
        },
    )
    return pdf.response(
        content, filename=f"{archive.school.name}_成长档案_{archive.school_year.label}.pdf"
    )


def _parent_choices(user):
    return (
        scoping.visible(user, School)
        .filter(district_id=user.district_id)
        .order_by("sort_key", "pk")
    )


@login_required
def school_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    access.require(access.can_manage_rosters(user) and user.district_id is not None)
    school = School(district_id=user.district_id)
    form = SchoolForm(request.POST or None, instance=school, parent_choices=_parent_choices(user))
    if request.method == "POST" and form.is_valid():
        if _save_or_errors(form, lambda: services.school_save(school=form.instance, actor=user)):
            messages.success(request, f"已新建学校「{form.instance.name}」。")
            return redirect(form.instance)
    return render(
        request,
        "schools/school_form.html",
        {
            "form": form,
            "title": "新建学校",
            "cancel_url": reverse("schools:school_list"),
            "nav_section": "schools",
            "crumbs": [("学校", reverse("schools:school_list")), ("新建学校", None)],
        },
    )


@login_required
def school_update(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    school = scoping.get_visible_or_404(user, School, pk=pk)
    access.require(access.can_edit_school(user, school))
    name, url = school.name, school.get_absolute_url()  # the form may change the instance
    can_set_parent = access.can_manage_rosters(user)
    parent_choices = (
        scoping.visible(user, School)
        .filter(district_id=school.district_id)
        .order_by("sort_key", "pk")
        if can_set_parent
        else School.objects.filter(pk=school.parent_id)
    )
    form = SchoolForm(
        request.POST or None,
        instance=school,
        parent_choices=parent_choices,
        can_set_parent=can_set_parent,
        can_edit_identity=access.can_manage_rosters(user),
    )
    if request.method == "POST" and form.is_valid():
        if _save_or_errors(
            form,
            lambda: services.school_save(
                school=form.instance, actor=user, expected_version=form.expected_version
            ),
        ):
            messages.success(request, f"已保存学校「{form.instance.name}」。")
            return redirect(form.instance)
    return render(
        request,
        "schools/school_form.html",
        {
            "form": form,
            "title": f"编辑学校：{name}",
            "cancel_url": url,
            "nav_section": "schools",
            "crumbs": [("学校", reverse("schools:school_list")), (name, url), ("编辑", None)],
        },
    )


# --- teachers --------------------------------------------------------------------------------


def _teacher_school_choices(user):
    """Schools whose teachers the user may maintain (visible and editable)."""
    visible = list(scoping.visible(user, School).order_by("sort_key", "pk"))
    ids = [s.pk for s in visible if access.can_edit_teachers_of(user, s)]
    return School.objects.filter(pk__in=ids).order_by("sort_key", "pk")


@login_required
def teacher_list(request: HttpRequest) -> HttpResponse:
    filterset = selectors.teacher_filter(user=request.user, params=request.GET)
    user = request.user
    can_create = user.district_id is not None and (
        access.can_manage_rosters(user)
        or bool(user.school_id and access.can_edit_teachers_of(user, user.school))
    )
    page = paginate(
        filterset.qs,
        request,
        per_page=settings.JGT_PAGE_SIZE,
        fill=selectors.teacher_rows,
    )
    return render(
        request,
        "schools/teacher_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "headers": TEACHER_TABLE.headers(request.GET),
            "can_create": can_create,
            "nav_section": "teachers",
            "crumbs": [("教师", None)],
        },
    )


@login_required
def teacher_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    teacher = scoping.get_from_or_404(
        scoping.visible(user, Teacher).select_related("school", "school__parent"), pk=pk
    )
    moves = teacher.moves.select_related("from_school", "to_school", "recorded_by")
    return render(
        request,
        "schools/teacher_detail.html",
        {
            "teacher": teacher,
            "moves": moves,
            **recent_history(teacher),
            "can_edit": access.can_edit_teacher(user, teacher),
            "can_move": access.can_move_teacher(user, teacher),
            "rotation_years": settings.JGT_ROTATION_ELIGIBLE_YEARS,
            "nav_section": "teachers",
            "crumbs": [("教师", reverse("schools:teacher_list")), (teacher.name, None)],
        },
    )


@login_required
def teacher_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    choices = _teacher_school_choices(user)
    access.require(user.district_id is not None and choices.exists())
    initial = {}
    wanted = request.GET.get("school", "")
    if wanted.isdigit() and choices.filter(pk=wanted).exists():
        initial["school"] = int(wanted)
    form = TeacherForm(
        request.POST or None, instance=Teacher(), school_choices=choices, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        teacher = form.instance
        access.require(access.can_edit_teachers_of(user, teacher.school))
        if _save_or_errors(form, lambda: services.teacher_save(teacher=teacher, actor=user)):
            messages.success(request, f"已新建教师「{teacher.name}」。")
            return redirect(teacher)
    return render(
        request,
        "schools/teacher_form.html",
        {
            "form": form,
            "title": "新建教师",
            "cancel_url": reverse("schools:teacher_list"),
            "nav_section": "teachers",
            "crumbs": [("教师", reverse("schools:teacher_list")), ("新建教师", None)],
        },
    )


@login_required
def teacher_update(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    teacher = scoping.get_from_or_404(
        scoping.visible(user, Teacher).select_related("school"), pk=pk
    )
    access.require(access.can_edit_teacher(user, teacher))
    name, url = teacher.name, teacher.get_absolute_url()  # the form may change the instance
    form = TeacherForm(
        request.POST or None,
        instance=teacher,
        school_choices=School.objects.filter(pk=teacher.school_id),
    )
    if request.method == "POST" and form.is_valid():
        if _save_or_errors(
            form,
            lambda: services.teacher_save(
                teacher=form.instance, actor=user, expected_version=form.expected_version
            ),
        ):
            messages.success(request, f"已保存教师「{teacher.name}」。")
            return redirect(teacher)
    return render(
        request,
        "schools/teacher_form.html",
        {
            "form": form,
            "title": f"编辑教师：{name}",
            "cancel_url": url,
            "nav_section": "teachers",
            "crumbs": [("教师", reverse("schools:teacher_list")), (name, url), ("编辑", None)],
        },
    )


@login_required
def teacher_move(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    teacher = scoping.get_from_or_404(
        scoping.visible(user, Teacher).select_related("school"), pk=pk
    )
    access.require(access.can_move_teacher(user, teacher))
    choices = (
        scoping.visible(user, School)
        .filter(district_id=teacher.school.district_id)
        .exclude(pk=teacher.school_id)
        .order_by("sort_key", "pk")
    )
    form = TeacherMoveForm(request.POST or None, school_choices=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _save_or_errors(
            form,
            lambda: services.teacher_move(
                teacher=teacher,
                to_school=data["to_school"],
                moved_on=data["moved_on"],
                note=data["note"],
                actor=user,
            ),
        ):
            messages.success(request, f"已将「{teacher.name}」调入「{data['to_school'].name}」。")
            return redirect(teacher)
    return render(
        request,
        "schools/teacher_move.html",
        {
            "form": form,
            "teacher": teacher,
            "title": f"调动教师：{teacher.name}",
            "cancel_url": teacher.get_absolute_url(),
            "nav_section": "teachers",
            "crumbs": [
                ("教师", reverse("schools:teacher_list")),
                (teacher.name, teacher.get_absolute_url()),
                ("调动", None),
            ],
        },
    )


# --- searchable selects (core.widgets.SearchSelect) ------------------------------------------

SEARCH_PAGE_SIZE = 20


def _search_text(request: HttpRequest, *, school_prefix: str = "") -> Q | None:
    """Name contains the text, or pinyin initials start with it (``zxxx`` → 中心小学)."""
    text = to_halfwidth(request.GET.get("q", "")).strip()[:50]
    if not text:
        return None
    condition = Q(name__icontains=text)
    letters = text.lower().replace(" ", "")
    if letters.isascii() and letters.isalnum():
        condition |= Q(initials__startswith=letters)
    if school_prefix:
        condition |= Q(**{f"{school_prefix}name__icontains": text})
        if letters.isascii() and letters.isalnum():
            condition |= Q(**{f"{school_prefix}initials__startswith": letters})
    return condition


def _search_page(request: HttpRequest, queryset, row) -> JsonResponse:
    number = request.GET.get("page", "1")
    number = int(number) if number.isdigit() and 0 < int(number) < 10_000 else 1
    start = (number - 1) * SEARCH_PAGE_SIZE
    rows = list(queryset[start : start + SEARCH_PAGE_SIZE + 1])
    return JsonResponse(
        {
            "results": [row(obj) for obj in rows[:SEARCH_PAGE_SIZE]],
            "more": len(rows) > SEARCH_PAGE_SIZE,
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _community_schools(request: HttpRequest, value: str):
    """The current schools of a community the user may see (404 for any other)."""
    if value == NO_COMMUNITY or value not in dict(placement().choices(request.user)):
        raise Http404("没有这个教共体。")
    return placement().filter(School.objects.all(), value).values("pk")


def _narrow_to_community(request: HttpRequest, queryset, school_field: str):
    """``?community=ID``: only that community's schools; 404 for one the user may not see."""
    value = request.GET.get("community")
    if not value:
        return queryset
    return queryset.filter(**{f"{school_field}__in": _community_schools(request, value)})


def _free_schools(request: HttpRequest, queryset):
    """``?free=1``: top-level schools in no community now (what can join one), plus with
    ``&or_community=ID`` that community's own schools."""
    if request.GET.get("free") != "1":
        return queryset
    free = Q(parent__isnull=True) & Q(
        pk__in=placement().filter(School.objects.all(), NO_COMMUNITY).values("pk")
    )
    also = request.GET.get("or_community")
    if also:
        free |= Q(pk__in=_community_schools(request, also))
    return queryset.filter(free)


@login_required
@require_GET
def school_search(request: HttpRequest) -> JsonResponse:
    """Visible schools by name, pinyin initials or code, a page at a time (JSON); ``?community=``
    and ``?free=1`` narrow them."""
    queryset = _narrow_to_community(request, scoping.visible(request.user, School), "pk")
    queryset = _free_schools(request, queryset)
    condition = _search_text(request)
    if condition is not None:
        text = to_halfwidth(request.GET.get("q", "")).strip()
        if text.isdigit():
            condition |= Q(code__startswith=text)
        queryset = queryset.filter(condition)
    queryset = queryset.select_related("parent").order_by("sort_key", "pk")
    return _search_page(
        request,
        queryset,
        lambda s: {
            "id": s.pk,
            "text": s.name,
            "detail": f"{s.parent.name} 下属" if s.parent_id else s.get_stage_display(),
        },
    )


@login_required
@require_GET
def teacher_search(request: HttpRequest) -> JsonResponse:
    """Visible teachers by name, pinyin initials or school, a page at a time (JSON);
    ``?community=`` / ``?school=`` narrow them (404 for one the user may not see)."""
    queryset = _narrow_to_community(request, scoping.visible(request.user, Teacher), "school")
    school = request.GET.get("school")
    if school:
        if not school.isdigit():
            raise Http404("没有这所学校。")
        queryset = queryset.filter(
            school=scoping.get_visible_or_404(request.user, School, pk=school)
        )
    condition = _search_text(request, school_prefix="school__")
    if condition is not None:
        queryset = queryset.filter(condition)
    queryset = queryset.select_related("school").order_by("sort_key", "pk")
    return _search_page(
        request,
        queryset,
        lambda t: {"id": t.pk, "text": t.name, "detail": t.school.name},
    )
