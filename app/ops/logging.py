"""Logs with a request id: plain text by default, one JSON object per line with LOG_FORMAT=json.

Each request gets an id (the caller's X-Request-ID when it is a sane token, so a proxy's id follows
the request through; else a new one), echoed in the response's X-Request-ID header and attached
to every record logged while it runs; one record per request gives its method, path, status,
duration and user.
"""
from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import datetime, timezone

from flask import Flask, g, has_request_context, request
from sqlalchemy import inspect

HEADER = "X-Request-ID"
_SANE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
REQUEST_FIELDS = ("request_id", "method", "path", "user_id")
RESPONSE_FIELDS = ("status", "duration_ms")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"

requests_log = logging.getLogger("app.requests")


def request_id_from(header: str | None) -> str:
    """The caller's id if it is a short token of safe characters (it ends up in logs and
    headers), else a fresh one."""
    if header and _SANE_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


class RequestContextFilter(logging.Filter):
    """Gives every record the current request's id, method, path and user ("-"/None outside a
    request), so any formatter can print them."""

    def filter(self, record: logging.LogRecord) -> bool:
        if has_request_context() and "request_id" in g:
            values = {"request_id": g.request_id, "method": request.method, "path": request.path,
                      "user_id": _user_id()}
        else:
            values = {"request_id": "-", "method": None, "path": None, "user_id": None}
        for name, value in values.items():
            if not hasattr(record, name):
                setattr(record, name, value)
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(
                timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in REQUEST_FIELDS + RESPONSE_FIELDS:
            value = getattr(record, name, None)
            if value is not None and value != "-":
                entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def make_handler(log_format: str, stream=None) -> logging.Handler:
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT))
    handler.addFilter(RequestContextFilter())
    return handler


def init_app(app: Flask) -> None:
    app.before_request(_start)
    app.after_request(_finish)
    if not app.debug and not app.testing:
        _configure_root(app.config.get("LOG_FORMAT", "text"))


def _configure_root(log_format: str) -> None:
    """One handler of ours on the root logger (replacing one from an earlier app)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_awards", False):
            root.removeHandler(handler)
    handler = make_handler(log_format)
    handler._awards = True
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    logging.getLogger("weasyprint").setLevel(logging.WARNING)  # its INFO is per-page progress


def _start() -> None:
    g.request_id = request_id_from(request.headers.get(HEADER))
    g.request_started = time.perf_counter()


def _finish(response):
    request_id = g.get("request_id")
    if request_id is None:  # a response made before our before_request ran
        return response
    response.headers[HEADER] = request_id
    duration = (time.perf_counter() - g.request_started) * 1000
    requests_log.info("%s %s %s", request.method, request.path, response.status_code,
                      extra={"status": response.status_code, "duration_ms": round(duration, 1)})
    return response


def _user_id() -> int | None:
    """The signed-in user's id if Flask-Login already loaded them: logging never loads a user."""
    user = g.get("_login_user")
    state = inspect(user, raiseerr=False) if user is not None else None
    if state is None or state.identity is None:  # anonymous, or not a stored account
        return None
    return state.identity[0]  # read from the identity map: an expired user is not reloaded
