"""Signing in: generic refusals, lockout after repeated failures, rate limit, deactivated accounts."""
from __future__ import annotations

from datetime import timedelta

import pytest
from flask_babel import force_locale, gettext
from markupsafe import escape

from app.accounts import services
from app.db_types import utcnow
from tests.accounts.helpers import PASSWORD, alerts, is_signed_in


def post_login(client, email, password, **extra):
    return client.post("/login", data={"email": email, "password": password, **extra})


@pytest.fixture
def threshold(app):
    """A low lockout threshold keeps these tests fast; each failure costs a scrypt check."""
    app.config["LOGIN_LOCKOUT_THRESHOLD"] = 2
    return 2


def test_right_password_signs_in(client, nominator):
    response = post_login(client, nominator.email, PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert is_signed_in(client)


def test_login_records_the_time_and_an_audit_event(client, nominator, audit_events):
    post_login(client, nominator.email, PASSWORD)
    assert nominator.last_login_at is not None
    assert [e.actor_id for e in audit_events("user.login")] == [nominator.id]


def test_email_is_matched_whatever_its_case(client, nominator):
    response = post_login(client, "NOMINATOR@Example.ORG", PASSWORD)
    assert response.status_code == 302


def test_login_goes_to_the_next_page(client, nominator):
    response = client.post("/login?next=/profile", data={"email": nominator.email, "password": PASSWORD})
    assert response.headers["Location"] == "/profile"


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/x", "javascript:alert(1)"])
def test_login_ignores_a_next_page_on_another_site(client, nominator, target):
    response = client.post("/login", query_string={"next": target},
                           data={"email": nominator.email, "password": PASSWORD})
    assert response.headers["Location"] == "/"


def test_anonymous_visitor_is_sent_to_login_with_the_page_to_return_to(client):
    response = client.get("/profile")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=%2Fprofile"


def test_wrong_password_is_refused(client, nominator):
    response = post_login(client, nominator.email, "not the password at all")
    assert response.status_code == 200
    assert not is_signed_in(client)


def test_wrong_password_shows_an_error(client, nominator):
    response = post_login(client, nominator.email, "not the password at all")
    assert [kind for kind, _text in alerts(response)] == ["danger"]


def test_unknown_email_gets_the_same_message_as_a_wrong_password(client, nominator):
    wrong_password = alerts(post_login(client, nominator.email, "not the password at all"))
    unknown_email = alerts(post_login(client, "nobody@example.org", "not the password at all"))
    assert len(unknown_email) == 1
    assert wrong_password == unknown_email


def test_typed_email_is_kept_after_a_refusal(client, nominator):
    html = post_login(client, nominator.email, "not the password at all").get_data(as_text=True)
    assert f'value="{nominator.email}"' in html
    assert "not the password at all" not in html


def test_signed_in_user_visiting_login_is_sent_on(client, nominator, login):
    login(nominator)
    response = client.get("/login")
    assert response.status_code == 302


def test_deactivated_account_is_refused_even_with_the_right_password(client, make_user):
    user = make_user("nominator", active=False)
    response = post_login(client, user.email, PASSWORD)
    assert response.status_code == 200
    assert [kind for kind, _text in alerts(response)] == ["danger"]
    assert not is_signed_in(client)


# -- lockout -----------------------------------------------------------------------------------

def _fail(client, user, times):
    for _ in range(times):
        assert post_login(client, user.email, "not the password at all").status_code == 200


def test_failures_below_the_threshold_do_not_lock(client, nominator, threshold):
    _fail(client, nominator, threshold - 1)
    assert nominator.locked_until is None
    assert post_login(client, nominator.email, PASSWORD).status_code == 302


def test_successful_login_resets_the_failure_count(client, nominator, threshold):
    _fail(client, nominator, threshold - 1)
    post_login(client, nominator.email, PASSWORD)
    assert nominator.failed_logins == 0


def test_default_threshold_of_failures_locks_the_account(app, client, nominator, audit_events):
    assert app.config["LOGIN_LOCKOUT_THRESHOLD"] == 5
    _fail(client, nominator, app.config["LOGIN_LOCKOUT_THRESHOLD"])
    assert nominator.locked_until is not None
    assert nominator.locked_until > utcnow()
    assert len(audit_events("user.locked")) == 1


def test_locked_account_refuses_even_the_right_password(client, nominator, threshold):
    _fail(client, nominator, threshold)
    response = post_login(client, nominator.email, PASSWORD)
    assert response.status_code == 200
    assert not is_signed_in(client)


def test_lockout_message_differs_from_the_generic_refusal(client, nominator, threshold):
    _fail(client, nominator, threshold)
    locked = alerts(post_login(client, nominator.email, PASSWORD))
    generic = alerts(post_login(client, "nobody@example.org", PASSWORD))
    assert [kind for kind, _text in locked] == ["danger"]
    assert locked != generic


def test_lock_lasts_the_configured_minutes(app, nominator, threshold):
    start = utcnow()
    for _ in range(threshold):
        with pytest.raises(services.AccountError):
            services.authenticate(nominator.email, "not the password at all", now=start)
    assert nominator.locked_until == start + timedelta(minutes=app.config["LOGIN_LOCKOUT_MINUTES"])


def test_lock_refuses_the_right_password_until_it_expires(app, nominator, threshold):
    start = utcnow()
    minutes = app.config["LOGIN_LOCKOUT_MINUTES"]
    for _ in range(threshold):
        with pytest.raises(services.AccountError):
            services.authenticate(nominator.email, "not the password at all", now=start)
    with pytest.raises(services.AccountError):
        services.authenticate(nominator.email, PASSWORD, now=start + timedelta(minutes=minutes - 1))
    user = services.authenticate(nominator.email, PASSWORD, now=start + timedelta(minutes=minutes + 1))
    assert user.id == nominator.id
    assert user.locked_until is None


def test_failures_on_another_account_do_not_lock_this_one(client, nominator, juror, threshold):
    _fail(client, juror, threshold)
    assert post_login(client, nominator.email, PASSWORD).status_code == 302


def test_unknown_emails_never_create_accounts(client, user_count, threshold):
    for _ in range(threshold):
        post_login(client, "nobody@example.org", "whatever password")
    assert user_count() == 0


# -- rate limit --------------------------------------------------------------------------------

def test_too_many_login_posts_get_429(app, client, nominator):
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    codes = [post_login(client, nominator.email, "not the password at all").status_code
             for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_rate_limited_request_gets_the_friendly_page(app, client, nominator):
    app.config["LOGIN_RATE_LIMIT"] = "1 per minute"
    post_login(client, nominator.email, "not the password at all")
    response = post_login(client, nominator.email, PASSWORD)
    html = response.get_data(as_text=True)
    with app.test_request_context(), force_locale("es"):
        title = str(escape(gettext("Too many attempts")))
    assert response.status_code == 429
    assert response.mimetype == "text/html"
    assert f'<h1 class="h3">{title}</h1>' in html
    assert not is_signed_in(client)


def test_rate_limit_does_not_apply_to_showing_the_form(app, client):
    app.config["LOGIN_RATE_LIMIT"] = "1 per minute"
    assert [client.get("/login").status_code for _ in range(3)] == [200, 200, 200]


def test_forgot_password_form_is_rate_limited_too(app, client):
    app.config["LOGIN_RATE_LIMIT"] = "2 per minute"
    codes = [client.post("/password/forgot", data={"email": "x@example.org"}).status_code
             for _ in range(3)]
    assert codes == [302, 302, 429]
