"""The database itself refuses invalid states, even if a service bug let one through: these
tests write around the services with plain inserts."""
from __future__ import annotations

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from app.awards.models import Award
from app.certificates.models import Certificate
from app.extensions import db
from app.judging.models import Assignment, Review, ReviewScore, Round
from app.nominations.models import Nomination
from app.notifications.models import ReminderDelivery


@pytest.fixture
def assignment(make_user, make_edition, make_category, make_municipality):
    category = make_category(make_edition(2026, status="nominations_open"), "INN")
    nomination = Nomination(category=category, submitter_id=make_user("nominator").id,
                            status="eligible", nominee_type="municipality",
                            municipality=make_municipality(), title="Programa")
    db.session.add(nomination)
    round_ = Round(category_id=category.id)
    db.session.add(round_)
    db.session.flush()
    row = Assignment(round_id=round_.id, nomination_id=nomination.id,
                     juror_id=make_user("juror").id)
    db.session.add(row)
    db.session.commit()
    return row


def _refused(constraint: str, table, **values) -> None:
    """The insert fails on `constraint` (a word of the error on both SQLite and PostgreSQL)."""
    with pytest.raises(IntegrityError, match=constraint):
        db.session.execute(insert(table).values(**values))
        db.session.flush()
    db.session.rollback()


def test_a_second_review_of_one_assignment_is_refused(assignment):
    db.session.execute(insert(Review).values(assignment_id=assignment.id, status="draft"))
    _refused("assignment_id", Review, assignment_id=assignment.id, status="draft")


@pytest.mark.parametrize("score", [0, 6, -1])
def test_a_score_outside_its_scale_is_refused(assignment, score):
    review_id = db.session.execute(insert(Review).values(assignment_id=assignment.id,
                                                         status="draft")).inserted_primary_key[0]
    criterion_id = assignment.nomination.category.criteria[0].id
    _refused("score_in_scale", ReviewScore, review_id=review_id, criterion_id=criterion_id, score=score,
             scale_min=1, scale_max=5)


def test_a_scale_with_min_not_below_max_is_refused(assignment):
    review_id = db.session.execute(insert(Review).values(assignment_id=assignment.id,
                                                         status="draft")).inserted_primary_key[0]
    _refused("scale_ordered", ReviewScore, review_id=review_id,
             criterion_id=assignment.nomination.category.criteria[0].id, score=None,
             scale_min=5, scale_max=5)


def test_a_submitted_review_without_its_time_is_refused(assignment):
    _refused("submitted_has_time", Review, assignment_id=assignment.id, status="submitted", submitted_at=None)


def _certificate(edition_id: int, code: str, short_code: str) -> dict:
    return {"edition_id": edition_id, "kind": "jury", "recipient_name": "Ana", "code": code,
            "short_code": short_code, "status": "pending"}


@pytest.mark.parametrize("clash", ["code", "short_code"])
def test_a_repeated_certificate_code_is_refused(assignment, clash):
    edition_id = assignment.nomination.category.edition_id
    db.session.execute(insert(Certificate).values(**_certificate(edition_id, "a" * 20, "SCA-AAAA-AAAA")))
    other = {"code": "b" * 20, "short_code": "SCA-BBBB-BBBB"}
    other[clash] = "a" * 20 if clash == "code" else "SCA-AAAA-AAAA"
    _refused(clash, Certificate, **_certificate(edition_id, other["code"], other["short_code"]))


def test_a_reminder_step_is_given_once_per_juror_and_round(assignment):
    values = {"juror_id": assignment.juror_id, "round_id": assignment.round_id,
              "step": "three_days_before"}
    db.session.execute(insert(ReminderDelivery).values(**values))
    _refused("step", ReminderDelivery, **values)


def _award(assignment, position: int, **recipient) -> dict:
    return {"category_id": assignment.nomination.category_id, "place": "gold",
            "position": position, "status": "confirmed", **recipient}


def test_a_second_award_at_one_position_of_a_category_is_refused(assignment, make_municipality):
    db.session.execute(insert(Award).values(**_award(assignment, 1, nomination_id=assignment.nomination_id)))
    _refused("position", Award, **_award(assignment, 1, municipality_id=make_municipality("San Isidro", "150131").id))


@pytest.mark.parametrize("recipient", ["nomination_id", "municipality_id"])
def test_one_recipient_holds_one_award_per_category(assignment, recipient):
    value = (assignment.nomination_id if recipient == "nomination_id"
             else assignment.nomination.municipality_id)
    db.session.execute(insert(Award).values(**_award(assignment, 1, **{recipient: value})))
    _refused(recipient, Award, **_award(assignment, 2, **{recipient: value}))
