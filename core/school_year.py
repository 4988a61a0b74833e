"""School years and semesters (DOMAIN.md §2): the calendar every feature app counts by.

A school year runs from 1 September to 31 August and is written ``2025-2026`` (on screen also
``2025—2026``). Its autumn semester (秋季) runs September–January, its spring semester (春季)
February–July. A semester is named by its school year and its half: ``(2025, AUTUMN)`` is the
autumn of 2025, ``(2025, SPRING)`` the spring of 2026.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.db import models
from django.utils import timezone


class Semester(models.TextChoices):
    AUTUMN = "autumn", "秋季学期"
    SPRING = "spring", "春季学期"


_YEAR_LABEL = re.compile(r"^\s*(\d{4})\s*(?:[-—–~至/]\s*(\d{4}))?\s*(?:学年)?\s*$")


@dataclass(frozen=True, order=True)
class SchoolYear:
    """The school year starting in September of ``start``."""

    start: int

    @classmethod
    def of(cls, day: datetime.date) -> SchoolYear:
        return cls(day.year if day.month >= 9 else day.year - 1)

    @classmethod
    def current(cls) -> SchoolYear:
        return cls.of(timezone.localdate())

    @classmethod
    def parse(cls, text: str) -> SchoolYear:
        """``2025-2026``, ``2025—2026``, ``2025-2026学年`` or ``2025``; ValueError otherwise."""
        match = _YEAR_LABEL.match(str(text or ""))
        if not match:
            raise ValueError(f"学年「{text}」格式不对，应写作 2025-2026。")
        first = int(match.group(1))
        if match.group(2) and int(match.group(2)) != first + 1:
            raise ValueError(f"学年「{text}」的两个年份应相差一年。")
        if not 1990 <= first <= 2100:
            raise ValueError(f"学年「{text}」超出范围。")
        return cls(first)

    @property
    def label(self) -> str:
        return f"{self.start}-{self.start + 1}"

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.start, 9, 1)

    @property
    def last_day(self) -> datetime.date:
        return datetime.date(self.start + 1, 8, 31)

    def semester_first_day(self, semester: str) -> datetime.date:
        if semester == Semester.AUTUMN:
            return datetime.date(self.start, 9, 1)
        return datetime.date(self.start + 1, 2, 1)

    def semester_last_day(self, semester: str) -> datetime.date:
        if semester == Semester.AUTUMN:
            return datetime.date(self.start + 1, 1, 31)
        return datetime.date(self.start + 1, 7, 31)

    def next(self) -> SchoolYear:
        return SchoolYear(self.start + 1)

    def previous(self) -> SchoolYear:
        return SchoolYear(self.start - 1)

    def __str__(self) -> str:
        return self.label


def semester_of(day: datetime.date) -> tuple[SchoolYear, str]:
    """The school year and semester a date falls in (August counts to the spring before)."""
    year = SchoolYear.of(day)
    if day.month >= 9 or day.month == 1:
        return year, Semester.AUTUMN
    return year, Semester.SPRING


def semester_index(year: int, semester: str) -> int:
    """Semesters numbered in time order: autumn 2025 < spring 2026 < autumn 2026."""
    return year * 2 + (0 if semester == Semester.AUTUMN else 1)


def semester_count(start_year: int, start_semester: str, end_year: int, end_semester: str) -> int:
    """How many semesters from the first to the last, both included (0 if reversed)."""
    return max(
        semester_index(end_year, end_semester) - semester_index(start_year, start_semester) + 1, 0
    )


def semester_label(year: int, semester: str) -> str:
    return f"{SchoolYear(year).label}学年{Semester(semester).label}"


def school_year_choices(around: SchoolYear | None = None, before: int = 3, after: int = 2):
    """(label, label) pairs for a school-year select, newest first."""
    centre = around or SchoolYear.current()
    years = [SchoolYear(centre.start + delta) for delta in range(after, -before - 1, -1)]
    return [(y.label, f"{y.label}学年") for y in years]
