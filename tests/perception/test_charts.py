"""The ranking page's SVG charts: geometry as pure functions, then the drawn page."""
from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import pytest

from app.perception import charts
from app.perception.periods import Period, parse_period
from app.perception.statistics import STATUS_INSUFFICIENT, STATUS_RANKED, RankedRow

SVG = "{http://www.w3.org/2000/svg}"


def _row(code: str, pct: float, low: float, high: float, rank: int | None = 1, name: str = "") -> RankedRow:
    status = STATUS_RANKED if rank is not None else STATUS_INSUFFICIENT
    return RankedRow(code, name or code, 400, 380.0, pct, low, high, rank, rank, rank, status)


def _q(text: str) -> Period:
    return parse_period(text)


# ---------------------------------------------------------------------------- pure geometry


@pytest.mark.parametrize("highest, expected", [
    (0.0, (10, 10)), (44.9, (50, 10)), (50.0, (50, 10)), (50.1, (60, 20)), (87.0, (100, 20)), (100.0, (100, 20)),
])
def test_the_axis_ends_at_the_next_tick_above_the_highest_interval(highest, expected):
    assert charts.axis_scale(highest) == expected


def test_bars_follow_the_ranking_and_leave_insufficient_rows_out():
    rows = [_row("A", 40.0, 35.0, 45.0, 1), _row("B", 60.0, 55.0, 65.0, 2), _row("C", 10.0, 2.0, 30.0, None)]
    chart = charts.bar_chart(rows)
    assert [bar.code for bar in chart.bars] == ["A", "B"]
    assert chart.bars[1].top - chart.bars[0].top == charts.ROW_HEIGHT
    assert chart.plot_bottom == charts.TOP + 2 * charts.ROW_HEIGHT


def test_a_bars_length_and_whisker_are_proportional_to_the_axis():
    chart = charts.bar_chart([_row("A", 50.0, 40.0, 90.0)])
    plot = chart.plot_right - chart.origin_x
    assert chart.axis_max == 100
    bar = chart.bars[0]
    assert bar.x == pytest.approx(chart.origin_x + plot / 2, abs=0.05)
    assert bar.length == pytest.approx(plot / 2, abs=0.05)
    assert bar.low_x == pytest.approx(chart.origin_x + plot * 0.4, abs=0.05)
    assert bar.high_x == pytest.approx(chart.origin_x + plot * 0.9, abs=0.05)
    assert bar.value_x > bar.high_x


def test_ticks_run_from_zero_to_the_axis_maximum():
    chart = charts.bar_chart([_row("A", 30.0, 25.0, 36.0)])
    assert [t.value for t in chart.ticks] == [0, 10, 20, 30, 40]
    assert chart.ticks[0].x == chart.origin_x and chart.ticks[-1].x == chart.plot_right


def test_a_ranking_without_ranked_rows_has_no_bars():
    chart = charts.bar_chart([_row("C", 10.0, 2.0, 30.0, None)])
    assert chart.bars == [] and chart.axis_max == 10


def test_quarters_between_cross_the_year_and_include_both_ends():
    assert [str(p) for p in charts.quarters_between(_q("2025-T3"), _q("2026-T2"))] == [
        "2025-T3", "2025-T4", "2026-T1", "2026-T2"]


@pytest.mark.parametrize("values, expected", [
    ([44.2, 61.0], (40.0, 70.0)), ([50.0, 50.0], (50.0, 60.0)), ([95.0, 100.0], (90.0, 100.0)),
    ([100.0], (90.0, 100.0)), ([0.0], (0.0, 10.0)), ([], (0.0, 100.0)),
])
def test_the_trend_scale_widens_the_values_to_tens_within_0_and_100(values, expected):
    assert charts.trend_domain(values) == expected


def test_a_sparkline_rises_with_the_index_and_spans_its_width():
    span = charts.quarters_between(_q("2026-T1"), _q("2026-T3"))
    line = charts.sparkline(span, {span[0]: 40.0, span[1]: 60.0, span[2]: 50.0}, (40.0, 60.0))
    first, middle, last = line.points
    assert first.x == charts.SPARK_PAD and last.x == line.width - charts.SPARK_PAD
    assert first.y == line.height - charts.SPARK_PAD and middle.y == charts.SPARK_PAD
    assert last.y == pytest.approx(line.height / 2)
    assert line.path == f"M{first.x} {first.y} L{middle.x} {middle.y} L{last.x} {last.y}"


def test_a_sparkline_breaks_where_a_quarter_has_no_figure():
    span = charts.quarters_between(_q("2026-T1"), _q("2026-T4"))
    line = charts.sparkline(span, {span[0]: 50.0, span[1]: 52.0, span[3]: 54.0}, (50.0, 60.0))
    assert [p.period for p in line.points] == [span[0], span[1], span[3]]
    assert [c[0] for c in line.path.split(" ") if c[0] in "ML"] == ["M", "L", "M"]


def test_a_single_quarter_sparkline_is_one_centred_point():
    line = charts.sparkline([_q("2026-T3")], {_q("2026-T3"): 45.0}, (40.0, 50.0))
    assert line.first == line.last and line.first.x == line.width / 2
    assert line.path.startswith("M") and "L" not in line.path


def test_ranking_charts_span_from_the_first_quarter_with_data_to_the_shown_one():
    rows = [_row("A", 40.0, 35.0, 45.0, 1), _row("C", 10.0, 2.0, 30.0, None)]
    trends = {"A": {_q("2025-T4"): 42.0, _q("2026-T1"): 40.0, _q("2026-T2"): 90.0},
              "C": {_q("2026-T1"): 10.0}}
    drawn = charts.ranking_charts(rows, trends, _q("2026-T1"))
    assert [str(p) for p in drawn.span] == ["2025-T4", "2026-T1"]
    assert [p.value for p in drawn.sparklines["A"].points] == [42.0, 40.0]
    assert drawn.domain == (10.0, 50.0)
    assert drawn.insufficient == [rows[1]] and [b.code for b in drawn.bars.bars] == ["A"]


# ---------------------------------------------------------------------------- the drawn page

AGGREGATES = "ubigeo,respondents,pct,effective_n\n150122,400,{mira},380\n150131,420,47.0,400\n150130,90,30.0,80\n"


@pytest.fixture
def two_quarters(app):
    from app.municipalities.services import seed_districts
    from app.perception import services

    seed_districts()
    for period, mira in (("2026-T2", "44.0"), ("2026-T3", "45.5")):
        services.import_file(io.BytesIO(AGGREGATES.format(mira=mira).encode()), "q.csv", period,
                             services.Source(name="Muestra", synthetic=True))


def _svgs(page: str) -> list[ET.Element]:
    return [ET.fromstring(svg) for svg in re.findall(r"<svg\b.*?</svg>", page, flags=re.S)]


def _bar_chart(page: str) -> ET.Element:
    return next(svg for svg in _svgs(page) if svg.get("aria-labelledby"))


def test_the_bar_chart_is_inline_svg_with_a_title_and_a_description(client, two_quarters):
    chart = _bar_chart(client.get("/ranking/2026-T3", headers={"Accept-Language": "en"}).get_data(as_text=True))
    assert chart.get("role") == "img" and chart.get("aria-labelledby") == "bars-title bars-desc"
    assert chart.find(f"{SVG}title").text == "Perceived insecurity by municipality — 2026-T3"
    assert "95 percent confidence interval" in chart.find(f"{SVG}desc").text


def test_the_bar_chart_uses_no_script_and_no_external_resource(client, two_quarters):
    chart = _bar_chart(client.get("/ranking/2026-T3").get_data(as_text=True))
    tags = {element.tag.removeprefix(SVG) for element in chart.iter()}
    assert tags <= {"svg", "title", "desc", "g", "line", "text", "rect"}
    assert not any(key.endswith("href") for element in chart.iter() for key in element.attrib)


def test_the_bar_chart_draws_one_bar_per_ranked_municipality_in_order(client, two_quarters):
    chart = _bar_chart(client.get("/ranking/2026-T3", headers={"Accept-Language": "en"}).get_data(as_text=True))
    labels = [t.text for t in chart.iter(f"{SVG}text") if t.get("text-anchor") == "end"]
    assert labels == ["1. Miraflores", "2. San Isidro"]
    assert len(list(chart.iter(f"{SVG}rect"))) == 2


def test_insufficient_sample_municipalities_are_listed_apart_from_the_chart(client, two_quarters):
    page = client.get("/ranking/2026-T3", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "San Borja" not in ET.tostring(_bar_chart(page), encoding="unicode")
    assert "Not ranked, insufficient sample: San Borja (30.0 %, effective n 80.0)" in page


def test_a_ranking_with_no_ranked_municipality_says_so_instead_of_drawing_bars(client, app):
    from app.municipalities.services import seed_districts
    from app.perception import services

    seed_districts()
    services.import_file(io.BytesIO(b"ubigeo,respondents,pct\n150130,90,30.0\n"), "small.csv", "2026-T3",
                         services.Source(name="Muestra", synthetic=True))
    page = client.get("/ranking/2026-T3", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "No municipality has a large enough sample to be ranked." in page
    assert not any(svg.get("aria-labelledby") for svg in _svgs(page))


def test_chart_numbers_use_the_spanish_decimal_comma(client, two_quarters):
    chart = _bar_chart(client.get("/ranking/2026-T3").get_data(as_text=True))
    values = [t.text for t in chart.iter(f"{SVG}text") if t.text and t.text.endswith("%")]
    assert values == ["45,5 %", "47,0 %"]


def test_each_row_has_a_trend_sparkline_summarised_for_screen_readers(client, two_quarters):
    page = client.get("/ranking/2026-T3", headers={"Accept-Language": "en"}).get_data(as_text=True)
    labels = [svg.get("aria-label") for svg in _svgs(page) if svg.get("aria-label")]
    assert labels[0] == "Trend for Miraflores: 44.0 % in 2026-T2, 45.5 % in 2026-T3."
    assert len(labels) == 3


def test_a_sparkline_stops_at_the_shown_quarter(client, two_quarters):
    page = client.get("/ranking/2026-T2", headers={"Accept-Language": "en"}).get_data(as_text=True)
    labels = [svg.get("aria-label") for svg in _svgs(page) if svg.get("aria-label")]
    assert labels[0] == "Trend for Miraflores: 44.0 % in 2026-T2 only."


def test_the_ranking_page_query_count_does_not_grow_with_municipalities_or_quarters(app, client, count_queries):
    from app.municipalities.services import seed_districts
    from app.perception import services

    seed_districts()
    codes = list(services.peruvian_districts())
    source = services.Source(name="Muestra", synthetic=True)
    services.import_file(io.BytesIO(b"ubigeo,respondents,pct\n150122,400,45\n"), "one.csv", "2024-T1", source)
    small = count_queries(client, "/ranking/2024-T1")
    assert len(codes) == 50
    quarters = ["2024-T2", "2024-T3", "2024-T4", "2025-T1", "2025-T2", "2025-T3"]
    for i, period in enumerate(quarters):
        body = "".join(f"{code},400,{40 + (i + n) % 30}\n" for n, code in enumerate(codes))
        services.import_file(io.BytesIO(("ubigeo,respondents,pct\n" + body).encode()), "all.csv", period, source)
    page = client.get("/ranking/2025-T3", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert len([svg for svg in _svgs(page) if svg.get("aria-label")]) == 50
    assert count_queries(client, "/ranking/2025-T3") == small
