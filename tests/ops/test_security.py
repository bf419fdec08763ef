"""Security headers, the trusted proxy, cookies and the production secret."""
from __future__ import annotations

from pathlib import Path

import pytest
from flask import Blueprint, Response, request

from app import create_app
from app.config import load_config
from app.ops.security import (CONTENT_SECURITY_POLICY, HSTS, InsecureConfiguration,
                              same_origin_frames)

STRONG_SECRET = "4f1c9a7e2b8d6035f1e4a9c7b2d8e6f0"


def test_every_response_carries_the_security_headers(client):
    headers = client.get("/").headers
    assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert "camera=()" in headers["Permissions-Policy"]


def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/").headers
    secure = client.get("/", base_url="https://awards.test")
    assert secure.headers["Strict-Transport-Security"] == HSTS


def test_a_forwarded_proto_header_is_ignored_unless_the_proxy_is_trusted(client):
    response = client.get("/healthz", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in response.headers


def test_behind_a_trusted_proxy_its_scheme_and_client_address_count(database_url):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "TRUST_PROXY": 1})
    seen = {}
    probe = Blueprint("probe", __name__)

    @probe.get("/probe")
    def show():
        seen.update(address=request.remote_addr, secure=request.is_secure)
        return "ok"

    app.register_blueprint(probe)
    response = app.test_client().get("/probe", headers={"X-Forwarded-Proto": "https",
                                                        "X-Forwarded-For": "203.0.113.9"})
    assert seen == {"address": "203.0.113.9", "secure": True}
    assert response.headers["Strict-Transport-Security"] == HSTS


def _app_with_views(database_url) -> object:
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url})
    views = Blueprint("views", __name__)

    @views.get("/own-policy")
    def own_policy():
        return Response("x", headers={"Content-Security-Policy": "default-src 'none'; sandbox"})

    @views.get("/framed")
    @same_origin_frames
    def framed():
        return "framed"

    app.register_blueprint(views)
    return app


def test_a_policy_set_by_the_route_is_kept(database_url):
    response = _app_with_views(database_url).test_client().get("/own-policy")
    assert response.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_page_shown_in_our_own_frame_may_be_framed_by_our_pages_only(database_url):
    response = _app_with_views(database_url).test_client().get("/framed")
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in policy and "frame-ancestors 'none'" not in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"


def test_production_cookies_are_secure_http_only_and_same_site(tmp_path, monkeypatch):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.delenv("SESSION_COOKIE_SECURE", raising=False)
    config = load_config(Path(tmp_path))
    for prefix in ("SESSION", "REMEMBER"):
        assert config[f"{prefix}_COOKIE_SECURE"] is True
        assert config[f"{prefix}_COOKIE_HTTPONLY"] is True
        assert config[f"{prefix}_COOKIE_SAMESITE"] == "Lax"


def test_production_never_generates_a_secret_key(tmp_path, monkeypatch):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    assert load_config(Path(tmp_path))["SECRET_KEY"] == ""
    assert not (tmp_path / "secret_key").exists()


@pytest.mark.parametrize("secret, problem", [
    ("", "SECRET_KEY is not set"),
    ("change-me", "well-known default"),
    ("test-secret-key-not-for-production", "well-known default"),
    ("short-but-random-9f3a", "too short (21 characters)"),
])
def test_production_refuses_to_start_with_a_weak_secret(database_url, secret, problem):
    with pytest.raises(InsecureConfiguration) as refusal:
        create_app({"APP_ENV": "production", "SECRET_KEY": secret,
                    "SQLALCHEMY_DATABASE_URI": database_url})
    message = str(refusal.value)
    assert problem in message
    assert "APP_ENV=production" in message and "at least 32 characters" in message


def test_production_starts_with_a_strong_secret_and_development_with_any(database_url):
    assert create_app({"APP_ENV": "production", "SECRET_KEY": STRONG_SECRET, "TESTING": True,
                       "SQLALCHEMY_DATABASE_URI": database_url})
    assert create_app({"APP_ENV": "development", "SECRET_KEY": "dev", "TESTING": True,
                       "SQLALCHEMY_DATABASE_URI": database_url})
