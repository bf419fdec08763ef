"""Who may see and change editions, categories and rubrics."""
from __future__ import annotations

from app.accounts.permissions import is_organiser


def can_manage_editions(user) -> bool:
    return is_organiser(user)
