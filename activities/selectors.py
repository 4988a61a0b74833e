"""Reads for the activity pages, exports, rules, panels and dossiers."""

from __future__ import annotations

import calendar
import datetime
from collections import Counter, defaultdict

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from core.school_year import SchoolYear
from core.scoping import visible

from .enums import DOSSIER_REQUIRED, ActivityStatus, MaterialKind, Review
from .filters import ActivityFilter
from .models import Activity, ActivityMaterial, PlanItem
from .visibility import activities_visible_to


def _material_count(**filters) -> Coalesce:
    """A correlated count (not a GROUP BY over the whole list: the database counts for the
    rows of the page only, after the index-ordered LIMIT)."""
    counted = (
        ActivityMaterial.objects.filter(activity=OuterRef("pk"), **filters)
        .order_by()
        .values("activity")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)


def list_queryset(queryset: QuerySet[Activity]) -> QuerySet[Activity]:
    """The list's rows: one query, with kind, community and host school, and material counts."""
    return queryset.select_related("kind", "community", "host_school").annotate(
        photo_count=_material_count(kind=MaterialKind.PHOTO),
        material_count=_material_count(),
    )


def activity_filterset(*, user, params) -> ActivityFilter:
    queryset = activities_visible_to(user).order_by("-start_date", "-id")
    return ActivityFilter(data=params, queryset=queryset, user=user)


def activity_list(*, user, params) -> QuerySet[Activity]:
    """The activities the user may see, filtered like the list page (also the exports)."""
    filterset = activity_filterset(user=user, params=params)
    queryset = filterset.qs if filterset.is_valid() else filterset.queryset
    return queryset.select_related("kind", "community", "host_school")


def materials_of(activity: Activity) -> list[ActivityMaterial]:
    return list(activity.materials.select_related("file", "thumbnail").order_by("kind", "id"))


def dossier_gaps(materials: list[ActivityMaterial]) -> list[str]:
    """What the dossier still lacks against rule 13, e.g. ``["简报", "照片（还差 7 张）"]``."""
    have = Counter(m.kind for m in materials)
    gaps = []
    for kind, need in DOSSIER_REQUIRED:
        short = need - have.get(kind, 0)
        if short <= 0:
            continue
        label = MaterialKind(kind).label
        gaps.append(f"{label}（还差 {short} 张）" if need > 1 else label)
    return gaps


def month_calendar(*, user, year: int, month: int, params) -> list[list[dict]]:
    """Weeks (Monday first) of day cells {day, in_month, activities} for the month view."""
    first = datetime.date(year, month, 1)
    last = first.replace(day=calendar.monthrange(year, month)[1])
    rows = activity_list(user=user, params=params).filter(
        Q(start_date__lte=last) & (Q(end_date__gte=first) | Q(start_date__gte=first))
    )[:500]
    by_day = defaultdict(list)
    for activity in rows:
        day = max(activity.start_date, first)
        end = min(activity.end_date or activity.start_date, last)
        while day <= end:
            by_day[day].append(activity)
            day += datetime.timedelta(days=1)
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append(
            [
                {"day": d, "in_month": d.month == month, "activities": by_day.get(d, [])}
                for d in week
            ]
        )
    return weeks


def to_verify_count(user) -> int:
    return activities_visible_to(user).filter(review=Review.PENDING, status="held").count()


def community_recent(community, *, user, limit: int = 8) -> list[Activity]:
    return list(
        activities_visible_to(user)
        .filter(community=community)
        .select_related("kind", "host_school")
        .order_by("-start_date", "-id")[:limit]
    )


def schedule(*, community, school_year: int, today: datetime.date) -> list[dict]:
    """Plan against actual: each item with its activities and whether it is overdue (its month
    has passed and nothing linked to it was held)."""
    items = (
        PlanItem.objects.filter(community=community, school_year=school_year)
        .select_related("group")
        .prefetch_related(
            Prefetch(
                "activities",
                queryset=Activity.objects.select_related("kind").order_by("start_date"),
            )
        )
    )
    order = {m: i for i, m in enumerate([9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8])}
    out = []
    for item in sorted(items, key=lambda i: (order[i.month], i.pk)):
        acts = list(item.activities.all())
        held = [a for a in acts if a.status == "held"]
        first = item.first_day
        month_end = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        out.append(
            {
                "item": item,
                "activities": acts,
                "held": len(held),
                "overdue": not held and month_end < today,
            }
        )
    return out


def visible_materials(user) -> QuerySet[ActivityMaterial]:
    return visible(user, ActivityMaterial)


def school_activity_years(school, *, user) -> list[dict]:
    """Per school year (newest first): activities the school hosted, joined (took part in
    without hosting) and how many of those were verified, among those the user may see."""
    visible = activities_visible_to(user).filter(status="held")
    hosted = (
        visible.filter(host_school=school)
        .values("school_year")
        .annotate(n=Count("pk"), verified=Count("pk", filter=Q(review=Review.VERIFIED)))
        .order_by()
    )
    joined = (
        visible.filter(schools=school)
        .exclude(host_school=school)
        .values("school_year")
        .annotate(n=Count("pk"), verified=Count("pk", filter=Q(review=Review.VERIFIED)))
        .order_by()
    )
    years: dict[int, dict] = {}
    for key, rows in (("hosted", hosted), ("joined", joined)):
        for row in rows:
            entry = years.setdefault(
                row["school_year"],
                {"year": SchoolYear(row["school_year"]), "hosted": 0, "joined": 0, "verified": 0},
            )
            entry[key] = row["n"]
            entry["verified"] += row["verified"]
    return [years[y] for y in sorted(years, reverse=True)]


def school_archive_activities(school, *, user, school_year: SchoolYear) -> dict:
    """The school's growth archive for a school year: held activities it hosted, and those it
    joined without hosting, among those the user may see, by date. Two queries."""
    rows = (
        activities_visible_to(user)
        .filter(status=ActivityStatus.HELD, school_year=school_year.start)
        .select_related("kind", "community", "host_school")
        .order_by("start_date", "pk")
    )
    hosted = list(rows.filter(host_school=school))
    joined = list(rows.filter(schools=school).exclude(host_school=school))
    return {
        "hosted": hosted,
        "joined": joined,
        "verified": sum(1 for a in (*hosted, *joined) if a.review == Review.VERIFIED),
    }


def school_activity_year_starts(school, *, user) -> set[int]:
    """The school years (start years) in which the school hosted or joined a held activity the
    user may see. One query."""
    joined = Activity.schools.through.objects.filter(school=school).values("activity_id")
    return set(
        activities_visible_to(user)
        .filter(Q(host_school=school) | Q(pk__in=joined), status=ActivityStatus.HELD)
        .order_by()
        .values_list("school_year", flat=True)
        .distinct()
    )
