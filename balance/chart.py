"""A server-rendered SVG bar chart of the coefficients of variation (no script, no styles).

:func:`cv_chart` turns the figures into bar geometry; ``templates/balance/_cv_chart.html``
draws it. Bars per stage: the three indicators and the overall CV, before (and after, with the
what-if), against the stage's limit drawn as a dashed line.
"""

from __future__ import annotations

from dataclasses import dataclass

from .figures import INDICATORS, Report

SHORT_LABEL = {
    "above_required_education": "学历",
    "county_backbone": "骨干",
    "pe_arts": "体艺",
    "overall": "综合",
}
WIDTH, HEIGHT = 640, 260
TOP, BOTTOM, LEFT = 20, 40, 40
BAR = 24


@dataclass
class Bar:
    x: float
    y: float
    height: float
    value: float | None
    series: str  # "before" / "after"
    label: str


@dataclass
class Group:
    x: float
    label: str


@dataclass
class Chart:
    width: int
    height: int
    bars: list[Bar]
    groups: list[Group]
    stage_labels: list[Group]
    limits: list[tuple[float, float, float, str]]  # x1, x2, y, label
    axis: list[tuple[float, str]]  # y, label
    baseline: float
    left: int
    what_if: bool


def cv_chart(before: Report, after: Report | None = None) -> Chart:
    reports = [("before", before)] + ([("after", after)] if after else [])
    keys = [*INDICATORS, "overall"]
    values = []
    for _, report in reports:
        for figures in report.stages.values():
            values += [figures.cv[k] for k in INDICATORS] + [figures.overall, figures.limit]
    top_value = max([1.0, *[v for v in values if v is not None]])
    plot = HEIGHT - TOP - BOTTOM
    baseline = TOP + plot

    def y_of(value: float) -> float:
        return baseline - plot * value / top_value

    group_width = BAR * len(reports) + 14
    stage_width = group_width * len(keys) + 30
    bars, groups, stage_labels, limits = [], [], [], []
    for s, (stage, _) in enumerate(before.stages.items()):
        x0 = LEFT + 10 + s * stage_width
        for k, key in enumerate(keys):
            gx = x0 + k * group_width
            groups.append(Group(gx + group_width / 2 - 7, SHORT_LABEL[key]))
            for r, (series, report) in enumerate(reports):
                figures = report.stages[stage]
                value = figures.overall if key == "overall" else figures.cv[key]
                shown = value or 0.0
                bars.append(
                    Bar(
                        x=gx + r * BAR,
                        y=y_of(shown),
                        height=baseline - y_of(shown),
                        value=value,
                        series=series,
                        label=f"{figures.label}{SHORT_LABEL[key]}",
                    )
                )
        limit = before.stages[stage].limit
        limits.append((x0 - 4, x0 + group_width * len(keys) - 10, y_of(limit), f"{limit:.2f}"))
        stage_labels.append(
            Group(x0 + (group_width * len(keys)) / 2 - 7, before.stages[stage].label)
        )
    axis = [(y_of(v), f"{v:.1f}") for v in _ticks(top_value)]
    width = int(LEFT + 20 + stage_width * len(before.stages))
    return Chart(
        width, HEIGHT, bars, groups, stage_labels, limits, axis, baseline, LEFT, bool(after)
    )


def _ticks(top: float) -> list[float]:
    step = 0.25 if top <= 1.0 else 0.5
    ticks, v = [], 0.0
    while v <= top + 1e-9:
        ticks.append(round(v, 2))
        v += step
    return ticks
