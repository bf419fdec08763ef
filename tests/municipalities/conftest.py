"""Helpers shared by the municipality tests."""
from __future__ import annotations

import pytest


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
