"""The satisfaction rate as a measure for the bundled assessment (``core.measures``).

Per school and school year: satisfied responses ÷ responses (those a counted question decides)
× 100, over every round of the school year, as a Decimal percent to one decimal. A school no
round asked, or with no response yet, is left out ("无数据"). What counts as satisfied is in
``surveys.models``.
"""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from core.measures import MeasureValue, Source, measure

from .selectors import rate_of, satisfaction_by_school


def _year(school_year) -> int:
    return getattr(school_year, "start", school_year)


@measure(
    "surveys.satisfaction_rate",
    label="满意度",
    unit="%",
    description="本学年各轮满意度调查中满意答卷占答卷的百分比（规则 19：高于 95%）。",
)
def satisfaction_rate(schools, school_year) -> dict[int, MeasureValue]:
    ids = [getattr(school, "pk", school) for school in schools]
    values: dict[int, MeasureValue] = {}
    for school_id, entry in satisfaction_by_school(ids, _year(school_year)).items():
        rate = rate_of(entry["satisfied"], entry["n"])
        if rate is None:
            continue
        sources = tuple(
            Source(
                label=title,
                url=reverse("surveys:round_detail", args=[pk]) + f"?school={school_id}",
            )
            for pk, title in entry["rounds"]
        )
        values[school_id] = MeasureValue(
            value=Decimal(rate),
            detail=f"{entry['n']} 份问卷中 {entry['satisfied']} 份满意",
            sources=sources,
        )
    return values
