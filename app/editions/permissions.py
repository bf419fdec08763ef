"""Who may see and change editions, categories and rubrics."""
from __future__ import annotations

from app.accounts.permissions import is_organiser
from app.editions.models import Edition, EditionStatus


def can_manage_editions(user) -> bool:
    return is_organiser(user)


def is_public(edition: Edition) -> bool:
    """The public sees every edition but a draft."""
    return edition.status != EditionStatus.DRAFT.value


def public_condition():
    """`is_public` as an SQL condition, for queries that list public editions."""
    return Edition.status != EditionStatus.DRAFT.value
