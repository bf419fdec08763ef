"""Every way a score changes leaves an event the audit viewer finds by the review: a juror's
draft save and submission, an organiser's reopening, and an import of paper scores."""
from __future__ import annotations

from sqlalchemy import select

from app.audit import viewer
from app.extensions import db
from app.judging import imports, reviews
from app.judging.models import Assignment, Review
from app.judging.reviews import ReviewValues
from tests.exports.factories import add_nomination, judged


def _review_events(review_id: int) -> list[viewer.EventRow]:
    filters = viewer.Filters(object_type="reviews", object_id=str(review_id))
    return viewer.page(filters, viewer.DEFAULT_ZONE).events


def _unreviewed(make_edition, make_category, make_user):
    scene = judged(make_edition, make_category, make_user, nominations=0, jurors=1)
    nomination = add_nomination(scene.category, make_user("nominator"), 1)
    db.session.commit()
    return scene, nomination


def test_saving_submitting_and_reopening_a_review_are_all_in_the_log(
        make_edition, make_category, make_user, organiser):
    scene, nomination = _unreviewed(make_edition, make_category, make_user)
    assignment = Assignment(round=scene.round, juror_id=scene.jurors[0].id, nomination=nomination)
    db.session.add(assignment)
    db.session.commit()
    first, second = (c.id for c in scene.category.criteria)

    draft = reviews.save_draft(assignment, ReviewValues(scores={first: 6}), expected_version=0)
    reviews.submit(assignment, ReviewValues(scores={first: 7, second: 9},
                                            overall_comment="Sólido"), expected_version=1)
    reviews.reopen(organiser, db.session.get(Review, draft.id), "Error de digitación")

    reopened, submitted, saved = _review_events(draft.id)
    assert [e.action for e in (reopened, submitted, saved)] == [
        "review.reopened", "review.submitted", "review.draft_saved"]
    assert dict(saved.details)["scores"] == f'{{"{first}": [null, 6]}}'
    assert dict(submitted.details)["scores"] == f'{{"{first}": 7, "{second}": 9}}'
    assert dict(reopened.details)["reason"] == "Error de digitación"
    assert saved.actor_id == scene.jurors[0].id and reopened.actor_id == organiser.id


def test_importing_paper_scores_is_in_the_log_per_review(make_edition, make_category, make_user,
                                                         organiser):
    scene, nomination = _unreviewed(make_edition, make_category, make_user)
    data = ("reference,juror_email,criterion,score\n"
            f"{nomination.reference},jurado1@example.org,1,7\n"
            f"{nomination.reference},jurado1@example.org,2,8\n").encode()

    imports.import_reviews(scene.category, data, "acta.csv", actor_id=organiser.id)

    review = db.session.scalar(select(Review))
    (imported,) = _review_events(review.id)
    assert imported.action == "review.imported" and imported.actor_id == organiser.id
    assert dict(imported.details)["file"] == "acta.csv"
    (batch,) = viewer.page(viewer.Filters(action="reviews.imported"), viewer.DEFAULT_ZONE).events
    assert (batch.object_type, batch.object_id) == ("categories", str(scene.category.id))
