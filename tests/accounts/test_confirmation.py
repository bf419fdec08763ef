"""Email confirmation by signed, expiring token."""
from __future__ import annotations

import pytest

from app.accounts import services, tokens
from app.extensions import db


@pytest.fixture
def unconfirmed(make_user):
    return make_user("nominator", email="nuevo@example.org", confirmed=False)


@pytest.fixture
def confirm_path(app, unconfirmed, last_link):
    services.send_confirmation(unconfirmed)
    return last_link("nuevo@example.org")


def _confirmed(user) -> bool:
    db.session.refresh(user)
    return user.email_confirmed_at is not None


def test_confirmation_link_confirms_and_flashes_success(client, unconfirmed, confirm_path, flashes):
    response = client.get(confirm_path)
    assert response.status_code == 302
    assert [c for c, _m in flashes(client)] == ["success"]
    assert _confirmed(unconfirmed)


def test_tampered_token_flashes_an_error(client, unconfirmed, confirm_path, flashes):
    tampered = confirm_path[:-3] + ("aaa" if not confirm_path.endswith("aaa") else "bbb")
    response = client.get(tampered)
    assert response.status_code == 302
    assert [c for c, _m in flashes(client)] == ["error"]


def test_tampered_token_does_not_confirm(client, unconfirmed, confirm_path):
    client.get(confirm_path[:-3] + ("aaa" if not confirm_path.endswith("aaa") else "bbb"))
    assert not _confirmed(unconfirmed)


def test_expired_token_flashes_an_error_and_does_not_confirm(client, unconfirmed, confirm_path,
                                                              flashes, monkeypatch):
    monkeypatch.setattr(tokens, "CONFIRM_MAX_AGE", -1)
    client.get(confirm_path)
    assert [c for c, _m in flashes(client)] == ["error"]
    assert not _confirmed(unconfirmed)


def test_password_reset_token_does_not_confirm_an_address(client, unconfirmed, flashes):
    token = tokens.make_token(tokens.RESET_SALT, {"uid": unconfirmed.id, "email": unconfirmed.email})
    client.get(f"/confirm/{token}")
    assert [c for c, _m in flashes(client)] == ["error"]
    assert not _confirmed(unconfirmed)


def test_token_for_an_address_the_user_no_longer_has_is_refused(app, unconfirmed):
    token = tokens.make_token(tokens.CONFIRM_SALT, {"uid": unconfirmed.id, "email": "old@example.org"})
    with pytest.raises(services.AccountError):
        services.confirm_email(token)


def test_confirming_twice_records_one_event(app, unconfirmed, confirm_path, audit_events):
    token = confirm_path.rsplit("/", 1)[1]
    services.confirm_email(token)
    services.confirm_email(token)
    assert len(audit_events("user.email_confirmed")) == 1


def test_unconfirmed_user_can_ask_for_a_new_link(client, unconfirmed, login, mail_links):
    login(unconfirmed)
    response = client.post("/confirm/resend")
    assert response.status_code == 302
    assert len(mail_links("nuevo@example.org")) == 1


def test_confirmed_user_gets_no_new_link(client, nominator, login, outbox):
    login(nominator)
    client.post("/confirm/resend")
    assert outbox() == []


def test_resending_requires_a_signed_in_user(client):
    response = client.post("/confirm/resend")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
