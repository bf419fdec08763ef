"""The judging factories build valid rows, and the database refuses a score outside the scale."""
from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.judging.models import ReviewScore


def test_submitted_review_has_one_score_per_criterion(jury_category, make_nomination, make_juror,
                                                       make_assignment, make_review):
    review = make_review(make_assignment(make_juror(), make_nomination(jury_category)), [7, 9])
    assert sorted(s.score for s in review.scores) == [7, 9]
    assert review.is_submitted


def test_database_refuses_score_outside_scale(jury_category, make_nomination, make_juror,
                                              make_assignment, make_review):
    review = make_review(make_assignment(make_juror(), make_nomination(jury_category)), [7, 9])
    criterion = jury_category.criteria[0]
    db.session.query(ReviewScore).filter_by(review_id=review.id).delete()
    db.session.add(ReviewScore(review_id=review.id, criterion_id=criterion.id, score=11,
                               scale_min=1, scale_max=10))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_juror_of_the_nominated_municipality_is_conflicted(jury_category, make_nomination,
                                                           make_juror, make_municipality):
    from app.judging.conflicts import conflicted_pairs
    home = make_municipality("Surco", "150140")
    nomination = make_nomination(jury_category, municipality=home)
    local, outsider = make_juror(municipality=home), make_juror()
    pairs = conflicted_pairs(jury_category)
    assert (local.id, nomination.id) in pairs
    assert (outsider.id, nomination.id) not in pairs
