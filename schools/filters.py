"""FilterSets of the school and teacher lists, shared by the list pages and the exports.

They take plain ``data`` (a QueryDict or dict) and a queryset; nothing here reads the request.
Choices that depend on the user (communities, schools) are passed in by the selectors.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q

from accounts.access import is_bureau, is_platform
from core import labels, listcache, scoping
from core.filtering import ListFilterSet
from core.text import name_key, to_halfwidth
from core.widgets import SearchSelect

from .enums import (
    SUBJECT_SEPARATOR,
    BackboneLevel,
    Education,
    Gender,
    Locale,
    StaffPosition,
    Stage,
    Subject,
    Title,
)
from .models import School, Teacher
from .placement import placement

YES_NO = [("yes", "是"), ("no", "否")]


class SchoolFilter(ListFilterSet):
    q = django_filters.CharFilter(
        label="搜索",
        method="filter_search",
        widget=forms.TextInput(attrs={"placeholder": "校名或学校标识码"}),
    )
    stage = django_filters.ChoiceFilter(label="学段", choices=Stage.choices, empty_label="全部")
    locale = django_filters.ChoiceFilter(
        label="城乡类别", choices=Locale.choices, empty_label="全部"
    )
    township = django_filters.ChoiceFilter(
        label=labels.TOWNSHIP, choices=[], empty_label=labels.FILTER_ALL
    )
    community = django_filters.ChoiceFilter(
        label="教共体", choices=[], empty_label="全部", method="filter_community"
    )
    has_parent = django_filters.ChoiceFilter(
        label="有上级学校", choices=YES_NO, empty_label="全部", method="filter_has_parent"
    )

    class Meta:
        model = School
        fields = ["q", "stage", "locale", "township", "community", "has_parent"]

    def __init__(self, data=None, queryset=None, *, user=None, **kwargs):
        super().__init__(data=data, queryset=queryset, **kwargs)
        townships = (
            self.queryset.exclude(township="")
            .order_by("township")
            .values_list("township", flat=True)
            .distinct()
        )
        self.filters["township"].extra["choices"] = lambda: [
            (t, t) for t in listcache.rows(townships)
        ]
        # Only values that can return rows: a community or school leader sees the schools of one
        # community, so neither another community nor 「未加入任何教共体」 could list anything.
        if user is not None and (is_bureau(user) or is_platform(user)):
            self.filters["community"].extra["choices"] = lambda: placement().choices(user)
        else:
            del self.filters["community"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        condition = Q(name__icontains=value) | Q(code__icontains=to_halfwidth(value).strip())
        key = name_key(value)
        if key:
            condition |= Q(name_key__contains=key)
        return queryset.filter(condition)

    def filter_community(self, queryset, name, value):
        return placement().filter(queryset, value)

    def filter_has_parent(self, queryset, name, value):
        return queryset.filter(parent__isnull=(value != "yes"))


class TeacherFilter(ListFilterSet):
    q = django_filters.CharFilter(
        label="搜索",
        method="filter_search",
        widget=forms.TextInput(attrs={"placeholder": "姓名、拼音首字母或工号"}),
    )
    school = django_filters.ModelChoiceFilter(
        label="学校", queryset=School.objects.none(), empty_label="全部"
    )
    community = django_filters.ChoiceFilter(
        label="教共体", choices=[], empty_label="全部", method="filter_community"
    )
    township = django_filters.ChoiceFilter(
        label="乡镇/街道", choices=[], empty_label="全部", field_name="school__township"
    )
    gender = django_filters.ChoiceFilter(label="性别", choices=Gender.choices, empty_label="全部")
    eligible = django_filters.ChoiceFilter(
        label="可交流轮岗", choices=YES_NO, empty_label="全部", method="filter_eligible"
    )
    subject = django_filters.ChoiceFilter(
        label="任教学科", choices=Subject.choices, empty_label="全部", method="filter_subject"
    )
    title = django_filters.ChoiceFilter(label="职称", choices=Title.choices, empty_label="全部")
    backbone_level = django_filters.ChoiceFilter(
        label="骨干级别", choices=BackboneLevel.choices, empty_label="全部"
    )
    education = django_filters.ChoiceFilter(
        label="最高学历", choices=Education.choices, empty_label="全部"
    )
    position = django_filters.ChoiceFilter(
        label="职务", choices=StaffPosition.choices, empty_label="全部"
    )

    class Meta:
        model = Teacher
        fields = [
            "q",
            "school",
            "community",
            "township",
            "gender",
            "eligible",
            "subject",
            "title",
            "backbone_level",
            "education",
            "position",
        ]

    def __init__(self, data=None, queryset=None, *, user=None, **kwargs):
        super().__init__(data=data, queryset=queryset, **kwargs)
        schools = scoping.visible(user, School) if user is not None else School.objects.none()
        if user is not None and not (is_bureau(user) or is_platform(user)):
            # Only schools whose teachers the user sees: any other choice could only list nothing.
            schools = schools.filter(
                pk__in=scoping.visible(user, Teacher).order_by().values("school_id")
            )
        self.filters["school"].queryset = schools.order_by("sort_key", "pk")
        self.filters["school"].extra["widget"] = SearchSelect(url="schools:school_search")
        # Only values that can return rows: the communities of a bureau (a community or school
        # leader sees one community, so no choice), the townships of the visible schools.
        if user is not None and (is_bureau(user) or is_platform(user)):
            self.filters["community"].extra["choices"] = lambda: placement().choices(user)
        else:
            del self.filters["community"]
        townships = (
            schools.exclude(township="")
            .order_by("township")
            .values_list("township", flat=True)
            .distinct()
        )
        self.filters["township"].extra["choices"] = lambda: [
            (t, t) for t in listcache.rows(townships)
        ]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        condition = Q(name__icontains=value) | Q(
            staff_number__icontains=to_halfwidth(value).strip()
        )
        letters = to_halfwidth(value).strip().lower()
        if letters.isascii() and letters.isalpha():
            condition |= Q(initials__startswith=letters)
        return queryset.filter(condition)

    def filter_community(self, queryset, name, value):
        return queryset.filter(school__in=placement().filter(School.objects.all(), value))

    def filter_eligible(self, queryset, name, value):
        """DOMAIN rule 6, the same rule as the list's 可交流轮岗 column."""
        if value == "yes":
            return queryset.rotation_eligible()
        return queryset.not_rotation_eligible()

    def filter_subject(self, queryset, name, value):
        sep = SUBJECT_SEPARATOR
        return queryset.filter(
            Q(subjects=value)
            | Q(subjects__startswith=f"{value}{sep}")
            | Q(subjects__endswith=f"{sep}{value}")
            | Q(subjects__contains=f"{sep}{value}{sep}")
        )
