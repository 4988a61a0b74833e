"""The assessment's to-do (``core.todos``): the schools whose scores the bureau still has to
enter in the school year being scored.

The year being scored is the district's latest scheme that is activated and not published
(one at a time in practice; an older one left open is not listed). A school counts when it is
assessed that year (a counted member of a community, ``results.counted_places``) and one of
the scheme's hand-scored indicators has no confirmed score for it — what would stop
publishing (``services.publish_errors``); a self-assessment waiting for confirmation counts.
Six queries at most, whatever the number of schools: the scheme, the rosters (three), the
scored indicators and the confirmed scores per school.
"""

from __future__ import annotations

from django.db.models import Count

from accounts import access
from core.todos import Todo, todo_provider

from . import results
from .enums import IndicatorKind, SchemeStatus, ScoreStatus
from .models import Indicator, Scheme, Score


def scheme_being_scored(district_id: int) -> Scheme | None:
    """The district's latest activated scheme with no publication (one query)."""
    return (
        Scheme.objects.filter(
            district_id=district_id, status=SchemeStatus.ACTIVE, publications__isnull=True
        )
        .order_by("-school_year")
        .first()
    )


def schools_to_score(scheme: Scheme) -> int:
    """How many assessed schools of ``scheme`` lack a confirmed score of a scored indicator."""
    assessed = {place.school_id for _, place in results.counted_places(scheme)}
    if not assessed:
        return 0
    wanted = Indicator.objects.filter(dimension__scheme=scheme, kind=IndicatorKind.SCORED).count()
    if not wanted:
        return 0
    done = (
        Score.objects.filter(
            indicator__dimension__scheme=scheme,
            indicator__kind=IndicatorKind.SCORED,
            status=ScoreStatus.CONFIRMED,
            points__isnull=False,
            school_id__in=assessed,
        )
        .values("school_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=wanted)
        .values_list("school_id", flat=True)
    )
    return len(assessed) - len(done)


@todo_provider("assessment.scores_to_enter", order=40)
def scores_to_enter(user) -> list[Todo]:
    if not (
        access.can_manage_assessment(user)
        and access.is_bureau(user)
        and user.district_id is not None
    ):
        return []
    scheme = scheme_being_scored(user.district_id)
    if scheme is None:
        return []
    count = schools_to_score(scheme)
    if not count:
        return []
    label = f"待录入评分的学校（{scheme.year.label}学年考核）"
    return [Todo(label, count, scheme.get_absolute_url())]
