"""The district overview: headline figures, each computed on the user's visible rows."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone

from communities.enums import CommunityKind
from communities.selectors import communities_over_limit, schools_without_community
from communities.visibility import (
    communities_visible_to,
    schools_visible_to,
    teachers_visible_to,
)
from compliance.selectors import ranking
from core.school_year import semester_of
from schools.enums import Locale, Stage


@dataclass
class Figure:
    label: str
    count: int
    url_query: str


def _by_choice(queryset, field: str, choices) -> list[Figure]:
    counts = dict(queryset.order_by().values_list(field).annotate(n=Count("pk")))
    return [Figure(label, counts.get(value, 0), f"{field}={value}") for value, label in choices]


def district_overview(user) -> dict:
    schools = schools_visible_to(user)
    communities = communities_visible_to(user).active()
    teachers = teachers_visible_to(user)
    return {
        "community_total": communities.count(),
        "communities_by_kind": _by_choice(communities, "kind", CommunityKind.choices),
        "communities_over_limit": list(communities_over_limit(communities).order_by("name")),
        "school_total": schools.count(),
        "schools_by_stage": [f for f in _by_choice(schools, "stage", Stage.choices) if f.count],
        "schools_by_locale": _by_choice(schools, "locale", Locale.choices),
        "schools_without_community": schools_without_community(schools).count(),
        "teacher_total": teachers.count(),
        "rule_ranking": _rule_ranking(communities),
    }


def _rule_ranking(communities) -> dict:
    """Communities by rules met this school year (``compliance``), in fixed queries."""
    year, semester = semester_of(timezone.localdate())
    return {
        "school_year": year,
        "semester": semester,
        "standings": ranking(communities.order_by("name"), year, semester),
    }
