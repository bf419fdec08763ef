"""Review services: drafts with a version check, submission that locks, reopening with a reason,
the audit trail, the juror's dashboard, and who may see what."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from app.extensions import db
from app.judging import reviews
from app.judging.models import Conflict, Review, ReviewScore
from app.judging.permissions import (can_reopen, can_score, can_see_other_reviews,
                                     can_view_as_juror, is_conflicted)
from app.judging.reviews import ReviewValues


def _values(category, scores, comment="Buen programa, con evidencia sólida.", comments=None):
    criteria = category.criteria
    return ReviewValues(scores={c.id: s for c, s in zip(criteria, scores)},
                        comments=comments or {c.id: "" for c in criteria},
                        overall_comment=comment)


def _stored(assignment) -> Review | None:
    db.session.expire_all()
    return db.session.scalar(select(Review).where(Review.assignment_id == assignment.id))


# -- drafts -------------------------------------------------------------------------------------

def test_first_save_creates_the_draft_at_version_one(scoring):
    review = reviews.save_draft(scoring.assignment, _values(scoring.category, [7, None]), 0)
    stored = _stored(scoring.assignment)
    assert review.version == 1 and stored.status == "draft"
    assert sorted((s.score for s in stored.scores), key=lambda s: s or 0) == [None, 7]


def test_each_changing_save_moves_the_version_on(scoring):
    reviews.save_draft(scoring.assignment, _values(scoring.category, [7, None]), 0)
    review = reviews.save_draft(scoring.assignment, _values(scoring.category, [7, 8]), 1)
    assert review.version == 2


def test_a_save_from_an_older_version_is_refused_and_changes_nothing(scoring):
    reviews.save_draft(scoring.assignment, _values(scoring.category, [7, None]), 0)
    reviews.save_draft(scoring.assignment, _values(scoring.category, [7, 8]), 1)
    with pytest.raises(reviews.StaleReview):
        reviews.save_draft(scoring.assignment, _values(scoring.category, [2, 2]), 1)
    stored = _stored(scoring.assignment)
    assert stored.version == 2
    assert {s.score for s in stored.scores} == {7, 8}


def test_a_second_tab_that_never_saw_the_new_draft_is_refused(scoring):
    reviews.save_draft(scoring.assignment, _values(scoring.category, [7, None]), 0)
    with pytest.raises(reviews.StaleReview):
        reviews.save_draft(scoring.assignment, _values(scoring.category, [1, 1]), 0)


def test_a_save_without_changes_keeps_the_version_and_writes_no_event(scoring, audit_events):
    reviews.save_draft(scoring.assignment, _values(scoring.category, [7, None]), 0)
    review = reviews.save_draft(scoring.assignment, _values(scoring.category, [7, None]), 1)
    assert review.version == 1
    assert len(audit_events("review.draft_saved")) == 1


def test_each_draft_save_is_one_audit_event_with_the_changed_criteria(scoring, audit_events):
    first, second = scoring.category.criteria
    reviews.save_draft(scoring.assignment, _values(scoring.category, [7, None]), 0)
    reviews.save_draft(scoring.assignment, _values(scoring.category, [5, None]), 1)
    events = audit_events("review.draft_saved")
    assert [e.summary["scores"] for e in events] == [{str(first.id): [None, 7]},
                                                    {str(first.id): [7, 5]}]
    assert events[-1].actor_id == scoring.juror.id and events[-1].summary["version"] == 2
    assert str(second.id) not in events[-1].summary["scores"]


def test_a_score_outside_the_scale_is_refused(scoring):
    with pytest.raises(reviews.ReviewError, match="1"):
        reviews.save_draft(scoring.assignment, _values(scoring.category, [11, None]), 0)
    assert _stored(scoring.assignment) is None


def test_saving_is_refused_after_the_round_closes(scoring):
    later = scoring.round.closes_at + timedelta(minutes=1)
    with pytest.raises(reviews.ScoringClosed):
        reviews.save_draft(scoring.assignment, _values(scoring.category, [7, 8]), 0, now=later)


def test_saving_is_refused_once_the_edition_leaves_judging(scoring):
    scoring.category.edition.status = "deliberation"
    db.session.commit()
    with pytest.raises(reviews.ScoringClosed):
        reviews.save_draft(scoring.assignment, _values(scoring.category, [7, 8]), 0)


def test_a_conflicted_juror_cannot_save(scoring):
    db.session.add(Conflict(juror_id=scoring.juror.id, nomination_id=scoring.nomination.id,
                            kind="declared", reason="Asesoré a este municipio"))
    db.session.commit()
    with pytest.raises(reviews.ScoringClosed):
        reviews.save_draft(scoring.assignment, _values(scoring.category, [7, 8]), 0)


# -- submission ---------------------------------------------------------------------------------

def test_submit_needs_every_criterion_scored(scoring):
    with pytest.raises(reviews.IncompleteReview) as refused:
        reviews.submit(scoring.assignment, _values(scoring.category, [7, None]), 0)
    second = scoring.category.criteria[1]
    assert [p.field for p in refused.value.problems] == [f"score_{second.id}"]
    assert _stored(scoring.assignment) is None


def test_submit_needs_the_overall_comment_when_the_category_requires_it(scoring):
    with pytest.raises(reviews.IncompleteReview) as refused:
        reviews.submit(scoring.assignment, _values(scoring.category, [7, 8], comment="  "), 0)
    assert [p.field for p in refused.value.problems] == ["overall_comment"]


def test_submit_without_overall_comment_when_the_category_does_not_require_it(scoring):
    scoring.category.overall_comment_required = False
    db.session.commit()
    review = reviews.submit(scoring.assignment, _values(scoring.category, [7, 8], comment=""), 0)
    assert review.is_submitted


def test_submit_locks_the_review_with_its_time(scoring):
    now = datetime.now(timezone.utc)
    reviews.submit(scoring.assignment, _values(scoring.category, [7, 8]), 0, now=now)
    stored = _stored(scoring.assignment)
    assert (stored.status, stored.submitted_at) == ("submitted", now)
    with pytest.raises(reviews.ReviewLocked):
        reviews.save_draft(scoring.assignment, _values(scoring.category, [1, 1]), stored.version)


def test_submit_is_audited_with_the_scores(scoring, audit_events):
    first, second = scoring.category.criteria
    reviews.submit(scoring.assignment, _values(scoring.category, [7, 8]), 0)
    [event] = audit_events("review.submitted")
    assert event.summary["scores"] == {str(first.id): 7, str(second.id): 8}
    assert event.actor_id == scoring.juror.id


def test_submit_from_an_older_version_is_refused(scoring):
    reviews.save_draft(scoring.assignment, _values(scoring.category, [7, None]), 0)
    with pytest.raises(reviews.StaleReview):
        reviews.submit(scoring.assignment, _values(scoring.category, [7, 8]), 0)
    assert not _stored(scoring.assignment).is_submitted


# -- reopening ----------------------------------------------------------------------------------

def test_reopen_needs_a_reason(scoring, organiser):
    review = reviews.submit(scoring.assignment, _values(scoring.category, [7, 8]), 0)
    with pytest.raises(reviews.ReviewError):
        reviews.reopen(organiser, review, "   ")
    assert _stored(scoring.assignment).is_submitted


def test_reopen_unlocks_the_review_and_moves_its_version_on(scoring, organiser):
    review = reviews.submit(scoring.assignment, _values(scoring.category, [7, 8]), 0)
    version = review.version
    reviews.reopen(organiser, review, "El jurado pidió corregir un puntaje")
    stored = _stored(scoring.assignment)
    assert (stored.status, stored.submitted_at) == ("draft", None)
    assert stored.version == version + 1 and stored.reopen_reason.startswith("El jurado")
    assert reviews.save_draft(scoring.assignment, _values(scoring.category, [6, 8]),
                              stored.version).version == version + 2


def test_reopen_is_audited_with_reason_and_previous_scores(scoring, organiser, audit_events):
    first, second = scoring.category.criteria
    review = reviews.submit(scoring.assignment, _values(scoring.category, [7, 8]), 0)
    reviews.reopen(organiser, review, "Error de digitación")
    [event] = audit_events("review.reopened")
    assert event.actor_id == organiser.id
    assert event.summary["reason"] == "Error de digitación"
    assert event.summary["scores"] == {str(first.id): 7, str(second.id): 8}


def test_only_organisers_reopen(scoring):
    review = reviews.submit(scoring.assignment, _values(scoring.category, [7, 8]), 0)
    with pytest.raises(reviews.ReviewError):
        reviews.reopen(scoring.juror, review, "Quiero cambiarlo")
    assert not can_reopen(scoring.juror, review)


def test_a_closed_edition_cannot_reopen(scoring, organiser):
    review = reviews.submit(scoring.assignment, _values(scoring.category, [7, 8]), 0)
    scoring.category.edition.status = "closed"
    db.session.commit()
    assert not can_reopen(organiser, review)


# -- permissions --------------------------------------------------------------------------------

def test_an_assigned_declared_juror_may_view_and_score(scoring):
    assert can_view_as_juror(scoring.juror, scoring.nomination)
    assert can_score(scoring.juror, scoring.assignment)


def test_an_unassigned_juror_may_not_view(scoring, make_juror, declare):
    other = make_juror()
    declare(other, scoring.category)
    assert not can_view_as_juror(other, scoring.nomination)


def test_a_juror_who_has_not_declared_may_not_view(scoring, make_juror, make_assignment):
    other = make_juror()
    make_assignment(other, scoring.nomination)
    assert not can_view_as_juror(other, scoring.nomination)


def test_working_for_the_nominated_municipality_is_a_conflict_until_dismissed(
        scoring, make_juror, organiser):
    local = make_juror(municipality=scoring.nomination.municipality)
    assert is_conflicted(local, scoring.nomination)
    db.session.add(Conflict(juror_id=local.id, nomination_id=scoring.nomination.id,
                            kind="automatic", dismissed_at=datetime.now(timezone.utc),
                            dismissed_by_id=organiser.id, dismissal_reason="Otra área"))
    db.session.commit()
    assert not is_conflicted(local, scoring.nomination)


def test_a_withdrawn_nomination_is_no_longer_shown_to_its_juror(scoring):
    scoring.nomination.status = "withdrawn"
    db.session.commit()
    assert not can_view_as_juror(scoring.juror, scoring.nomination)


def test_other_reviews_are_never_visible_by_default(scoring):
    reviews.submit(scoring.assignment, _values(scoring.category, [7, 8]), 0)
    assert scoring.category.review_visibility == "never"
    assert not can_see_other_reviews(scoring.juror, scoring.assignment)


def test_after_own_shows_other_reviews_only_once_the_juror_submitted(scoring):
    scoring.category.review_visibility = "after_own"
    db.session.commit()
    assert not can_see_other_reviews(scoring.juror, scoring.assignment)
    reviews.submit(scoring.assignment, _values(scoring.category, [7, 8]), 0)
    assert can_see_other_reviews(scoring.juror, scoring.assignment)


def test_after_published_shows_other_reviews_only_once_the_edition_is_published(scoring):
    scoring.category.review_visibility = "after_published"
    reviews.submit(scoring.assignment, _values(scoring.category, [7, 8]), 0)
    assert not can_see_other_reviews(scoring.juror, scoring.assignment)
    scoring.category.edition.status = "published"
    db.session.commit()
    assert can_see_other_reviews(scoring.juror, scoring.assignment)


def test_other_reviews_are_the_submitted_ones_labelled_in_order(scoring, make_juror,
                                                                make_assignment, make_review):
    first = make_review(make_assignment(make_juror(), scoring.nomination), [5, 6])
    make_review(make_assignment(make_juror(), scoring.nomination), [9, 9], submitted=False)
    second = make_review(make_assignment(make_juror(), scoring.nomination), [3, 4])
    others = reviews.other_reviews(scoring.assignment)
    assert [(label, r.id) for label, r in others] == [("Jurado A", first.id),
                                                      ("Jurado B", second.id)]


# -- dashboard ----------------------------------------------------------------------------------

def test_dashboard_lists_assignments_in_the_jurors_own_order_with_their_state(
        scoring, make_nomination, make_assignment):
    later = make_assignment(scoring.juror, make_nomination(scoring.category), order_key=9)
    sooner = make_assignment(scoring.juror, make_nomination(scoring.category), order_key=-5)
    reviews.save_draft(later, _values(scoring.category, [4, None]), 0)
    [block] = reviews.dashboard(scoring.juror)
    assert [(row.assignment.id, row.status) for row in block.rows] == [
        (sooner.id, "not_started"), (scoring.assignment.id, "not_started"), (later.id, "draft")]


def test_dashboard_lists_nothing_of_a_category_before_the_declaration(
        jury_category, first_round, make_juror, make_nomination, make_assignment):
    juror = make_juror()
    make_assignment(juror, make_nomination(jury_category))
    [block] = reviews.dashboard(juror)
    assert not block.declared and block.rows == []


def test_dashboard_leaves_out_conflicted_nominations(scoring, make_nomination, make_assignment):
    conflicted = make_nomination(scoring.category)
    make_assignment(scoring.juror, conflicted)
    db.session.add(Conflict(juror_id=scoring.juror.id, nomination_id=conflicted.id,
                            kind="declared", reason="Familiar en el equipo"))
    db.session.commit()
    [block] = reviews.dashboard(scoring.juror)
    assert [row.assignment.nomination_id for row in block.rows] == [scoring.nomination.id]
    assert block.excluded == 1


# -- pure rules ---------------------------------------------------------------------------------

class _Criterion:
    def __init__(self, id_, low=1, high=10):
        self.id, self.scale_min, self.scale_max = id_, low, high


def test_completeness_lists_unscored_criteria_then_the_comment():
    criteria = [_Criterion(1), _Criterion(2), _Criterion(3)]
    values = ReviewValues(scores={1: 5, 2: None}, overall_comment="")
    problems = reviews.completeness_problems(values, criteria, overall_comment_required=True)
    assert [p.field for p in problems] == ["score_2", "score_3", "overall_comment"]


def test_changes_name_only_what_changed():
    criteria = [_Criterion(1), _Criterion(2)]
    old = ReviewValues(scores={1: 5, 2: 6}, comments={1: "", 2: "bien"}, overall_comment="ok")
    new = ReviewValues(scores={1: 5, 2: 7}, comments={1: "nuevo", 2: "bien"}, overall_comment="ok")
    assert reviews.changes_between(old, new, criteria) == {"scores": {"2": [6, 7]}, "comments": [1]}


def test_check_values_refuses_a_criterion_of_another_rubric():
    with pytest.raises(reviews.ReviewError):
        reviews.check_values(ReviewValues(scores={99: 5}), [_Criterion(1)])


def test_the_database_keeps_one_score_row_per_criterion(scoring):
    reviews.save_draft(scoring.assignment, _values(scoring.category, [7, None]), 0)
    reviews.save_draft(scoring.assignment, _values(scoring.category, [7, 8]), 1)
    review = _stored(scoring.assignment)
    count = len(db.session.scalars(select(ReviewScore).where(ReviewScore.review_id == review.id)).all())
    assert count == len(scoring.category.criteria)
