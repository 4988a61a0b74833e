"""Filters of the remote-lesson pairing list (also its session export)."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet

from communities.visibility import communities_visible_to, schools_visible_to
from core.filtering import ListFilterSet
from core.school_year import SchoolYear, Semester, school_year_choices
from core.text import clean_text

from .enums import RemoteKind
from .models import RemoteClass, RemotePairing


class PairingFilter(ListFilterSet):
    community = django_filters.ModelChoiceFilter(label="教共体", queryset=None, empty_label="全部")
    school = django_filters.ModelChoiceFilter(
        label="学校", queryset=None, empty_label="全部", method="filter_school"
    )
    kind = django_filters.ChoiceFilter(label="类型", choices=RemoteKind.choices, empty_label="全部")
    school_year = django_filters.ChoiceFilter(
        label="学年", choices=(), empty_label="全部", method="filter_school_year"
    )
    semester = django_filters.ChoiceFilter(
        label="学期", choices=Semester.choices, empty_label="全部"
    )
    subject = django_filters.CharFilter(label="学科", method="filter_subject")

    class Meta:
        model = RemotePairing
        fields = ["community", "school", "kind", "school_year", "semester", "subject"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["community"].queryset = communities_visible_to(user).order_by("sort_key")
        self.filters["school"].queryset = (
            schools_visible_to(user).filter(parent__isnull=True).order_by("sort_key")
        )
        self.filters["school_year"].extra["choices"] = school_year_choices(before=4, after=1)

    def filter_school(self, queryset: QuerySet, name: str, value) -> QuerySet:
        """Giving or receiving the lesson (the school or a school under it)."""
        if not value:
            return queryset
        schools = Q(school=value) | Q(school__parent=value)
        receiving = RemoteClass.objects.filter(schools).values("pairing_id")
        return queryset.filter(
            Q(core_school=value) | Q(core_school__parent=value) | Q(pk__in=receiving)
        )

    def filter_school_year(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        try:
            return queryset.filter(school_year=SchoolYear.parse(value).start)
        except ValueError:
            return queryset

    def filter_subject(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = clean_text(value)
        return queryset.filter(subject=value) if value else queryset
