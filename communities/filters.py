"""Filters of the community list (also used by the community exports)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet

from core.filtering import ListFilterSet
from core.text import clean_text

from .enums import Closeness, CommunityKind, CommunityModel, CommunityStage
from .models import OVER_LIMIT, Community, Membership

OVER_LIMIT_CHOICES = [("1", "是"), ("0", "否")]


class CommunityFilter(ListFilterSet):
    q = django_filters.CharFilter(
        label="搜索",
        method="filter_q",
        widget=forms.TextInput(attrs={"placeholder": "教共体或成员学校名称"}),
    )
    kind = django_filters.ChoiceFilter(
        label="类型", choices=CommunityKind.choices, empty_label="全部"
    )
    stage = django_filters.ChoiceFilter(
        label="学段", choices=CommunityStage.choices, empty_label="全部"
    )
    closeness = django_filters.ChoiceFilter(
        label="紧密程度", choices=Closeness.choices, empty_label="全部"
    )
    model = django_filters.ChoiceFilter(
        label="模式", choices=CommunityModel.choices, empty_label="全部"
    )
    over_limit = django_filters.ChoiceFilter(
        label="超过成员校上限",
        choices=OVER_LIMIT_CHOICES,
        empty_label="全部",
        method="filter_over_limit",
    )

    class Meta:
        model = Community
        fields = ["q", "kind", "stage", "closeness", "model", "over_limit"]

    def filter_q(self, queryset: QuerySet[Community], name: str, value: str) -> QuerySet[Community]:
        """Community name, or the name of a school in it now (a nested school finds it too)."""
        value = clean_text(value)
        if not value:
            return queryset
        school_match = (
            Membership.objects.current()
            .filter(community=OuterRef("pk"))
            .filter(Q(school__name__icontains=value) | Q(school__children__name__icontains=value))
        )
        return queryset.filter(Q(name__icontains=value) | Exists(school_match))

    def filter_over_limit(
        self, queryset: QuerySet[Community], name: str, value: str
    ) -> QuerySet[Community]:
        # Needs the member_count annotation of communities_with_counts().
        if value == "1":
            return queryset.filter(OVER_LIMIT)
        if value == "0":
            return queryset.exclude(OVER_LIMIT)
        return queryset
