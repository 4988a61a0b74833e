"""Filters of the activity list (also the exports and the calendar)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet

from communities.visibility import communities_visible_to, schools_visible_to
from core.school_year import SchoolYear, Semester, school_year_choices
from core.text import clean_text

from .enums import ActivityStatus, Review
from .models import Activity, ActivityKind


class ActivityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="搜索",
        method="filter_q",
        widget=forms.TextInput(attrs={"placeholder": "主题或地点"}),
    )
    community = django_filters.ModelChoiceFilter(label="教共体", queryset=None, empty_label="全部")
    school = django_filters.ModelChoiceFilter(
        label="学校", queryset=None, empty_label="全部", method="filter_school"
    )
    kind = django_filters.ModelChoiceFilter(label="类型", queryset=None, empty_label="全部")
    school_year = django_filters.ChoiceFilter(
        label="学年", choices=(), empty_label="全部", method="filter_school_year"
    )
    semester = django_filters.ChoiceFilter(
        label="学期", choices=Semester.choices, empty_label="全部"
    )
    status = django_filters.ChoiceFilter(
        label="状态", choices=ActivityStatus.choices, empty_label="全部"
    )
    review = django_filters.ChoiceFilter(label="核实", choices=Review.choices, empty_label="全部")
    subject = django_filters.CharFilter(label="学科", method="filter_subject")

    class Meta:
        model = Activity
        fields = [
            "q",
            "community",
            "school",
            "kind",
            "school_year",
            "semester",
            "status",
            "review",
            "subject",
        ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["community"].queryset = communities_visible_to(user).order_by("name")
        self.filters["school"].queryset = (
            schools_visible_to(user).filter(parent__isnull=True).order_by("name")
        )
        self.filters["kind"].queryset = ActivityKind.objects.for_district(
            getattr(user, "district_id", None)
        )
        self.filters["school_year"].extra["choices"] = school_year_choices(before=4, after=1)

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = clean_text(value)
        if not value:
            return queryset
        return queryset.filter(Q(theme__icontains=value) | Q(place__icontains=value))

    def filter_school(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if not value:
            return queryset
        joined = Activity.schools.through.objects.filter(school=value).values("activity_id")
        return queryset.filter(Q(host_school=value) | Q(pk__in=joined))

    def filter_school_year(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        try:
            year = SchoolYear.parse(value)
        except ValueError:
            return queryset
        # By the start date's range (the same rows as school_year, which is derived from it):
        # the (district, start_date) index then bounds the scan instead of filtering it.
        return queryset.filter(start_date__gte=year.first_day, start_date__lte=year.last_day)

    def filter_subject(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = clean_text(value)
        return queryset.filter(subject=value) if value else queryset
