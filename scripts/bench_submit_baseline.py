"""The yardstick of scripts/bench-judging-submit: a bare Flask + SQLAlchemy app whose one endpoint
inserts a posted score row into a table of its own, with no sign-in, CSRF, permissions or audit.

Served by gunicorn exactly as the application is (`bench_submit_baseline:create_app()` with
`--pythonpath scripts`), reading DATABASE_URL, so the two throughputs compare like with like.
"""
from __future__ import annotations

import os
from datetime import datetime, timezone

from flask import Flask, jsonify, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import JSON, DateTime, Integer, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class BareScore(db.Model):
    __tablename__ = "bench_bare_scores"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(Integer)
    scores: Mapped[dict] = mapped_column(JSON)
    overall_comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


def create_app(database_url: str | None = None) -> Flask:
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url or os.environ["DATABASE_URL"]
    db.init_app(app)

    @app.post("/scores")
    def insert_score():
        payload = request.get_json(silent=True)
        if not isinstance(payload, dict) or not isinstance(payload.get("scores"), dict):
            return jsonify(ok=False, error="invalid"), 400
        row = BareScore(assignment_id=int(payload.get("assignment_id") or 0),
                        scores=payload["scores"],
                        overall_comment=str(payload.get("overall_comment", "")),
                        created_at=datetime.now(timezone.utc))
        db.session.add(row)
        db.session.flush()
        row_id = row.id
        db.session.commit()
        return jsonify(ok=True, id=row_id), 201

    return app
