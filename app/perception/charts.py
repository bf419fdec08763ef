"""Geometry of the ranking page's SVG charts: plain numbers in, coordinates out (no Flask).

`templates/perception/public/_charts.html` turns these into inline SVG; it formats every number
people read (per locale), while the coordinates here are plain floats rounded to 0.1 px so the
markup does not depend on the language. Bars always start at 0 (a bar's length is its value);
all sparklines share one vertical scale so that municipalities can be compared by eye.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping, Sequence

from app.perception.periods import Period
from app.perception.statistics import STATUS_RANKED, RankedRow

BAR_WIDTH = 720
LABEL_WIDTH = 210  # municipality names, right-aligned against the axis
VALUE_WIDTH = 70  # the value printed after the whisker
ROW_HEIGHT = 24
BAR_THICKNESS = 14
TOP = 8
AXIS_HEIGHT = 34  # tick labels under the plot

SPARK_WIDTH = 132
SPARK_HEIGHT = 30
SPARK_PAD = 4


def _px(value: float) -> float:
    return round(value, 1)


@dataclass(frozen=True)
class Tick:
    value: int
    x: float


@dataclass(frozen=True)
class Bar:
    """One ranked municipality: the bar from the axis origin to `x`, the whisker from `low_x` to
    `high_x` at height `mid_y`, and where its value is written (`value_x`)."""

    code: str
    name: str
    rank: int
    pct: float
    ci_low: float
    ci_high: float
    top: float
    mid_y: float
    text_y: float
    x: float
    length: float
    low_x: float
    high_x: float
    value_x: float

    @property
    def cap_top(self) -> float:
        return _px(self.mid_y - 5)

    @property
    def cap_bottom(self) -> float:
        return _px(self.mid_y + 5)


@dataclass(frozen=True)
class BarChart:
    width: int
    height: float
    origin_x: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    axis_max: int
    ticks: list[Tick]
    bars: list[Bar]
    bar_thickness: int = BAR_THICKNESS

    @property
    def label_x(self) -> float:
        return self.origin_x - 8

    @property
    def tick_label_y(self) -> float:
        return self.plot_bottom + 14

    @property
    def axis_title_x(self) -> float:
        return _px((self.origin_x + self.plot_right) / 2)

    @property
    def axis_title_y(self) -> float:
        return self.plot_bottom + 27


def axis_scale(highest: float) -> tuple[int, int]:
    """(axis maximum, tick step) for percentages up to `highest`: a multiple of the step, ≤ 100."""
    step = 10 if highest <= 50 else 20
    top = max(step, math.ceil(max(highest, 0.0) / step - 1e-9) * step)
    return min(top, 100), step


def bar_chart(rows: Sequence[RankedRow], width: int = BAR_WIDTH) -> BarChart:
    """Bars with 95% interval whiskers for the ranked rows, in ranking order (others are left out)."""
    ranked = [r for r in rows if r.status == STATUS_RANKED]
    axis_max, step = axis_scale(max((r.ci_high for r in ranked), default=0.0))
    origin = float(LABEL_WIDTH)
    right = float(width - VALUE_WIDTH)
    scale = (right - origin) / axis_max

    def x_of(pct: float) -> float:
        return _px(origin + min(max(pct, 0.0), axis_max) * scale)

    bars = []
    for i, row in enumerate(ranked):
        top = TOP + i * ROW_HEIGHT
        x, high_x = x_of(row.pct), x_of(row.ci_high)
        bars.append(Bar(
            code=row.code, name=row.name, rank=row.rank, pct=row.pct, ci_low=row.ci_low,
            ci_high=row.ci_high, top=_px(top + (ROW_HEIGHT - BAR_THICKNESS) / 2),
            mid_y=_px(top + ROW_HEIGHT / 2), text_y=_px(top + ROW_HEIGHT / 2 + 4), x=x,
            length=_px(x - origin), low_x=x_of(row.ci_low), high_x=high_x, value_x=_px(max(high_x, x) + 6)))
    bottom = TOP + len(ranked) * ROW_HEIGHT
    ticks = [Tick(value, x_of(value)) for value in range(0, axis_max + 1, step)]
    return BarChart(width=width, height=_px(bottom + AXIS_HEIGHT), origin_x=origin, plot_right=right,
                    plot_top=float(TOP), plot_bottom=float(bottom), axis_max=axis_max, ticks=ticks, bars=bars)


@dataclass(frozen=True)
class Point:
    period: Period
    value: float
    x: float
    y: float


@dataclass(frozen=True)
class Sparkline:
    """One municipality's quarterly index; `path` is broken where a quarter has no figure."""

    width: int
    height: int
    path: str
    points: list[Point]

    @property
    def first(self) -> Point | None:
        return self.points[0] if self.points else None

    @property
    def last(self) -> Point | None:
        return self.points[-1] if self.points else None


def quarters_between(first: Period, last: Period) -> list[Period]:
    """Every quarter from `first` to `last`, both included (empty when last < first)."""
    span = []
    current = first
    while current <= last:
        span.append(current)
        if current == last:
            break
        current = current.next()
    return span


def trend_domain(values: Sequence[float]) -> tuple[float, float]:
    """The shared vertical scale of the sparklines: the values' range widened to tens, 0–100."""
    if not values:
        return 0.0, 100.0
    low = max(0.0, math.floor(min(values) / 10) * 10)
    high = min(100.0, math.ceil(max(values) / 10) * 10)
    if high - low < 10:  # a flat series still gets a visible scale
        low, high = (low, low + 10) if low + 10 <= 100 else (high - 10, high)
    return float(low), float(high)


def sparkline(span: Sequence[Period], values: Mapping[Period, float], domain: tuple[float, float],
              width: int = SPARK_WIDTH, height: int = SPARK_HEIGHT) -> Sparkline:
    """A polyline over the quarters of `span` (x) and the index on `domain` (y, higher is up)."""
    low, high = domain
    inner_w, inner_h = width - 2 * SPARK_PAD, height - 2 * SPARK_PAD
    step = inner_w / (len(span) - 1) if len(span) > 1 else 0.0
    points: list[Point] = []
    commands: list[str] = []
    joined = False
    for i, period in enumerate(span):
        value = values.get(period)
        if value is None:
            joined = False
            continue
        x = _px(SPARK_PAD + (i * step if len(span) > 1 else inner_w / 2))
        share = (min(max(value, low), high) - low) / (high - low)
        y = _px(SPARK_PAD + inner_h * (1 - share))
        commands.append(f"{'L' if joined else 'M'}{x} {y}")
        joined = True
        points.append(Point(period, value, x, y))
    return Sparkline(width=width, height=height, path=" ".join(commands), points=points)


@dataclass(frozen=True)
class RankingCharts:
    bars: BarChart
    insufficient: list[RankedRow]
    span: list[Period]
    domain: tuple[float, float]
    sparklines: dict[str, Sparkline]


def ranking_charts(rows: Sequence[RankedRow], trends: Mapping[str, Mapping[Period, float]],
                   last: Period) -> RankingCharts:
    """Everything the ranking page draws: the bar chart of the ranked rows, the rows left apart,
    and one sparkline per row over the quarters from the first one with data up to `last`."""
    shown = [{p: v for p, v in trends.get(row.code, {}).items() if p <= last} for row in rows]
    periods = [p for series in shown for p in series]
    span = quarters_between(min(periods), last) if periods else [last]
    domain = trend_domain([v for series in shown for v in series.values()])
    return RankingCharts(
        bars=bar_chart(rows),
        insufficient=[r for r in rows if r.status != STATUS_RANKED],
        span=span, domain=domain,
        sparklines={row.code: sparkline(span, series, domain) for row, series in zip(rows, shown)})
