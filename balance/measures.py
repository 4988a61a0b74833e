"""Balance figures as an assessment measure (``core.measures``).

``balance.standards_met`` — per school: the share (%) of its parts' balance indicators (rule
20: teachers above the required education, county backbone, PE and arts, per 100 students)
that meet the standard once the school year's exchanges are counted (the what-if of
``figures.what_if_moves``), with the share before them in the detail: the movement the year's
rotations brought. Schools without a compulsory part in the figures are left out (无数据).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from core.measures import MeasureValue, Source, measure
from core.school_year import SchoolYear
from schools.models import District

from . import figures


def _share(parts) -> tuple[int, int]:
    met = total = 0
    for part in parts:
        for ok in part.meets.values():
            total += 1
            met += int(ok)
    return met, total


@measure(
    "balance.standards_met",
    label="均衡指标达标率（计入本学年交流）",
    unit="%",
    description="学校各学部的三项均衡指标（规则 20）计入本学年交流后的达标比例。",
)
def standards_met(schools, school_year: SchoolYear) -> dict[int, MeasureValue]:
    by_district = defaultdict(list)
    for school in schools:
        by_district[school.district_id].append(school.pk)
    values = {}
    for district in District.objects.filter(pk__in=list(by_district)):
        wanted = set(by_district[district.pk])
        before = figures.compute(district)
        after = figures.compute(district, moves=figures.what_if_moves(district, school_year))
        parts_before = defaultdict(list)
        parts_after = defaultdict(list)
        for part in before.parts:
            if not part.left_out and part.school_id in wanted:
                parts_before[part.school_id].append(part)
        for part in after.parts:
            if not part.left_out and part.school_id in wanted:
                parts_after[part.school_id].append(part)
        for school_id, parts in parts_after.items():
            met, total = _share(parts)
            met0, _ = _share(parts_before[school_id])
            if not total:
                continue
            rate = (Decimal(met) * 100 / total).quantize(Decimal("0.01"), ROUND_HALF_UP)
            values[school_id] = MeasureValue(
                rate,
                detail=f"{total} 项指标：交流前达标 {met0} 项，计入本学年交流后达标 {met} 项",
                sources=(Source("均衡指标", "/balance/"),),
            )
    return values
