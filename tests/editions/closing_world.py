"""An edition in deliberation with every category decided, ready to close.

INN (jury; criteria weighted 10 and 20 on 1–10, the first breaks ties) has four nominations of
Barranco, Jesús María, La Molina and Lince, each reviewed by three jurors; their totals order
them A > B > C > D, and the organisers confirmed gold A, silver B, bronze C from the leaderboard.
PER (ranking, 2026-T3) confirmed gold Callao 12.0 %, silver Miraflores 20.0 %, bronze San Isidro
30.0 % from a hand-checked survey (the same one as tests/awards). Built on the models and the
services that exist before closing, so closing tests set up only what they change.
"""
from __future__ import annotations

import io
from datetime import datetime, timezone
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from app.awards import services as awards
from app.awards.models import Award
from app.editions.models import Category, Edition, RubricCriterion
from app.extensions import db
from app.judging import results
from app.judging.models import Assignment, JurorProfile, Review, ReviewScore
from app.judging.rounds import ensure_default_round
from app.municipalities.models import Municipality
from app.municipalities.services import seed_districts
from app.nominations.models import Nomination
from app.perception import services as perception
from app.perception.statistics import tied_with_next

SURVEY = [("070101", 1000, 12.0, 1000), ("150122", 1000, 20.0, 1000), ("150131", 1000, 30.0, 1000),
          ("150130", 1000, 40.0, 1000), ("150140", 1000, 41.0, 1000), ("150141", 1000, 60.0, 1000),
          ("150101", 60, 10.0, 60)]
NOMINEES = {"A": "150104", "B": "150113", "C": "150114", "D": "150116"}  # UBIGEO per nomination
SCORES = {  # per nomination, each juror's [criterion 1, criterion 2]
    "A": [[9, 9], [8, 9], [9, 8]],
    "B": [[7, 8], [8, 7], [7, 7]],
    "C": [[5, 6], [6, 5], [6, 6]],
    "D": [[3, 4], [4, 3], [2, 3]],
}
MAYOR = "Rosa Quispe Huamán"


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _district(code: str) -> Municipality:
    return db.session.scalar(select(Municipality).where(Municipality.official_code == code))


def _jury_category(edition: Edition) -> Category:
    category = Category(edition=edition, code="INN", name_es="Innovación en seguridad",
                        name_en="Innovation in safety", kind="jury", position=1, min_reviews=2,
                        places_gold=1, places_silver=1, places_bronze=1, mentions=0)
    for position, (weight, name) in enumerate(((10, "Impacto"), (20, "Innovación")), start=1):
        category.criteria.append(RubricCriterion(name_es=name, name_en=name, weight=weight,
                                                 position=position, is_tie_breaker=position == 1))
    db.session.add(category)
    db.session.flush()
    return category


def _nominations(category: Category, submitter) -> dict[str, Nomination]:
    nominations = {}
    for number, (key, code) in enumerate(NOMINEES.items(), start=1):
        nominations[key] = Nomination(
            category=category, submitter_id=submitter.id, status="eligible",
            nominee_type="municipality", municipality=_district(code),
            reference=f"SCA-2026-INN-{number:04d}", title=f"Programa {key}: cámaras y serenazgo",
            summary=f"Resumen del programa {key}, con patrullaje integrado.",
            submitted_at=_now())
    _district(NOMINEES["A"]).mayor_name = MAYOR
    db.session.add_all(nominations.values())
    db.session.flush()
    return nominations


def _reviews(category: Category, nominations: dict[str, Nomination], jurors) -> list[Review]:
    round_ = ensure_default_round(category)
    made = []
    for key, per_juror in SCORES.items():
        for juror, scores in zip(jurors, per_juror):
            assignment = Assignment(round=round_, juror_id=juror.id, nomination=nominations[key])
            review = Review(assignment=assignment, status="submitted", submitted_at=_now(),
                            overall_comment="Sólido.", version=1)
            for criterion, score in zip(category.criteria, scores):
                review.scores.append(ReviewScore(criterion_id=criterion.id, score=score,
                                                 scale_min=1, scale_max=10))
            db.session.add(review)
            made.append(review)
    db.session.flush()
    return made


def confirm_jury_places(category: Category, organiser) -> None:
    """What deliberation confirms when it follows the leaderboard: gold, silver, bronze."""
    board = results.load(category)
    for position, (place, row) in enumerate(zip(("gold", "silver", "bronze"), board.rows), start=1):
        db.session.add(Award(category_id=category.id, place=place, position=position,
                             nomination_id=row.nomination.id, score=row.standing.score,
                             status="confirmed", confirmed_at=_now(),
                             confirmed_by_id=organiser.id))


def _confirm_ranking_places(category: Category, organiser) -> None:
    ranked = [r for r in awards.eligible_ranking(category) if r.rank is not None][:3]
    for position, (place, row, tied) in enumerate(
            zip(("gold", "silver", "bronze"), ranked, tied_with_next(ranked)), start=1):
        db.session.add(Award(category_id=category.id, place=place, position=position,
                             municipality_id=_district(row.code).id, score=row.pct,
                             ci_low=row.ci_low, ci_high=row.ci_high, rank=row.rank,
                             tied_with_next=tied, status="confirmed", confirmed_at=_now(),
                             confirmed_by_id=organiser.id))


def build(organiser, make_user, make_edition) -> SimpleNamespace:
    seed_districts()
    survey = "ubigeo,respondents,pct,effective_n\n" + "".join(
        f"{code},{n},{pct},{n_eff}\n" for code, n, pct, n_eff in SURVEY)
    perception.import_file(io.BytesIO(survey.encode()), "2026-T3.csv", "2026-T3",
                           perception.Source(name="Encuesta de prueba"))
    edition = make_edition(2026, status="judging")
    jury = _jury_category(edition)
    ranking = Category(edition=edition, code="PER", name_es="Ciudad más segura",
                       name_en="Safest city", kind="ranking", position=2, places_gold=1,
                       places_silver=1, places_bronze=1, mentions=0, ranking_period="2026-T3")
    db.session.add(ranking)
    submitter = make_user("nominator", email="alcaldia@example.org")
    jurors = []
    for number in range(1, 4):
        juror = make_user("juror", email=f"jurado{number}@example.org", name=f"Jurado {number}")
        db.session.add(JurorProfile(user_id=juror.id, organisation="Universidad", country="PE"))
        jurors.append(juror)
    nominations = _nominations(jury, submitter)
    reviews = _reviews(jury, nominations, jurors)
    edition.status = "deliberation"
    db.session.commit()
    confirm_jury_places(jury, organiser)
    _confirm_ranking_places(ranking, organiser)
    db.session.commit()
    return SimpleNamespace(edition=edition, jury=jury, ranking=ranking, jurors=jurors,
                           nominations=nominations, reviews=reviews, submitter=submitter,
                           round=reviews[0].assignment.round)


@pytest.fixture
def closable(organiser, make_user, make_edition):
    return build(organiser, make_user, make_edition)
