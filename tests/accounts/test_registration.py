"""Public sign-up: a nominator account, a confirmation mail, and forms that keep what was typed."""
from __future__ import annotations

import re

import pytest

from app.accounts import services
from tests.accounts.helpers import STRONG_PASSWORD, is_signed_in

FORM = {"name": "Ana Pérez", "email": "Ana.Perez@Example.ORG", "password": STRONG_PASSWORD,
        "password_again": STRONG_PASSWORD, "locale": "en"}


def register(client, **changes):
    return client.post("/register", data={**FORM, **changes})


def test_registration_redirects_home(client):
    response = register(client)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_registration_stores_the_email_in_lower_case(client):
    register(client)
    user = services.find_user_by_email("ana.perez@example.org")
    assert user is not None
    assert user.email == "ana.perez@example.org"


def test_registration_hashes_the_password_with_scrypt(client):
    register(client)
    user = services.find_user_by_email("ana.perez@example.org")
    assert user.password_hash.startswith("scrypt:")
    assert STRONG_PASSWORD not in user.password_hash


def test_registration_creates_a_nominator_only(client):
    register(client)
    user = services.find_user_by_email("ana.perez@example.org")
    assert user.role_names == {"nominator"}


def test_registration_keeps_name_and_language(client):
    register(client)
    user = services.find_user_by_email("ana.perez@example.org")
    assert (user.name, user.locale) == ("Ana Pérez", "en")


def test_registration_leaves_the_address_unconfirmed(client):
    register(client)
    assert services.find_user_by_email("ana.perez@example.org").email_confirmed_at is None


def test_registration_signs_the_new_user_in(client):
    register(client)
    assert is_signed_in(client)


def test_registration_writes_a_confirmation_mail_to_the_outbox(client, outbox, mail_links):
    register(client)
    messages = outbox()
    assert [m["To"] for m in messages] == ["ana.perez@example.org"]
    assert mail_links("ana.perez@example.org")[0].startswith("/confirm/")


def test_the_mailed_link_confirms_the_address(client, last_link, audit_events):
    register(client)
    response = client.get(last_link("ana.perez@example.org"))
    assert response.status_code == 302
    assert services.find_user_by_email("ana.perez@example.org").email_confirmed_at is not None
    assert len(audit_events("user.email_confirmed")) == 1


def test_the_mailed_link_works_for_a_visitor_who_is_not_signed_in(client, app, last_link):
    register(client)
    response = app.test_client().get(last_link("ana.perez@example.org"))
    assert response.status_code == 302
    assert services.find_user_by_email("ana.perez@example.org").email_confirmed_at is not None


def test_registration_writes_an_audit_event(client, audit_events):
    register(client)
    events = audit_events("user.created")
    assert len(events) == 1
    assert events[0].summary == {"email": "ana.perez@example.org", "roles": ["nominator"]}


def test_duplicate_email_is_refused_whatever_its_case(client, make_user, user_count):
    make_user("juror", email="ana.perez@example.org")
    response = register(client, name="Otra Persona")
    assert response.status_code == 200
    assert user_count() == 1


def test_duplicate_email_error_is_shown_on_the_email_field(client, make_user):
    make_user("juror", email="ana.perez@example.org")
    html = register(client, name="Otra Persona").get_data(as_text=True)
    assert 'id="email-error"' in html
    assert re.search(r'<input[^>]*aria-invalid="true"[^>]*id="email"|<input[^>]*id="email"[^>]*aria-invalid="true"', html)


def test_duplicate_email_form_keeps_the_typed_name(client, make_user):
    make_user("juror", email="ana.perez@example.org")
    html = register(client, name="Otra Persona").get_data(as_text=True)
    assert 'value="Otra Persona"' in html


def test_duplicate_email_sends_no_mail(client, make_user, outbox):
    make_user("juror", email="ana.perez@example.org")
    register(client)
    assert outbox() == []


@pytest.mark.parametrize("password", ["1234567890", "short", "aaaaaaaaaaaaaaa", "ana.perez-2026!"])
def test_weak_password_is_refused(client, user_count, password):
    html = register(client, password=password, password_again=password).get_data(as_text=True)
    assert 'id="password-error"' in html
    assert user_count() == 0


def test_mismatched_passwords_are_refused(client, user_count):
    html = register(client, password_again=STRONG_PASSWORD + "!").get_data(as_text=True)
    assert 'id="password_again-error"' in html
    assert user_count() == 0


def test_invalid_email_is_refused(client, user_count):
    html = register(client, email="not-an-address").get_data(as_text=True)
    assert 'id="email-error"' in html
    assert user_count() == 0


def test_refused_form_keeps_what_was_typed(client):
    html = register(client, password_again="different words here").get_data(as_text=True)
    assert 'value="Ana Pérez"' in html
    assert 'value="Ana.Perez@Example.ORG"' in html
    assert re.search(r'<option selected value="en">', html)


def test_refused_form_does_not_echo_the_password(client):
    html = register(client, password_again="different words here").get_data(as_text=True)
    assert STRONG_PASSWORD not in html


def test_signed_in_user_visiting_the_form_is_sent_home(client, nominator, login):
    login(nominator)
    response = client.get("/register")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
