"""Spanish by default, English on request; the Spanish catalogue is complete."""
from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

CATALOGUES = Path(__file__).resolve().parents[2] / "translations"


def _spanish(msgid: str) -> str:
    with (CATALOGUES / "es" / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return read_po(fh)[msgid].string


def test_spanish_catalogue_translates_every_message():
    with (CATALOGUES / "es" / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        catalogue = read_po(fh)
    untranslated = [m.id for m in catalogue if m.id and not (
        all(m.string) if isinstance(m.string, tuple) else m.string)]
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    assert untranslated == []
    assert fuzzy == []


def test_pages_are_in_spanish_without_a_language_preference(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="es">' in page
    assert _spanish("Forgot your password?") in page
    assert "Forgot your password?" not in page


def test_browser_asking_for_english_gets_english(client):
    page = client.get("/login", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Forgot your password?" in page


def test_unsupported_browser_language_falls_back_to_spanish(client):
    page = client.get("/login", headers={"Accept-Language": "de-DE"}).get_data(as_text=True)
    assert '<html lang="es">' in page


def test_language_switch_is_remembered_for_the_session(client):
    response = client.post("/language", data={"locale": "en", "next": "/login"})
    assert response.status_code == 302 and response.location.endswith("/login")
    assert '<html lang="en">' in client.get("/login").get_data(as_text=True)


def test_language_switch_refuses_to_redirect_off_site(client):
    response = client.post("/language", data={"locale": "en", "next": "//evil.example/"})
    assert response.location.endswith("/")
    assert "evil" not in response.location


def test_signed_in_users_language_preference_wins_over_the_browser(client, make_user, sign_in):
    sign_in(make_user("nominator", locale="en"))
    page = client.get("/profile", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert '<html lang="en">' in page


def test_switching_language_while_signed_in_saves_the_preference(client, make_user, sign_in):
    user = make_user("nominator", locale="es")
    sign_in(user)
    client.post("/language", data={"locale": "en", "next": "/"})
    from app.extensions import db
    db.session.refresh(user)
    assert user.locale == "en"


@pytest.mark.parametrize("lang", ["es", "en"])
def test_not_found_page_is_friendly_in_both_languages(client, lang):
    expected = "Page not found"
    response = client.get("/no-such-page", headers={"Accept-Language": lang})
    assert response.status_code == 404
    assert (_spanish(expected) if lang == "es" else expected) in response.get_data(as_text=True)


def test_forbidden_page_is_friendly(client, make_user, sign_in):
    sign_in(make_user("nominator", locale="en"))
    response = client.get("/people", headers={"Accept-Language": "en"})
    assert response.status_code == 403
    assert "You do not have access to this page" in response.get_data(as_text=True)


@pytest.mark.parametrize("locale, expected", [
    ("es", "15 dic 2026, 23:59 (hora de Perú)"),
    ("en", "Dec 15, 2026, 11:59 PM (Peru Time)"),
])
def test_a_deadline_is_shown_to_the_minute_in_the_editions_zone(app, locale, expected):
    from datetime import datetime, timezone

    from flask_babel import force_locale

    from app.i18n import format_in_zone

    with app.test_request_context(), force_locale(locale):
        shown = format_in_zone(datetime(2026, 12, 16, 4, 59, tzinfo=timezone.utc), "America/Lima")
    assert " ".join(shown.split()) == expected  # CLDR puts a narrow space before "PM"
