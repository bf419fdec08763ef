"""Who may read the outbox and resend mail: used by routes, templates and tests."""
from __future__ import annotations

from app import mail
from app.accounts.permissions import is_organiser


def can_read_outbox(user) -> bool:
    """Every message the platform sent, with its links and attachments: organisers only."""
    return is_organiser(user)


def can_resend(user, message) -> bool:
    return can_read_outbox(user) and mail.can_resend(message)
