"""Perception-ranking statistics against hand-computed values (DESIGN.md "Perception ranking").

Pure functions: no Flask app, no database. z = 1.959964, so z² = 3.841458881296.
"""
from __future__ import annotations

import csv
import math
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.perception.periods import parse_period, parse_window
from app.perception.statistics import (
    DistrictSums,
    Estimate,
    Z_95,
    estimate_from_aggregate,
    estimate_from_microdata,
    pool,
    pool_sums,
    rank,
    rank_intervals,
    rounded_pct,
    tied_with_next,
    wilson,
)

Z2 = 3.841458881296  # 1.959964²
SAMPLE = Path(__file__).resolve().parents[2] / "app" / "data" / "perception_quarterly_synthetic.csv"


def sums_of(pairs):
    """Accumulate (weight, answer) pairs the way a streaming importer does."""
    s = DistrictSums()
    for w, y in pairs:
        s = s.add(w, y)
    return s


def agg(code, name, pct, n_eff, respondents=None):
    return estimate_from_aggregate(code, name, respondents or int(n_eff) + 1, pct, n_eff)


# --------------------------------------------------------------------------- microdata estimates


def test_unequal_weights():
    # weights 1,2,3,4; answers 1,0,1,1
    # Σw = 10, Σw² = 1+4+9+16 = 30, Σw·y = 1+0+3+4 = 8
    # p = 8/10 = 0.8, n_eff = 10²/30 = 3.333…, n = 4
    s = sums_of([(1, 1), (2, 0), (3, 1), (4, 1)])
    assert s == DistrictSums(4, 10.0, 30.0, 8.0)
    e = estimate_from_microdata("150101", "Lima", s)
    assert e.respondents == 4
    assert e.p == pytest.approx(0.8)
    assert e.effective_n == pytest.approx(100 / 30)
    # Wilson with n = 10/3: z²/n = 3.841459·0.3 = 1.152438, denom = 2.152438
    # centre = (0.8 + 0.576219)/2.152438 = 0.639374
    # half = (1.959964/2.152438)·sqrt(0.16·0.3 + 3.841459·0.09/4) = 0.910577·sqrt(0.134433) = 0.333864
    low, high = wilson(e.p, e.effective_n)
    assert low == pytest.approx(0.305512, abs=1e-6)
    assert high == pytest.approx(0.973241, abs=1e-6)


def test_equal_weights_give_n_eff_equal_n():
    # ten respondents of weight 2.5: Σw = 25, Σw² = 62.5, n_eff = 625/62.5 = 10
    e = estimate_from_microdata("x", "X", sums_of([(2.5, i % 2) for i in range(10)]))
    assert e.effective_n == pytest.approx(10.0)
    assert e.p == pytest.approx(0.5)


def test_all_yes_district():
    # ten respondents, weight 1, all answer 1: p = 1, n_eff = 10
    e = estimate_from_microdata("y", "Yes", sums_of([(1.0, 1)] * 10))
    assert e.p == 1.0 and e.effective_n == pytest.approx(10.0)
    low, high = wilson(e.p, e.effective_n)
    # at p = 1 the Wilson bounds are n/(n+z²) and 1: 10/13.841459 = 0.722467
    assert high == 1.0
    assert low == pytest.approx(10 / (10 + Z2), abs=1e-12)
    assert low == pytest.approx(0.722467, abs=1e-6)


def test_all_no_district():
    # ten respondents, all answer 0: p = 0; bounds 0 and z²/(n+z²) = 3.841459/13.841459 = 0.277533
    e = estimate_from_microdata("n", "No", sums_of([(1.0, 0)] * 10))
    assert e.p == 0.0
    low, high = wilson(e.p, e.effective_n)
    assert low == 0.0
    assert high == pytest.approx(0.277533, abs=1e-6)


def test_microdata_without_respondents_is_refused():
    with pytest.raises(ValueError):
        estimate_from_microdata("z", "Z", DistrictSums())


@pytest.mark.parametrize("weight,answer", [(0, 1), (-1, 0), (float("nan"), 1), (float("inf"), 1), (1, 2)])
def test_bad_respondent_is_refused(weight, answer):
    with pytest.raises(ValueError):
        DistrictSums().add(weight, answer)


# --------------------------------------------------------------------------- aggregate estimates


def test_aggregate_estimate():
    e = estimate_from_aggregate("150101", "Lima", 417, 78.9, 372.7)
    assert e == Estimate("150101", "Lima", 417, 372.7, pytest.approx(0.789))
    # without effective n, n_eff = respondents
    assert estimate_from_aggregate("c", "C", 250, 40.0).effective_n == 250.0


@pytest.mark.parametrize("respondents,pct,n_eff", [
    (100, -0.1, None), (100, 100.1, None), (100, float("nan"), None), (0, 50, None), (100, 50, 0), (100, 50, -3),
])
def test_aggregate_estimate_refuses_bad_values(respondents, pct, n_eff):
    with pytest.raises(ValueError):
        estimate_from_aggregate("c", "C", respondents, pct, n_eff)


# --------------------------------------------------------------------------- pooling


def test_pool_two_quarters_aggregates():
    # Q1: p = 0.40, n_eff = 200, n = 250; Q2: p = 0.60, n_eff = 300, n = 320
    # p = (200·0.40 + 300·0.60)/(200+300) = (80+180)/500 = 0.52; n_eff = 500; n = 570
    q1 = estimate_from_aggregate("c", "C", 250, 40.0, 200)
    q2 = estimate_from_aggregate("c", "C", 320, 60.0, 300)
    pooled = pool([q1, q2])
    assert pooled.code == "c" and pooled.name == "C"
    assert pooled.p == pytest.approx(0.52)
    assert pooled.effective_n == pytest.approx(500)
    assert pooled.respondents == 570


def test_pool_refuses_mixed_districts_and_empty():
    with pytest.raises(ValueError):
        pool([])
    with pytest.raises(ValueError):
        pool([Estimate("a", "A", 10, 10, 0.5), Estimate("b", "B", 10, 10, 0.5)])


def test_pool_sums_microdata():
    # Q1: weights 1,3 answers 1,0 -> n=2, Σw=4, Σw²=10, Σwy=1
    # Q2: weights 2,2 answers 1,1 -> n=2, Σw=4, Σw²=8,  Σwy=4
    # pooled respondents: n=4, Σw=8, Σw²=18, Σwy=5 -> p = 5/8 = 0.625, n_eff = 64/18 = 3.5556
    s1 = sums_of([(1, 1), (3, 0)])
    s2 = sums_of([(2, 1), (2, 1)])
    pooled = pool_sums([s1, s2])
    assert pooled == DistrictSums(4, 8.0, 18.0, 5.0)
    e = estimate_from_microdata("c", "C", pooled)
    assert e.p == pytest.approx(0.625)
    assert e.effective_n == pytest.approx(64 / 18)
    # …which differs from pooling the per-quarter estimates as aggregates:
    # Q1 p=0.25, n_eff=16/10=1.6; Q2 p=1, n_eff=16/8=2 -> (0.4+2)/3.6 = 0.6667
    agg_pool = pool([estimate_from_microdata("c", "C", s1), estimate_from_microdata("c", "C", s2)])
    assert agg_pool.p == pytest.approx(2.4 / 3.6)
    assert agg_pool.effective_n == pytest.approx(3.6)


# --------------------------------------------------------------------------- Wilson


def test_wilson_known_value():
    # p = 0.5, n = 100: centre = 0.5; half = (z/(1+z²/100))·sqrt(0.0025 + z²/40000)
    #   = (1.959964/1.0384146)·sqrt(0.0025 + 0.0000960365) = 1.887457·0.0509520 = 0.0961685
    low, high = wilson(0.5, 100)
    assert (round(low, 4), round(high, 4)) == (0.4038, 0.5962)
    assert low == pytest.approx(0.5 - 0.0961685, abs=1e-6)


def test_wilson_real_valued_n_and_custom_z():
    low, high = wilson(0.5, 100.5)
    assert 0.4038 < low < 0.5 < high < 0.5962
    low1, high1 = wilson(0.5, 100, z=1.0)
    assert low1 > low and high1 < high


@pytest.mark.parametrize("n_eff", [0, -1, 0.0, float("nan"), float("inf")])
def test_wilson_refuses_non_positive_n(n_eff):
    with pytest.raises(ValueError):
        wilson(0.5, n_eff)


@pytest.mark.parametrize("p", [-0.01, 1.01, float("nan")])
def test_wilson_refuses_bad_p(p):
    with pytest.raises(ValueError):
        wilson(p, 100)


# --------------------------------------------------------------------------- rounding and ranking


def test_rounded_pct_half_up_and_float_noise():
    assert rounded_pct(45.04) == Decimal("45.0")
    assert rounded_pct(44.96) == Decimal("45.0")
    assert rounded_pct(44.95) == Decimal("45.0")  # half up
    assert rounded_pct(44.949999999999996) == Decimal("45.0")  # binary noise of 44.95
    assert rounded_pct(44.94) == Decimal("44.9")
    assert rounded_pct(0.05) == Decimal("0.1")
    assert rounded_pct(0.4495 * 100) == Decimal("45.0")


def test_exact_ties_after_rounding_share_rank():
    rows = rank([
        agg("c", "Charlie", 50.0, 400),
        agg("a", "Alpha", 45.04, 400),
        agg("b", "Bravo", 44.96, 400),
        agg("d", "Delta", 45.1, 400),
    ])
    # 44.96 and 45.04 both round to 45.0 -> rank 1 (listed by unrounded p: Bravo first);
    # 45.1 -> rank 3 (competition ranking 1, 1, 3); 50.0 -> rank 4
    assert [(r.code, r.rank) for r in rows] == [("b", 1), ("a", 1), ("d", 3), ("c", 4)]
    assert all(r.status == "ranked" for r in rows)
    assert rows[0].pct == pytest.approx(44.96)  # unrounded on 0–100


def test_ties_with_equal_p_listed_by_name():
    rows = rank([agg("2", "Zeta", 30.0, 400), agg("1", "Alfa", 30.0, 400), agg("3", "Beta", 20.0, 400)])
    assert [(r.name, r.rank) for r in rows] == [("Beta", 1), ("Alfa", 2), ("Zeta", 2)]


def test_district_under_minimum_is_insufficient_and_listed_last_by_name():
    rows = rank([
        agg("1", "Zárate", 10.0, 99.9),   # lowest pct but n_eff < 100
        agg("2", "Miraflores", 40.0, 100.0),  # exactly the minimum: ranked
        agg("3", "Ancón", 5.0, 50),
        agg("4", "Barranco", 60.0, 500),
    ])
    assert [(r.code, r.status, r.rank) for r in rows] == [
        ("2", "ranked", 1), ("4", "ranked", 2),
        ("3", "insufficient_sample", None), ("1", "insufficient_sample", None),
    ]
    for r in rows[2:]:
        assert r.rank is None and r.rank_best is None and r.rank_worst is None
    # the interval is still reported for insufficient rows (n_eff > 0)
    assert rows[3].ci_low is not None and rows[3].ci_low < 10.0 < rows[3].ci_high
    # the insufficient row does not take part in the ranked rows' rank intervals
    assert rows[0].rank_best == 1 and rows[1].rank_worst == 2


def test_min_effective_n_is_configurable():
    ests = [agg("1", "A", 10.0, 60), agg("2", "B", 20.0, 160)]
    assert [r.status for r in rank(ests)] == ["ranked", "insufficient_sample"]
    assert [r.code for r in rank(ests) if r.status == "ranked"] == ["2"]
    assert [r.code for r in rank(ests, min_effective_n=50) if r.status == "ranked"] == ["1", "2"]
    assert [r.code for r in rank(ests, min_effective_n=200) if r.status == "ranked"] == []


def test_rank_intervals_hand_made():
    # A [0.10, 0.20], B [0.18, 0.30], C [0.25, 0.40]
    # A: best 1 + #{U < 0.10} = 1;        worst #{L ≤ 0.20} = A, B = 2
    # B: best 1 + #{U < 0.18} = 1;        worst #{L ≤ 0.30} = A, B, C = 3
    # C: best 1 + #{U < 0.25} = 1 + A = 2; worst #{L ≤ 0.40} = 3
    assert rank_intervals([(0.10, 0.20), (0.18, 0.30), (0.25, 0.40)]) == [(1, 2), (1, 3), (2, 3)]
    # touching intervals count as overlapping (L_e ≤ U_d, and U_e < L_d is strict)
    assert rank_intervals([(0.1, 0.2), (0.2, 0.3)]) == [(1, 2), (1, 2)]
    assert rank_intervals([]) == []


def test_rank_intervals_through_rank_and_tied_with_next():
    # n_eff = 400: Wilson(0.30) = [0.2572, 0.3466], Wilson(0.33) = [0.2857, 0.3775],
    # Wilson(0.45) = [0.4020, 0.4990]
    # A(30%): best 1, worst #{L ≤ 0.3466} = A, B = 2
    # B(33%): best 1 + #{U < 0.2857} = 1, worst #{L ≤ 0.3775} = 2
    # C(45%): best 1 + #{U < 0.4020} = 3, worst 3
    rows = rank([agg("c", "C", 45.0, 400), agg("a", "A", 30.0, 400), agg("b", "B", 33.0, 400)])
    assert [(r.code, r.rank, r.rank_best, r.rank_worst) for r in rows] == [
        ("a", 1, 1, 2), ("b", 2, 1, 2), ("c", 3, 3, 3)]
    assert rows[0].ci_low == pytest.approx(25.7168, abs=1e-4)
    assert rows[0].ci_high == pytest.approx(34.6637, abs=1e-4)
    assert tied_with_next(rows) == [True, False, False]


def test_tied_with_next_skips_insufficient_rows():
    rows = rank([agg("a", "A", 30.0, 400), agg("b", "B", 31.0, 400), agg("x", "X", 90.0, 20)])
    assert [r.status for r in rows] == ["ranked", "ranked", "insufficient_sample"]
    assert tied_with_next(rows) == [True, False, False]
    assert tied_with_next([]) == []


def test_as_dict_has_the_cli_fields():
    row = rank([agg("a", "A", 30.0, 400)])[0]
    assert set(row.as_dict()) == {"code", "name", "respondents", "effective_n", "pct", "ci_low", "ci_high",
                                  "rank", "rank_best", "rank_worst", "status"}


# --------------------------------------------------------------------------- properties

estimate_strategy = st.builds(
    Estimate,
    code=st.text(alphabet="0123456789", min_size=6, max_size=6),
    name=st.text(min_size=1, max_size=8),
    respondents=st.integers(min_value=1, max_value=5000),
    effective_n=st.floats(min_value=0.5, max_value=5000, allow_nan=False),
    p=st.one_of(st.sampled_from([0.0, 1.0, 0.4495, 0.4504, 0.5]),
                st.floats(min_value=0, max_value=1, allow_nan=False)),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(estimate_strategy, max_size=25), st.sampled_from([0, 50, 100, 1000]))
def test_ranking_properties(estimates, min_n):
    rows = rank(estimates, min_effective_n=min_n)
    assert len(rows) == len(estimates)
    ranked = [r for r in rows if r.status == "ranked"]
    rest = [r for r in rows if r.status != "ranked"]
    n = len(ranked)
    assert n == sum(1 for e in estimates if e.effective_n >= min_n)
    assert rows[:n] == ranked  # ranked rows first
    assert [(r.name, r.code) for r in rest] == sorted((r.name, r.code) for r in rest)
    for r in rest:
        assert r.rank is None and r.rank_best is None and r.rank_worst is None
        assert r.status == "insufficient_sample"
    for r in ranked:
        assert 1 <= r.rank_best <= r.rank_worst <= n
        assert 1 <= r.rank <= n
        assert 0 <= r.ci_low <= r.pct <= r.ci_high <= 100
        # competition ranking on the rounded percentage
        assert r.rank == 1 + sum(1 for o in ranked if rounded_pct(o.pct) < rounded_pct(r.pct))
    for a, b in zip(ranked, ranked[1:]):
        assert a.rank <= b.rank
        assert rounded_pct(a.pct) <= rounded_pct(b.pct)
        assert (a.rank == b.rank) == (rounded_pct(a.pct) == rounded_pct(b.pct))
    # rank interval exactly as defined, on the 0–1 Wilson intervals
    intervals = [wilson(r.pct / 100, r.effective_n) for r in ranked]
    for r, (low, high) in zip(ranked, intervals):
        assert r.rank_best == 1 + sum(1 for (_, u) in intervals if u < low)
        assert r.rank_worst == sum(1 for (lo, _) in intervals if lo <= high)
    ties = tied_with_next(rows)
    assert len(ties) == len(rows) and not any(ties[n - 1:] if n else ties)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.floats(min_value=1e-3, max_value=1e3), st.integers(0, 1)), min_size=1, max_size=40))
def test_microdata_properties(pairs):
    e = estimate_from_microdata("c", "C", sums_of(pairs))
    assert 0 <= e.p <= 1
    # Kish: 1 ≤ n_eff ≤ n
    assert 1 - 1e-9 <= e.effective_n <= len(pairs) * (1 + 1e-9)
    low, high = wilson(e.p, e.effective_n)
    assert 0 <= low <= e.p <= high <= 1


# --------------------------------------------------------------------------- sample file (synthetic)


def _sample_rows():
    with SAMPLE.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _estimates(rows, period):
    return [
        estimate_from_aggregate(r["ubigeo"], r["district"], int(r["respondents"]),
                                float(r["pct_insecure"]), float(r["effective_n"]))
        for r in rows if parse_period(r["period"]) == period
    ]


def test_sample_file_2026_t3():
    rows = _sample_rows()
    period = parse_period("2026-T3")
    t3 = [r for r in rows if parse_period(r["period"]) == period]
    assert t3, "the sample has 2026-T3 rows"
    ranking = rank(_estimates(rows, period))
    ranked = [r for r in ranking if r.status == "ranked"]

    # independent facts from the CSV strings
    assert len(ranking) == len(t3)
    assert len(ranked) == sum(1 for r in t3 if float(r["effective_n"]) >= 100)
    lowest = min(t3, key=lambda r: Decimal(r["pct_insecure"]))
    assert ranked[0].code == lowest["ubigeo"] and ranked[0].rank == 1
    # competition ranks from the one-decimal percentages as printed in the file
    pct_of = {r["ubigeo"]: Decimal(r["pct_insecure"]) for r in t3}
    for row in ranked:
        expected = 1 + sum(1 for r in t3 if float(r["effective_n"]) >= 100
                           and Decimal(r["pct_insecure"]) < pct_of[row.code])
        assert row.rank == expected, row
        assert row.pct == pytest.approx(float(pct_of[row.code]))
    # any equal percentages share a rank and the following place skips
    by_pct: dict[Decimal, list[str]] = {}
    for r in t3:
        by_pct.setdefault(Decimal(r["pct_insecure"]), []).append(r["ubigeo"])
    for codes in (c for c in by_pct.values() if len(c) > 1):
        assert len({row.rank for row in ranked if row.code in codes}) == 1
    # Wilson by the closed formula for the highest-pct district
    worst = max(t3, key=lambda r: Decimal(r["pct_insecure"]))
    p, n = float(worst["pct_insecure"]) / 100, float(worst["effective_n"])
    centre = (p + Z_95 ** 2 / (2 * n)) / (1 + Z_95 ** 2 / n)
    half = Z_95 / (1 + Z_95 ** 2 / n) * math.sqrt(p * (1 - p) / n + Z_95 ** 2 / (4 * n * n))
    row = next(r for r in ranked if r.code == worst["ubigeo"])
    assert row.ci_low == pytest.approx(100 * (centre - half))
    assert row.ci_high == pytest.approx(100 * (centre + half))
    assert row.rank_worst == len(ranked)

    # a stricter minimum moves districts to the end, ordered by name
    strict = rank(_estimates(rows, period), min_effective_n=350)
    short = [r for r in strict if r.status == "insufficient_sample"]
    assert len(short) == sum(1 for r in t3 if float(r["effective_n"]) < 350)
    assert [r.name for r in short] == sorted(r["district"] for r in t3 if float(r["effective_n"]) < 350)


def test_sample_file_window_pooling():
    rows = _sample_rows()
    window = parse_window("2026-T1:2026-T3")
    per_code: dict[str, list[Estimate]] = {}
    for period in window:
        for e in _estimates(rows, period):
            per_code.setdefault(e.code, []).append(e)
    pooled = [pool(es) for es in per_code.values()]
    ranking = rank(pooled)
    code = ranking[0].code
    src = [r for r in rows if r["ubigeo"] == code and parse_period(r["period"]) in window]
    assert len(src) == 3
    n_eff = sum(float(r["effective_n"]) for r in src)
    p = sum(float(r["effective_n"]) * float(r["pct_insecure"]) for r in src) / n_eff
    assert ranking[0].pct == pytest.approx(p)
    assert ranking[0].effective_n == pytest.approx(n_eff)
    assert ranking[0].respondents == sum(int(r["respondents"]) for r in src)
    # the pooled window's best is the district with the lowest pooled percentage
    assert ranking[0].pct == pytest.approx(min(r.pct for r in ranking))
