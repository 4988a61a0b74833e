"""Figures that apps derive from their own records, for the bundled assessment to read.

The assessment (the top app) scores schools on indicators; a *derived* indicator names one of
these measures instead of being scored by hand. Each app registers its measures at start-up, from
a module its ``AppConfig.ready`` imports, so the assessment never has to know which app counts
what::

    @measure("surveys.satisfaction_rate", label="满意度", unit="%")
    def satisfaction_rate(schools, school_year) -> dict[int, MeasureValue]:
        ...  # a fixed number of queries, whatever len(schools)

``compute(schools, school_year)`` answers for many schools at once: a mapping from school id to
a ``MeasureValue``. A school with nothing recorded is left out of the mapping (the assessment
shows it as "无数据"), never given a made-up zero. A community-level figure (rule completion,
say) gives each member school its community's value.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Source:
    """One record (or list of records) a value came from, for the report to link to."""

    label: str
    url: str = ""


@dataclass(frozen=True)
class MeasureValue:
    value: Decimal
    # A short Chinese explanation of how the value was reached, e.g. "312 份问卷中 301 份满意".
    detail: str = ""
    sources: tuple[Source, ...] = field(default_factory=tuple)


Compute = Callable[[Sequence[Any], Any], dict[int, MeasureValue]]


@dataclass(frozen=True)
class Measure:
    code: str
    label: str
    unit: str
    compute: Compute
    description: str = ""


_measures: dict[str, Measure] = {}


def measure(
    code: str, *, label: str, unit: str = "", description: str = ""
) -> Callable[[Compute], Compute]:
    def register(compute: Compute) -> Compute:
        current = _measures.get(code)
        if current is not None and current.compute is not compute:
            raise ValueError(f"measure {code!r} is already registered: {current.compute!r}")
        _measures[code] = Measure(code, label, unit, compute, description)
        return compute

    return register


def all_measures() -> list[Measure]:
    return sorted(_measures.values(), key=lambda m: m.code)


def get_measure(code: str) -> Measure:
    try:
        return _measures[code]
    except KeyError:
        raise LookupError(f"no measure {code!r} is registered") from None
