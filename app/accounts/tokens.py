"""Signed, expiring tokens for email confirmation and password reset."""
from __future__ import annotations

import hashlib
import secrets

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

CONFIRM_SALT = "email-confirm"
RESET_SALT = "password-reset"
CONFIRM_MAX_AGE = 7 * 24 * 3600
RESET_MAX_AGE = 2 * 3600


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def make_token(salt: str, payload: dict) -> str:
    return _serializer(salt).dumps(payload)


def read_token(salt: str, token: str, max_age: int) -> dict | None:
    """The payload, or None when the token is forged, altered or expired."""
    try:
        return _serializer(salt).loads(token, max_age=max_age)
    except (SignatureExpired, BadSignature):
        return None


def password_fingerprint(password_hash: str) -> str:
    """Ties a reset token to the current password so it works only once."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


def new_invitation_token() -> tuple[str, str]:
    """A random token for the link and its SHA-256 for the database."""
    token = secrets.token_urlsafe(32)
    return token, hash_invitation_token(token)


def hash_invitation_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
