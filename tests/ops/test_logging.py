"""Request ids and structured logs."""
from __future__ import annotations

import io
import json
import logging
import re

import pytest
from flask import Blueprint

from app import create_app
from app.ops.logging import make_handler, request_id_from


@pytest.fixture
def log_lines():
    """What the application logs while the test runs, through a handler in the given format."""
    logger, handlers = logging.getLogger("app"), []
    level = logger.level

    def capture(log_format: str):
        stream = io.StringIO()
        handler = make_handler(log_format, stream)
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        handlers.append(handler)
        return lambda: stream.getvalue().splitlines()
    yield capture
    for handler in handlers:
        logger.removeHandler(handler)
    logger.setLevel(level)


def test_a_sane_request_id_from_the_caller_is_echoed(client):
    response = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a.42:1"})
    assert response.headers["X-Request-ID"] == "lb-7f3a.42:1"


@pytest.mark.parametrize("header", [None, "", "two words", "x" * 200, "<script>", "ñandú"])
def test_a_missing_or_odd_request_id_is_replaced_by_a_new_one(header):
    assert re.fullmatch(r"[0-9a-f]{32}", request_id_from(header))


def test_each_request_gets_its_own_id(client):
    first = client.get("/healthz").headers["X-Request-ID"]
    second = client.get("/healthz").headers["X-Request-ID"]
    assert first != second


def test_a_json_log_line_describes_the_request_with_its_id(client, log_lines, organiser, sign_in):
    lines = log_lines("json")
    sign_in(organiser)
    client.get("/", headers={"X-Request-ID": "req-123"})
    entries = [json.loads(line) for line in lines()]
    request_line = next(e for e in entries if e["logger"] == "app.requests")
    assert request_line["request_id"] == "req-123"
    assert (request_line["method"], request_line["path"], request_line["status"]) == ("GET", "/", 200)
    assert request_line["user_id"] == organiser.id
    assert request_line["level"] == "INFO" and request_line["time"].endswith("+00:00")
    assert isinstance(request_line["duration_ms"], float)


def test_anything_logged_during_a_request_carries_its_id(database_url, log_lines):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url})
    noisy = Blueprint("noisy", __name__)

    @noisy.get("/noisy")
    def shout():
        logging.getLogger("app.somewhere").warning("something odd")
        return "ok"

    app.register_blueprint(noisy)
    lines = log_lines("json")
    app.test_client().get("/noisy", headers={"X-Request-ID": "abc"})
    warning = next(json.loads(line) for line in lines() if "something odd" in line)
    assert (warning["request_id"], warning["level"], warning["path"]) == ("abc", "WARNING", "/noisy")


def test_plain_text_is_the_default_and_shows_the_request_id(client, log_lines, tmp_path,
                                                            monkeypatch):
    from app.config import load_config
    monkeypatch.delenv("LOG_FORMAT", raising=False)
    assert load_config(tmp_path)["LOG_FORMAT"] == "text"
    lines = log_lines("text")
    client.get("/healthz", headers={"X-Request-ID": "plain-1"})
    assert any("INFO app.requests [plain-1] GET /healthz 200" in line for line in lines())
