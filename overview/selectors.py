"""The home pages (工作台): what each role reads first, each figure on the user's visible rows.

- bureau staff: the district overview (``district_overview``) and its to-dos;
- a community leader: its community in summary (``community_summary``);
- a school leader: its own school (``school_summary``).

Every function runs a fixed number of queries, whatever the size of the district.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.utils import timezone

from communities.enums import CommunityKind, MemberRole
from communities.models import Community
from communities.selectors import (
    communities_over_limit,
    current_memberships,
    schools_in_community,
    schools_without_community,
)
from communities.visibility import (
    communities_visible_to,
    membership_of_school,
    schools_visible_to,
    teachers_visible_to,
)
from compliance.selectors import ranking
from core.school_year import semester_of
from schools.enums import Locale, Stage
from schools.models import School


@dataclass
class Figure:
    label: str
    count: int
    url_query: str


def _by_choice(queryset, field: str, choices) -> list[Figure]:
    counts = dict(queryset.order_by().values_list(field).annotate(n=Count("pk")))
    return [Figure(label, counts.get(value, 0), f"{field}={value}") for value, label in choices]


def school_year_start(on: datetime.date | None = None) -> datetime.date:
    """1 September of the school year (学年, September to August) that ``on`` falls in."""
    on = on or timezone.localdate()
    return datetime.date(on.year if on.month >= 9 else on.year - 1, 9, 1)


def district_overview(user) -> dict:
    schools = schools_visible_to(user)
    communities = communities_visible_to(user).active()
    teachers = teachers_visible_to(user)
    return {
        "community_total": communities.count(),
        "communities_by_kind": _by_choice(communities, "kind", CommunityKind.choices),
        "communities_over_limit": list(
            communities_over_limit(communities).order_by("sort_key", "pk")
        ),
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


def _school_figures(schools, teachers) -> dict:
    """Schools, students and classes in one query; teachers and those eligible in another."""
    totals = schools.aggregate(
        schools=Count("pk"), students=Sum("students"), classes=Sum("classes")
    )
    eligible = teachers.rotation_eligible().values("pk")
    people = teachers.aggregate(
        teachers=Count("pk"), eligible=Count("pk", filter=Q(pk__in=eligible))
    )
    return {
        "schools": totals["schools"] or 0,
        "students": totals["students"] or 0,
        "classes": totals["classes"] or 0,
        "teachers": people["teachers"] or 0,
        "eligible": people["eligible"] or 0,
    }


def community_summary(user, community: Community) -> dict:
    """A community in summary: members, positions held now, this school year's figures."""
    year_start = school_year_start()
    memberships = current_memberships(community)
    schools = schools_in_community(schools_visible_to(user), community.pk)
    teachers = teachers_visible_to(user).filter(school__in=schools.values("pk"))
    positions = list(
        community.positions.filter(end_on__isnull=True)
        .select_related("teacher", "school")
        .order_by("title", "start_on", "pk")
    )
    members = [m for m in memberships if m.role == MemberRole.MEMBER]
    return {
        "community": community,
        "core": next((m for m in memberships if m.role == MemberRole.CORE), None),
        "members": members,
        "member_count": len(members),
        "over_limit": community.is_over_limit(len(members)),
        "positions": positions,
        "year_start": year_start,
        "school_year": f"{year_start.year}—{year_start.year + 1}",
        "joined_this_year": sum(1 for m in memberships if m.start_on >= year_start),
        "figures": _school_figures(schools, teachers),
    }


def school_summary(user, school: School) -> dict:
    """A school leader's own school: its figures, its nested schools, its community."""
    nested = schools_visible_to(user).filter(Q(pk=school.pk) | Q(parent_id=school.pk))
    teachers = teachers_visible_to(user).filter(school__in=nested.values("pk"))
    own_teachers = teachers.filter(school_id=school.pk)
    membership = membership_of_school(school)
    community_visible = membership is not None and (
        communities_visible_to(user).filter(pk=membership.community_id).exists()
    )
    core = None
    if membership is not None and membership.role != MemberRole.CORE:
        core = (
            membership.community.memberships.current()
            .filter(role=MemberRole.CORE)
            .select_related("school")
            .first()
        )
    return {
        "school": school,
        "children": list(nested.exclude(pk=school.pk).order_by("name")),
        "membership": membership,
        "via_parent": bool(school.parent_id),
        "community_visible": community_visible,
        "core": core,
        "own_teachers": own_teachers.count(),
        "figures": _school_figures(nested, teachers),
    }
