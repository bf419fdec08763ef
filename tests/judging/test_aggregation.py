"""Score aggregation against hand-computed values (DESIGN.md "Score aggregation (jury
categories) — exact rules"), and its properties under hypothesis. Pure: no Flask, no database."""
from __future__ import annotations

import math
import statistics

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.judging.aggregation import (
    BY_REVIEWS, BY_TIE_BREAK, CHANGED, FLAG_HIGH_SPREAD, FLAG_TOO_FEW_REVIEWS, MEAN, MEDIAN,
    NORMALISED, REORDERED, SAME, TRIMMED_MEAN, UNRESOLVED, CriterionScore, Entry, ReviewInput,
    Rules, juror_stats, leaderboard, nomination_score, rank, review_total, sensitivity, spread,
    standings, trimmed_mean, z_scores)


def one(score: float, scale=(0, 100), criterion="c") -> tuple[CriterionScore, ...]:
    """A single-criterion review whose total is `score` on the 0–100 scale."""
    return (CriterionScore(criterion, score, 1.0, *scale),)


def review(nomination, juror, total, **flags) -> ReviewInput:
    return ReviewInput(nomination, juror, one(total), **flags)


def entries(*ids) -> list[Entry]:
    return [Entry(i, f"REF-{i}") for i in ids]


def by_id(rows):
    return {row.nomination_id: row for row in rows}


# --------------------------------------------------------------------------- review totals


def test_total_of_default_scale_with_weights_10_and_20():
    # (10·7 + 20·9) / 30 = 250/30 = 8.333…; T = 100 · (8.333… − 1) / 9 = 2200/27
    scores = (CriterionScore(1, 7, 10), CriterionScore(2, 9, 20))
    assert review_total(scores) == pytest.approx(2200 / 27, abs=1e-12)


def test_total_with_unequal_weights_follows_the_heavier_criterion():
    # (1·10 + 3·1) / 4 = 3.25; T = 100 · 2.25 / 9 = 25
    scores = (CriterionScore(1, 10, 1), CriterionScore(2, 1, 3))
    assert review_total(scores) == pytest.approx(25.0, abs=1e-12)


def test_total_on_a_non_default_scale():
    # scale 0–4, equal weights: mean 3.5; T = 100 · 3.5 / 4 = 87.5
    scores = (CriterionScore(1, 3, 1, 0, 4), CriterionScore(2, 4, 1, 0, 4))
    assert review_total(scores) == pytest.approx(87.5, abs=1e-12)


def test_total_with_criteria_on_different_scales_maps_each_onto_its_own_scale():
    # 10 on 1–10 is the top (1.0), 0 on 0–4 the bottom (0.0); weights 1 and 3: 100 · 1/4 = 25
    scores = (CriterionScore(1, 10, 1, 1, 10), CriterionScore(2, 0, 3, 0, 4))
    assert review_total(scores) == pytest.approx(25.0, abs=1e-12)


def test_total_is_zero_at_the_scale_minimum_and_100_at_the_maximum():
    low = (CriterionScore(1, 1, 10), CriterionScore(2, 1, 20))
    high = (CriterionScore(1, 10, 10), CriterionScore(2, 10, 20))
    assert (review_total(low), review_total(high)) == (0.0, 100.0)


def test_total_of_a_review_without_scores_is_refused():
    with pytest.raises(ValueError):
        review_total(())


# --------------------------------------------------------------------------- nomination scores


def test_four_totals_are_not_trimmed():
    totals = [10.0, 20.0, 30.0, 80.0]
    assert nomination_score(totals, MEAN) == 35.0
    assert nomination_score(totals, MEDIAN) == 25.0
    assert nomination_score(totals, TRIMMED_MEAN) == 35.0


def test_five_totals_drop_the_single_highest_and_lowest():
    # drop 10 and 100: (20 + 30 + 40) / 3 = 30
    totals = [40.0, 10.0, 100.0, 20.0, 30.0]
    assert trimmed_mean(totals) == 30.0
    assert nomination_score(totals, MEAN) == 40.0


def test_trimming_drops_only_one_of_equal_extremes():
    # six totals: drop one 10 and one 90: (10 + 50 + 60 + 90) / 4 = 52.5
    assert trimmed_mean([10.0, 10.0, 50.0, 60.0, 90.0, 90.0]) == 52.5


def test_unknown_method_is_refused():
    with pytest.raises(ValueError):
        nomination_score([50.0], "mode")


def test_spread_is_the_population_standard_deviation():
    # totals 30 and 70: mean 50, deviations ±20, population SD 20 (the sample SD would be 28.3)
    assert spread([30.0, 70.0]) == 20.0


def test_spread_of_exactly_20_is_not_flagged():
    rows = by_id(standings(entries(1), [review(1, "a", 30), review(1, "b", 70)], Rules()))
    assert rows[1].spread == 20.0
    assert FLAG_HIGH_SPREAD not in rows[1].flags


def test_spread_above_20_is_flagged():
    # totals 29 and 71: population SD 21
    rows = by_id(standings(entries(1), [review(1, "a", 29), review(1, "b", 71)], Rules()))
    assert rows[1].spread == pytest.approx(21.0)
    assert FLAG_HIGH_SPREAD in rows[1].flags


def test_fewer_reviews_than_the_minimum_is_flagged_and_the_minimum_is_not():
    reviews = [review(1, "a", 50), review(1, "b", 55),
               review(2, "a", 50), review(2, "b", 55), review(2, "c", 60)]
    rows = by_id(standings(entries(1, 2), reviews, Rules(min_reviews=3)))
    assert rows[1].flags == (FLAG_TOO_FEW_REVIEWS,)
    assert rows[2].flags == ()


def test_per_criterion_means_use_raw_scores():
    reviews = [ReviewInput(1, "a", (CriterionScore("x", 7, 1), CriterionScore("y", 2, 2))),
               ReviewInput(1, "b", (CriterionScore("x", 8, 1), CriterionScore("y", 5, 2)))]
    rows = by_id(standings(entries(1), reviews, Rules()))
    assert rows[1].criterion_means == {"x": 7.5, "y": 3.5}


# --------------------------------------------------------------------------- which reviews count


def test_draft_and_conflicted_reviews_do_not_count():
    reviews = [review(1, "a", 80), review(1, "b", 20, submitted=False),
               review(1, "c", 10, conflicted=True)]
    rows = by_id(standings(entries(1), reviews, Rules()))
    assert rows[1].totals == (80.0,)
    assert rows[1].score_mean == 80.0


def test_conflicted_reviews_do_not_enter_the_jurors_statistics():
    # juror a: counted 20, 40, 60 (μ 40); the conflicted 100 would move μ to 55
    reviews = [review(1, "a", 20), review(2, "a", 40), review(3, "a", 60),
               review(4, "a", 100, conflicted=True)]
    rows = by_id(standings(entries(1, 2, 3, 4), reviews, Rules()))
    assert rows[2].score_z == 0.0
    assert rows[4].score_z is None


# --------------------------------------------------------------------------- juror normalisation


def test_z_scores_use_the_population_standard_deviation():
    # 20, 40, 60: μ = 40, σ = √(800/3) = 16.3299…; z = ∓20/σ = ∓1.2247…
    sigma = math.sqrt(800 / 3)
    assert z_scores([("a", 20.0), ("a", 40.0), ("a", 60.0)]) == pytest.approx(
        [-20 / sigma, 0.0, 20 / sigma], abs=1e-12)


def test_juror_whose_totals_are_all_equal_gets_z_zero():
    assert z_scores([("a", 70.0), ("a", 70.0), ("a", 70.0)]) == [0.0, 0.0, 0.0]


def test_juror_with_fewer_than_three_reviews_gets_z_zero():
    assert z_scores([("a", 10.0), ("a", 90.0)]) == [0.0, 0.0]


def test_normalised_score_is_the_mean_of_the_reviews_z():
    # juror a: 20, 40, 60 gives nomination 3 z = 1.2247…; juror b has one review: z = 0
    reviews = [review(1, "a", 20), review(2, "a", 40), review(3, "a", 60), review(3, "b", 10)]
    rows = by_id(standings(entries(1, 2, 3), reviews, Rules()))
    assert rows[3].score_z == pytest.approx((20 / math.sqrt(800 / 3) + 0.0) / 2, abs=1e-12)


def test_harsh_and_lenient_jurors_agree_after_normalisation():
    # a scores 10/20/30 and b 70/80/90 in the same order: raw means differ, every z matches
    reviews = [review(n, "a", t) for n, t in ((1, 10), (2, 20), (3, 30))] + \
              [review(n, "b", t) for n, t in ((1, 70), (2, 80), (3, 90))]
    rows = by_id(standings(entries(1, 2, 3), reviews, Rules()))
    assert rows[1].score_z == pytest.approx(-math.sqrt(1.5), abs=1e-12)
    assert rows[3].score_z == pytest.approx(math.sqrt(1.5), abs=1e-12)


def test_juror_stats_report_mean_and_population_sd():
    stats = juror_stats([("a", 20.0), ("a", 40.0), ("a", 60.0), ("b", 5.0)])
    assert (stats["a"].mean, stats["a"].sd, stats["a"].normalises) == (40.0, math.sqrt(800 / 3), True)
    assert stats["b"].normalises is False


# --------------------------------------------------------------------------- order and ties


def tie_break_review(nomination, juror, tie_break, other):
    """Two criteria on 1–10 with equal weights; criterion "tb" breaks ties."""
    return ReviewInput(nomination, juror, (CriterionScore("tb", tie_break, 1),
                                           CriterionScore("other", other, 1)))


TIE_RULES = Rules(tie_break_criterion_id="tb")


def test_higher_score_ranks_first():
    board = leaderboard(entries(1, 2), [review(1, "a", 40), review(2, "a", 60)], Rules())
    assert [(r.nomination_id, r.position) for r in board] == [(2, 1), (1, 2)]


def test_equal_scores_are_ordered_by_the_tie_break_criterion_mean():
    # both totals 100·(6.5 − 1)/9; nomination 2 scored higher on the tie-breaker
    board = leaderboard(entries(1, 2), [tie_break_review(1, "a", 5, 8),
                                        tie_break_review(2, "a", 8, 5)], TIE_RULES)
    assert [(r.nomination_id, r.position, r.decided_by, r.tied) for r in board] == [
        (2, 1, BY_TIE_BREAK, False), (1, 2, BY_TIE_BREAK, False)]


def test_equal_scores_and_tie_break_means_are_ordered_by_number_of_reviews():
    reviews = [tie_break_review(1, "a", 6, 6),
               tie_break_review(2, "a", 6, 6), tie_break_review(2, "b", 6, 6)]
    board = leaderboard(entries(1, 2), reviews, TIE_RULES)
    assert [(r.nomination_id, r.position, r.decided_by) for r in board] == [
        (2, 1, BY_REVIEWS), (1, 2, BY_REVIEWS)]


def test_rows_equal_on_the_whole_chain_share_a_position_and_the_next_skips():
    reviews = [tie_break_review(1, "a", 9, 9), tie_break_review(2, "a", 6, 6),
               tie_break_review(3, "a", 6, 6), tie_break_review(4, "a", 2, 2)]
    board = leaderboard(entries(1, 2, 3, 4), reviews, TIE_RULES)
    assert [(r.nomination_id, r.position, r.tied) for r in board] == [
        (1, 1, False), (2, 2, True), (3, 2, True), (4, 4, False)]
    assert board[1].decided_by == UNRESOLVED


def test_scores_equal_on_paper_are_tied_despite_float_noise():
    # totals of 5 and 7 versus 6 and 6 (scale 1–10): both means are 100·5/9 on paper
    reviews = [ReviewInput(1, "a", (CriterionScore("tb", 5, 1),)),
               ReviewInput(1, "b", (CriterionScore("tb", 7, 1),)),
               ReviewInput(2, "a", (CriterionScore("tb", 6, 1),)),
               ReviewInput(2, "b", (CriterionScore("tb", 6, 1),))]
    board = leaderboard(entries(1, 2), reviews, TIE_RULES)
    assert [r.position for r in board] == [1, 1]


def test_without_a_tie_break_criterion_the_number_of_reviews_decides():
    reviews = [review(1, "a", 50), review(2, "a", 50), review(2, "b", 50)]
    board = leaderboard(entries(1, 2), reviews, Rules())
    assert [(r.nomination_id, r.decided_by) for r in board] == [(2, BY_REVIEWS), (1, BY_REVIEWS)]


def test_nomination_without_counted_reviews_is_listed_last_without_position():
    board = leaderboard(entries(1, 2), [review(2, "a", 10), review(1, "a", 90, submitted=False)],
                        Rules())
    assert [(r.nomination_id, r.position, r.score) for r in board] == [(2, 1, 10.0), (1, None, None)]


def test_median_method_orders_by_the_median():
    # 1: 10, 60, 65 (mean 45, median 60); 2: 50, 50, 50
    reviews = [review(1, "a", 10), review(1, "b", 60), review(1, "c", 65),
               review(2, "a", 50), review(2, "b", 50), review(2, "c", 50)]
    assert [r.nomination_id for r in leaderboard(entries(1, 2), reviews, Rules(method=MEDIAN))] == [1, 2]
    assert [r.nomination_id for r in leaderboard(entries(1, 2), reviews, Rules(method=MEAN))] == [2, 1]


def test_normalisation_orders_by_the_normalised_score():
    # a spreads widely (100, 50, 0: z = 1.22, 0, −1.22), b narrowly (50, 52, 51: z = −1.22,
    # 1.22, 0); raw means 75, 51, 25.5 favour 1, mean z 0, 0.61, −0.61 favour 2
    reviews = [review(1, "a", 100), review(2, "a", 50), review(3, "a", 0),
               review(1, "b", 50), review(2, "b", 52), review(3, "b", 51)]
    board = leaderboard(entries(1, 2, 3), reviews, Rules(normalise=True))
    assert board[0].nomination_id == 2
    assert board[0].score == board[0].score_z
    assert leaderboard(entries(1, 2, 3), reviews, Rules())[0].nomination_id == 1


def test_positions_follow_the_chain_on_another_method():
    standing_rows = standings(entries(1, 2), [review(1, "a", 10), review(2, "a", 20)], Rules())
    assert [r.nomination_id for r in rank(standing_rows, TRIMMED_MEAN)] == [2, 1]


# --------------------------------------------------------------------------- sensitivity


def test_sensitivity_is_stable_when_every_method_agrees():
    reviews = [review(n, j, t) for n, t in ((1, 90), (2, 50), (3, 10)) for j in ("a", "b", "c")]
    rows = standings(entries(1, 2, 3), reviews, Rules())
    result = sensitivity(rows, MEAN, 2)
    assert result.stable
    assert [c.method for c in result.comparisons] == [MEDIAN, TRIMMED_MEAN, NORMALISED]


def test_sensitivity_reports_a_winner_that_changes_with_the_median():
    # 1: 10, 60, 65 (mean 45, median 60) · 2: 50, 50, 50 · 3: 0, 0, 0
    reviews = [review(1, "a", 10), review(1, "b", 60), review(1, "c", 65),
               review(2, "a", 50), review(2, "b", 50), review(2, "c", 50),
               review(3, "a", 0), review(3, "b", 0), review(3, "c", 0)]
    result = sensitivity(standings(entries(1, 2, 3), reviews, Rules()), MEAN, 1)
    median_comparison = next(c for c in result.comparisons if c.method == MEDIAN)
    assert (median_comparison.outcome, median_comparison.entering, median_comparison.leaving) == (
        CHANGED, (1,), (2,))
    assert not result.stable


def test_sensitivity_distinguishes_a_reordering_of_the_same_top_places():
    reviews = [review(1, "a", 10), review(1, "b", 60), review(1, "c", 65),
               review(2, "a", 50), review(2, "b", 50), review(2, "c", 50),
               review(3, "a", 0), review(3, "b", 0), review(3, "c", 0)]
    result = sensitivity(standings(entries(1, 2, 3), reviews, Rules()), MEAN, 2)
    assert next(c for c in result.comparisons if c.method == MEDIAN).outcome == REORDERED
    assert next(c for c in result.comparisons if c.method == TRIMMED_MEAN).outcome == SAME


# --------------------------------------------------------------------------- properties


SCALES = st.tuples(st.integers(-5, 5), st.integers(1, 20)).map(lambda p: (p[0], p[0] + p[1]))
WEIGHTS = st.floats(0.001, 1000, allow_nan=False)


@st.composite
def criterion_scores(draw, min_size=1):
    """A review on 1–8 criteria, each with a positive weight, its scale and an in-scale score."""
    count = draw(st.integers(min_size, 8))
    uniform = draw(st.booleans())
    shared = draw(SCALES)
    result = []
    for i in range(count):
        low, high = shared if uniform else draw(SCALES)
        score = draw(st.integers(low, high) | st.floats(low, high, allow_nan=False))
        result.append(CriterionScore(i, score, draw(WEIGHTS), low, high))
    return tuple(result)


@settings(max_examples=300, deadline=None)
@given(criterion_scores())
def test_total_stays_within_0_and_100(scores):
    assert 0.0 <= review_total(scores) <= 100.0


@settings(max_examples=200, deadline=None)
@given(st.lists(criterion_scores(), min_size=1, max_size=9),
       st.sampled_from([MEAN, MEDIAN, TRIMMED_MEAN]))
def test_nomination_score_stays_between_its_lowest_and_highest_total(reviews, method):
    totals = [review_total(r) for r in reviews]
    assert min(totals) - 1e-9 <= nomination_score(totals, method) <= max(totals) + 1e-9


@settings(max_examples=300, deadline=None)
@given(criterion_scores(), st.floats(1e-3, 1e3, allow_nan=False))
def test_scaling_every_weight_by_a_constant_changes_no_total(scores, factor):
    scaled = tuple(CriterionScore(s.criterion_id, s.score, s.weight * factor, s.scale_min,
                                  s.scale_max) for s in scores)
    assert review_total(scaled) == pytest.approx(review_total(scores), rel=1e-9, abs=1e-9)


TOTALS = st.integers(0, 1000).map(lambda t: t / 10)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abc"), TOTALS), min_size=1, max_size=15),
       st.floats(0.05, 20, allow_nan=False), st.floats(-100, 100, allow_nan=False))
def test_affine_shift_of_one_jurors_totals_leaves_every_z_unchanged(pairs, a, b):
    shifted = [(juror, a * total + b if juror == "a" else total) for juror, total in pairs]
    assert z_scores(shifted) == pytest.approx(z_scores(pairs), abs=1e-9)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 6), st.sampled_from("abcd"), TOTALS), min_size=1,
                max_size=30, unique_by=lambda t: (t[0], t[1])),
       st.floats(0.05, 1, allow_nan=False), st.floats(0, 1, allow_nan=False))
def test_affine_shift_of_one_jurors_scores_leaves_normalised_scores_unchanged(triples, a, b_share):
    # a·T + b with b chosen so the shifted scores stay on the 0–100 scale
    b = b_share * 100 * (1 - a)
    original = [review(n, j, t) for n, j, t in triples]
    shifted = [review(n, j, a * t + b if j == "a" else t) for n, j, t in triples]
    nominations = entries(*range(1, 7))
    before = {r.nomination_id: r.score_z for r in standings(nominations, original, Rules())}
    after = {r.nomination_id: r.score_z for r in standings(nominations, shifted, Rules())}
    assert after.keys() == before.keys()
    for key, value in before.items():
        assert after[key] == (None if value is None else pytest.approx(value, abs=1e-9))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abc"), TOTALS), min_size=3, max_size=15))
def test_a_normalising_jurors_z_scores_average_zero(pairs):
    zs = z_scores(pairs)
    for juror in {j for j, _t in pairs}:
        own = [z for (j, _t), z in zip(pairs, zs) if j == juror]
        assert statistics.fmean(own) == pytest.approx(0.0, abs=1e-9)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 8), st.sampled_from("abc"), st.integers(1, 10),
                          st.integers(1, 10)), max_size=30, unique_by=lambda t: (t[0], t[1])))
def test_positions_never_decrease_and_scores_never_increase_down_the_board(quads):
    reviews = [tie_break_review(n, j, tb, other) for n, j, tb, other in quads]
    board = leaderboard(entries(*range(1, 9)), reviews, TIE_RULES)
    placed = [r for r in board if r.position is not None]
    assert all(x.position <= y.position for x, y in zip(placed, placed[1:]))
    assert all(x.score >= y.score - 1e-9 for x, y in zip(placed, placed[1:]))
    assert all(x.tied == y.tied for x, y in zip(placed, placed[1:]) if x.position == y.position)
