"""Configuration read from the environment, with defaults that are safe for a laptop."""
from __future__ import annotations

import os
import secrets
from pathlib import Path


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key(instance_path: Path) -> str:
    """Use SECRET_KEY, or a key generated once into instance/ so sessions survive restarts."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    return key_file.read_text().strip()


def _database_url(instance_path: Path) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        return f"sqlite:///{instance_path / 'awards.db'}"
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url[len("postgres://"):]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def load_config(instance_path: Path) -> dict:
    """Build the Flask config from environment variables."""
    env = os.environ.get
    production = env("APP_ENV", "development") == "production"
    redis_url = env("REDIS_URL", "")
    return {
        "APP_ENV": "production" if production else "development",
        # production never generates one: several servers must share it (app/ops/security.py
        # refuses to start without a strong one)
        "SECRET_KEY": env("SECRET_KEY", "") if production else _secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": _database_url(instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "STORAGE_DIR": env("STORAGE_DIR", str(instance_path / "storage")),
        "MAIL_SERVER": env("MAIL_SERVER", ""),
        "MAIL_PORT": int(env("MAIL_PORT", "25")),
        "MAIL_USE_TLS": _bool(env("MAIL_USE_TLS")),
        "MAIL_USE_SSL": _bool(env("MAIL_USE_SSL")),
        "MAIL_USERNAME": env("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": env("MAIL_PASSWORD", ""),
        "MAIL_DEFAULT_SENDER": env("MAIL_DEFAULT_SENDER", "Premios Safe City <no-reply@localhost>"),
        "MAIL_OUTBOX_DIR": env("MAIL_OUTBOX_DIR", str(instance_path / "outbox")),
        "MAIL_MAX_ATTEMPTS": int(env("MAIL_MAX_ATTEMPTS", "3")),
        "MAIL_RETRY_DELAY": float(env("MAIL_RETRY_DELAY", "2")),
        "MAIL_TIMEOUT": float(env("MAIL_TIMEOUT", "10")),
        "REDIS_URL": redis_url,
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        "LOGIN_RATE_LIMIT": env("LOGIN_RATE_LIMIT", "10 per minute"),
        "LOGIN_LOCKOUT_THRESHOLD": int(env("LOGIN_LOCKOUT_THRESHOLD", "5")),
        "LOGIN_LOCKOUT_MINUTES": int(env("LOGIN_LOCKOUT_MINUTES", "15")),
        "INVITATION_DAYS": int(env("INVITATION_DAYS", "14")),
        # the largest request body read (bytes); larger ones get a 413 page before any route runs
        # (the perception import raises it for its own uploads)
        "MAX_CONTENT_LENGTH": int(env("MAX_CONTENT_LENGTH", str(25 * 1024 * 1024))),
        # receipts of submitted nominations are drawn by a background thread, not in the request
        "RECEIPTS_IN_BACKGROUND": _bool(env("RECEIPTS_IN_BACKGROUND", "1")),
        "CERTIFICATE_PROCESSES": int(env("CERTIFICATE_PROCESSES", "0")) or None,
        "CERTIFICATE_JOB_STALE_SECONDS": int(env("CERTIFICATE_JOB_STALE_SECONDS", "60")),
        "CERTIFICATE_CHECK_RATE_LIMIT": env("CERTIFICATE_CHECK_RATE_LIMIT", "60 per minute"),
        "BABEL_DEFAULT_LOCALE": env("BABEL_DEFAULT_LOCALE", "es"),
        "BABEL_DEFAULT_TIMEZONE": "UTC",
        "DEFAULT_TIMEZONE": env("DEFAULT_TIMEZONE", "America/Lima"),
        "LANGUAGES": ["es", "en"],
        "BOOTSTRAP_SERVE_LOCAL": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _bool(env("SESSION_COOKIE_SECURE"), production),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": _bool(env("SESSION_COOKIE_SECURE"), production),
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        "SERVER_NAME_FOR_MAIL": env("PUBLIC_BASE_URL", ""),
        "WTF_CSRF_TIME_LIMIT": None,
        "TRUST_PROXY": int(env("TRUST_PROXY", "0")),
        "LOG_FORMAT": "json" if env("LOG_FORMAT", "").strip().lower() == "json" else "text",
    }
