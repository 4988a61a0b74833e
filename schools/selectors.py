"""Reads of the school and teacher lists, shared by the list pages and the Excel exports.

``school_list`` and ``teacher_list`` return the user's visible rows with the list filters
applied and every column annotated, so a page or an export runs a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import Count, F, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from core import scoping
from core.links import object_url

from .filters import SchoolFilter, TeacherFilter
from .models import School, Teacher
from .placement import placement
from .tables import SCHOOL_TABLE, TEACHER_TABLE


def with_list_columns(queryset: QuerySet[School]) -> QuerySet[School]:
    """Annotate the list columns: parent, current community (via the parent for nested
    schools), the school's own role in it, and the teacher count."""
    teacher_count = (
        Teacher.objects.filter(school_id=OuterRef("pk"))
        .order_by()
        .values("school_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    with_community = placement().annotate(queryset.select_related("parent"))
    return with_community.annotate(
        teacher_count=Coalesce(Subquery(teacher_count, output_field=IntegerField()), Value(0)),
    )


def school_filter(*, user, params: Mapping | None) -> SchoolFilter:
    """The list's FilterSet over the visible schools, in the list's order (``?sort=``); its
    rows carry no list columns (the page adds them to its own rows, ``school_rows``)."""
    params = params or {}
    visible = SCHOOL_TABLE.order(scoping.visible(user, School), params)
    return SchoolFilter(data=params, queryset=visible, user=user)


def school_rows(ids) -> list[School]:
    """The list columns of one page of schools; the parent's name as ``parent_name`` (one
    model instance per row, not two)."""
    rows = with_list_columns(School.objects.filter(pk__in=ids))
    # No order: the page puts the rows in its own (School's default joins the district).
    return list(rows.select_related(None).annotate(parent_name=F("parent__name")).order_by())


def school_list_rows(schools, *, grouped: bool) -> list[dict]:
    """The school list's cells, one plain dict per row (``school_rows``' schools): the template
    reads a dict key at once, where a model attribute costs the template engine a failed item
    lookup first — on 50 rows × 12 values, more than the page's own query. ``grouped``: the
    default order, which indents village schools and teaching points under their central
    school."""
    return [
        {
            "nested": grouped and s.parent_id is not None,
            "url": s.get_absolute_url(),
            "name": s.name,
            "code": s.code or "—",
            "stage": s.get_stage_display(),
            "locale": s.get_locale_display(),
            "township": s.township or "—",
            "parent": s.parent_name or "—",
            "community_url": object_url("communities:community_detail", s.community_id_now)
            if s.community_id_now
            else "",
            "community": s.community_name_now,
            "students": str(s.students),
            "teachers": str(s.teacher_count),
        }
        for s in schools
    ]


def school_list(*, user, params: Mapping | None) -> QuerySet[School]:
    """The user's visible schools, filtered and ordered by ``params`` (the list's query string),
    with the list columns: the export of the list."""
    return with_list_columns(school_filter(user=user, params=params).qs)


def teacher_filter(*, user, params: Mapping | None) -> TeacherFilter:
    params = params or {}
    visible = TEACHER_TABLE.order(scoping.visible(user, Teacher), params)
    return TeacherFilter(data=params, queryset=visible, user=user)


def teacher_rows(ids) -> list[Teacher]:
    """The columns of one page of teachers."""
    return list(
        Teacher.objects.filter(pk__in=ids)
        .select_related("school")
        .with_rotation_eligibility()
        .order_by()  # the page puts the rows in its own order
    )


def teacher_list(*, user, params: Mapping | None) -> QuerySet[Teacher]:
    """The user's visible teachers, filtered and ordered by ``params`` (the list's query
    string), with school and rotation eligibility: the export of the list."""
    qs = teacher_filter(user=user, params=params).qs
    return qs.select_related("school").with_rotation_eligibility()
