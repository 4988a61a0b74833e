"""Demo assessment: the county's scheme (the six dimensions of rule 16) for three school years,
2023-2024 to 2025-2026, scored and published, so the results show progress, rankings and flags;
and the school year under way, 2026-2027, with scoring in progress.

Scores are drawn from one seeded generator per school (a base level, a yearly drift), entered
through the services like the bureau would. One member school's quality score falls two years
running (rule 18) and a few schools' satisfaction stays at or under 95 % (rule 19). Derived
indicators use the records where a measure has them; where a measure has no data (years before
the platform, or a measure another app has not registered), the bureau's hand-entered figure is
used, marked 手工填报. Satisfaction is entered by hand (the county surveys on another platform).

2026-2027 (``CURRENT``) is 2025-2026's scheme copied and activated, **not published**: the bureau
has entered the hand-scored indicators of the schools of every other community in the order they
were created (the 1+N group, the 1+1 binding, the nine-year community and 育英教育集团) and of
城西教共体's core school only; derived indicators are left to the records (无数据 where there
are none yet). So the results are partial (the other schools are flagged incomplete), the
quick-entry page shows filled and empty cells, the scheme page's Excel import has schools to
fill, and the bureau's home page lists the schools whose scores are still to enter. Its draws
come after the published years', so those stay as they were.
"""

from __future__ import annotations

import random
from decimal import Decimal

from assessment import results, services
from assessment.enums import SATISFACTION_MEASURE, IndicatorKind
from assessment.models import Indicator
from schools.models import School

YEARS = (2023, 2024, 2025)
CURRENT = 2026  # the school year under way: scoring in progress, not published
# the community whose core school alone is scored in CURRENT
CORE_ONLY = "城西教共体"
# the member school whose quality falls two years running, and schools under the target
DECLINING = "河口镇中心小学"


def _q(value: float) -> Decimal:
    return Decimal(str(round(value, 1)))


def build_assessment(district, *, bureau, seed: int = 11) -> int:
    rng = random.Random(seed)
    level: dict[int, float] = {}
    drift: dict[int, float] = {}
    previous = None
    published = 0
    under_target: set[int] = set()
    for year in YEARS:
        if previous is None:
            scheme = services.scheme_create_default(
                district=district, school_year=year, actor=bureau
            )
        else:
            scheme = services.scheme_copy(source=previous, school_year=year, actor=bureau)
        services.scheme_activate(scheme=scheme, actor=bureau)
        live = results.compute(scheme, history=False)
        indicators = {
            i.pk: i
            for i in Indicator.objects.filter(dimension__scheme=scheme).select_related("dimension")
        }
        schools = {
            s.pk: s for s in School.objects.filter(pk__in=[r.school_id for r in live.schools])
        }
        if not under_target:
            members = sorted(r.school_id for r in live.schools if not r.is_core)
            under_target = set(members[1::7])
        entries = []
        for row in live.schools:
            school = schools[row.school_id]
            if row.school_id not in level:
                low, high = (0.8, 0.93) if row.is_core else (0.62, 0.9)
                level[row.school_id] = rng.uniform(low, high)
                drift[row.school_id] = rng.uniform(-0.01, 0.04)
            base = min(level[row.school_id] + drift[row.school_id] * (year - YEARS[0]), 0.98)
            declining = school.name == DECLINING
            for dim in row.dimensions:
                for value in dim.indicators:
                    indicator = indicators[value.indicator_id]
                    if indicator.kind == IndicatorKind.DERIVED:
                        if indicator.measure_code == SATISFACTION_MEASURE:
                            under = row.school_id in under_target
                            rate = rng.uniform(91.0, 94.8) if under else rng.uniform(95.5, 99.5)
                            entries.append((indicator, school, _q(rate)))
                        elif value.state == "no_data":
                            rate = min(100.0, base * 100 + rng.uniform(-8, 8))
                            entries.append((indicator, school, _q(rate)))
                        continue
                    fraction = base + rng.uniform(-0.05, 0.05)
                    if declining and dim.code in ("quality", "organisation"):
                        fraction = 0.86 - 0.1 * (year - YEARS[0])
                    points = indicator.max_score * Decimal(str(max(0.3, min(fraction, 1.0))))
                    entries.append((indicator, school, points.quantize(Decimal("0.1"))))
        # the self-assessed indicators: entered by the bureau as confirmed in the demo
        services.scores_set_many(entries=entries, actor=bureau)
        services.results_publish(scheme=scheme, actor=bureau, note="示范数据")
        published += 1
        previous = scheme
    _build_current(previous, bureau=bureau, rng=rng, level=level, drift=drift)
    return published


def _build_current(previous, *, bureau, rng, level, drift) -> None:
    """``CURRENT``'s scheme, copied and activated, with the hand-scored indicators of part of
    the schools entered (see the module docstring); nothing published."""
    scheme = services.scheme_copy(source=previous, school_year=CURRENT, actor=bureau)
    services.scheme_activate(scheme=scheme, actor=bureau)
    places = results.counted_places(scheme)
    communities = sorted({community for community, _ in places}, key=lambda c: c.pk)
    scored = {c.pk for c in communities[::2]}
    core_only = {c.pk for c in communities if c.name == CORE_ONLY}
    chosen = [
        place
        for community, place in places
        if community.pk in scored or (community.pk in core_only and place.is_core)
    ]
    indicators = list(
        Indicator.objects.filter(dimension__scheme=scheme, kind=IndicatorKind.SCORED).order_by(
            "dimension__order", "order", "pk"
        )
    )
    schools = School.objects.in_bulk([place.school_id for place in chosen])
    entries = []
    for place in sorted(chosen, key=lambda p: p.school_id):
        school_id = place.school_id
        if school_id not in level:  # a school first assessed this year
            level[school_id] = rng.uniform(0.8, 0.93) if place.is_core else rng.uniform(0.62, 0.9)
            drift[school_id] = rng.uniform(-0.01, 0.04)
        base = min(level[school_id] + drift[school_id] * (CURRENT - YEARS[0]), 0.98)
        for indicator in indicators:
            fraction = max(0.3, min(base + rng.uniform(-0.05, 0.05), 1.0))
            points = indicator.max_score * Decimal(str(fraction))
            entries.append((indicator, schools[school_id], points.quantize(Decimal("0.1"))))
    services.scores_set_many(entries=entries, actor=bureau)
