"""The public call shows categories, rubric weights and the countdown while nominations are open."""
from __future__ import annotations

from datetime import timedelta

from app.db_types import utcnow
from app.extensions import db


def test_the_call_shows_each_criterion_with_its_weight(client, make_edition, make_category):
    edition = make_edition(2026, status="nominations_open")
    make_category(edition, "INN")
    page = client.get("/editions/2026", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Criterion 1" in page and "33.3 %" in page and "66.7 %" in page


def test_the_call_counts_down_while_nominations_are_open(client, make_edition, make_category):
    edition = make_edition(2026, status="nominations_open")
    edition.nominations_close_at = utcnow() + timedelta(days=5, hours=1)
    db.session.commit()
    make_category(edition, "INN")
    page = client.get("/editions/2026", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert 'id="countdown"' in page and "close in 5 days" in page
    assert "/my/nominations/new?category=INN" in page


def test_the_call_has_no_countdown_once_nominations_close(client, make_edition, make_category):
    edition = make_edition(2026, status="screening")
    make_category(edition, "INN")
    page = client.get("/editions/2026").get_data(as_text=True)
    assert 'id="countdown"' not in page and "/my/nominations/new" not in page


def test_the_call_is_in_spanish_by_default(client, make_edition, make_category):
    make_category(make_edition(2026, status="nominations_open"), "INN")
    page = client.get("/editions/2026").get_data(as_text=True)
    assert '<html lang="es">' in page and "Criterio 1" in page and "33,3 %" in page
