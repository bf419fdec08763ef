"""Statistics for the perception-of-insecurity ranking ("Ranking de Ciudades Seguras").

Pure functions over plain dataclasses (no Flask, no database), implementing exactly the rules of
DESIGN.md, section "Perception ranking (ranking categories) — exact rules":

* per district and period, with weights w_i > 0 and answers y_i in {0, 1}:
  ``p = Σ w·y / Σ w``, respondents ``n``, Kish effective size ``n_eff = (Σ w)² / Σ w²``;
  aggregate input gives p (as a percentage) and n, and optionally n_eff (default n_eff = n);
* 95 % Wilson score interval computed with ``n_eff`` (z = 1.959964);
* windows of several quarters:
  - aggregates: ``p = Σ n_eff,q·p_q / Σ n_eff,q``, ``n_eff = Σ n_eff,q`` -> :func:`pool`;
  - microdata: pool the respondents directly, i.e. add up the per-district sums of every
    quarter and estimate once from the pooled sums -> :func:`pool_sums` then
    :func:`estimate_from_microdata`;
* districts with ``n_eff`` below the minimum (default 100) are "insufficient_sample" and are not
  ranked; they are listed after the ranked ones, ordered by name;
* ranked rows ascending by p, standard competition ranking (1, 2, 2, 4) on the percentage
  rounded to one decimal;
* rank interval over the ranked rows only, from the Wilson intervals [L, U]:
  best ``1 + #{e : U_e < L_d}``, worst ``#{e : L_e ≤ U_d}`` (d counts itself).

Rounding choice (see :func:`rounded_pct`): the percentage ``p * 100`` is a binary float, so a
value meant to be 44.95 may be stored as 44.949999999999996. We first round the float's shortest
decimal representation (``repr``) to 9 decimals, which removes binary noise, and only then round
to one decimal with ROUND_HALF_UP. Differences below 1e-9 percentage points are therefore
treated as noise; everything else follows the decimal value that ``repr`` shows.
"""
from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import Iterable, Literal, Sequence

Z_95 = 1.959964
DEFAULT_MIN_EFFECTIVE_N = 100.0

STATUS_RANKED = "ranked"
STATUS_INSUFFICIENT = "insufficient_sample"

_NOISE = Decimal("1e-9")
_ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True)
class DistrictSums:
    """Per-district running sums a streaming microdata importer accumulates.

    respondents = number of respondents, sum_w = Σ w_i, sum_w2 = Σ w_i², sum_wy = Σ w_i·y_i.
    """

    respondents: int = 0
    sum_w: float = 0.0
    sum_w2: float = 0.0
    sum_wy: float = 0.0

    def add(self, weight: float, answer: int) -> "DistrictSums":
        """Return the sums with one more respondent (weight > 0, answer 0 or 1)."""
        if not (isinstance(weight, (int, float)) and math.isfinite(weight) and weight > 0):
            raise ValueError(f"Weight must be a positive finite number, got {weight!r}")
        if answer not in (0, 1):
            raise ValueError(f"Answer must be 0 or 1, got {answer!r}")
        return DistrictSums(
            self.respondents + 1,
            self.sum_w + weight,
            self.sum_w2 + weight * weight,
            self.sum_wy + weight * answer,
        )


@dataclass(frozen=True)
class Estimate:
    """One district's estimate for a period or a pooled window; p is on 0–1."""

    code: str
    name: str
    respondents: int
    effective_n: float
    p: float


@dataclass(frozen=True)
class RankedRow:
    """One row of a ranking. Percentages on 0–100, unrounded; ranks None when not ranked."""

    code: str
    name: str
    respondents: int
    effective_n: float
    pct: float
    ci_low: float | None
    ci_high: float | None
    rank: int | None
    rank_best: int | None
    rank_worst: int | None
    status: Literal["ranked", "insufficient_sample"]

    def as_dict(self) -> dict:
        """The JSON shape used by the CLI and the API."""
        return {
            "code": self.code,
            "name": self.name,
            "respondents": self.respondents,
            "effective_n": self.effective_n,
            "pct": self.pct,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
            "rank": self.rank,
            "rank_best": self.rank_best,
            "rank_worst": self.rank_worst,
            "status": self.status,
        }


# --------------------------------------------------------------------------- estimates


def estimate_from_microdata(code: str, name: str, sums: DistrictSums) -> Estimate:
    """p = Σw·y / Σw, n = respondents, n_eff = (Σw)² / Σw² (Kish)."""
    if sums.respondents <= 0 or not (sums.sum_w > 0 and sums.sum_w2 > 0):
        raise ValueError(f"District {code}: no respondents with positive weight")
    if not all(math.isfinite(v) for v in (sums.sum_w, sums.sum_w2, sums.sum_wy)):
        raise ValueError(f"District {code}: weight sums are not finite")
    p = sums.sum_wy / sums.sum_w
    p = min(1.0, max(0.0, p))  # guard against rounding drift in the sums
    n_eff = sums.sum_w * sums.sum_w / sums.sum_w2
    return Estimate(code, name, sums.respondents, n_eff, p)


def estimate_from_aggregate(
    code: str, name: str, respondents: int, pct: float, effective_n: float | None = None
) -> Estimate:
    """Aggregate input: p = pct / 100; n_eff = effective_n if given, else respondents."""
    if not (isinstance(pct, (int, float)) and math.isfinite(pct) and 0 <= pct <= 100):
        raise ValueError(f"District {code}: percentage must be between 0 and 100, got {pct!r}")
    if respondents is None or respondents <= 0:
        raise ValueError(f"District {code}: respondents must be positive, got {respondents!r}")
    n_eff = float(respondents) if effective_n is None else float(effective_n)
    if not (math.isfinite(n_eff) and n_eff > 0):
        raise ValueError(f"District {code}: effective n must be positive, got {effective_n!r}")
    return Estimate(code, name, int(respondents), n_eff, pct / 100.0)


def pool(estimates_per_period: Sequence[Estimate]) -> Estimate:
    """Pool one district's aggregate estimates of several quarters (DESIGN.md window rule).

    Use for **aggregate** input (p and n_eff per quarter):
    p = Σ n_eff,q·p_q / Σ n_eff,q, n_eff = Σ n_eff,q, respondents = Σ n_q.
    For **microdata** use :func:`pool_sums` instead (it pools the respondents themselves, so
    the Kish n_eff of the pooled sample is computed from the pooled weights).
    Code and name come from the first estimate; all estimates must share the code.
    """
    if not estimates_per_period:
        raise ValueError("Nothing to pool: no estimates given")
    first = estimates_per_period[0]
    if any(e.code != first.code for e in estimates_per_period):
        raise ValueError("Cannot pool estimates of different districts")
    total_n_eff = math.fsum(e.effective_n for e in estimates_per_period)
    if not total_n_eff > 0:
        raise ValueError(f"District {first.code}: pooled effective n is not positive")
    p = math.fsum(e.effective_n * e.p for e in estimates_per_period) / total_n_eff
    p = min(1.0, max(0.0, p))
    respondents = sum(e.respondents for e in estimates_per_period)
    return Estimate(first.code, first.name, respondents, total_n_eff, p)


def pool_sums(sums: Iterable[DistrictSums]) -> DistrictSums:
    """Pool one district's microdata sums of several quarters by adding them (respondents pooled directly).

    Use for **microdata**; then call :func:`estimate_from_microdata` on the result.
    """
    items = list(sums)
    return DistrictSums(
        sum(s.respondents for s in items),
        math.fsum(s.sum_w for s in items),
        math.fsum(s.sum_w2 for s in items),
        math.fsum(s.sum_wy for s in items),
    )


# --------------------------------------------------------------------------- interval


def wilson(p: float, n_eff: float, z: float = Z_95) -> tuple[float, float]:
    """Wilson score interval for proportion p with (real-valued) sample size n = n_eff.

    centre = (p + z²/2n) / (1 + z²/n); half = z/(1 + z²/n) · sqrt(p(1-p)/n + z²/4n²);
    result clamped to [0, 1] (exactly 0 / 1 at p = 0 / 1). Raises ValueError when n_eff <= 0 (or not finite) or p outside [0, 1].
    """
    if not (isinstance(n_eff, (int, float)) and math.isfinite(n_eff) and n_eff > 0):
        raise ValueError(f"Wilson interval needs a positive effective n, got {n_eff!r}")
    if not (isinstance(p, (int, float)) and math.isfinite(p) and 0.0 <= p <= 1.0):
        raise ValueError(f"Proportion must be between 0 and 1, got {p!r}")
    z2 = z * z
    denom = 1.0 + z2 / n_eff
    centre = (p + z2 / (2.0 * n_eff)) / denom
    half = (z / denom) * math.sqrt(p * (1.0 - p) / n_eff + z2 / (4.0 * n_eff * n_eff))
    low, high = centre - half, centre + half
    # The exact interval always contains p and reaches 0 (1) when p = 0 (1); keep that true
    # under floating point (e.g. centre + half = 0.9999999999999999 for p = 1).
    if p == 0.0:
        low = 0.0
    if p == 1.0:
        high = 1.0
    return max(0.0, min(low, p)), min(1.0, max(high, p))


# --------------------------------------------------------------------------- ranking


def rounded_pct(pct: float) -> Decimal:
    """The percentage rounded to one decimal, ROUND_HALF_UP, as used for ranking ties.

    ``Decimal(repr(pct))`` takes the float's shortest decimal form; quantizing to 1e-9 first
    removes binary noise (44.949999999999996 -> 44.95) before the half-up rounding to 0.1.
    """
    exact = Decimal(repr(float(pct)))
    return exact.quantize(_NOISE, rounding=ROUND_HALF_EVEN).quantize(_ONE_DECIMAL, rounding=ROUND_HALF_UP)


def rank_intervals(intervals: Sequence[tuple[float, float]]) -> list[tuple[int, int]]:
    """Rank interval (best, worst) of each of the given ranked intervals [L, U] (DESIGN.md).

    best_d = 1 + #{e : U_e < L_d}; worst_d = #{e : L_e <= U_d}, counting d itself.
    All intervals must be on the same scale and belong to the ranked rows only.
    """
    lows = sorted(low for low, _ in intervals)
    highs = sorted(high for _, high in intervals)
    # bisect keeps this O(n log n) for large rankings; same counts as the definition.
    return [
        (1 + bisect_left(highs, low), bisect_right(lows, high))
        for low, high in intervals
    ]


def rank(estimates: Iterable[Estimate], min_effective_n: float = DEFAULT_MIN_EFFECTIVE_N) -> list[RankedRow]:
    """Rank districts by perceived insecurity (lower p ranks higher), per DESIGN.md.

    Returns the ranked rows (ascending rounded pct, then unrounded p, then name, then code) followed by
    the insufficient-sample rows ordered by name (then code). Rows with n_eff < min_effective_n
    (or n_eff <= 0) are insufficient; their ci_* are given when n_eff > 0 and their ranks are None.
    """
    ranked_in: list[tuple[Estimate, Decimal, float, float]] = []
    insufficient: list[RankedRow] = []
    for e in estimates:
        pct = e.p * 100.0
        if e.effective_n > 0 and e.effective_n >= min_effective_n:
            low, high = wilson(e.p, e.effective_n)
            ranked_in.append((e, rounded_pct(pct), low, high))
        else:
            if e.effective_n > 0:
                low, high = wilson(e.p, e.effective_n)
                ci_low, ci_high = low * 100.0, high * 100.0
            else:
                ci_low = ci_high = None
            insufficient.append(RankedRow(
                e.code, e.name, e.respondents, e.effective_n, pct, ci_low, ci_high,
                None, None, None, STATUS_INSUFFICIENT,
            ))

    ranked_in.sort(key=lambda t: (t[1], t[0].p, t[0].name, t[0].code))

    bounds = rank_intervals([(low, high) for (_, _, low, high) in ranked_in])
    rows: list[RankedRow] = []
    competition_rank = 0
    previous_rounded: Decimal | None = None
    for position, (e, rounded, low, high) in enumerate(ranked_in, start=1):
        if rounded != previous_rounded:
            competition_rank = position  # standard competition ranking: 1, 2, 2, 4
            previous_rounded = rounded
        best, worst = bounds[position - 1]
        rows.append(RankedRow(
            e.code, e.name, e.respondents, e.effective_n, e.p * 100.0, low * 100.0, high * 100.0,
            competition_rank, best, worst, STATUS_RANKED,
        ))

    insufficient.sort(key=lambda r: (r.name, r.code))
    return rows + insufficient


def tied_with_next(rows: Sequence[RankedRow]) -> list[bool]:
    """For each row, whether it is ranked and its interval overlaps the next ranked row's interval.

    The result is aligned with ``rows``; insufficient rows and the last ranked row get False.
    Two closed intervals [L1, U1] and [L2, U2] overlap when L2 <= U1 and L1 <= U2.
    """
    result = [False] * len(rows)
    ranked_positions = [i for i, r in enumerate(rows) if r.status == STATUS_RANKED]
    for here, nxt in zip(ranked_positions, ranked_positions[1:]):
        a, b = rows[here], rows[nxt]
        result[here] = b.ci_low <= a.ci_high and a.ci_low <= b.ci_high
    return result
