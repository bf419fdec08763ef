"""The rounds of a jury category; every jury category has at least one."""
from __future__ import annotations

from sqlalchemy import select

from app.editions.models import Category
from app.extensions import db
from app.judging.models import Round, RoundKind


def rounds_of(category: Category) -> list[Round]:
    return list(db.session.scalars(
        select(Round).where(Round.category_id == category.id).order_by(Round.position)))


def ensure_default_round(category: Category) -> Round:
    """The category's first round, created (single round, closing with the edition's judging
    deadline) when the category has none yet. Flushes; the caller commits."""
    existing = rounds_of(category)
    if existing:
        return existing[0]
    round_ = Round(category_id=category.id, position=1, kind=RoundKind.SINGLE.value,
                   closes_at=category.edition.judging_close_at)
    db.session.add(round_)
    db.session.flush()
    return round_


def current_round(category: Category) -> Round | None:
    """The latest round of the category: the one jurors score and the leaderboard shows by default."""
    rounds = rounds_of(category)
    return rounds[-1] if rounds else None
