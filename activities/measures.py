"""Figures of the activities app for the assessment (``core.measures``), registered at start-up
from ``ActivitiesConfig.ready``."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.urls import reverse

from core.measures import MeasureValue, Source, measure
from core.school_year import SchoolYear

from .library.selectors import sharing_by_school


@measure(
    "activities.resource_sharing",
    label="办学资源共享度",
    unit="",
    description=(
        "某校某学年共享到教共体资源库的资源份数（自行上传的资源和本校承办活动的材料，"
        "照片不计），加上该学年其他学校下载本校资源的次数。"
    ),
)
def resource_sharing(schools: Sequence[Any], school_year: Any) -> dict[int, MeasureValue]:
    """办学资源共享度 of each school in a school year:

        shared + downloaded_by_others

    - *shared*: library entries of the school dated in the school year — resources it added
      itself (教学设计, 课件, 题库, 校本课程, 微课, 其他) and the materials of activities it
      hosted — photos excluded (evidence, not teaching resources);
    - *downloaded_by_others*: downloads in the school year, by users of any other school, of
      the school's entries (of any year), as counted by the library's download view.

    ``schools`` are School objects or ids; ``school_year`` a ``SchoolYear`` or its first year.
    A school with neither is left out (no made-up zero). Three queries whatever the schools.
    """
    year = school_year.start if isinstance(school_year, SchoolYear) else int(school_year)
    label = SchoolYear(year).label
    ids = [getattr(school, "pk", school) for school in schools]
    library = reverse("activities:library")
    out = {}
    for pk, figures in sharing_by_school(ids, year).items():
        if not figures.degree:  # it only downloaded: nothing of its own to score
            continue
        out[pk] = MeasureValue(
            value=Decimal(figures.degree),
            detail=(
                f"{label} 学年共享资源 {figures.shared} 份，"
                f"被其他学校下载 {figures.downloaded_by_others} 次"
            ),
            sources=(
                Source(
                    label=f"{label} 学年共享的资源",
                    url=f"{library}?school={pk}&school_year={label}",
                ),
            ),
        )
    return out
