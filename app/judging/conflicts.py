"""Conflicts of interest: a juror never judges a nomination they are conflicted with."""
from __future__ import annotations

from sqlalchemy import select

from app.editions.models import Category
from app.extensions import db
from app.judging.models import Conflict, ConflictDeclaration
from app.nominations.models import Nomination


def active_conflict(juror, nomination: Nomination) -> Conflict | None:
    """The juror's undismissed conflict with the nomination, if any."""
    return db.session.scalar(select(Conflict).where(
        Conflict.juror_id == juror.id, Conflict.nomination_id == nomination.id,
        Conflict.dismissed_at.is_(None)))


def has_declared(juror, category: Category) -> bool:
    """Whether the juror has gone through the category's nominee list."""
    return db.session.scalar(select(ConflictDeclaration.id).where(
        ConflictDeclaration.juror_id == juror.id,
        ConflictDeclaration.category_id == category.id)) is not None
