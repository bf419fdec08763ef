"""Forgotten passwords: a mailed link that works once, and old sessions that end with the change."""
from __future__ import annotations

from datetime import timedelta

import pytest

from app.accounts import services, tokens
from app.db_types import utcnow
from app.extensions import db
from tests.accounts.helpers import (OTHER_STRONG_PASSWORD, PASSWORD, STRONG_PASSWORD,
                                    is_signed_in)


def forgot(client, email):
    return client.post("/password/forgot", data={"email": email})


def choose(client, path, password=STRONG_PASSWORD, again=None):
    return client.post(path, data={"password": password, "password_again": again or password})


@pytest.fixture
def reset_path(client, nominator, last_link):
    forgot(client, nominator.email)
    return last_link(nominator.email)


def test_forgot_form_redirects_to_login(client, nominator):
    response = forgot(client, nominator.email)
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"


def test_forgot_form_says_the_same_for_known_and_unknown_addresses(app, nominator):
    known = forgot(app.test_client(), nominator.email)
    unknown = forgot(app.test_client(), "nobody@example.org")
    assert (known.status_code, known.headers["Location"]) == (unknown.status_code, unknown.headers["Location"])


def test_forgot_form_flashes_the_same_message_for_known_and_unknown_addresses(app, nominator, flashes):
    known, unknown = app.test_client(), app.test_client()
    forgot(known, nominator.email)
    forgot(unknown, "nobody@example.org")
    assert flashes(known) == flashes(unknown)
    assert len(flashes(known)) == 1


def test_forgot_form_mails_a_reset_link_to_an_existing_user(client, nominator, outbox, mail_links):
    forgot(client, nominator.email)
    assert [m["To"] for m in outbox()] == [nominator.email]
    assert mail_links(nominator.email)[0].startswith("/password/reset/")


def test_forgot_form_finds_the_account_whatever_the_case(client, nominator, mail_links):
    forgot(client, "Nominator@EXAMPLE.org")
    assert len(mail_links(nominator.email)) == 1


def test_forgot_form_sends_nothing_for_an_unknown_address(client, outbox):
    forgot(client, "nobody@example.org")
    assert outbox() == []


def test_forgot_form_sends_nothing_to_a_deactivated_account(client, make_user, outbox):
    user = make_user("nominator", active=False)
    forgot(client, user.email)
    assert outbox() == []


def test_reset_link_shows_the_form(client, reset_path):
    response = client.get(reset_path)
    assert response.status_code == 200
    assert 'name="password_again"' in response.get_data(as_text=True)


def test_reset_link_sets_the_new_password(client, nominator, reset_path):
    response = choose(client, reset_path)
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    assert services.authenticate(nominator.email, STRONG_PASSWORD).id == nominator.id


def test_old_password_no_longer_works_after_a_reset(client, nominator, reset_path):
    choose(client, reset_path)
    with pytest.raises(services.AccountError):
        services.authenticate(nominator.email, PASSWORD)


def test_reset_link_works_only_once(client, nominator, reset_path, flashes):
    choose(client, reset_path)
    response = client.get(reset_path)
    assert response.status_code == 302
    assert response.headers["Location"] == "/password/forgot"
    assert [kind for kind, _m in flashes(client)][-1] == "error"


def test_second_use_of_the_link_does_not_change_the_password(client, nominator, reset_path):
    choose(client, reset_path)
    choose(client, reset_path, OTHER_STRONG_PASSWORD)
    assert services.authenticate(nominator.email, STRONG_PASSWORD).id == nominator.id


def test_weak_new_password_is_refused_and_the_link_stays_usable(client, nominator, reset_path):
    response = choose(client, reset_path, "1234567890")
    assert response.status_code == 200
    assert 'id="password-error"' in response.get_data(as_text=True)
    assert choose(client, reset_path).status_code == 302


def test_mismatched_new_passwords_are_refused(client, nominator, reset_path):
    response = choose(client, reset_path, STRONG_PASSWORD, OTHER_STRONG_PASSWORD)
    assert 'id="password_again-error"' in response.get_data(as_text=True)
    services.authenticate(nominator.email, PASSWORD)


def test_tampered_reset_link_is_refused(client, reset_path, flashes):
    response = client.get(reset_path[:-3] + ("aaa" if not reset_path.endswith("aaa") else "bbb"))
    assert response.headers["Location"] == "/password/forgot"
    assert [kind for kind, _m in flashes(client)][-1] == "error"


def test_expired_reset_link_is_refused(client, reset_path, monkeypatch):
    monkeypatch.setattr(tokens, "RESET_MAX_AGE", -1)
    response = client.get(reset_path)
    assert response.headers["Location"] == "/password/forgot"


def test_confirmation_token_is_not_a_reset_token(client, nominator):
    token = tokens.make_token(tokens.CONFIRM_SALT, {
        "uid": nominator.id, "pw": tokens.password_fingerprint(nominator.password_hash)})
    assert client.get(f"/password/reset/{token}").headers["Location"] == "/password/forgot"


def test_reset_unlocks_a_locked_account(app, client, nominator, reset_path):
    nominator.locked_until = utcnow() + timedelta(minutes=15)
    db.session.commit()
    choose(client, reset_path)
    assert nominator.locked_until is None


def test_reset_confirms_the_address_it_was_mailed_to(client, make_user, last_link):
    user = make_user("nominator", confirmed=False)
    forgot(client, user.email)
    choose(client, last_link(user.email))
    assert user.email_confirmed_at is not None


def test_reset_is_recorded_in_the_audit_log(client, nominator, reset_path, audit_events):
    choose(client, reset_path)
    assert [e.actor_id for e in audit_events("user.password_reset")] == [nominator.id]


def test_reset_ends_sessions_opened_before_it(client, nominator, reset_path, signed_in):
    browser = signed_in(nominator)
    choose(client, reset_path)
    assert not is_signed_in(browser)


def test_password_change_ends_sessions_opened_before_it(app, nominator, signed_in):
    browser = signed_in(nominator)
    services.change_password(nominator, PASSWORD, STRONG_PASSWORD)
    response = browser.get("/profile")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_session_opened_after_a_password_change_works(app, nominator, signed_in):
    services.change_password(nominator, PASSWORD, STRONG_PASSWORD)
    assert is_signed_in(signed_in(nominator, STRONG_PASSWORD))
