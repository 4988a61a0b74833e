"""The rule registry: every quota a community's plan promises, checked the same way.

A feature app declares its rules once, in a module its ``AppConfig.ready`` imports (exchanges:
``exchanges/rules.py``; activities and governance do the same), with :func:`register`::

    register(Rule(
        code="exchange.core_to_member",
        title="核心校向每所成员校派出教师",
        period=PeriodKind.SCHOOL_YEAR,
        params=(Param("teachers", "每所成员校至少（人）", 3, per_kind={"binding": 2}),),
        evaluate=core_to_member,
        kinds=None,                 # every community kind
    ))

``evaluate(context)`` computes the rule for *many* communities at once, in a fixed number of
queries whatever their number, and returns ``{community pk: Figure}``: required, done, how many
short, and where the records are (a link with the list's filters, or the records' ids). A figure
may have ``parts`` (one per member school); it is met when it and all its parts are.

Readers: ``compliance.selectors.evaluate`` (the community page, its panel, the district
ranking) and, later, the assessment app's derived indicators. Numbers a bureau may change per
community and school year are :class:`Param` s; their stored values are ``RuleSetting`` rows.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from core.school_year import SchoolYear, Semester

from .enums import PeriodKind


@dataclass(frozen=True)
class Param:
    """A number of a rule the bureau may change (per community and school year).

    ``default`` applies to every community kind unless ``per_kind`` names the kind."""

    key: str
    label: str
    default: float | int
    per_kind: Mapping[str, float | int] = field(default_factory=dict)
    minimum: float = 0
    maximum: float = 10_000
    help: str = ""
    # Whole numbers (people, weeks, days) or decimals (percentages).
    whole: bool = True

    def default_for(self, community_kind: str) -> float | int:
        return self.per_kind.get(community_kind, self.default)


@dataclass
class Figure:
    """A rule's answer for one community (or for one school inside it)."""

    required: int
    done: int
    label: str = ""
    url: str = ""
    ids: tuple[int, ...] = ()
    note: str = ""
    parts: list[Figure] = field(default_factory=list)
    # False for a part shown for information only (a school that spent most of the period in
    # another community): not counted in met/short.
    counted: bool = True

    @property
    def short(self) -> int:
        return max(self.required - self.done, 0)

    @property
    def met(self) -> bool:
        return self.short == 0 and all(p.met for p in self.parts if p.counted)

    @property
    def total_short(self) -> int:
        """How many short in all: the parts' shortfalls when there are parts (a total is the
        capped sum of its parts, so adding both would count twice), else its own."""
        return max(self.short, sum(p.short for p in self.parts if p.counted))


@dataclass(frozen=True)
class Period:
    """The stretch of time a figure is counted over."""

    kind: str
    first_day: datetime.date
    last_day: datetime.date
    label: str


@dataclass
class Context:
    """What ``evaluate`` receives: the communities, the period, each one's parameters and its
    roster over the period (``compliance.rosters``)."""

    communities: list  # Community rows
    school_year: SchoolYear
    semester: str | None
    period: Period
    params: dict[int, dict[str, Any]]  # community pk -> {param key: value}
    rosters: dict[int, Any]  # community pk -> rosters.Roster
    # One dict shared by every rule of one ``selectors.evaluate`` call: rules that read the same
    # records (the two national shares) keep them here instead of reading them twice.
    shared: dict[Any, Any] = field(default_factory=dict)

    def param(self, community, key: str):
        return self.params[community.pk][key]


Evaluate = Callable[[Context], dict[int, Figure]]


@dataclass(frozen=True)
class Rule:
    code: str
    title: str
    period: str  # PeriodKind
    evaluate: Evaluate
    params: tuple[Param, ...] = ()
    # Community kinds the rule applies to; None: every kind.
    kinds: frozenset[str] | None = None
    # Where the rule comes from (DOMAIN.md §4 rule number), shown under the title.
    source: str = ""
    description: str = ""
    order: int = 50

    def applies_to(self, community) -> bool:
        return self.kinds is None or community.kind in self.kinds

    def param(self, key: str) -> Param:
        for one in self.params:
            if one.key == key:
                return one
        raise KeyError(key)

    @property
    def per_semester(self) -> bool:
        return self.period in (PeriodKind.SEMESTER, PeriodKind.MONTH, PeriodKind.QUARTER)


_rules: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    """Add a rule (once; registering the same code with another rule is a programming error)."""
    current = _rules.get(rule.code)
    if current is not None and current.evaluate is not rule.evaluate:
        raise ValueError(f"rule {rule.code!r} is already registered")
    _rules[rule.code] = rule
    return rule


def all_rules() -> list[Rule]:
    return sorted(_rules.values(), key=lambda rule: (rule.order, rule.code))


def get_rule(code: str) -> Rule:
    return _rules[code]


def rules_for(community) -> list[Rule]:
    return [rule for rule in all_rules() if rule.applies_to(community)]


def period_of(kind: str, school_year: SchoolYear, semester: str | None) -> Period:
    """The period a rule of ``kind`` is counted over: the semester for per-semester rules
    (month and quarter rules count their months inside it), the school year otherwise, two
    school years (this and the one before) for biennial rules."""
    if kind in (PeriodKind.SEMESTER, PeriodKind.MONTH, PeriodKind.QUARTER) and semester:
        return Period(
            kind,
            school_year.semester_first_day(semester),
            school_year.semester_last_day(semester),
            f"{school_year.label}学年{Semester(semester).label}",
        )
    if kind == PeriodKind.TWO_YEARS:
        earlier = school_year.previous()
        return Period(
            kind,
            earlier.first_day,
            school_year.last_day,
            f"{earlier.label}、{school_year.label}学年",
        )
    return Period(kind, school_year.first_day, school_year.last_day, f"{school_year.label}学年")


def months_in(period: Period) -> list[datetime.date]:
    """First days of the months a period covers (a semester: 秋季 9–1 月, 春季 2–7 月)."""
    months = []
    day = period.first_day.replace(day=1)
    while day <= period.last_day:
        months.append(day)
        day = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return months


def codes(rules: Iterable[Rule]) -> list[str]:
    return [rule.code for rule in rules]
