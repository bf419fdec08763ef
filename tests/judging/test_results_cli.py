"""`flask results show`: the leaderboard as JSON (unrounded) or as a table."""
from __future__ import annotations

import json

import pytest

from app.extensions import db


def T(a: int, b: int) -> float:
    """A review's total in INN (weights 10 and 20 on 1–10)."""
    return 100 * ((10 * a + 20 * b) / 30 - 1) / 9


@pytest.fixture
def scored(jury_category, first_round, make_nomination, make_juror, score_nomination):
    """A: 7/9, 5/5 and 6/8 from three jurors · B: 4/4 once."""
    a, b = make_nomination(jury_category), make_nomination(jury_category)
    jurors = [make_juror() for _ in range(3)]
    for juror, scores in zip(jurors, ([7, 9], [5, 5], [6, 8])):
        score_nomination(a, juror, scores)
    score_nomination(b, jurors[0], [4, 4])
    return a, b


def show(app, *extra):
    return app.test_cli_runner().invoke(
        args=["results", "show", "--edition", "2026", "--category", "INN", *extra])


def test_json_lists_every_nomination_with_the_required_fields(app, scored):
    result = show(app, "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [row["reference"] for row in rows] == [scored[0].reference, scored[1].reference]
    assert {"reference", "position", "score_mean", "score_median", "score_trimmed", "score_z",
            "n_reviews", "spread", "flags"} <= rows[0].keys()


def test_json_figures_are_unrounded(app, scored):
    totals = [T(7, 9), T(5, 5), T(6, 8)]
    first = json.loads(show(app, "--json").output)[0]
    assert first["score_mean"] == pytest.approx(sum(totals) / 3, abs=1e-12)
    assert first["score_median"] == pytest.approx(T(6, 8), abs=1e-12)
    assert first["score_mean"] != round(first["score_mean"], 6)
    assert (first["position"], first["n_reviews"], first["flags"]) == (1, 3, [])


def test_json_flags_a_nomination_with_too_few_reviews(app, scored):
    second = json.loads(show(app, "--json").output)[1]
    assert second["flags"] == ["too_few_reviews"]


def test_json_of_a_median_edition_keeps_every_method(app, scored, jury_category):
    jury_category.edition.score_aggregation = "median"
    db.session.commit()
    first = json.loads(show(app, "--json").output)[0]
    assert first["score"] == first["score_median"] != first["score_mean"]


def test_table_shows_positions_and_references(app, scored):
    result = show(app)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "ranked by mean" in lines[0]
    assert lines[2].split()[:2] == ["1", scored[0].reference]


def test_unknown_round_is_an_error(app, scored):
    result = show(app, "--round", "4", "--json")
    assert result.exit_code != 0
    assert "no round 4" in result.output


def test_unknown_category_is_an_error(app, scored):
    result = app.test_cli_runner().invoke(
        args=["results", "show", "--edition", "2026", "--category", "XYZ"])
    assert result.exit_code != 0
    assert "no category XYZ" in result.output
