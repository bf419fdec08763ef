"""Probes for the process manager and the load balancer.

/healthz is liveness: the process answers requests. It touches nothing else, so an outage of the
database never makes an orchestrator restart every web process in a loop. /readyz is readiness:
this instance can serve (database, storage, certificate queue, Redis when configured).
"""
from __future__ import annotations

from flask import Blueprint, jsonify

from app.ops import checks

bp = Blueprint("ops", __name__)


@bp.get("/healthz")
def healthz():
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz():
    ready, results = checks.run_all()
    response = jsonify(status="ok" if ready else "error", checks=results)
    response.headers["Cache-Control"] = "no-store"
    return response, 200 if ready else 503
