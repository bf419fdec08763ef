"""Security headers on every response, the proxy we trust, and the production secret check.

The policy allows nothing inline: every script and style comes from /static (so templates carry
no <script> body, no on*= handler and no style= attribute; tests/ops/test_csp_pages.py checks
every page). A route may set any of these headers itself (attachments and the mail preview set
stricter ones); these are only the defaults.
"""
from __future__ import annotations

from functools import wraps

from flask import Flask, Response, make_response, request
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "img-src 'self' data:",
    "style-src 'self'",
    "script-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))

# The certificate preview is shown in a frame of the settings page: the same policy, framed by
# our own pages only. Its PDF is displayed by the browser's viewer, which `object-src 'none'` on
# the document itself may block, so that directive falls back to default-src 'self'.
SAME_ORIGIN_FRAME_POLICY = "; ".join(
    "frame-ancestors 'self'" if part.startswith("frame-ancestors") else part
    for part in CONTENT_SECURITY_POLICY.split("; ") if not part.startswith("object-src"))

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}
HSTS = "max-age=31536000; includeSubDomains"

MIN_SECRET_LENGTH = 32
KNOWN_DEFAULT_SECRETS = frozenset({
    "dev", "development", "secret", "secret-key", "secret_key", "changeme", "change-me",
    "change_me", "please-change-me", "test-secret-key-not-for-production", "…", "...",
})


class InsecureConfiguration(RuntimeError):
    """The application refuses to start in production with this configuration."""


def init_app(app: Flask) -> None:
    check_production_secret(app.config)
    proxies = int(app.config.get("TRUST_PROXY") or 0)
    if proxies:
        # X-Forwarded-For/-Proto/-Host/-Port from that many proxies in front of us; without this
        # the headers are ignored, so no client can claim HTTPS or another address.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies,
                                x_port=proxies)
    app.after_request(add_security_headers)


def add_security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    for name, value in HEADERS.items():
        headers.setdefault(name, value)
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def same_origin_frames(view):
    """For a view whose page our own pages show in a frame (nothing else may frame it)."""
    @wraps(view)
    def framed(*args, **kwargs):
        response = make_response(view(*args, **kwargs))
        response.headers["Content-Security-Policy"] = SAME_ORIGIN_FRAME_POLICY
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
        return response
    return framed


def check_production_secret(config) -> None:
    """In production, sessions and tokens signed with a missing, short or published key could be
    forged by anyone: refuse to start, and say how to fix it."""
    if config.get("APP_ENV") != "production":
        return
    secret = config.get("SECRET_KEY") or ""
    if not isinstance(secret, str):
        secret = secret.decode("utf-8", "replace")
    how = ("Set SECRET_KEY to a random value of at least %d characters, for example the output "
           "of: python3 -c 'import secrets; print(secrets.token_hex(32))'" % MIN_SECRET_LENGTH)
    if not secret.strip():
        problem = "SECRET_KEY is not set"
    elif secret.strip().lower() in KNOWN_DEFAULT_SECRETS:
        problem = "SECRET_KEY is a well-known default value"
    elif len(secret) < MIN_SECRET_LENGTH:
        problem = f"SECRET_KEY is too short ({len(secret)} characters)"
    else:
        return
    raise InsecureConfiguration(
        f"Refusing to start in production (APP_ENV=production): {problem}. {how}.")
