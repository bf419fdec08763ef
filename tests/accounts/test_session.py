"""Session cookies, logout, and CSRF protection of the account forms."""
from __future__ import annotations

import re

import pytest
from flask_babel import force_locale, gettext
from markupsafe import escape

from app import create_app
from app.extensions import db
from tests.accounts.helpers import PASSWORD, is_signed_in


def _cookie(response, name: str) -> str:
    headers = [h for h in response.headers.getlist("Set-Cookie") if h.startswith(f"{name}=")]
    assert headers, f"no {name} cookie set"
    return headers[-1]


def _flags(header: str) -> set[str]:
    return {part.strip().lower() for part in header.split(";")[1:]}


def test_session_cookie_is_httponly(nominator, login):
    assert "httponly" in _flags(_cookie(login(nominator), "session"))


def test_session_cookie_is_samesite_lax(nominator, login):
    assert "samesite=lax" in _flags(_cookie(login(nominator), "session"))


def test_session_cookie_is_not_secure_in_development(app, nominator, login):
    assert app.config["APP_ENV"] == "development"
    assert "secure" not in _flags(_cookie(login(nominator), "session"))


def test_remember_me_cookie_is_httponly_and_samesite_lax(client, nominator):
    response = client.post("/login", data={"email": nominator.email, "password": PASSWORD,
                                           "remember": "y"})
    flags = _flags(_cookie(response, "remember_token"))
    assert {"httponly", "samesite=lax"} <= flags


@pytest.fixture
def production_app(app, monkeypatch):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "a-production-grade-secret-of-forty-characters")
    monkeypatch.delenv("SESSION_COOKIE_SECURE", raising=False)
    production = create_app({key: app.config[key] for key in (
        "TESTING", "SQLALCHEMY_DATABASE_URI", "WTF_CSRF_ENABLED", "MAIL_SERVER", "MAIL_OUTBOX_DIR",
        "STORAGE_DIR", "SERVER_NAME_FOR_MAIL")})
    yield production
    with production.app_context():
        db.engine.dispose()


def test_production_config_makes_session_cookies_secure(production_app):
    assert production_app.config["SESSION_COOKIE_SECURE"] is True
    assert production_app.config["REMEMBER_COOKIE_SECURE"] is True


def test_production_session_cookie_is_sent_with_the_secure_flag(production_app, nominator):
    response = production_app.test_client().post(
        "/login", data={"email": nominator.email, "password": PASSWORD})
    assert response.status_code == 302
    assert {"secure", "httponly", "samesite=lax"} <= _flags(_cookie(response, "session"))


# -- logout ------------------------------------------------------------------------------------

def test_logout_by_get_is_not_allowed(client, nominator, login):
    login(nominator)
    assert client.get("/logout").status_code == 405
    assert is_signed_in(client)


def test_logout_ends_the_session(client, nominator, login):
    login(nominator)
    response = client.post("/logout")
    assert response.status_code == 302
    assert not is_signed_in(client)


def test_logout_in_one_browser_keeps_the_other_signed_in(client, nominator, login, signed_in):
    other = signed_in(nominator)
    login(nominator)
    client.post("/logout")
    assert is_signed_in(other)


# -- CSRF --------------------------------------------------------------------------------------

@pytest.fixture
def csrf(app):
    app.config["WTF_CSRF_ENABLED"] = True


def _csrf_token(client, path: str) -> str:
    html = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def test_login_post_without_csrf_token_is_refused(csrf, client, nominator):
    response = client.post("/login", data={"email": nominator.email, "password": PASSWORD})
    assert response.status_code == 400
    assert not is_signed_in(client)


def test_csrf_refusal_shows_the_friendly_expired_page(app, csrf, client, nominator):
    response = client.post("/login", data={"email": nominator.email, "password": PASSWORD})
    with app.test_request_context(), force_locale("es"):
        title = str(escape(gettext("Form expired")))
    assert response.mimetype == "text/html"
    assert f'<h1 class="h3">{title}</h1>' in response.get_data(as_text=True)


def test_login_post_with_the_form_token_is_accepted(csrf, client, nominator):
    token = _csrf_token(client, "/login")
    response = client.post("/login", data={"email": nominator.email, "password": PASSWORD,
                                           "csrf_token": token})
    assert response.status_code == 302


def test_logout_without_csrf_token_is_refused(app, client, nominator, login):
    login(nominator)
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post("/logout").status_code == 400
    assert is_signed_in(client)
