"""Reads of the school and teacher lists, shared by the list pages and the Excel exports.

``school_list`` and ``teacher_list`` return the user's visible rows with the list filters
applied and every column annotated, so a page or an export runs a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from core import scoping

from .filters import SchoolFilter, TeacherFilter
from .models import School, Teacher
from .placement import placement


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
    visible = scoping.visible(user, School)
    return SchoolFilter(
        data=params or {},
        queryset=with_list_columns(visible).order_by("name", "pk"),
        user=user,
    )


def school_list(*, user, params: Mapping | None) -> QuerySet[School]:
    """The user's visible schools, filtered by ``params`` (the list's query string)."""
    return school_filter(user=user, params=params).qs


def teacher_filter(*, user, params: Mapping | None) -> TeacherFilter:
    visible = scoping.visible(user, Teacher).select_related("school").with_rotation_eligibility()
    return TeacherFilter(
        data=params or {},
        queryset=visible.order_by("school__name", "name", "pk"),
        # Only schools whose teachers the user sees: any other choice could only list nothing.
        schools=scoping.visible(user, School)
        .filter(pk__in=visible.order_by().values("school_id"))
        .order_by("name"),
    )


def teacher_list(*, user, params: Mapping | None) -> QuerySet[Teacher]:
    """The user's visible teachers, filtered by ``params`` (the list's query string)."""
    return teacher_filter(user=user, params=params).qs
