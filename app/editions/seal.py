"""The edition seal: a canonical JSON document of an edition's results and its SHA-256.

Canonical form (format "safe-city-awards/edition-seal/1"): JSON with keys sorted, no whitespace
(separators "," and ":"), UTF-8 without escaping non-ASCII characters, and **every number written
as a decimal string**: the shortest decimal that reads back as the same value, without exponent
or trailing zeros ("7", "82.5", "0.0001", never "1e-04" or "82.50"). Booleans and null stay JSON
literals. The seal is the SHA-256 (lower-case hex) of those bytes; `edition.seal_document` keeps
them exactly, so `sha256sum` of the published document gives the seal.

The document holds only what cannot change after closing, identified by stable codes (nomination
references, UBIGEO codes, criterion positions) rather than by names that may be corrected later:

- `edition`: year, name, time zone, when it was sealed;
- `method`: the aggregation, normalisation and ranking rules with their constants;
- `categories`: code, kind, void (and why), the final round, the rubric (position, weight, scale,
  tie-breaker);
- `places`: every confirmed place (category, position, place, recipient, score, interval, rank,
  shared, tied, reason);
- `rankings`: per ranking category the ranking used (quarter or window, minimum n_eff, eligible
  codes, the survey files' SHA-256, and every row with pct, interval, rank and rank interval);
- `score_matrix`: every counted review score of each jury category's final round (submitted,
  juror not conflicted) with jurors anonymised as J1…Jn (by account id, over the edition);
- `audit_head`: the id and hash of the audit event that heads the chain when sealing.
"""
from __future__ import annotations

import hashlib
import json
import math
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.awards import services as awards
from app.awards.models import Award, AwardStatus
from app.editions.models import Category, CategoryKind, Edition
from app.extensions import db
from app.judging import aggregation
from app.judging.models import Assignment, Conflict, Review, ReviewScore, ReviewStatus
from app.judging.rounds import current_round
from app.nominations.models import SCREENED_IN_STATUSES, Nomination
from app.perception import services as perception
from app.perception import statistics

FORMAT = "safe-city-awards/edition-seal/1"
MAX_REPORTED_ITEMS = 5


# -- canonical JSON -----------------------------------------------------------------------------

def decimal_string(value: int | float | Decimal) -> str:
    """The shortest positional decimal that reads back as `value` (floats via their repr)."""
    if isinstance(value, bool):
        raise TypeError("booleans are not numbers in the seal")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value!r} cannot be sealed")
        value = Decimal(repr(value))
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _strings_for_numbers(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _strings_for_numbers(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_strings_for_numbers(v) for v in value]
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return decimal_string(value)
    return value


def canonical(document: dict) -> bytes:
    return json.dumps(_strings_for_numbers(document), sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# -- the document -------------------------------------------------------------------------------

def build(edition: Edition, sealed_at: datetime, audit_head: dict) -> dict:
    """The seal document of the edition as the database holds it now."""
    categories = list(edition.categories)
    return {
        "format": FORMAT,
        "edition": {"year": edition.year, "name": edition.name, "timezone": edition.timezone,
                    "sealed_at": sealed_at.astimezone(timezone.utc).isoformat(
                        timespec="microseconds")},
        "method": method(edition),
        "categories": [_category(c) for c in categories],
        "places": _places(categories),
        "rankings": [_ranking(c) for c in categories
                     if c.kind == CategoryKind.RANKING.value and c.declared_void_at is None],
        "score_matrix": score_matrix(edition),
        "audit_head": audit_head,
    }


def method(edition: Edition) -> dict:
    return {
        "review_total": "T = 100 * (sum(w_c * s_c) / sum(w_c) - scale_min) / (scale_max - scale_min)",
        "aggregation": edition.score_aggregation,
        "trimmed_mean_from_reviews": aggregation.TRIM_FROM,
        "normalisation": "z_score_per_juror_and_round" if edition.juror_normalisation else "none",
        "z_min_reviews": aggregation.Z_MIN_REVIEWS,
        "order": "score desc, then tie-break criterion mean desc, then number of reviews desc, "
                 "then the organisers' recorded decision",
        "ranking_index": "p = sum(w_i * y_i) / sum(w_i); n_eff = (sum w_i)^2 / sum(w_i^2); window: "
                         "p = sum(n_eff_q * p_q) / sum(n_eff_q)",
        "ranking_interval": "Wilson 95% with n_eff",
        "ranking_z": statistics.Z_95,
        "ranking_order": "ascending p rounded to 0.1 (half up), competition ranking 1, 2, 2, 4",
    }


def _category(category: Category) -> dict:
    part = {"code": category.code, "kind": category.kind,
            "void": category.declared_void_at is not None,
            "void_reason": category.void_reason if category.declared_void_at else ""}
    if category.is_jury:
        round_ = current_round(category)
        part["round"] = round_.position if round_ is not None else None
        part["min_reviews"] = category.min_reviews
        part["criteria"] = [{"position": position, "weight": c.weight, "scale_min": c.scale_min,
                             "scale_max": c.scale_max, "tie_breaker": bool(c.is_tie_breaker)}
                            for position, c in enumerate(category.criteria, start=1)]
    return part


def _places(categories: list[Category]) -> list[dict]:
    codes = {c.id: c.code for c in categories}
    order = {c.id: index for index, c in enumerate(categories)}
    awards_ = db.session.scalars(
        select(Award).where(Award.category_id.in_(list(codes)),
                            Award.status == AwardStatus.CONFIRMED.value)
        .options(joinedload(Award.nomination), joinedload(Award.municipality))).all()
    awards_ = sorted(awards_, key=lambda a: (order[a.category_id], a.position, a.id))
    return [{"category": codes[a.category_id], "position": a.position, "place": a.place,
             "recipient": _recipient(a), "score": a.score, "ci_low": a.ci_low,
             "ci_high": a.ci_high, "rank": a.rank, "shared": bool(a.shared),
             "tied_with_next": bool(a.tied_with_next), "reason": a.reason or ""}
            for a in awards_]


def _recipient(award: Award) -> dict:
    if award.nomination is not None:
        return {"nomination": award.nomination.reference}
    return {"municipality": award.municipality.official_code or str(award.municipality.id)}


def _ranking(category: Category) -> dict:
    periods = awards.ranking_periods(category) or []
    rows = awards.eligible_ranking(category)
    codes = category.ranking_eligible_codes
    return {
        "category": category.code, "period": category.ranking_period,
        "window_start": category.ranking_window_start,
        "min_effective_n": category.ranking_min_effective_n,
        "eligible_codes": sorted(codes) if codes is not None else None,
        "sources": [{"period": s.period, "sha256": s.file_sha256}
                    for s in perception.sources_for(periods)],
        "rows": [{"code": r.code, "respondents": r.respondents, "effective_n": r.effective_n,
                  "pct": r.pct, "ci_low": r.ci_low, "ci_high": r.ci_high, "rank": r.rank,
                  "rank_best": r.rank_best, "rank_worst": r.rank_worst, "status": r.status}
                 for r in rows],
    }


def score_matrix(edition: Edition) -> list[dict]:
    """Counted scores of each jury category's final round, jurors as J1…Jn (by account id over
    the edition), ordered by category, reference, juror and criterion. Counted: submitted, and
    no undismissed conflict row (closing records the automatic ones that held then), so that a
    juror's later change of municipality does not change the sealed matrix."""
    raw = []
    for category in edition.categories:
        round_ = current_round(category) if category.is_jury else None
        if round_ is None:
            continue
        positions = {c.id: position for position, c in enumerate(category.criteria, start=1)}
        conflicted = set(map(tuple, db.session.execute(
            select(Conflict.juror_id, Conflict.nomination_id)
            .join(Nomination, Nomination.id == Conflict.nomination_id)
            .where(Nomination.category_id == category.id, Conflict.dismissed_at.is_(None)))))
        rows = db.session.execute(
            select(Nomination.reference, Nomination.status, Assignment.juror_id,
                   Assignment.nomination_id, ReviewScore.criterion_id, ReviewScore.scale_min,
                   ReviewScore.scale_max, ReviewScore.score)
            .select_from(ReviewScore)
            .join(Review, Review.id == ReviewScore.review_id)
            .join(Assignment, Assignment.id == Review.assignment_id)
            .join(Nomination, Nomination.id == Assignment.nomination_id)
            .where(Assignment.round_id == round_.id,
                   Review.status == ReviewStatus.SUBMITTED.value,
                   ReviewScore.score.is_not(None)))
        raw.extend((category, positions[r.criterion_id], r) for r in rows
                   if r.criterion_id in positions
                   and (r.juror_id, r.nomination_id) not in conflicted)
    labels = {juror_id: f"J{index}" for index, juror_id in
              enumerate(sorted({r.juror_id for _c, _p, r in raw}), start=1)}
    order = {c.id: index for index, c in enumerate(edition.categories)}
    raw.sort(key=lambda item: (order[item[0].id], item[2].reference,
                               int(labels[item[2].juror_id][1:]), item[1]))
    return [{"category": category.code, "reference": r.reference,
             "competing": r.status in SCREENED_IN_STATUSES, "juror": labels[r.juror_id],
             "criterion": position, "scale_min": r.scale_min, "scale_max": r.scale_max,
             "score": r.score}
            for category, position, r in raw]


# -- comparing ----------------------------------------------------------------------------------

def _compact(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def differences(sealed: dict, current: dict) -> list[str]:
    """Where the database no longer says what was sealed: per section, the first items that
    differ (both documents in canonical form, numbers as strings)."""
    lines = []
    for section in sorted(set(sealed) | set(current)):
        before, now = sealed.get(section), current.get(section)
        if before == now:
            continue
        if not (isinstance(before, list) and isinstance(now, list)):
            lines.append(_("%(section)s: sealed %(sealed)s, now %(current)s", section=section,
                           sealed=_compact(before), current=_compact(now)))
            continue
        if len(before) != len(now):
            lines.append(_("%(section)s: %(sealed)d items sealed, %(current)d now",
                           section=section, sealed=len(before), current=len(now)))
        changed = [i for i in range(min(len(before), len(now))) if before[i] != now[i]]
        for index in changed[:MAX_REPORTED_ITEMS]:
            lines.append(_("%(section)s, item %(number)d: sealed %(sealed)s, now %(current)s",
                           section=section, number=index + 1, sealed=_compact(before[index]),
                           current=_compact(now[index])))
        if len(changed) > MAX_REPORTED_ITEMS:
            lines.append(_("%(section)s: %(count)d more items differ", section=section,
                           count=len(changed) - MAX_REPORTED_ITEMS))
    return lines
