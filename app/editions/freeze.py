"""After an edition closes its results are frozen: every service refuses to change them."""
from __future__ import annotations

from flask_babel import gettext as _

from app.editions.models import Edition, EditionStatus

FROZEN_STATUSES = (EditionStatus.CLOSED.value, EditionStatus.PUBLISHED.value)


class EditionFrozen(Exception):
    """A write refused because the edition is closed; the message is for the user."""


def is_frozen(edition: Edition) -> bool:
    return edition.status in FROZEN_STATUSES


def ensure_not_frozen(edition: Edition) -> None:
    """Call first in every service that changes judging, rankings or places of an edition."""
    if is_frozen(edition):
        raise EditionFrozen(_("%(edition)s is closed: its reviews, scores, rankings and places can "
                              "no longer change.", edition=edition.name))
