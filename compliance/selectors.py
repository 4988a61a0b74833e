"""Reads of the rule checks: every applicable rule of many communities, in fixed queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from core.school_year import SchoolYear, Semester

from . import registry
from .models import RuleSetting
from .registry import Figure, Period, Rule
from .rosters import rosters_for


@dataclass
class Result:
    rule: Rule
    period: Period
    params: dict[str, Any]
    changed: set[str] = field(default_factory=set)  # param keys the bureau changed
    enabled: bool = True
    figure: Figure | None = None  # None: not applicable or switched off

    @property
    def met(self) -> bool | None:
        return None if self.figure is None else self.figure.met


def effective_params(rule: Rule, community, setting: RuleSetting | None) -> tuple[dict, set]:
    """The rule's numbers for a community: defaults of its kind, overridden by the setting."""
    values = {p.key: p.default_for(community.kind) for p in rule.params}
    changed = set()
    stored = setting.params if setting is not None else {}
    for key, value in stored.items():
        if key in values and value is not None and value != values[key]:
            values[key] = value
            changed.add(key)
    return values, changed


def settings_of(communities, school_year: SchoolYear) -> dict[tuple[int, str], RuleSetting]:
    rows = RuleSetting.objects.filter(
        community_id__in=[c.pk for c in communities], school_year=school_year.start
    )
    return {(row.community_id, row.rule_code): row for row in rows}


def evaluate(
    communities, school_year: SchoolYear, semester: str | None = None
) -> dict[int, list[Result]]:
    """``{community pk: [Result per registered rule]}`` for the school year (and semester, for
    rules counted per semester; without one, a per-semester rule counts the autumn semester).

    Queries: one for the settings, two per distinct period for the rosters, and each rule's own
    fixed number — never one per community."""
    communities = list(communities)
    semester = semester or Semester.AUTUMN
    stored = settings_of(communities, school_year)
    results: dict[int, list[Result]] = {c.pk: [] for c in communities}
    rosters_by_period: dict[Period, dict] = {}
    shared: dict = {}
    for rule in registry.all_rules():
        period = registry.period_of(rule.period, school_year, semester)
        applicable = []
        params = {}
        for community in communities:
            setting = stored.get((community.pk, rule.code))
            values, changed = effective_params(rule, community, setting)
            enabled = rule.applies_to(community) and (setting is None or setting.enabled)
            result = Result(rule, period, values, changed, enabled)
            results[community.pk].append(result)
            if enabled:
                applicable.append(community)
                params[community.pk] = values
        if not applicable:
            continue
        if period not in rosters_by_period:
            rosters_by_period[period] = rosters_for(communities, period)
        context = registry.Context(
            communities=applicable,
            school_year=school_year,
            semester=semester if rule.per_semester else None,
            period=period,
            params=params,
            rosters=rosters_by_period[period],
            shared=shared,
        )
        figures = rule.evaluate(context)
        for community in applicable:
            for result in results[community.pk]:
                if result.rule is rule:
                    result.figure = figures.get(community.pk, Figure(0, 0))
    return results


@dataclass
class Standing:
    """A community's place in the district ranking."""

    community: Any
    met: int
    applicable: int
    # The mean of each applicable rule's completion (done / required, capped at 1), in %.
    # Rules count in different units (teachers, meetings, yuan): shortfalls cannot be added.
    completion: float
    results: list[Result]

    @property
    def share(self) -> float:
        return self.met / self.applicable if self.applicable else 1.0


def _completion(figure) -> float:
    if figure.required <= 0:
        return 1.0
    return min(figure.done / figure.required, 1.0)


def ranking(communities, school_year: SchoolYear, semester: str | None = None) -> list[Standing]:
    """Communities by rules met (share of applicable rules met, then the mean completion)."""
    communities = list(communities)
    evaluated = evaluate(communities, school_year, semester)
    standings = []
    for community in communities:
        results = evaluated[community.pk]
        counted = [r for r in results if r.figure is not None]
        standings.append(
            Standing(
                community=community,
                met=sum(1 for r in counted if r.figure.met),
                applicable=len(counted),
                completion=(
                    100 * sum(_completion(r.figure) for r in counted) / len(counted)
                    if counted
                    else 100.0
                ),
                results=results,
            )
        )
    standings.sort(key=lambda s: (-s.share, -s.completion, s.community.name))
    return standings
