"""Filters of the exchange, post, lesson-day and mentorship lists (also used by the exports).

They take plain ``data`` and a queryset; choices that depend on the user (communities, schools)
are passed in by the selectors.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet

from core.school_year import SchoolYear, Semester, school_year_choices
from core.text import clean_text
from schools.enums import BackboneLevel, Subject
from schools.models import School

from .enums import Direction, ExchangeKind, ExchangeStatus, MentorshipStatus
from .models import Exchange, ExchangeHost, LessonDay, Mentorship, PrincipalPost


def _school_year(value: str) -> SchoolYear | None:
    try:
        return SchoolYear.parse(value)
    except ValueError:
        return None


class ExchangeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="搜索",
        method="filter_q",
        widget=forms.TextInput(attrs={"placeholder": "教师姓名"}),
    )
    school_year = django_filters.ChoiceFilter(
        label="学年", choices=school_year_choices, empty_label="全部", method="filter_year"
    )
    semester = django_filters.ChoiceFilter(
        label="学期", choices=Semester.choices, empty_label="全部", method="filter_semester"
    )
    community = django_filters.ChoiceFilter(
        label="教共体", choices=[], empty_label="全部", method="filter_community"
    )
    school = django_filters.ModelChoiceFilter(
        label="学校", queryset=School.objects.none(), empty_label="全部", method="filter_school"
    )
    kind = django_filters.ChoiceFilter(
        label="交流方式", choices=ExchangeKind.choices, empty_label="全部"
    )
    status = django_filters.ChoiceFilter(
        label="状态", choices=ExchangeStatus.choices, empty_label="全部"
    )
    direction = django_filters.ChoiceFilter(
        label="交流方向", choices=Direction.choices, empty_label="全部"
    )
    subject = django_filters.ChoiceFilter(
        label="学科", choices=Subject.choices, empty_label="全部", method="filter_subject"
    )
    backbone_level = django_filters.ChoiceFilter(
        label="骨干级别",
        field_name="teacher__backbone_level",
        choices=BackboneLevel.choices,
        empty_label="全部",
    )

    class Meta:
        model = Exchange
        fields = [
            "q",
            "school_year",
            "semester",
            "community",
            "school",
            "kind",
            "status",
            "direction",
            "subject",
            "backbone_level",
        ]

    def __init__(self, data=None, queryset=None, *, communities=(), schools=None, **kwargs):
        super().__init__(data=data, queryset=queryset, **kwargs)
        self.filters["community"].extra["choices"] = list(communities)
        self.filters["school"].queryset = schools if schools is not None else School.objects.none()

    def filter_q(self, queryset, name, value):
        value = clean_text(value)
        return queryset.filter(teacher__name__icontains=value) if value else queryset

    def filter_year(self, queryset, name, value):
        year = _school_year(value)
        return queryset.in_school_year(year) if year else queryset

    def filter_semester(self, queryset, name, value):
        year = _school_year(self.data.get("school_year", "")) or SchoolYear.current()
        return queryset.in_semester(year, value)

    def filter_community(self, queryset, name, value):
        hosted = ExchangeHost.objects.filter(community_id=value).values("exchange_id")
        return queryset.filter(Q(community_id=value) | Q(pk__in=hosted))

    def filter_school(self, queryset, name, value):
        schools = School.objects.filter(Q(pk=value.pk) | Q(parent_id=value.pk)).values("pk")
        hosted = ExchangeHost.objects.filter(school_id__in=schools).values("exchange_id")
        return queryset.filter(Q(home_school_id__in=schools) | Q(pk__in=hosted))

    def filter_subject(self, queryset, name, value):
        return queryset.filter(teacher__subjects__contains=value)


class _YearSchoolFilter(django_filters.FilterSet):
    """School year + school + teacher name: the light records' lists."""

    q = django_filters.CharFilter(
        label="搜索", method="filter_q", widget=forms.TextInput(attrs={"placeholder": "姓名"})
    )
    school_year = django_filters.ChoiceFilter(
        label="学年", choices=school_year_choices, empty_label="全部", method="filter_year"
    )
    school = django_filters.ModelChoiceFilter(
        label="学校", queryset=School.objects.none(), empty_label="全部", method="filter_school"
    )
    school_fields: tuple[str, str] = ("", "")
    person_field = "teacher__name"

    def __init__(self, data=None, queryset=None, *, schools=None, **kwargs):
        super().__init__(data=data, queryset=queryset, **kwargs)
        self.filters["school"].queryset = schools if schools is not None else School.objects.none()

    def filter_q(self, queryset, name, value):
        value = clean_text(value)
        if not value:
            return queryset
        return queryset.filter(**{f"{self.person_field}__icontains": value})

    def filter_year(self, queryset, name, value):
        year = _school_year(value)
        return queryset.in_school_year(year) if year else queryset

    def filter_school(self, queryset, name, value):
        first, second = self.school_fields
        return queryset.filter(Q(**{first: value}) | Q(**{second: value}))


class PrincipalPostFilter(_YearSchoolFilter):
    school_fields = ("home_school", "partner_school")

    class Meta:
        model = PrincipalPost
        fields = ["q", "school_year", "school"]


class LessonDayFilter(_YearSchoolFilter):
    school_fields = ("home_school", "core_school")

    class Meta:
        model = LessonDay
        fields = ["q", "school_year", "school"]


class MentorshipFilter(_YearSchoolFilter):
    school_fields = ("mentor_school", "apprentice_school")
    status = django_filters.ChoiceFilter(
        label="状态", choices=MentorshipStatus.choices, empty_label="全部"
    )
    subject = django_filters.ChoiceFilter(label="学科", choices=Subject.choices, empty_label="全部")

    class Meta:
        model = Mentorship
        fields = ["q", "school_year", "school", "status", "subject"]

    def filter_q(self, queryset: QuerySet, name, value):
        value = clean_text(value)
        if not value:
            return queryset
        return queryset.filter(
            Q(mentor__name__icontains=value) | Q(apprentice__name__icontains=value)
        )
