"""Score aggregation for jury categories, exactly as DESIGN.md "Score aggregation (jury
categories) — exact rules" says. Pure functions over plain dataclasses: no Flask, no database.

* A review's total on 0–100: ``T = 100 · (Σ w_c·s_c / Σ w_c − min) / (max − min)``.
* Only submitted reviews without an active conflict count (:attr:`ReviewInput.counts`).
* A nomination's score: the mean of its totals (default), the median, or the trimmed mean
  (the single highest and lowest total dropped, only with at least 5 totals).
* Juror normalisation: per juror over their counted totals in the round,
  ``z = (T − μ_j) / σ_j`` with the population σ; σ_j = 0 or fewer than 3 totals gives z = 0.
  The nomination's normalised score is the mean of its z.
* Flags: fewer counted reviews than the category's minimum; spread (population SD of the
  totals) above 20 points.
* Order: score descending, then the tie-break criterion's mean score descending, then the number
  of reviews descending; what is still equal stays tied for an organiser to decide.

Decisions where DESIGN.md is silent:

* Criteria on different scales: each score is first mapped onto [0, 1] by its own scale,
  ``T = 100 · Σ w_c·(s_c − min_c)/(max_c − min_c) / Σ w_c``; this equals the formula above when
  the scales agree, and then the formula above is computed literally. Totals are clamped to
  [0, 100] against float noise only.
* The score that orders the leaderboard is the edition's method on the raw totals; when the
  edition turns juror normalisation on, the normalised score orders it instead (the raw scores
  stay beside it).
* Two scores closer than 1e-9 points are equal: totals of different reviews that are equal on
  paper may differ in the last binary digit, which must not decide a place.
* Positions: standard competition ranking. Rows still equal after the whole chain share the
  position and are marked ``tied``; the next row skips (1, 2, 2, 4). Inside a tied group the
  rows are listed by reference, which decides nothing.
* A nomination without a counted review has no score and no position; it is listed last.
* Every value is returned unrounded.
"""
from __future__ import annotations

import math
import statistics
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Hashable, Iterable, NamedTuple, Sequence

MEAN = "mean"
MEDIAN = "median"
TRIMMED_MEAN = "trimmed_mean"
NORMALISED = "normalised"
METHODS = (MEAN, MEDIAN, TRIMMED_MEAN)
SENSITIVITY_METHODS = (MEAN, MEDIAN, TRIMMED_MEAN, NORMALISED)

TRIM_FROM = 5
Z_MIN_REVIEWS = 3
SPREAD_LIMIT = 20.0
EQUAL_DECIMALS = 9

FLAG_TOO_FEW_REVIEWS = "too_few_reviews"
FLAG_HIGH_SPREAD = "high_spread"

# How a row got its place among rows with an equal score (None: the score alone decided).
BY_TIE_BREAK = "tie_break"
BY_REVIEWS = "n_reviews"
UNRESOLVED = "unresolved"


class CriterionScore(NamedTuple):
    """One criterion's score in a review, with the criterion's weight and scale (a named tuple:
    a round holds tens of thousands of them)."""

    criterion_id: Hashable
    score: float
    weight: float
    scale_min: float = 1
    scale_max: float = 10


@dataclass(frozen=True)
class ReviewInput:
    """One juror's review of one nomination in the round."""

    nomination_id: Hashable
    juror_id: Hashable
    scores: tuple[CriterionScore, ...]
    submitted: bool = True
    conflicted: bool = False

    @property
    def counts(self) -> bool:
        return self.submitted and not self.conflicted


@dataclass(frozen=True)
class Entry:
    """A nomination competing in the round; the reference orders rows that stay tied."""

    nomination_id: Hashable
    reference: str


@dataclass(frozen=True)
class Rules:
    method: str = MEAN
    normalise: bool = False
    min_reviews: int = 0
    tie_break_criterion_id: Hashable | None = None

    @property
    def ranking_method(self) -> str:
        return NORMALISED if self.normalise else self.method


@dataclass(frozen=True)
class Standing:
    """A nomination's aggregated scores and its place."""

    nomination_id: Hashable
    reference: str
    totals: tuple[float, ...]
    score_mean: float | None
    score_median: float | None
    score_trimmed: float | None
    score_z: float | None
    spread: float | None
    tie_break_mean: float | None
    criterion_means: dict = field(default_factory=dict)
    flags: tuple[str, ...] = ()
    score: float | None = None
    position: int | None = None
    tied: bool = False
    decided_by: str | None = None

    @property
    def n_reviews(self) -> int:
        return len(self.totals)

    def score_by(self, method: str) -> float | None:
        return getattr(self, _SCORE_FIELDS[method])


@dataclass(frozen=True)
class JurorStats:
    """A juror's counted totals in the round; z-scores use them only when `normalises`."""

    juror_id: Hashable
    totals: tuple[float, ...]
    mean: float
    sd: float

    @property
    def normalises(self) -> bool:
        return len(self.totals) >= Z_MIN_REVIEWS and self.sd > 0


# --------------------------------------------------------------------------- one review


def review_total(scores: Sequence[CriterionScore]) -> float:
    """The review's total on 0–100 (see the module docstring for criteria on mixed scales)."""
    if not scores:
        raise ValueError("A review total needs at least one criterion score.")
    total_weight = sum(s.weight for s in scores)
    if total_weight <= 0:
        raise ValueError("Criterion weights must add up to more than zero.")
    if any(s.scale_min >= s.scale_max for s in scores):
        raise ValueError("A scale's minimum must be below its maximum.")
    low, high = scores[0].scale_min, scores[0].scale_max
    if all(s.scale_min == low and s.scale_max == high for s in scores):
        weighted = sum(s.weight * s.score for s in scores) / total_weight
        total = 100 * (weighted - low) / (high - low)
    else:
        total = 100 * sum(s.weight * (s.score - s.scale_min) / (s.scale_max - s.scale_min)
                          for s in scores) / total_weight
    return min(100.0, max(0.0, total))


# --------------------------------------------------------------------------- one nomination


def mean(values: Sequence[float]) -> float | None:
    return statistics.fmean(values) if values else None


def median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def trimmed_mean(values: Sequence[float]) -> float | None:
    """The mean without the single highest and lowest value, from 5 values on; else the mean."""
    if len(values) < TRIM_FROM:
        return mean(values)
    return statistics.fmean(sorted(values)[1:-1])


def nomination_score(totals: Sequence[float], method: str = MEAN) -> float | None:
    functions = {MEAN: mean, MEDIAN: median, TRIMMED_MEAN: trimmed_mean}
    if method not in functions:
        raise ValueError(f"Unknown aggregation method {method!r}.")
    return functions[method](totals)


def population_sd(values: Sequence[float]) -> float:
    """Population standard deviation; exactly 0 when every value is equal. Two passes with
    compensated sums (`math.fsum`): as exact as the floats allow, and far faster than
    `statistics.pstdev`, which computes with fractions."""
    first = values[0]
    if all(v == first for v in values):
        return 0.0
    centre = math.fsum(values) / len(values)
    return math.sqrt(math.fsum((v - centre) ** 2 for v in values) / len(values))


def spread(totals: Sequence[float]) -> float | None:
    """Population standard deviation of the totals."""
    return population_sd(totals) if totals else None


def flags(n_reviews: int, spread_value: float | None, min_reviews: int) -> tuple[str, ...]:
    found = []
    if n_reviews < min_reviews:
        found.append(FLAG_TOO_FEW_REVIEWS)
    if spread_value is not None and spread_value > SPREAD_LIMIT:
        found.append(FLAG_HIGH_SPREAD)
    return tuple(found)


# --------------------------------------------------------------------------- jurors


def juror_stats(totals_by_juror: Iterable[tuple[Hashable, float]]) -> dict[Hashable, JurorStats]:
    """Each juror's mean and population SD over their totals, from (juror, total) pairs."""
    grouped: dict[Hashable, list[float]] = defaultdict(list)
    for juror_id, total in totals_by_juror:
        grouped[juror_id].append(total)
    return {juror_id: JurorStats(juror_id, tuple(values), statistics.fmean(values),
                                 population_sd(values))
            for juror_id, values in grouped.items()}


def z_scores(totals_by_juror: Sequence[tuple[Hashable, float]]) -> list[float]:
    """z of each (juror, total) pair, in the same order; 0 for a juror with σ = 0 or fewer than 3
    totals."""
    stats = juror_stats(totals_by_juror)
    return [z_score(total, stats[juror_id]) for juror_id, total in totals_by_juror]


def z_score(total: float, juror: JurorStats) -> float:
    return (total - juror.mean) / juror.sd if juror.normalises else 0.0


# --------------------------------------------------------------------------- the leaderboard


_SCORE_FIELDS = {MEAN: "score_mean", MEDIAN: "score_median", TRIMMED_MEAN: "score_trimmed",
                 NORMALISED: "score_z"}
_LEVELS = (None, BY_TIE_BREAK, BY_REVIEWS, UNRESOLVED)


def _equal_key(value: float | None) -> float:
    """Descending sort key that treats float noise below 1e-9 as equality."""
    return float("inf") if value is None else -round(value, EQUAL_DECIMALS)


def _order(standings: Sequence[Standing], method: str
           ) -> tuple[list[tuple[Standing, int, str | None]], list[Standing]]:
    """(standing, position, deciding level) by the tie-break chain on `method`'s score, and the
    standings without that score (by reference)."""
    field_name = _SCORE_FIELDS[method]
    keyed = []
    unscored = []
    for s in standings:
        score = getattr(s, field_name)
        if score is None:
            unscored.append(s)
        else:
            keyed.append(((_equal_key(score), _equal_key(s.tie_break_mean), -s.n_reviews),
                          s.reference, s))
    keyed.sort(key=lambda item: (item[0], item[1]))
    keys = [key for key, _reference, _s in keyed]
    ordered = []
    position = 0
    for index, (key, _reference, standing) in enumerate(keyed):
        if index == 0 or key != keys[index - 1]:
            position = index + 1
        neighbours = [keys[i] for i in (index - 1, index + 1) if 0 <= i < len(keys)]
        ordered.append((standing, position, _deciding_level(key, neighbours)))
    unscored.sort(key=lambda s: s.reference)
    return ordered, unscored


def _deciding_level(key: tuple, neighbours: list[tuple]) -> str | None:
    """The deepest level of the chain needed to separate a row from its neighbours that have an
    equal score."""
    deepest = 0
    for other in neighbours:
        if other[0] != key[0]:
            continue
        level = 1 if other[1] != key[1] else 2 if other[2] != key[2] else 3
        deepest = max(deepest, level)
    return _LEVELS[deepest]


def rank(standings: Sequence[Standing], method: str) -> list[Standing]:
    """The standings ordered by the tie-break chain on `method`'s score, with positions, tied
    marks and what decided each place. Standings without that score come last, unplaced."""
    ordered, unscored = _order(standings, method)
    field_name = _SCORE_FIELDS[method]
    return ([replace(s, score=getattr(s, field_name), position=position,
                     tied=decided_by == UNRESOLVED, decided_by=decided_by)
             for s, position, decided_by in ordered]
            + [replace(s, score=None, position=None, tied=False, decided_by=None)
               for s in unscored])


@dataclass(frozen=True)
class RoundResult:
    """A round aggregated: its ordered standings and the statistics of each juror."""

    standings: list[Standing]
    jurors: dict[Hashable, JurorStats]


def _standings(entries: Sequence[Entry], reviews: Sequence[ReviewInput], rules: Rules
               ) -> tuple[list[Standing], dict[Hashable, JurorStats]]:
    counted = [r for r in reviews if r.counts]
    pairs = [(r.juror_id, review_total(r.scores)) for r in counted]
    stats = juror_stats(pairs)
    per_nomination: dict[Hashable, list[tuple[ReviewInput, float, float]]] = defaultdict(list)
    for review, (juror_id, total) in zip(counted, pairs):
        per_nomination[review.nomination_id].append(
            (review, total, z_score(total, stats[juror_id])))
    result = []
    for entry in entries:
        items = per_nomination.get(entry.nomination_id, [])
        own_totals = tuple(total for _review, total, _z in items)
        by_criterion: dict[Hashable, list[float]] = defaultdict(list)
        for review, _total, _z in items:
            for score in review.scores:
                by_criterion[score.criterion_id].append(score.score)
        criterion_means = {c: statistics.fmean(values) for c, values in by_criterion.items()}
        spread_value = spread(own_totals)
        result.append(Standing(
            nomination_id=entry.nomination_id, reference=entry.reference, totals=own_totals,
            score_mean=mean(own_totals), score_median=median(own_totals),
            score_trimmed=trimmed_mean(own_totals), score_z=mean([z for _r, _t, z in items]),
            spread=spread_value,
            tie_break_mean=(criterion_means.get(rules.tie_break_criterion_id)
                            if rules.tie_break_criterion_id is not None else None),
            criterion_means=criterion_means,
            flags=flags(len(own_totals), spread_value, rules.min_reviews)))
    return result, stats


def standings(entries: Sequence[Entry], reviews: Sequence[ReviewInput],
              rules: Rules) -> list[Standing]:
    """Every entry's scores, unordered. Juror statistics use every counted review given, so the
    caller passes the whole round."""
    return _standings(entries, reviews, rules)[0]


def aggregate(entries: Sequence[Entry], reviews: Sequence[ReviewInput],
              rules: Rules) -> RoundResult:
    """The round by the edition's rules: the ordered leaderboard and the jurors' statistics."""
    if rules.method not in METHODS:
        raise ValueError(f"Unknown aggregation method {rules.method!r}.")
    unordered, jurors = _standings(entries, reviews, rules)
    return RoundResult(rank(unordered, rules.ranking_method), jurors)


def leaderboard(entries: Sequence[Entry], reviews: Sequence[ReviewInput],
                rules: Rules) -> list[Standing]:
    """The ordered leaderboard of a round by the edition's rules."""
    return aggregate(entries, reviews, rules).standings


# --------------------------------------------------------------------------- sensitivity


SAME = "same"
REORDERED = "reordered"
CHANGED = "changed"


@dataclass(frozen=True)
class MethodComparison:
    """How the top places under `method` compare with those under the ranking method."""

    method: str
    top: tuple[tuple[int, Hashable], ...]
    outcome: str
    entering: tuple[Hashable, ...] = ()
    leaving: tuple[Hashable, ...] = ()


@dataclass(frozen=True)
class Sensitivity:
    places: int
    baseline: str
    top: tuple[tuple[int, Hashable], ...]
    comparisons: tuple[MethodComparison, ...]

    @property
    def stable(self) -> bool:
        return all(c.outcome == SAME for c in self.comparisons)


def top_places(standings: Sequence[Standing], method: str, places: int
               ) -> tuple[tuple[int, Hashable], ...]:
    """(position, nomination) of the rows placed within the first `places` positions by
    `method`; a tie at the last place keeps every tied row."""
    ordered, _unscored = _order(standings, method)
    return tuple((position, s.nomination_id) for s, position, _level in ordered
                 if position <= places)


def sensitivity(rows: Sequence[Standing], baseline: str, places: int) -> Sensitivity:
    """Whether the top `places` change when the order is taken from the mean, the median, the
    trimmed mean or the normalised score instead of `baseline` (the ranking method)."""
    reference = top_places(rows, baseline, places)
    members = {n for _p, n in reference}
    comparisons = []
    for method in SENSITIVITY_METHODS:
        if method == baseline:
            continue
        top = top_places(rows, method, places)
        others = {n for _p, n in top}
        if top == reference:
            outcome = SAME
        elif others == members:
            outcome = REORDERED
        else:
            outcome = CHANGED
        comparisons.append(MethodComparison(
            method, top, outcome,
            entering=tuple(n for _p, n in top if n not in members),
            leaving=tuple(n for _p, n in reference if n not in others)))
    return Sensitivity(places, baseline, reference, tuple(comparisons))
