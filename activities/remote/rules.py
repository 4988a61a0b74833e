"""The remote-lesson rule, registered into ``compliance``: every pairing holds at least N
sessions a week (default 1), counted per semester.

For each community of the context: its pairings of the school year (and semester, when one is
asked) — all three kinds (同步课堂, 专递课堂, 名师课堂). Per pairing, the weeks counted so far
and those met are those of ``activities.remote.weeks``: a week counts once its scheduled day
has come and it is not a holiday week (every session recorded 未开课 for 节假日); it is met
when at least N sessions dated inside it were held. The community's figure sums its pairings
(required = weeks counted, done = weeks met), with one part per pairing linking to its grid. A
community with no pairing has nothing required. Two queries whatever the number of communities.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from compliance.enums import PeriodKind
from compliance.registry import Context, Figure, Param, Rule, register

from .models import RemotePairing
from .selectors import session_rows
from .weeks import tally


def _today() -> datetime.date:
    """Today, for counting the weeks whose day has come (tests pin it)."""
    return timezone.localdate()


def _list_url(context: Context, community) -> str:
    try:
        base = reverse("activities:remote_pairing_list")
    except NoReverseMatch:  # pages not mounted
        return ""
    query = {"community": community.pk, "school_year": context.school_year.label}
    if context.semester:
        query["semester"] = context.semester
    return f"{base}?{urlencode(query)}"


def weekly_sessions(context: Context) -> dict[int, Figure]:
    pairings = list(
        RemotePairing.objects.filter(community_id__in=[c.pk for c in context.communities])
        .in_term(context.school_year.start, context.semester)
        .select_related("core_school")
        .order_by("core_school__sort_key", "subject", "id")
    )
    sessions = session_rows(p.pk for p in pairings)
    today = _today()
    figures = {}
    for community in context.communities:
        need = int(context.param(community, "count"))
        parts = []
        for pairing in pairings:
            if pairing.community_id != community.pk:
                continue
            result = tally(
                pairing.weeks(), sessions.get(pairing.pk, ()), today=today, per_week=need
            )
            parts.append(
                Figure(
                    required=result.counted,
                    done=result.met,
                    label=pairing.display_name,
                    url=pairing.get_absolute_url(),
                    note=f"{pairing.term_label}，开课 {result.held} 次",
                )
            )
        figures[community.pk] = Figure(
            required=sum(p.required for p in parts),
            done=sum(p.done for p in parts),
            parts=parts,
            url=_list_url(context, community),
            note=f"{len(parts)} 个结对，每周至少 {need} 次（已到上课日的周，节假日除外）",
        )
    return figures


RULE = register(
    Rule(
        code="remote.weekly_sessions",
        title="每个同步课堂结对每周至少开课",
        source="同步课堂 / 专递课堂 / 名师课堂",
        period=PeriodKind.SEMESTER,
        evaluate=weekly_sessions,
        params=(Param("count", "每周至少（次）", 1, minimum=1, maximum=7),),
        description="同步课堂、专递课堂、名师课堂的每个结对，每周至少开课 N 次；"
        "按学期统计已到上课日的周，全周因节假日未开课的周不计。",
        order=130,
    )
)
