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
