"""Reads for the remote-lesson pages, export, rule, measure and panel.

Figures (see ``activities.remote.weeks``): per pairing, the weeks counted so far, the weeks met
and the held rate; per week, the sessions of each week; per semester, the totals of the
pairings of the term. Every read is a fixed number of queries whatever the number of rows.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, Prefetch, Q, QuerySet

from .enums import EXCUSED_REASONS, SessionStatus
from .filters import PairingFilter
from .models import RemoteClass, RemotePairing, RemoteSession
from .visibility import pairings_visible_to, sessions_visible_to
from .weeks import Tally, tally

ORDER = (
    "-school_year",
    "-semester",
    "community__sort_key",
    "core_school__sort_key",
    "subject",
    "id",
)


def pairing_filterset(*, user, params) -> PairingFilter:
    queryset = pairings_visible_to(user).order_by(*ORDER)
    return PairingFilter(data=params, queryset=queryset, user=user)


def pairing_list(*, user, params) -> QuerySet[RemotePairing]:
    """The pairings the user may see, filtered like the list page."""
    filterset = pairing_filterset(user=user, params=params)
    queryset = filterset.qs if filterset.is_valid() else filterset.queryset
    return queryset


def with_rows(queryset: QuerySet[RemotePairing]) -> QuerySet[RemotePairing]:
    """A page's pairings with community, core school and receiving classes (two queries)."""
    return queryset.select_related("community", "core_school").prefetch_related(
        Prefetch("classes", queryset=RemoteClass.objects.select_related("school").order_by("id"))
    )


def session_rows(pairing_ids: Iterable[int]) -> dict[int, list[tuple]]:
    """pairing id -> [(date, held, excused)] of its sessions, one query."""
    rows = defaultdict(list)
    for pairing_id, day, status, reason in (
        RemoteSession.objects.filter(pairing_id__in=list(pairing_ids))
        .order_by()
        .values_list("pairing_id", "date", "status", "reason")
    ):
        rows[pairing_id].append((day, status == SessionStatus.HELD, reason in EXCUSED_REASONS))
    return rows


def tallies(
    pairings: Iterable[RemotePairing], *, today: datetime.date, per_week: int = 1
) -> dict[int, Tally]:
    """Each pairing's figures up to ``today`` (one query for every pairing's sessions)."""
    pairings = list(pairings)
    sessions = session_rows(p.pk for p in pairings)
    return {
        p.pk: tally(p.weeks(), sessions.get(p.pk, ()), today=today, per_week=per_week)
        for p in pairings
    }


def session_export(*, user, params) -> QuerySet[RemoteSession]:
    """The sessions of the pairings of the filtered list (the session export)."""
    pairings = pairing_list(user=user, params=params).values("pk")
    return (
        sessions_visible_to(user)
        .filter(pairing__in=pairings)
        .select_related("pairing", "pairing__community", "pairing__core_school")
        .order_by("pairing__community__sort_key", "pairing__core_school__sort_key", "date", "id")
    )


def list_summary(queryset: QuerySet[RemotePairing]) -> dict:
    """Pairings and sessions of the filtered list, one query."""
    figures = RemoteSession.objects.filter(pairing__in=queryset.values("pk")).aggregate(
        held=Count("pk", filter=Q(status=SessionStatus.HELD)),
        not_held=Count("pk", filter=Q(status=SessionStatus.NOT_HELD)),
    )
    return figures


def grid(pairing: RemotePairing, *, today: datetime.date) -> tuple[list[dict], Tally]:
    """The term's weeks of a pairing, each with its sessions and whether it is due, counted,
    met (two queries: the sessions, and nothing else)."""
    sessions = list(pairing.sessions.select_related("logged_by").order_by("date"))
    result = tally(
        pairing.weeks(),
        [(s.date, s.held, s.reason in EXCUSED_REASONS) for s in sessions],
        today=today,
    )
    rows = []
    for row in result.weeks:
        week = row.week
        mine = [s for s in sessions if week.holds(s.date)]
        due_session = next((s for s in mine if s.date == week.due), None)
        rows.append(
            {
                "week": week,
                "sessions": mine,
                "due_session": due_session,
                "others": [s for s in mine if s is not due_session],
                "came": week.due is not None and week.due <= today,
                "holiday": row.holiday,
                "held": row.held,
                "current": week.monday <= today <= week.sunday,
            }
        )
    return rows, result


def community_term(community, *, user, school_year: int, semester: str, today) -> list[dict]:
    """The community's pairings of a term the user may see, with their figures (three
    queries)."""
    pairings = list(
        with_rows(
            pairings_visible_to(user)
            .filter(community=community)
            .in_term(school_year, semester)
            .order_by(*ORDER)
        )
    )
    figures = tallies(pairings, today=today)
    return [{"pairing": p, "tally": figures[p.pk]} for p in pairings]


def week_totals(rows: list[dict]) -> list[dict]:
    """Per week number, across pairings: pairings due, held (for the panel's week line)."""
    totals: dict[int, dict] = {}
    for row in rows:
        for week_row in row["tally"].weeks:
            entry = totals.setdefault(
                week_row.week.number, {"number": week_row.week.number, "held": 0, "not_held": 0}
            )
            entry["held"] += week_row.held
            entry["not_held"] += week_row.not_held
    return [totals[n] for n in sorted(totals)]
