"""Demo assessment: the county's scheme (the six dimensions of rule 16) for three school years,
2023-2024 to 2025-2026, scored and published, so the results show progress, rankings and flags.

Scores are drawn from one seeded generator per school (a base level, a yearly drift), entered
through the services like the bureau would. One member school's quality score falls two years
running (rule 18) and a few schools' satisfaction stays at or under 95 % (rule 19). Derived
indicators use the records where a measure has them; where a measure has no data (years before
the platform, or a measure another app has not registered), the bureau's hand-entered figure is
used, marked 手工填报. Satisfaction is entered by hand (the county surveys on another platform).
"""

from __future__ import annotations

import random
from decimal import Decimal

from assessment import results, services
from assessment.enums import SATISFACTION_MEASURE, IndicatorKind
from assessment.models import Indicator
from schools.models import School

YEARS = (2023, 2024, 2025)
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
    return published
