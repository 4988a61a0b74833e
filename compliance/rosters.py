"""Who was in a community over a period: the rosters every rule counts against.

Memberships are dated, and a school may change community in the middle of a school year. The
one rule used by every rule check: **a school belongs, for a period, to the community it was
a member of for most of the period's days** (a tie goes to the later membership); its quota
lines are required there. In a community it was in for fewer days it is still listed — its
records there count — but with nothing required of it (``Place.counted`` is False).

Nested schools (village schools, teaching points) are never enrolled: they count under their
parent's membership (``Roster.place_of``). A membership is in force from ``start_on`` up to the
day before ``end_on`` (the day it ends the school has left), as in ``exchanges.direction``.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from communities.enums import MemberRole
from communities.models import Membership
from schools.models import School

from .registry import Period


@dataclass
class Place:
    school_id: int
    name: str
    role: str  # MemberRole
    days: int
    first_day: datetime.date
    last_day: datetime.date
    counted: bool = True

    @property
    def is_core(self) -> bool:
        return self.role == MemberRole.CORE


@dataclass
class Roster:
    community_id: int
    period: Period
    places: dict[int, Place] = field(default_factory=dict)  # enrolled school pk -> Place
    parent_of: dict[int, int] = field(default_factory=dict)  # nested school pk -> parent pk

    def place_of(self, school_id: int) -> Place | None:
        """The place of a school, a nested school answering with its parent's."""
        return self.places.get(self.parent_of.get(school_id, school_id))

    @property
    def core(self) -> Place | None:
        cores = [p for p in self.places.values() if p.is_core]
        cores.sort(key=lambda p: (not p.counted, -p.days))
        return cores[0] if cores else None

    @property
    def members(self) -> list[Place]:
        """Member schools, those required here first, by name."""
        rows = [p for p in self.places.values() if not p.is_core]
        return sorted(rows, key=lambda p: (not p.counted, p.name))

    def school_ids(self, *, counted_only: bool = False) -> set[int]:
        """Every school of the roster, nested ones included."""
        ids = {pk for pk, p in self.places.items() if p.counted or not counted_only}
        return ids | {pk for pk, parent in self.parent_of.items() if parent in ids}


def _overlapping(period: Period) -> Q:
    return Q(start_on__lte=period.last_day) & (
        Q(end_on__isnull=True) | Q(end_on__gt=period.first_day)
    )


def _days(start: datetime.date, end: datetime.date | None, period: Period) -> tuple:
    first = max(start, period.first_day)
    last = min(end - datetime.timedelta(days=1), period.last_day) if end else period.last_day
    return first, last, max((last - first).days + 1, 0)


def rosters_for(communities, period: Period) -> dict[int, Roster]:
    """``{community pk: Roster}`` over ``period``, in two queries whatever the number."""
    ids = [c.pk for c in communities]
    rosters = {pk: Roster(pk, period) for pk in ids}
    if not ids:
        return rosters
    theirs = Membership.objects.filter(_overlapping(period), community_id__in=ids)
    rows = (
        Membership.objects.filter(_overlapping(period), school_id__in=theirs.values("school_id"))
        .order_by("start_on", "id")
        .values_list("community_id", "school_id", "school__name", "role", "start_on", "end_on")
    )
    # days per (school, community); role of the latest membership in that community
    spans: dict[int, dict[int, Place]] = defaultdict(dict)
    for community_id, school_id, name, role, start, end in rows:
        first, last, days = _days(start, end, period)
        place = spans[school_id].get(community_id)
        if place is None:
            spans[school_id][community_id] = Place(school_id, name, role, days, first, last)
        else:
            place.days += days
            place.role = role
            place.first_day = min(place.first_day, first)
            place.last_day = max(place.last_day, last)
    for by_community in spans.values():
        home = max(by_community.items(), key=lambda item: (item[1].days, item[1].last_day))[0]
        for community_id, place in by_community.items():
            place.counted = community_id == home
            if community_id in rosters:
                rosters[community_id].places[place.school_id] = place
    nested = School.objects.filter(parent_id__in=list(spans)).values_list("pk", "parent_id")
    for pk, parent_id in nested:
        for roster in rosters.values():
            if parent_id in roster.places:
                roster.parent_of[pk] = parent_id
    return rosters
