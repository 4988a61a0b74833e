"""Filters of the library page: text, kind, subject, grade, school, community, scope, source
and school year. Choices come from the user's visibility rules."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet

from communities.visibility import communities_visible_to, schools_visible_to
from core.filtering import ListFilterSet
from core.school_year import SchoolYear, school_year_choices
from core.text import clean_text
from core.widgets import SearchSelect
from schools.enums import Subject

from .enums import NOT_COUNTED_KINDS, ResourceKind, ShareScope, Source
from .models import Resource


class LibraryFilter(ListFilterSet):
    q = django_filters.CharFilter(
        label="搜索",
        method="filter_q",
        widget=forms.TextInput(attrs={"placeholder": "标题或简介"}),
    )
    kind = django_filters.ChoiceFilter(
        label="类型",
        choices=ResourceKind.choices,
        empty_label="全部（照片除外）",
        method="filter_kind",
    )
    subject = django_filters.ChoiceFilter(label="学科", choices=Subject.choices, empty_label="全部")
    grade = django_filters.CharFilter(
        label="年级",
        method="filter_grade",
        widget=forms.TextInput(attrs={"placeholder": "如：三年级"}),
    )
    school = django_filters.ModelChoiceFilter(label="学校", queryset=None, empty_label="全部")
    community = django_filters.ModelChoiceFilter(label="教共体", queryset=None, empty_label="全部")
    scope = django_filters.ChoiceFilter(
        label="共享范围", choices=ShareScope.choices, empty_label="全部"
    )
    source = django_filters.ChoiceFilter(
        label="来源", choices=Source.choices, empty_label="全部", method="filter_source"
    )
    school_year = django_filters.ChoiceFilter(
        label="学年", choices=(), empty_label="全部", method="filter_school_year"
    )

    class Meta:
        model = Resource
        fields = [
            "q",
            "kind",
            "subject",
            "grade",
            "school",
            "community",
            "scope",
            "source",
            "school_year",
        ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The schools the user sees (its community's, for a leader): the searchable select
        # answers from the same rule (``schools:school_search``).
        schools = schools_visible_to(user).order_by("sort_key", "pk")
        self.filters["school"].queryset = schools
        self.filters["school"].extra["widget"] = SearchSelect(url="schools:school_search")
        self.filters["community"].queryset = communities_visible_to(user).order_by("sort_key", "pk")
        self.filters["school_year"].extra["choices"] = school_year_choices(before=4, after=1)

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        # Photos are evidence of an activity rather than teaching resources: listed only when
        # asked for (类型 = 照片), so a page is not ten photos of one activity.
        if not self.form.cleaned_data.get("kind"):
            queryset = queryset.exclude(kind__in=NOT_COUNTED_KINDS)
        return super().filter_queryset(queryset)

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = clean_text(value)
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))

    def filter_kind(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(kind=value) if value else queryset

    def filter_grade(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = clean_text(value)
        return queryset.filter(grade=value) if value else queryset

    def filter_source(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == Source.ACTIVITY:
            return queryset.filter(material__isnull=False)
        if value == Source.UPLOAD:
            return queryset.filter(material__isnull=True)
        return queryset

    def filter_school_year(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        try:
            year = SchoolYear.parse(value)
        except ValueError:
            return queryset
        # By the date's range (the same rows as school_year, derived from it): the
        # (district, shared_on) index bounds the scan.
        return queryset.filter(shared_on__gte=year.first_day, shared_on__lte=year.last_day)
