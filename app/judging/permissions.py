"""Who may see a nomination as a juror, score it, read the other reviews, and reopen a review:
one place, used by routes, templates and tests."""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import and_, bindparam, event, not_, or_, select
from sqlalchemy.orm import Session

from app.accounts.permissions import is_juror, is_organiser
from app.db_types import utcnow
from app.editions.models import EditionStatus, ReviewVisibility
from app.extensions import db
from app.i18n import format_in_zone
from app.judging.models import (Assignment, Conflict, ConflictDeclaration, ConflictKind,
                                JurorProfile, Review)
from app.nominations.models import Nomination, NominationStatus

# A nomination that left the competition is no longer shown to its jurors.
NOT_JUDGED = (NominationStatus.DRAFT.value, NominationStatus.INELIGIBLE.value,
              NominationStatus.WITHDRAWN.value)


# Answers of `can_view_as_juror` already given in the session's current transaction, forgotten
# at its end and at every flush (and not used while changes are pending): a save asks in the
# route and again in the service, and the second answer costs no query.
_VIEW_MEMO = "judging.can_view_as_juror"


def _conflicted_clause(with_municipality: bool):
    """SQL (parameters user_id, nomination_id, municipality_id): an undismissed conflict, or (as
    in `conflicted_pairs`) working for the nominated municipality unless an organiser dismissed
    that automatic conflict."""
    user_id, nomination_id = bindparam("user_id"), bindparam("nomination_id")
    active = select(Conflict.id).where(
        Conflict.juror_id == user_id, Conflict.nomination_id == nomination_id,
        Conflict.dismissed_at.is_(None)).exists()
    if not with_municipality:
        return active
    works_there = select(JurorProfile.id).where(
        JurorProfile.user_id == user_id,
        JurorProfile.municipality_id == bindparam("municipality_id")).exists()
    dismissed = select(Conflict.id).where(
        Conflict.juror_id == user_id, Conflict.nomination_id == nomination_id,
        Conflict.kind == ConflictKind.AUTOMATIC.value, Conflict.dismissed_at.is_not(None)).exists()
    return or_(active, and_(works_there, not_(dismissed)))


def _juror_view_clause(with_municipality: bool):
    """SQL (parameters as above and category_id): assigned, declared and not conflicted."""
    assigned = select(Assignment.id).where(
        Assignment.juror_id == bindparam("user_id"),
        Assignment.nomination_id == bindparam("nomination_id")).exists()
    declared = select(ConflictDeclaration.id).where(
        ConflictDeclaration.juror_id == bindparam("user_id"),
        ConflictDeclaration.category_id == bindparam("category_id")).exists()
    return and_(assigned, declared, not_(_conflicted_clause(with_municipality)))


# Built once, by whether the nominee is a municipality (saves ask on every request).
_CONFLICTED = {flag: select(_conflicted_clause(flag)) for flag in (False, True)}
_JUROR_VIEW = {flag: select(_juror_view_clause(flag)) for flag in (False, True)}


def _parameters(user, nomination: Nomination) -> dict:
    return {"user_id": user.id, "nomination_id": nomination.id,
            "category_id": nomination.category_id, "municipality_id": nomination.municipality_id}


def is_conflicted(user, nomination: Nomination) -> bool:
    """An undismissed conflict, or working for the nominated municipality unless an organiser
    dismissed that automatic conflict (one query)."""
    statement = _CONFLICTED[nomination.municipality_id is not None]
    return bool(db.session.scalar(statement, _parameters(user, nomination)))


def can_view_as_juror(user, nomination: Nomination) -> bool:
    """Assigned in some round, not conflicted, and past the category's conflict declaration:
    one query, asked once per transaction."""
    if not (is_juror(user) and nomination.status not in NOT_JUDGED):
        return False
    session = db.session()
    memo = session.info.setdefault(_VIEW_MEMO, {})
    key = (user.id, nomination.id)
    if key not in memo or session.new or session.dirty or session.deleted:
        statement = _JUROR_VIEW[nomination.municipality_id is not None]
        memo[key] = bool(session.scalar(statement, _parameters(user, nomination)))
    return memo[key]


@event.listens_for(Session, "after_flush")
def _forget_after_a_write(session: Session, _flush_context) -> None:
    session.info.pop(_VIEW_MEMO, None)


@event.listens_for(Session, "after_transaction_end")
def _forget_after_the_transaction(session: Session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(_VIEW_MEMO, None)


def scoring_closed_reason(assignment: Assignment, now: datetime | None = None) -> str | None:
    """Why nobody can score this assignment now (a sentence for the juror), or None when open."""
    now = now or utcnow()
    edition = assignment.nomination.category.edition
    if edition.status != EditionStatus.JUDGING.value:
        return _("Scoring is closed: the edition is no longer in its judging phase. Your review "
                 "is shown read-only.")
    round_ = assignment.round
    if round_.opens_at is not None and now < round_.opens_at:
        return _("Scoring of this round opens on %(when)s.",
                 when=format_in_zone(round_.opens_at, edition.timezone))
    if not round_.is_open(now):
        closed = round_.closed_at or round_.closes_at
        return _("Scoring is closed: this round closed on %(when)s. Your review is shown read-only.",
                 when=format_in_zone(closed, edition.timezone))
    return None


def can_score(user, assignment: Assignment, now: datetime | None = None) -> bool:
    """The assignment's own juror, allowed to see the nomination, while the edition is judging
    and the round is open. Whether the review is still a draft is the service's business."""
    return (getattr(user, "is_authenticated", False) and assignment.juror_id == user.id
            and can_view_as_juror(user, assignment.nomination)
            and scoring_closed_reason(assignment, now) is None)


def can_view_assignment(user, assignment: Assignment) -> bool:
    """The scoring page: its juror when allowed to see the nomination; organisers read it."""
    if is_organiser(user):
        return True
    return (getattr(user, "is_authenticated", False) and assignment.juror_id == user.id
            and can_view_as_juror(user, assignment.nomination))


def can_see_other_reviews(user, assignment: Assignment, own: Review | None = None) -> bool:
    """Per the category's setting: never; after submitting one's own review; after the edition is
    published. Organisers always see everything. `own` spares a query when already loaded."""
    if is_organiser(user):
        return True
    if not (getattr(user, "is_authenticated", False) and assignment.juror_id == user.id
            and can_view_as_juror(user, assignment.nomination)):
        return False
    category = assignment.nomination.category
    if category.review_visibility == ReviewVisibility.AFTER_OWN.value:
        own = own if own is not None else assignment.review
        return own is not None and own.is_submitted
    if category.review_visibility == ReviewVisibility.AFTER_PUBLISHED.value:
        return category.edition.status == EditionStatus.PUBLISHED.value
    return False


def can_reopen(user, review: Review) -> bool:
    """Organisers reopen a submitted review until the edition closes (then scores are frozen)."""
    edition = review.assignment.nomination.category.edition
    return (is_organiser(user) and review.is_submitted
            and not edition.has_reached(EditionStatus.CLOSED))
