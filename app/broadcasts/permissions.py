"""Who may write to a group of users: used by routes, templates and tests."""
from __future__ import annotations

from app.accounts.permissions import is_organiser


def can_broadcast(user) -> bool:
    """Organisers only: the message goes out under the programme's name."""
    return is_organiser(user)
