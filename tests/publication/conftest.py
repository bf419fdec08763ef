"""A published edition (tests/editions/closing_world.py, closed and published)."""
from __future__ import annotations

import pytest
from flask_babel import force_locale

from app.editions import closing
from app.editions.services import apply_transition
from app.extensions import db
from tests.editions.closing_world import closable  # noqa: F401  (fixture)


@pytest.fixture
def published(closable):
    with force_locale("en"):
        closing.close_edition(closable.edition)
        apply_transition(closable.edition, "publish")
    db.session.expire_all()
    return closable
