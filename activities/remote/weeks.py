"""The weeks of a pairing's term, and which of them are due (pure functions, no database).

A pairing runs from its first to its last day (by default its semester's: 秋季 1 September –
31 January, 春季 1 February – 31 July; ``core.school_year``). Its weeks run Monday to Sunday:
**week 1 is the week holding the first day**, even when that day is a Thursday; the last week is
the one holding the last day. In each week the session is due on the pairing's weekday — unless
that day falls before the first day or after the last day (a term starting on a Thursday with a
Monday slot has nothing due in week 1).

A week **counts** (is required) once its due day has come (``due <= today``) and it was not a
holiday week — a week whose sessions were all recorded 未开课 for 节假日. It is **met** when at
least N sessions of the pairing dated inside it were held (N: the rule's parameter, 1 for the
held rate). The held rate (开课率) is weeks met with N = 1 divided by weeks counted.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

ONE_DAY = datetime.timedelta(days=1)
ONE_WEEK = datetime.timedelta(days=7)


@dataclass(frozen=True)
class Week:
    number: int
    monday: datetime.date
    sunday: datetime.date
    due: datetime.date | None  # the slot's day, when it falls inside the pairing's dates

    def holds(self, day: datetime.date) -> bool:
        return self.monday <= day <= self.sunday

    @property
    def label(self) -> str:
        return f"第{self.number}周"


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def term_weeks(first_day: datetime.date, last_day: datetime.date, weekday: int) -> list[Week]:
    """Every week of the term, numbered from 1; ``weekday`` 1 (Monday) … 7 (Sunday)."""
    weeks = []
    monday = monday_of(first_day)
    number = 1
    while monday <= last_day:
        due = monday + datetime.timedelta(days=weekday - 1)
        weeks.append(
            Week(
                number, monday, monday + 6 * ONE_DAY, due if first_day <= due <= last_day else None
            )
        )
        monday += ONE_WEEK
        number += 1
    return weeks


def week_number(first_day: datetime.date, day: datetime.date) -> int:
    """The number of the week holding ``day`` (1 for the week of the first day)."""
    return (monday_of(day) - monday_of(first_day)).days // 7 + 1


@dataclass
class WeekTally:
    week: Week
    held: int = 0
    not_held: int = 0
    excused: int = 0

    @property
    def holiday(self) -> bool:
        return self.held == 0 and self.excused > 0 and self.excused == self.not_held


@dataclass(frozen=True)
class Tally:
    """A pairing's figures up to a day: weeks counted and met, sessions held and not held."""

    weeks: list[WeekTally]
    counted: int
    met: int
    held_weeks: int
    held: int
    not_held: int

    @property
    def rate(self) -> float | None:
        """Weeks with a session held ÷ weeks counted; None when nothing was due yet."""
        return self.held_weeks / self.counted if self.counted else None


def tally(
    weeks: list[Week],
    sessions: Iterable[tuple[datetime.date, bool, bool]],
    *,
    today: datetime.date,
    per_week: int = 1,
) -> Tally:
    """Count ``sessions`` — (date, held, excused) — into the weeks; see the module docstring."""
    rows = [WeekTally(week) for week in weeks]
    held = not_held = 0
    if rows:
        first_monday = rows[0].week.monday
        for day, was_held, excused in sessions:
            index = (monday_of(day) - first_monday).days // 7
            if not 0 <= index < len(rows):
                continue
            row = rows[index]
            if was_held:
                row.held += 1
                held += 1
            else:
                row.not_held += 1
                not_held += 1
                if excused:
                    row.excused += 1
    counted = [r for r in rows if r.week.due is not None and r.week.due <= today and not r.holiday]
    return Tally(
        weeks=rows,
        counted=len(counted),
        met=sum(1 for r in counted if r.held >= per_week),
        held_weeks=sum(1 for r in counted if r.held >= 1),
        held=held,
        not_held=not_held,
    )
