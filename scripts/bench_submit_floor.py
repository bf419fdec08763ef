"""The second yardstick of scripts/bench-judging-submit: the application itself, plus one endpoint
that does what every save must do before its own work (sign the juror in from the session cookie,
check the CSRF header, go through every request hook: request id and log, rate limiter, freeze
guard, security headers) and then answers without reading or writing anything.

Its throughput bounds any save's from above: the gap between it and the bare endpoint is the cost
of sign-in and CSRF alone. Served by gunicorn exactly as the application is
(`bench_submit_floor:create_app()` with `--pythonpath scripts`).
"""
from __future__ import annotations

from flask import Flask, jsonify
from flask_login import login_required

from app import create_app as create_application
from app.extensions import csrf

FLOOR_PATH = "/bench/floor"


def create_app() -> Flask:
    app = create_application()

    @app.post(FLOOR_PATH)
    @csrf.exempt  # checked below, after the session, as the scoring autosave does
    @login_required
    def floor():
        csrf.protect()
        return jsonify(ok=True)

    return app
