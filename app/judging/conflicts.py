"""Conflicts of interest: a juror never judges a nomination they are conflicted with."""
from __future__ import annotations

from sqlalchemy import select

from app.editions.models import Category
from app.extensions import db
from app.judging.models import Conflict, ConflictDeclaration, ConflictKind, JurorProfile
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


def conflicted_pairs(category: Category) -> set[tuple[int, int]]:
    """(juror id, nomination id) pairs that may not meet in the category: undismissed conflicts,
    and jurors working for the nominated municipality unless an organiser dismissed that one."""
    rows = db.session.execute(
        select(Conflict.juror_id, Conflict.nomination_id, Conflict.kind, Conflict.dismissed_at)
        .join(Nomination, Nomination.id == Conflict.nomination_id)
        .where(Nomination.category_id == category.id)).all()
    pairs = {(j, n) for j, n, _kind, dismissed in rows if dismissed is None}
    dismissed_automatic = {(j, n) for j, n, kind, dismissed in rows
                           if dismissed is not None and kind == ConflictKind.AUTOMATIC.value}
    same_municipality = db.session.execute(
        select(JurorProfile.user_id, Nomination.id)
        .join(Nomination, Nomination.municipality_id == JurorProfile.municipality_id)
        .where(Nomination.category_id == category.id)).all()
    pairs.update(pair for pair in map(tuple, same_municipality) if pair not in dismissed_automatic)
    return pairs
