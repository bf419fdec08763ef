"""The rounds of a jury category; every jury category has at least one."""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.accounts.permissions import is_organiser
from app.audit.services import record
from app.db_types import utcnow
from app.editions.freeze import ensure_not_frozen
from app.editions.models import Category, EditionStatus, ReviewVisibility
from app.extensions import db
from app.judging.models import Round, RoundEntry, RoundKind
from app.nominations.models import SCREENED_IN_STATUSES, Nomination


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


# -- the nominations of a round ----------------------------------------------------------------



def is_first(round_: Round) -> bool:
    return round_.position == 1


def round_nominations(round_: Round) -> list[Nomination]:
    """The first round holds every eligible (or further) nomination of the category; a later
    round those an organiser moved into it. Ordered by reference; the municipality is loaded."""
    statement = (select(Nomination).where(Nomination.category_id == round_.category_id,
                                          Nomination.status.in_(SCREENED_IN_STATUSES))
                 .options(selectinload(Nomination.municipality))
                 .order_by(Nomination.reference, Nomination.id))
    if not is_first(round_):
        statement = statement.join(RoundEntry, (RoundEntry.nomination_id == Nomination.id)
                                   & (RoundEntry.round_id == round_.id))
    return list(db.session.scalars(statement))


def round_deadline(round_: Round) -> datetime | None:
    """When the round's reviews are due: its own closing date, else the edition's judging deadline."""
    return round_.closes_at or round_.category.edition.judging_close_at


def is_overdue(round_: Round, now: datetime | None = None) -> bool:
    deadline = round_deadline(round_)
    return deadline is not None and (now or utcnow()) >= deadline


# -- organisers manage rounds and the category's judging settings ------------------------------

class RoundError(Exception):
    """A refused change to rounds or judging settings, with a message for the organiser."""


MAX_ROUNDS = 2  # an optional screening round, then the final round


def require_editable(user, category: Category) -> None:
    """Never once the edition is closed (results are frozen then), organisers only, jury
    categories only."""
    ensure_not_frozen(category.edition)
    if not is_organiser(user):
        raise RoundError(_("Only organisers manage the jury."))
    if not category.is_jury:
        raise RoundError(_("This category is decided by the ranking; it has no jury."))


def _check_dates(opens_at: datetime | None, closes_at: datetime | None) -> None:
    if opens_at is not None and closes_at is not None and closes_at <= opens_at:
        raise RoundError(_("A round must close after it opens."))


def add_final_round(user, category: Category, opens_at: datetime | None,
                    closes_at: datetime | None) -> Round:
    """A final round after the first one, which becomes the screening round; nominations enter
    it when an organiser moves them on from the leaderboard."""
    require_editable(user, category)
    if not category.edition.has_reached(EditionStatus.JUDGING):
        raise RoundError(_("Rounds are set up once judging has opened."))
    _check_dates(opens_at, closes_at)
    rounds = rounds_of(category)
    if not rounds:
        rounds = [ensure_default_round(category)]
    if len(rounds) >= MAX_ROUNDS:
        raise RoundError(_("This category already has a screening round and a final round."))
    first = rounds[0]
    if first.kind == RoundKind.SINGLE.value:
        first.kind = RoundKind.SCREENING.value
    round_ = Round(category_id=category.id, position=first.position + 1,
                   kind=RoundKind.FINAL.value, opens_at=opens_at, closes_at=closes_at)
    db.session.add(round_)
    record("round.added", round_, summary={"category": category.code, "kind": round_.kind,
                                           "position": round_.position, "opens_at": opens_at,
                                           "closes_at": closes_at})
    db.session.commit()
    return round_


def update_round_dates(user, round_: Round, opens_at: datetime | None,
                       closes_at: datetime | None) -> Round:
    require_editable(user, round_.category)
    _check_dates(opens_at, closes_at)
    changes = {name: [getattr(round_, name), value]
               for name, value in (("opens_at", opens_at), ("closes_at", closes_at))
               if getattr(round_, name) != value}
    if changes:
        round_.opens_at, round_.closes_at = opens_at, closes_at
        record("round.dates_changed", round_, summary={"category": round_.category.code,
                                                       "position": round_.position, **changes})
        db.session.commit()
    return round_


def close_round(user, round_: Round, now: datetime | None = None) -> Round:
    """Close now, whatever the dates say: scoring stops at once."""
    require_editable(user, round_.category)
    if round_.closed_at is not None:
        raise RoundError(_("This round is already closed."))
    round_.closed_at = now or utcnow()
    record("round.closed", round_, summary={"category": round_.category.code,
                                            "position": round_.position})
    db.session.commit()
    return round_


def reopen_round(user, round_: Round) -> Round:
    """Undo "close now"; the round's dates apply again."""
    require_editable(user, round_.category)
    if round_.closed_at is None:
        raise RoundError(_("This round is not closed."))
    closed_at, round_.closed_at = round_.closed_at, None
    record("round.reopened", round_, summary={"category": round_.category.code,
                                              "position": round_.position, "closed_at": closed_at})
    db.session.commit()
    return round_


SETTINGS_FIELDS = ("review_visibility", "blind_submitter", "blind_nominee",
                   "overall_comment_required")


def can_blind_nominee(category: Category) -> bool:
    """Hiding the nominee means something only for people and institutions: a municipality's
    programme names its municipality on every page."""
    return category.admits_person or category.admits_institution


def update_judging_settings(user, category: Category, values: dict) -> dict:
    """Who sees other reviews, blind judging, whether the overall comment is required.
    Returns {field: [old, new]} of what changed."""
    require_editable(user, category)
    if values.get("review_visibility") not in {v.value for v in ReviewVisibility}:
        raise RoundError(_("Choose when jurors may read the other reviews."))
    if values.get("blind_nominee") and not can_blind_nominee(category):
        raise RoundError(_("Only categories that admit people or institutions can hide the "
                           "nominee from jurors."))
    changes = {}
    for name in SETTINGS_FIELDS:
        value = values[name] if name == "review_visibility" else bool(values.get(name))
        if getattr(category, name) != value:
            changes[name] = [getattr(category, name), value]
            setattr(category, name, value)
    if changes:
        record("category.judging_settings", category, summary={"code": category.code, **changes})
        db.session.commit()
    return changes
