"""Geometry of the jurors' score-distribution plot (pure: no Flask, no database)."""
from __future__ import annotations

import pytest

from app.judging.charts import juror_plot, quartiles


def x_of(plot, total):
    return plot.left + (plot.right - plot.left) * total / 100


def test_lanes_follow_the_given_order_top_to_bottom():
    plot = juror_plot([("Ana", [40.0]), ("Beto", [60.0])])
    assert [lane.label for lane in plot.lanes] == ["Ana", "Beto"]
    assert plot.lanes[0].y < plot.lanes[1].y


def test_axis_maps_0_to_the_left_edge_and_100_to_the_right():
    plot = juror_plot([("Ana", [0.0, 100.0])])
    assert plot.lanes[0].whisker == (plot.left, plot.right)
    assert plot.ticks[0] == (plot.left, 0) and plot.ticks[-1] == (plot.right, 100)


def test_box_spans_the_quartiles_with_the_median_inside():
    plot = juror_plot([("Ana", [50.0, 10.0, 30.0, 20.0, 40.0])])
    lane = plot.lanes[0]
    assert lane.box == pytest.approx((x_of(plot, 20), x_of(plot, 40)))
    assert lane.median_x == pytest.approx(x_of(plot, 30))
    assert (lane.minimum, lane.maximum, lane.mean) == (10.0, 50.0, 30.0)


def test_a_single_total_has_no_box():
    plot = juror_plot([("Ana", [70.0])])
    assert plot.lanes[0].box is None
    assert quartiles([70.0]) == (70.0, 70.0)


def test_each_total_is_a_dot_while_the_plot_stays_small():
    plot = juror_plot([("Ana", [10.0, 20.0, 30.0])])
    assert sorted(x for x, _y in plot.lanes[0].dots) == pytest.approx(
        [x_of(plot, 10), x_of(plot, 20), x_of(plot, 30)])


def test_dots_are_left_out_beyond_the_budget():
    plot = juror_plot([("Ana", [50.0] * 6), ("Beto", [40.0] * 5)], max_dots=10)
    assert all(lane.dots == () for lane in plot.lanes)


def test_dashed_line_marks_the_mean_of_every_total():
    plot = juror_plot([("Ana", [10.0, 30.0]), ("Beto", [80.0])])
    assert plot.overall_mean == pytest.approx(40.0)
    assert plot.overall_mean_x == pytest.approx(x_of(plot, 40))


def test_juror_without_totals_gets_no_lane():
    plot = juror_plot([("Ana", []), ("Beto", [55.0])])
    assert [lane.label for lane in plot.lanes] == ["Beto"]


def test_height_grows_with_the_number_of_jurors():
    assert juror_plot([("A", [1.0])] * 4).height > juror_plot([("A", [1.0])]).height
