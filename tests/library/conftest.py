"""Awarded nominations in an edition about to be published.

The edition is `closed` without a seal (the closing itself is tested in tests/editions), so
confirmed places can be written directly and publishing is the one transition under test.
"""
from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

import pytest

from app import storage
from app.awards.models import Award
from app.editions.services import apply_transition
from app.extensions import db
from app.nominations.models import Attachment, Nomination
from tests.nominations.factories import PDF_BYTES

RESULTS = [{"indicator": "Tiempo de respuesta", "baseline": "18", "result": "7", "unit": "minutos",
            "source": "Central municipal", "period": "2024–2025"}]


@pytest.fixture
def edition(make_edition):
    return make_edition(2026, status="closed")


@pytest.fixture
def category(edition, make_category):
    return make_category(edition, "PRE", criteria=0)


@pytest.fixture
def submitter(make_user):
    return make_user("nominator", email="alcaldia@example.org")


@pytest.fixture
def make_awarded(category, submitter, make_municipality):
    """A nomination with a confirmed place (or another award status) and a PDF attachment."""
    counter = {"n": 0}

    def make(title: str = "Programa de prevención del delito juvenil", consent: bool | None = True,
             place: str = "gold", status: str = "confirmed", municipality=None, summary: str = "",
             public_document: bool = True, in_category=None):
        counter["n"] += 1
        n = counter["n"]
        municipality = municipality or make_municipality(f"Distrito {n}", f"1599{n:02d}")
        target = in_category or category
        nomination = Nomination(
            category=target, submitter_id=submitter.id, status="winner",
            nominee_type="municipality", municipality=municipality,
            reference=f"SCA-2026-{target.code}-{n:04d}", title=title,
            summary=summary or f"Resumen {n}: patrullaje integrado con juntas vecinales.",
            problem="Robos en la vía pública.", intervention="Cámaras y serenazgo coordinados.",
            results=RESULTS, period_start="2024-01", period_end="2025-06",
            budget_amount=Decimal("1250000"), budget_currency="PEN",
            submitted_at=datetime.now(timezone.utc), publication_consent=consent,
            publication_consent_at=datetime.now(timezone.utc) if consent is not None else None)
        nomination.attachments.append(Attachment(
            filename="informe.pdf", content_type="application/pdf", size=len(PDF_BYTES),
            sha256=storage.store(PDF_BYTES).sha256, is_public=public_document))
        db.session.add(nomination)
        db.session.flush()
        award = Award(category_id=target.id, place=place, position=n, nomination_id=nomination.id,
                      status=status)
        db.session.add(award)
        db.session.commit()
        return nomination
    return make


@pytest.fixture
def publish(edition):
    def run():
        apply_transition(edition, "publish")
        db.session.expire_all()
    return run

