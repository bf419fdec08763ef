"""Who may see a nomination as a juror, score it, read the other reviews, and reopen a review:
one place, used by routes, templates and tests."""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from app.accounts.permissions import is_juror, is_organiser
from app.db_types import utcnow
from app.editions.models import EditionStatus, ReviewVisibility
from app.extensions import db
from app.i18n import format_in_zone
from app.judging.conflicts import active_conflict, has_declared
from app.judging.models import Assignment, Conflict, ConflictKind, JurorProfile, Review
from app.nominations.models import Nomination, NominationStatus

# A nomination that left the competition is no longer shown to its jurors.
NOT_JUDGED = (NominationStatus.DRAFT.value, NominationStatus.INELIGIBLE.value,
              NominationStatus.WITHDRAWN.value)


def is_assigned(user, nomination: Nomination) -> bool:
    """Assigned to the nomination in some round."""
    return db.session.scalar(select(Assignment.id).where(
        Assignment.juror_id == user.id, Assignment.nomination_id == nomination.id).limit(1)) is not None


def is_conflicted(user, nomination: Nomination) -> bool:
    """An undismissed conflict, or (as in `conflicted_pairs`) working for the nominated
    municipality unless an organiser dismissed that automatic conflict."""
    if active_conflict(user, nomination) is not None:
        return True
    if nomination.municipality_id is None:
        return False
    works_there = db.session.scalar(select(JurorProfile.id).where(
        JurorProfile.user_id == user.id,
        JurorProfile.municipality_id == nomination.municipality_id)) is not None
    if not works_there:
        return False
    dismissed = db.session.scalar(select(Conflict.id).where(
        Conflict.juror_id == user.id, Conflict.nomination_id == nomination.id,
        Conflict.kind == ConflictKind.AUTOMATIC.value, Conflict.dismissed_at.is_not(None)))
    return dismissed is None


def can_view_as_juror(user, nomination: Nomination) -> bool:
    """Assigned in some round, not conflicted, and past the category's conflict declaration."""
    return (is_juror(user) and nomination.status not in NOT_JUDGED
            and is_assigned(user, nomination)
            and has_declared(user, nomination.category)
            and not is_conflicted(user, nomination))


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
