"""Anyone can recompute the winners from the published score matrix: an independent
implementation of DESIGN.md's rules, in exact fractions, over the downloaded CSV only."""
from __future__ import annotations

import csv
import io
import re
import statistics
from collections import defaultdict
from fractions import Fraction

import pytest
from flask_babel import force_locale
from sqlalchemy import delete

from app.awards.models import Award
from app.editions import closing
from app.editions.services import apply_transition
from app.extensions import db
from tests.editions.closing_world import confirm_jury_places

URL = "/editions/2026/results"


def _reviews(rows) -> dict[tuple[str, str], dict[str, list[dict]]]:
    """{(category, reference): {juror: [rows]}} of the competing nominations, and of the others
    (kept for the jurors' normalisation)."""
    grouped: dict[tuple[str, str], dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        grouped[(row["category"], row["reference"])][row["juror"]].append(row)
    return grouped


def _total(scores: list[dict]) -> Fraction:
    """T = 100 · (Σ w·s / Σ w − min) / (max − min), one scale per review here."""
    weights = sum(Fraction(r["weight"]) for r in scores)
    weighted = sum(Fraction(r["weight"]) * Fraction(r["score"]) for r in scores) / weights
    low, high = Fraction(scores[0]["scale_min"]), Fraction(scores[0]["scale_max"])
    return 100 * (weighted - low) / (high - low)


def _z_scores(totals: dict[tuple, Fraction]) -> dict[tuple, float]:
    """Per juror (within the category): z = (T − μ) / σ (population), 0 when σ = 0 or < 3."""
    by_juror: dict[tuple, list[Fraction]] = defaultdict(list)
    for (category, _reference, juror), total in totals.items():
        by_juror[(category, juror)].append(total)
    result = {}
    for key, total in totals.items():
        own = by_juror[(key[0], key[2])]
        mu = sum(own) / len(own)
        sigma = float(sum((t - mu) ** 2 for t in own) / len(own)) ** 0.5
        result[key] = 0.0 if len(own) < 3 or sigma == 0 else float(total - mu) / sigma
    return result


def recompute(csv_text: str, aggregation: str, normalise: bool) -> dict[str, list[str]]:
    """Each category's competing references, best first."""
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    competing = {(r["category"], r["reference"]) for r in rows if r["competing"] == "yes"}
    totals = {(category, reference, juror): _total(scores)
              for (category, reference), jurors in _reviews(rows).items()
              for juror, scores in jurors.items()}
    z = _z_scores(totals)
    standings = defaultdict(list)
    for category, reference in competing:
        mine = [key for key in totals if key[:2] == (category, reference)]
        values = [totals[key] for key in mine]
        if normalise:
            score = sum(z[key] for key in mine) / len(mine)
        elif aggregation == "median":
            score = statistics.median(values)
        elif aggregation == "trimmed_mean" and len(values) >= 5:
            score = sum(sorted(values)[1:-1]) / (len(values) - 2)
        else:
            score = sum(values) / len(values)
        tie_break = [Fraction(r["score"]) for key in mine
                     for r in _reviews(rows)[(category, reference)][key[2]]
                     if r["tie_breaker"] == "yes"]
        standings[category].append((-score, -sum(tie_break) / len(tie_break), -len(values),
                                    reference))
    return {category: [reference for *_key, reference in sorted(rows_)]
            for category, rows_ in standings.items()}


def _published_jury_places(html: str) -> list[str]:
    return re.findall(r'data-reference="(SCA-[^"]+)"', html)


@pytest.mark.parametrize("aggregation, normalise", [("mean", False), ("median", False),
                                                    ("mean", True)])
def test_the_winners_recomputed_from_the_download_match_the_published_places(
        client, closable, organiser, aggregation, normalise):
    edition = closable.edition
    edition.score_aggregation, edition.juror_normalisation = aggregation, normalise
    db.session.execute(delete(Award).where(Award.category_id == closable.jury.id))
    db.session.commit()
    confirm_jury_places(closable.jury, organiser)
    db.session.commit()
    with force_locale("en"):
        closing.close_edition(edition)
        apply_transition(edition, "publish")

    matrix = client.get(URL + "/scores.csv").get_data(as_text=True)
    published = _published_jury_places(client.get(URL).get_data(as_text=True))

    assert published == recompute(matrix, aggregation, normalise)["INN"][:3]
    assert published == ["SCA-2026-INN-0001", "SCA-2026-INN-0002", "SCA-2026-INN-0003"]
