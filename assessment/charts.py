"""Server-rendered SVG charts of the year-end report (no script, no styles).

Pure geometry from plain numbers: the functions here know nothing of models, so the results
page and the PDF draw exactly the same picture. The templates ``assessment/_profile_chart.html``
and ``assessment/_rules_chart.html`` draw it as inline SVG; the colours are presentation
attributes (``fill``), which the strict CSP allows, and the ``svg`` root names the CJK font
(WeasyPrint does not inherit the body's font into SVG text).

- :func:`profile_chart` — one school's profile: a row per dimension, this year's score and last
  year's as two horizontal bars, scaled to the dimension's maximum (so dimensions of different
  weight compare), the score written at the bar's end.
- :func:`rules_chart` — the community's rules (exchanges, activities, governance): a row per
  rule, the required count as a light bar and what was done over it, green when met.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

# 480 units wide: drawn at 120 mm in the PDF (text about 10 pt) and at its own width on a
# results page, scaled down to about 0.7 on a 375 px phone (text about 9.5 px).
WIDTH = 480
FONT = "Microsoft YaHei, PingFang SC, Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif"
TEXT = 14  # labels and legend
VALUE = 12  # the figures written after the bars
TICK = 11  # the axis

# profile chart
P_LABEL = 112  # the dimension names' column
P_RIGHT = 50  # room for the score written after the bar
P_TOP = 30  # the legend
P_BAR = 13
P_ROW = 2 * P_BAR + 12
P_AXIS = 20

# rules chart: each rule's title on its own line, its bar under it
R_LEFT = 4
R_RIGHT = 90
R_BAR = 14
R_ROW = 42
R_LABEL_H = 19
R_TOP = 28

COLOURS = {
    "this": "#1d4f91",
    "last": "#9fb3cc",
    "required": "#dde4ec",
    "met": "#2e7d4f",
    "short": "#d9822b",
}


def _fmt(value: Decimal | float | None) -> str:
    if value is None:
        return "—"
    text = f"{Decimal(str(value)).quantize(Decimal('0.1'))}"
    return text[:-2] if text.endswith(".0") else text


# --- per-school dimension profile ---------------------------------------------------------


@dataclass(frozen=True)
class ProfileRow:
    """One dimension of one school: its maximum and the scores of the two years (None: none)."""

    label: str
    maximum: Decimal
    this_year: Decimal | None
    last_year: Decimal | None


@dataclass
class HBar:
    x: float
    y: float
    width: float
    height: float
    fill: str
    text: str  # written after the bar
    title: str  # the tooltip (and the accessible name of the bar)
    text_at: float | None = None  # where the text starts, when not right after the bar

    @property
    def text_x(self) -> float:
        return self.text_at if self.text_at is not None else self.x + self.width + 4


@dataclass
class RowLabel:
    x: float
    y: float
    text: str
    anchor: str = "end"  # "start": the label on its own line above the bar


@dataclass
class Tick:
    x: float
    label: str


@dataclass
class Chart:
    title: str
    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    bars: list[HBar]
    labels: list[RowLabel]
    ticks: list[Tick]
    legend: list[tuple[float, str, str]]  # x, fill, text
    font: str = FONT
    text_size: int = TEXT
    value_size: int = VALUE
    tick_size: int = TICK

    @property
    def desc(self) -> str:
        """Every value in words: the chart's text alternative (SVG ``<desc>``)."""
        return "；".join(bar.title for bar in self.bars if bar.text)


def profile_chart(title: str, rows: list[ProfileRow], *, this_label: str, last_label: str) -> Chart:
    """A school's scores by dimension, this year against last, as shares of each maximum."""
    left, right = P_LABEL, WIDTH - P_RIGHT
    plot = right - left
    bars, labels = [], []
    for index, row in enumerate(rows):
        y0 = P_TOP + index * P_ROW
        labels.append(RowLabel(left - 6, y0 + P_BAR, row.label))
        for offset, (series, value, year) in enumerate(
            (("this", row.this_year, this_label), ("last", row.last_year, last_label))
        ):
            share = _share(value, row.maximum)
            bars.append(
                HBar(
                    x=left,
                    y=y0 + offset * P_BAR,
                    width=round(plot * share, 1),
                    height=P_BAR - 1,
                    fill=COLOURS[series],
                    text=_fmt(value),
                    title=f"{row.label}（{year}）：{_fmt(value)} / {_fmt(row.maximum)}",
                )
            )
    bottom = P_TOP + len(rows) * P_ROW
    ticks = [Tick(left + plot * p / 100, f"{p}%") for p in (0, 25, 50, 75, 100)]
    legend = [(left, COLOURS["this"], this_label), (left + 150, COLOURS["last"], last_label)]
    return Chart(
        title=title,
        width=WIDTH,
        height=bottom + P_AXIS + 4,
        left=left,
        right=right,
        top=P_TOP,
        bottom=bottom,
        bars=bars,
        labels=labels,
        ticks=ticks,
        legend=legend,
    )


def _share(value: Decimal | None, maximum: Decimal) -> float:
    if value is None or not maximum:
        return 0.0
    return max(0.0, min(1.0, float(value) / float(maximum)))


# --- rules: required against done ---------------------------------------------------------


@dataclass(frozen=True)
class RuleRow:
    label: str
    required: int
    done: int

    @property
    def met(self) -> bool:
        return self.done >= self.required


def rules_chart(title: str, rows: list[RuleRow]) -> Chart:
    """Each rule's required count (light) and what was done (green when met, orange when not),
    on one scale per row: the longer of the two fills the plot."""
    left, right = R_LEFT, WIDTH - R_RIGHT
    plot = right - left
    bars, labels = [], []
    for index, row in enumerate(rows):
        top = R_TOP + index * R_ROW
        y = top + R_LABEL_H
        scale = max(row.required, row.done, 1)
        labels.append(RowLabel(left, top + R_LABEL_H / 2, row.label, anchor="start"))
        bars.append(
            HBar(
                x=left,
                y=y,
                width=round(plot * row.required / scale, 1),
                height=R_BAR,
                fill=COLOURS["required"],
                text="",
                title=f"{row.label}：应完成 {row.required}",
            )
        )
        status = "已达标" if row.met else f"差 {row.required - row.done}"
        bars.append(
            HBar(
                x=left,
                y=y + 3,
                width=round(plot * row.done / scale, 1),
                height=R_BAR - 6,
                fill=COLOURS["met" if row.met else "short"],
                text=f"{row.done} / {row.required}",
                text_at=right + 6,
                title=f"{row.label}：已完成 {row.done} / 应完成 {row.required}（{status}）",
            )
        )
    bottom = R_TOP + len(rows) * R_ROW
    legend = [
        (left, COLOURS["required"], "应完成"),
        (left + 80, COLOURS["met"], "已完成（达标）"),
        (left + 210, COLOURS["short"], "已完成（未达标）"),
    ]
    return Chart(
        title=title,
        width=WIDTH,
        height=bottom + 6,
        left=left,
        right=right,
        top=R_TOP,
        bottom=bottom,
        bars=bars,
        labels=labels,
        ticks=[],
        legend=legend,
    )
