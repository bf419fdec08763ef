"""Helpers shared by the edition tests."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.extensions import db


@pytest.fixture
def audit_events(app):
    """The audit events written so far, optionally only those of one action."""
    def read(action: str | None = None) -> list[AuditEvent]:
        statement = select(AuditEvent).order_by(AuditEvent.id)
        if action is not None:
            statement = statement.where(AuditEvent.action == action)
        return list(db.session.scalars(statement))
    return read


@pytest.fixture
def sign_in(client):
    """Sign a user in by writing the Flask-Login session directly (the login form, with its
    deliberately slow password hash, is tested in tests/accounts)."""
    def do(user):
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        return client
    return do


@pytest.fixture
def as_organiser(organiser, sign_in):
    """A test client signed in as the organiser."""
    return sign_in(organiser)
