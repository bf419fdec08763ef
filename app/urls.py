"""Absolute links for mail, from a request or, in the CLI, from PUBLIC_BASE_URL."""
from __future__ import annotations

from flask import current_app, has_request_context, url_for


def external_url(endpoint: str, **values) -> str:
    base = current_app.config.get("SERVER_NAME_FOR_MAIL") or ""
    if has_request_context() and not base:
        return url_for(endpoint, _external=True, **values)
    with current_app.test_request_context(base_url=base or "http://127.0.0.1:5000"):
        return url_for(endpoint, _external=True, **values)


def safe_redirect_target(target: str | None, default: str) -> str:
    """`target` when it is a path of this site, else `default`: browsers read `//host`, `/\\host`
    and control characters as another site, so those are refused (no open redirect)."""
    target = target or ""
    if (target.startswith("/") and not target.startswith(("//", "/\\"))
            and not any(ord(c) < 32 or c == "\\" for c in target)):
        return target
    return default
