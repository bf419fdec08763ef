"""Reviews written at the same moment, each from its own thread, session and database connection
(PostgreSQL when TEST_DATABASE_URL is set, else the SQLite file): different reviews all persist,
and of two saves from the same version exactly one wins."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.judging import reviews
from app.judging.models import Assignment, Review, ReviewStatus
from app.audit.models import AuditEvent


def _values(category, scores, comment="Evaluación concurrente."):
    return reviews.ReviewValues(scores={c.id: s for c, s in zip(category.criteria, scores)},
                                comments={c.id: "" for c in category.criteria},
                                overall_comment=comment)


def _at_once(app, jobs):
    """Run each job in its own thread and app context, released together; their results (or the
    exception each raised), in order."""
    db.session.commit()  # the test's own session holds nothing while the threads write
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(index, job):
        with app.app_context():
            try:
                barrier.wait(timeout=10)
                results[index] = job()
            except Exception as error:  # reported to the test, which asserts on it
                results[index] = error
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    db.session.expire_all()
    return results


def _submit_job(assignment_id: int, scores):
    def job():
        assignment = db.session.get(Assignment, assignment_id)
        return reviews.submit(assignment, _values(assignment.nomination.category, scores), 0).id
    return job


def _save_job(assignment_id: int, scores, version: int):
    def job():
        assignment = db.session.get(Assignment, assignment_id)
        review = reviews.save_draft(assignment, _values(assignment.nomination.category, scores),
                                    version)
        return review.version
    return job


def test_concurrent_submissions_of_different_reviews_all_persist(
        app, scoring, make_juror, make_assignment, declare):
    assignment_ids = [scoring.assignment.id]
    for _ in range(7):
        juror = make_juror()
        declare(juror, scoring.category)
        assignment_ids.append(make_assignment(juror, scoring.nomination).id)
    results = _at_once(app, [_submit_job(a, [1 + i, 10 - i]) for i, a in enumerate(assignment_ids)])
    assert all(isinstance(r, int) for r in results), results
    submitted = db.session.scalar(select(func.count(Review.id)).where(
        Review.status == ReviewStatus.SUBMITTED.value))
    events = db.session.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.action == "review.submitted"))
    assert (submitted, events) == (8, 8)


@pytest.mark.parametrize("attempt", range(3))
def test_two_saves_from_the_same_version_exactly_one_wins(app, scoring, attempt):
    reviews.save_draft(scoring.assignment, _values(scoring.category, [5, 5]), 0)
    results = _at_once(app, [_save_job(scoring.assignment.id, [9, 9], 1),
                             _save_job(scoring.assignment.id, [2, 2], 1)])
    winners = [i for i, r in enumerate(results) if r == 2]
    losers = [r for r in results if isinstance(r, reviews.StaleReview)]
    assert len(winners) == 1 and len(losers) == 1, results
    stored = db.session.scalar(select(Review).where(Review.assignment_id == scoring.assignment.id))
    assert stored.version == 2
    assert {s.score for s in stored.scores} == ({9} if winners == [0] else {2})


def test_two_first_saves_at_once_create_one_review_and_refuse_the_other(app, scoring):
    results = _at_once(app, [_save_job(scoring.assignment.id, [9, 9], 0),
                             _save_job(scoring.assignment.id, [2, 2], 0)])
    assert sorted(type(r).__name__ for r in results) == ["StaleReview", "int"], results
    count = db.session.scalar(select(func.count(Review.id)).where(
        Review.assignment_id == scoring.assignment.id))
    assert count == 1
