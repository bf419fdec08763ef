"""The profile page: name, preferred language and password of the signed-in user."""
from __future__ import annotations

import pytest

from app.accounts import services
from tests.accounts.helpers import OTHER_STRONG_PASSWORD, PASSWORD, STRONG_PASSWORD, is_signed_in


@pytest.fixture
def me(nominator, login):
    login(nominator)
    return nominator


def change(client, current=PASSWORD, new=STRONG_PASSWORD, again=None):
    return client.post("/profile/password", data={
        "pw-current_password": current, "pw-password": new, "pw-password_again": again or new})


def test_profile_shows_the_signed_in_user(client, me):
    response = client.get("/profile")
    assert response.status_code == 200
    assert me.email in response.get_data(as_text=True)


def test_profile_requires_signing_in(client):
    assert client.get("/profile").headers["Location"] == "/login?next=%2Fprofile"


def test_profile_edit_saves_name_and_language(client, me):
    response = client.post("/profile", data={"name": "Nora N. Nominadora", "locale": "en"})
    assert response.status_code == 302
    assert (me.name, me.locale) == ("Nora N. Nominadora", "en")


def test_profile_edit_is_audited_with_the_changes(client, me, audit_events):
    client.post("/profile", data={"name": "Nora N. Nominadora", "locale": "es"})
    events = audit_events("user.profile_updated")
    assert len(events) == 1
    assert events[0].actor_id == me.id
    assert events[0].summary == {"name": ["Nora Nominadora", "Nora N. Nominadora"]}


def test_profile_edit_without_changes_writes_no_event(client, me, audit_events):
    client.post("/profile", data={"name": me.name, "locale": me.locale})
    assert audit_events("user.profile_updated") == []


def test_profile_edit_refuses_an_empty_name(client, me):
    response = client.post("/profile", data={"name": "", "locale": "en"})
    assert response.status_code == 200
    assert 'id="name-error"' in response.get_data(as_text=True)
    assert (me.name, me.locale) == ("Nora Nominadora", "es")


def test_profile_edit_refuses_an_unknown_language(client, me):
    response = client.post("/profile", data={"name": me.name, "locale": "fr"})
    assert 'id="locale-error"' in response.get_data(as_text=True)
    assert me.locale == "es"


def test_change_password_sets_the_new_one(client, me):
    response = change(client)
    assert response.status_code == 302
    assert services.authenticate(me.email, STRONG_PASSWORD).id == me.id


def test_change_password_keeps_the_current_browser_signed_in(client, me):
    change(client)
    assert is_signed_in(client)


def test_change_password_ends_other_sessions(client, me, signed_in):
    other = signed_in(me)
    change(client)
    assert not is_signed_in(other)


def test_change_password_is_audited(client, me, audit_events):
    change(client)
    assert [e.actor_id for e in audit_events("user.password_changed")] == [me.id]


def test_change_password_with_a_wrong_current_password_is_refused(client, me):
    old_hash = me.password_hash
    response = change(client, current="not my password at all")
    assert response.status_code == 400
    assert 'id="pw-current_password-error"' in response.get_data(as_text=True)
    assert me.password_hash == old_hash


def test_change_password_to_a_weak_one_is_refused(client, me):
    old_hash = me.password_hash
    assert change(client, new="1234567890").status_code == 400
    assert me.password_hash == old_hash


def test_change_password_with_mismatched_new_passwords_is_refused(client, me):
    old_hash = me.password_hash
    response = change(client, again=OTHER_STRONG_PASSWORD)
    assert response.status_code == 400
    assert 'id="pw-password_again-error"' in response.get_data(as_text=True)
    assert me.password_hash == old_hash


def test_change_password_requires_signing_in(client):
    assert change(client).headers["Location"].startswith("/login")
