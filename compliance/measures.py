"""Rule completion as an assessment measure (``core.measures``).

``compliance.rule_completion`` — per school: the share (%) of its community's applicable rules
met in the school year (``selectors.evaluate``; per-semester rules counted for both semesters,
each semester one check). A community-level figure: every school gets the value of the community
it belonged to for most of the school year (``rosters``). Schools in no community: 无数据.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from communities.models import Community, Membership
from core.measures import MeasureValue, Source, measure
from core.school_year import SchoolYear, Semester

from .enums import PeriodKind
from .registry import period_of
from .rosters import rosters_for
from .selectors import evaluate


@measure(
    "compliance.rule_completion",
    label="规则完成率",
    unit="%",
    description="学校所在教共体本学年适用规则的达成比例（每学期规则按两个学期分别计）。",
)
def rule_completion(schools, school_year: SchoolYear) -> dict[int, MeasureValue]:
    ids = [s.pk for s in schools]
    period = period_of(PeriodKind.SCHOOL_YEAR, school_year, None)
    community_ids = Membership.objects.filter(
        school_id__in=ids, start_on__lte=period.last_day
    ).values("community_id")
    communities = list(Community.objects.filter(pk__in=community_ids))
    if not communities:
        return {}
    rosters = rosters_for(communities, period)
    autumn = evaluate(communities, school_year, Semester.AUTUMN)
    spring = evaluate(communities, school_year, Semester.SPRING)
    per_community = {}
    for community in communities:
        checks = [r for r in autumn[community.pk] if r.figure is not None]
        checks += [r for r in spring[community.pk] if r.figure is not None and r.rule.per_semester]
        if not checks:
            continue
        met = sum(1 for r in checks if r.figure.met)
        rate = (Decimal(met) * 100 / len(checks)).quantize(Decimal("0.01"), ROUND_HALF_UP)
        per_community[community.pk] = MeasureValue(
            rate,
            detail=f"{community.name}：适用规则 {len(checks)} 项次，达成 {met} 项次",
            sources=(Source(f"{community.name} 规则检查", community.get_absolute_url()),),
        )
    values = {}
    wanted = set(ids)
    for community in communities:
        value = per_community.get(community.pk)
        if value is None:
            continue
        for place in rosters[community.pk].places.values():
            if place.counted and place.school_id in wanted:
                values[place.school_id] = value
    return values
