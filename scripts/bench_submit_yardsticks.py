"""The application's own yardsticks for scripts/bench-judging-submit: the real application plus
two endpoints that exist only in this benchmark, served by gunicorn exactly as the application is
(`bench_submit_yardsticks:create_app()` with `--pythonpath scripts`).

- The floor (`POST /bench/floor`): what every save must do before its own work (sign the juror
  in from the session cookie, check the CSRF header, go through every request hook: request id
  and log, rate limiter, freeze guard, security headers), then an answer without reading or
  writing anything. No save of this application can go faster.
- The lean save (`POST /bench/lean/<assignment_id>`, PostgreSQL): the least a review save can
  write, as hand-written SQL with none of the application's layers: one statement reads the
  assignment, its round, edition and rubric, the juror's declaration and conflicts and the review
  under a shared lock; one writes the review (insert, or the version claim), one its six scores,
  one the audit event linked to the chain's head (with the chain's own statement and retry from
  app/audit/chain.py, so both saves pay the same for it); then the commit. It checks less than the
  application (no blind settings, no freeze guard on the flush, no per-criterion validation
  messages) and is never served by the application: it measures how fast a save could be.
"""
from __future__ import annotations

import json

from flask import Flask, abort, jsonify, request
from flask_login import current_user, login_required
from sqlalchemy import and_, bindparam, exists, func, insert, select, text, update

from app import create_app as create_application
from app.audit import chain
from app.audit.models import AuditEvent
from app.db_types import utcnow
from app.editions.models import Category, Edition, RubricCriterion
from app.extensions import csrf, db
from app.judging.models import (Assignment, Conflict, ConflictDeclaration, Review, ReviewScore,
                                Round)
from app.nominations.models import Nomination

FLOOR_PATH = "/bench/floor"
LEAN_PATH = "/bench/lean/"

_RUBRIC = (select(func.json_agg(func.json_build_array(RubricCriterion.id, RubricCriterion.scale_min,
                                                      RubricCriterion.scale_max)))
           .where(RubricCriterion.category_id == Category.id).scalar_subquery())
_CONTEXT = (
    select(Assignment.juror_id, Edition.status.label("edition_status"), Round.closed_at,
           Review.id.label("review_id"), Review.version, Review.status.label("review_status"),
           exists().where(ConflictDeclaration.juror_id == Assignment.juror_id,
                          ConflictDeclaration.category_id == Category.id).label("declared"),
           exists().where(Conflict.juror_id == Assignment.juror_id,
                          Conflict.nomination_id == Nomination.id,
                          Conflict.dismissed_at.is_(None)).label("conflicted"),
           _RUBRIC.label("rubric"))
    .join(Round, Round.id == Assignment.round_id)
    .join(Nomination, Nomination.id == Assignment.nomination_id)
    .join(Category, Category.id == Nomination.category_id)
    .join(Edition, Edition.id == Category.edition_id)
    .outerjoin(Review, Review.assignment_id == Assignment.id)
    .where(Assignment.id == bindparam("assignment_id"))
    .with_for_update(read=True, of=[Assignment.__table__, Round.__table__, Edition.__table__]))
_SCORES_UPDATE = text(
    "UPDATE review_scores SET score = v.score, comment = v.comment "
    "FROM json_to_recordset(CAST(:rows AS json)) AS v(criterion_id int, score int, comment text) "
    "WHERE review_scores.review_id = :review_id AND review_scores.criterion_id = v.criterion_id")


def create_app() -> Flask:
    app = create_application()

    @app.post(FLOOR_PATH)
    @csrf.exempt  # checked below, after the session, as the scoring autosave does
    @login_required
    def floor():
        csrf.protect()
        return jsonify(ok=True)

    @app.post(LEAN_PATH + "<int:assignment_id>")
    @csrf.exempt
    @login_required
    def lean_save(assignment_id: int):
        csrf.protect()
        payload = request.get_json(silent=True)
        if not isinstance(payload, dict):
            abort(400)
        connection = db.session.connection()
        context = connection.execute(_CONTEXT, {"assignment_id": assignment_id}).first()
        if (context is None or context.juror_id != current_user.id or not context.declared
                or context.conflicted or context.edition_status != "judging"
                or context.closed_at is not None):
            abort(403)
        now, submitting = utcnow(), payload.get("action") == "submit"
        rows = [{"criterion_id": criterion_id, "score": _score(payload, criterion_id, low, high),
                 "comment": str(payload.get(f"comment_{criterion_id}", ""))[:5000]}
                for criterion_id, low, high in context.rubric]
        if submitting and any(row["score"] is None for row in rows):
            abort(400)
        status = "submitted" if submitting else "draft"
        review_values = {"overall_comment": str(payload.get("overall_comment", ""))[:10000],
                         "status": status, "submitted_at": now if submitting else None,
                         "updated_at": now}
        if context.review_id is None:
            review_id = connection.execute(
                insert(Review).values(assignment_id=assignment_id, version=1, created_at=now,
                                      **review_values).returning(Review.id)).scalar_one()
            version = 1
            connection.execute(insert(ReviewScore), [
                {**row, "review_id": review_id, "scale_min": low, "scale_max": high}
                for row, (_id, low, high) in zip(rows, context.rubric)])
        else:
            review_id = context.review_id
            version = connection.execute(
                update(Review).where(and_(Review.id == review_id,
                                          Review.version == int(payload.get("version", -1)),
                                          Review.status == "draft"))
                .values(version=Review.version + 1, **review_values)
                .returning(Review.version)).scalar()
            if version is None:
                db.session.rollback()
                return jsonify(ok=False, error="conflict"), 409
            connection.execute(_SCORES_UPDATE, {"rows": json.dumps(rows), "review_id": review_id})
        event = AuditEvent(occurred_at=now, actor_id=current_user.id,
                           action="review.submitted" if submitting else "review.draft_saved",
                           object_type="review", object_id=str(review_id),
                           summary={"version": version, "scores": {
                               str(row["criterion_id"]): row["score"] for row in rows}},
                           ip=request.remote_addr)
        linked = connection.execute(chain._LINKED_TO_HEAD, {
            **{name: getattr(event, name) for name in chain._CONTENT},
            "tail": chain._tail(event)}).first()
        while linked is None:  # another writer took the head: link to the new one, as the app does
            linked = chain._insert_after(db.session, event, chain._head_hash(db.session))
        db.session.commit()
        return jsonify(ok=True, version=version, saved_at=now.isoformat())

    return app


def _score(payload: dict, criterion_id: int, low: int, high: int) -> int | None:
    raw = str(payload.get(f"score_{criterion_id}", "")).strip()
    if not raw:
        return None
    if not raw.isdigit() or not low <= int(raw) <= high:
        abort(400)
    return int(raw)
