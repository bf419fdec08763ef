"""Who may download an edition's data: organisers (it holds jurors' scores and personal data)."""
from __future__ import annotations

from app.accounts.permissions import is_organiser


def can_export(user) -> bool:
    return is_organiser(user)
