"""Server-rendered SVG charts of survey results (no script, no styles): the geometry here, the
drawing in ``templates/surveys/_rate_chart.html`` and ``_distribution_chart.html``, the same
in the page and in the PDF.

- the rate chart: one horizontal bar per school (or community), its satisfaction rate out of
  100 %, the target as a dashed line; a bar at or under the target is drawn in the warning colour;
- the distribution chart of a question: one bar per answer, its share of the answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

WIDTH = 640
LABEL = 170  # room for the names on the left
VALUE = 56  # room for the figure on the right
ROW = 24
BAR = 14
TOP = 22


@dataclass
class HBar:
    y: float
    width: float
    label: str
    figure: str
    warn: bool = False
    good: bool = False


@dataclass
class HChart:
    width: int
    height: int
    left: int
    plot: int
    bars: list[HBar]
    target_x: float | None = None
    target_label: str = ""
    aria: str = ""


def _short(name: str, limit: int = 13) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def rate_chart(rows, target: Decimal, *, aria: str = "满意率") -> HChart:
    """``rows``: objects with ``name``, ``rate`` (Decimal percent or None) and ``under``."""
    plot = WIDTH - LABEL - VALUE
    bars = []
    for index, row in enumerate(rows):
        rate = row.rate
        bars.append(
            HBar(
                y=TOP + index * ROW,
                width=float(rate or 0) / 100 * plot,
                label=_short(row.name),
                figure="无数据" if rate is None else f"{rate}%",
                warn=bool(row.under),
            )
        )
    return HChart(
        width=WIDTH,
        height=TOP + len(bars) * ROW + 8,
        left=LABEL,
        plot=plot,
        bars=bars,
        target_x=LABEL + float(target) / 100 * plot,
        target_label=f"目标 {target.normalize():f}%",
        aria=aria,
    )


def distribution_chart(result) -> HChart:
    """``result``: a question's result with ``options`` of (label, count, percent, good)."""
    plot = WIDTH - LABEL - VALUE - 30
    bars = []
    for index, option in enumerate(result.options):
        bars.append(
            HBar(
                y=8 + index * ROW,
                width=float(option.percent) / 100 * plot,
                label=_short(option.label),
                figure=f"{option.count}（{option.percent}%）",
                good=option.good,
            )
        )
    return HChart(
        width=WIDTH,
        height=8 + len(bars) * ROW + 4,
        left=LABEL,
        plot=plot,
        bars=bars,
        aria=f"第 {result.question.order} 题的答案分布",
    )
