"""Who may close an edition, check its seal, and see its results."""
from __future__ import annotations

from app.accounts.permissions import is_organiser
from app.editions.models import Edition, EditionStatus


def can_close(user) -> bool:
    return is_organiser(user)


def results_are_public(edition: Edition) -> bool:
    """Results, the seal and the score matrix are public once the edition is published."""
    return edition.status == EditionStatus.PUBLISHED.value
