"""Whatever text is typed into a form, the page answers (never a 500) and a re-shown form keeps
what was typed."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from markupsafe import escape

from app.municipalities import services as municipalities
from app.nominations import services as nominations

# Any text, plus the troublesome kinds on purpose: control characters, right-to-left, emoji, long.
TEXT = st.one_of(
    st.text(max_size=300),
    st.text(st.characters(min_codepoint=0, max_codepoint=31), max_size=20),
    st.sampled_from(["مرحبا بالعالم", "שלום \u202e עולם", "🚓👮‍♀️🏙️", "x" * 5000, "<b>&amp;</b>"]),
)
FUZZ = settings(max_examples=25, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _kept(body: str, value: str) -> bool:
    """The value is in the page, as the browser would send it back (HTML escaped; a textarea's
    line breaks may come back as CRLF; NUL characters are dropped, see app/http_input.py)."""
    shown = str(escape(value.replace("\x00", "")))
    return shown in body or shown.replace("\n", "\r\n") in body or shown.replace("\r\n", "\n") in body


@FUZZ
@given(name=TEXT, email=TEXT)
def test_registration_answers_any_text_and_keeps_the_name(app, name, email):
    response = app.test_client().post("/register", data={
        "name": name, "email": email, "password": "short", "password_again": "other",
        "locale": "es"})
    assert response.status_code == 200
    assert _kept(response.get_data(as_text=True), name)


@pytest.fixture
def draft(make_user, make_edition, make_category, make_municipality, organiser):
    """One draft for every example: each post is refused as incomplete, so nothing is saved."""
    category = make_category(make_edition(2026, status="nominations_open"), "INN")
    municipality, owner = make_municipality(), make_user("nominator")
    representation = municipalities.request_representation(owner, municipality, "Gerente", "01 555")
    municipalities.decide_representation(organiser, representation, confirm=True)
    return nominations.start_nomination(owner, category, "municipality", municipality)


@FUZZ
@given(title=TEXT, summary=TEXT, partners=TEXT)
def test_the_nomination_draft_answers_any_text_and_keeps_it(app, draft, title, summary, partners):
    response = _signed_in(app, draft.submitter).post(f"/nominations/{draft.id}/edit", data={
        "title": title, "summary": summary, "partners": partners, "action": "submit",
        "revision": str(draft.revision)})
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert _kept(body, title) and _kept(body, summary) and _kept(body, partners)


def test_a_nul_character_typed_into_a_draft_is_dropped_not_a_server_error(app, draft):
    response = _signed_in(app, draft.submitter).post(f"/nominations/{draft.id}/edit", data={
        "title": "Plan\x00 Vecinal", "action": "save", "revision": str(draft.revision)})
    assert response.status_code == 302
    assert draft.title == "Plan Vecinal"


def _signed_in(app, user):
    """A fresh client per example (hypothesis reuses the test's fixtures)."""
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = user.get_id(), True
    return client
