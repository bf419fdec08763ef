"""Who may see and change a nomination: one place, used by routes, templates and tests."""
from __future__ import annotations

from datetime import datetime

from app.accounts.permissions import is_organiser
from app.db_types import utcnow
from app.editions.models import Edition, EditionStatus
from app.municipalities.services import confirmed_municipality_ids
from app.nominations.models import Nomination, NominationStatus


def nominations_are_open(edition: Edition, now: datetime | None = None) -> bool:
    """Open means the organiser opened them and the server clock is inside the dates."""
    now = now or utcnow()
    return (edition.status == EditionStatus.NOMINATIONS_OPEN.value
            and edition.nominations_open_at is not None and edition.nominations_close_at is not None
            and edition.nominations_open_at <= now < edition.nominations_close_at)


def is_on_submitting_side(user, nomination: Nomination) -> bool:
    """The submitter, or a confirmed representative of the nominated municipality."""
    if not getattr(user, "is_authenticated", False):
        return False
    if nomination.submitter_id == user.id:
        return True
    return (nomination.municipality_id is not None
            and nomination.municipality_id in confirmed_municipality_ids(user))


def can_view_nomination(user, nomination: Nomination) -> bool:
    return is_organiser(user) or is_on_submitting_side(user, nomination)


def can_edit_nomination(user, nomination: Nomination, now: datetime | None = None) -> bool:
    """Only the submitting side, only drafts and submitted ones, only while nominations are open."""
    return (is_on_submitting_side(user, nomination)
            and nomination.status in (NominationStatus.DRAFT.value, NominationStatus.SUBMITTED.value)
            and nominations_are_open(nomination.category.edition, now))


def can_withdraw_nomination(user, nomination: Nomination, now: datetime | None = None) -> bool:
    return can_edit_nomination(user, nomination, now)
