"""An edition in judging with a jury category, eligible nominations, jurors, assignments and
reviews, built directly on the models so each judging test sets up only what it needs."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from app.extensions import db
from app.judging.models import (Assignment, JurorProfile, Review, ReviewScore, ReviewStatus,
                                Round)
from app.judging.rounds import ensure_default_round
from app.nominations.models import Nomination


@pytest.fixture
def judging_edition(make_edition):
    return make_edition(2026, status="judging")


@pytest.fixture
def jury_category(judging_edition, make_category):
    """INN with two criteria (weights 10 and 20, scale 1–10; the first breaks ties)."""
    return make_category(judging_edition, "INN", min_reviews=2)


@pytest.fixture
def first_round(jury_category) -> Round:
    round_ = ensure_default_round(jury_category)
    db.session.commit()
    return round_


@pytest.fixture
def make_nomination(make_user, make_municipality):
    """An eligible municipality nomination (its own municipality and submitter unless given)."""
    counter = {"n": 0}

    def make(category, municipality=None, status: str = "eligible", submitter=None,
             **values) -> Nomination:
        counter["n"] += 1
        n = counter["n"]
        municipality = municipality or make_municipality(f"Municipio {n}", f"15{n:04d}")
        submitter = submitter or make_user("nominator", email=f"nominador{n}@example.org")
        nomination = Nomination(
            category=category, submitter_id=submitter.id, status=status,
            nominee_type="municipality", municipality=municipality,
            reference=f"SCA-{category.edition.year}-{category.code}-{n:04d}",
            title=values.pop("title", f"Programa {n}"), summary=values.pop("summary", f"Resumen {n}"),
            submitted_at=datetime.now(timezone.utc), **values)
        db.session.add(nomination)
        db.session.commit()
        return nomination
    return make


@pytest.fixture
def make_juror(make_user):
    """A juror with a profile; `municipality` makes conflicts with that municipality automatic."""
    counter = {"n": 0}

    def make(email: str | None = None, municipality=None, **profile):
        counter["n"] += 1
        user = make_user("juror", email=email or f"jurado{counter['n']}@example.org",
                         name=f"Jurado {counter['n']}")
        db.session.add(JurorProfile(user_id=user.id, municipality=municipality,
                                    organisation=profile.get("organisation", "Universidad"),
                                    country=profile.get("country", "PE"),
                                    expertise=profile.get("expertise", "Seguridad ciudadana")))
        db.session.commit()
        return user
    return make


@pytest.fixture
def make_assignment(first_round):
    def make(juror, nomination, round_: Round | None = None, order_key: int = 0) -> Assignment:
        assignment = Assignment(round=round_ or first_round, juror_id=juror.id,
                                nomination=nomination, order_key=order_key)
        db.session.add(assignment)
        db.session.commit()
        return assignment
    return make


@pytest.fixture
def make_review():
    """A review of an assignment with scores given per criterion position (1-based)."""
    def make(assignment: Assignment, scores: dict[int, int | None] | list[int | None],
             submitted: bool = True, comment: str = "Comentario general") -> Review:
        criteria = assignment.nomination.category.criteria
        if isinstance(scores, list):
            scores = {i + 1: s for i, s in enumerate(scores)}
        review = Review(assignment=assignment, overall_comment=comment,
                        status=ReviewStatus.SUBMITTED.value if submitted else ReviewStatus.DRAFT.value,
                        submitted_at=datetime.now(timezone.utc) if submitted else None)
        for position, criterion in enumerate(criteria, start=1):
            review.scores.append(ReviewScore(criterion_id=criterion.id, score=scores.get(position),
                                             scale_min=criterion.scale_min,
                                             scale_max=criterion.scale_max))
        db.session.add(review)
        db.session.commit()
        return review
    return make


@pytest.fixture
def declare():
    """Record that a juror went through a category's nominee list (the declaration page itself is
    tested with the jurors' onboarding)."""
    from app.judging.models import ConflictDeclaration

    def do(juror, category) -> None:
        db.session.add(ConflictDeclaration(juror_id=juror.id, category_id=category.id))
        db.session.commit()
    return do


@pytest.fixture
def scoring(jury_category, first_round, make_nomination, make_juror, make_assignment, declare):
    """A juror who declared for INN, assigned to one eligible nomination in the open first round."""
    from types import SimpleNamespace
    juror = make_juror(email="julia.jurado@example.org")
    nomination = make_nomination(
        jury_category, title="Cámaras con analítica en paraderos",
        problem="Robos al paso en paraderos de noche.",
        intervention="Cámaras enlazadas con la central de serenazgo.",
        results=[{"indicator": "Robos al paso por mes", "baseline": "42", "result": "17",
                  "unit": "casos", "source": "Observatorio", "period": "2025"}],
        period_start="2024-01", period_end="2025-06", partners="Policía Nacional del Perú",
        evidence_links=["https://example.org/informe"])
    declare(juror, jury_category)
    return SimpleNamespace(category=jury_category, round=first_round, juror=juror,
                           nomination=nomination, assignment=make_assignment(juror, nomination))


@pytest.fixture
def score_nomination(make_assignment, make_review):
    """Assign a juror to a nomination (first round unless given) and record their review:
    `score_nomination(nomination, juror, [7, 9])`."""
    def make(nomination, juror, scores, submitted: bool = True, round_: Round | None = None):
        return make_review(make_assignment(juror, nomination, round_=round_), scores,
                           submitted=submitted)
    return make
