"""Geometry of the jurors' score-distribution plot, drawn as SVG by the leaderboard template.

Pure: plain numbers in, coordinates out. One horizontal lane per juror on a shared 0–100 axis:
a box from the lower to the upper quartile with the median, whiskers to the lowest and highest
total, the juror's mean as a diamond, and the totals themselves as dots (only while the whole
plot has at most `max_dots` of them: beyond that the boxes say enough and the page stays light). A dashed line marks the mean of every juror, so a
lane sitting left of it is a harsh juror and one right of it a lenient one.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Sequence

AXIS_TICKS = (0, 20, 40, 60, 80, 100)


@dataclass(frozen=True)
class Lane:
    label: str
    n: int
    y: float
    whisker: tuple[float, float]
    box: tuple[float, float] | None
    median_x: float
    mean_x: float
    dots: tuple[tuple[float, float], ...]
    mean: float
    median: float
    minimum: float
    maximum: float


@dataclass(frozen=True)
class Plot:
    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    lane_height: float
    ticks: tuple[tuple[float, int], ...]
    lanes: tuple[Lane, ...]
    overall_mean: float | None
    overall_mean_x: float | None


def quartiles(values: Sequence[float]) -> tuple[float, float]:
    """Lower and upper quartile (the inclusive method: with one value both are that value)."""
    if len(values) == 1:
        return values[0], values[0]
    q1, _q2, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, q3


def juror_plot(series: Sequence[tuple[str, Sequence[float]]], width: int = 720,
               lane_height: int = 34, label_width: int = 180, max_dots: int = 1500) -> Plot:
    """The plot of each (label, totals) pair, in the order given; jurors without totals are left
    out."""
    series = [(label, sorted(totals)) for label, totals in series if totals]
    top, axis_space, right_margin = 10.0, 30.0, 16.0
    left, right = float(label_width), float(width) - right_margin
    height = int(top + lane_height * len(series) + axis_space)
    with_dots = sum(len(totals) for _label, totals in series) <= max_dots

    def x(value: float) -> float:
        return left + (right - left) * min(max(value, 0.0), 100.0) / 100.0

    lanes = []
    for index, (label, totals) in enumerate(series):
        y = top + lane_height * (index + 0.5)
        q1, q3 = quartiles(totals)
        mean, median = statistics.fmean(totals), statistics.median(totals)
        offsets = (-0.3, -0.15, 0.0, 0.15, 0.3)
        dots = tuple((x(t), y + lane_height * offsets[i % len(offsets)])
                     for i, t in enumerate(totals)) if with_dots else ()
        lanes.append(Lane(label=label, n=len(totals), y=y, whisker=(x(totals[0]), x(totals[-1])),
                          box=(x(q1), x(q3)) if len(totals) > 1 else None, median_x=x(median),
                          mean_x=x(mean), dots=dots, mean=mean, median=median,
                          minimum=totals[0], maximum=totals[-1]))
    everything = [t for _label, totals in series for t in totals]
    overall = statistics.fmean(everything) if everything else None
    bottom = top + lane_height * len(series)
    return Plot(width=width, height=height, left=left, right=right, top=top, bottom=bottom,
                lane_height=float(lane_height), ticks=tuple((x(t), t) for t in AXIS_TICKS),
                lanes=tuple(lanes), overall_mean=overall,
                overall_mean_x=None if overall is None else x(overall))
