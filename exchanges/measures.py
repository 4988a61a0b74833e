"""Exchange records as assessment measures (``core.measures``).

``exchanges.mentorship_coverage`` — per school: of its backbone teachers (校级及以上), the share
(%) with at least one pairing (师徒结对, not 中止) running in the school year (rule 7). A school
with no backbone teacher is left out (无数据).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.urls import reverse

from core.measures import MeasureValue, Source, measure
from core.school_year import SchoolYear
from schools.enums import BackboneLevel
from schools.models import Teacher

from .models import Mentorship


@measure(
    "exchanges.mentorship_coverage",
    label="骨干教师带徒覆盖率",
    unit="%",
    description="学校骨干教师中本学年有师徒结对的比例（规则 7）。",
)
def mentorship_coverage(schools, school_year: SchoolYear) -> dict[int, MeasureValue]:
    ids = [s.pk for s in schools]
    backbone = list(
        Teacher.objects.filter(school_id__in=ids)
        .exclude(backbone_level=BackboneLevel.NONE)
        .values_list("pk", "school_id")
    )
    mentoring = set(
        Mentorship.objects.counting()
        .in_school_year(school_year)
        .filter(mentor_id__in=[pk for pk, _ in backbone])
        .values_list("mentor_id", flat=True)
    )
    per_school = defaultdict(lambda: [0, 0])
    for pk, school_id in backbone:
        per_school[school_id][1] += 1
        per_school[school_id][0] += int(pk in mentoring)
    url = reverse("exchanges:mentorship_list")
    values = {}
    for school_id, (done, total) in per_school.items():
        rate = (Decimal(done) * 100 / total).quantize(Decimal("0.01"), ROUND_HALF_UP)
        values[school_id] = MeasureValue(
            rate,
            detail=f"骨干教师 {total} 人，本学年有徒弟 {done} 人",
            sources=(
                Source("师徒结对", f"{url}?school={school_id}&school_year={school_year.label}"),
            ),
        )
    return values
