"""What readiness means: each dependency answers, or says why not.

Every check returns a plain dict with a `status`: "ok"; "error" (this instance cannot serve, so
/readyz answers 503); "warning" (worth a look, but every instance would report it alike, so taking
this one out of the load balancer would not help: a certificate run that stopped sending
heartbeats is resumed by the next run); "skipped" (not configured). Details never carry an
exception's text, which may hold addresses or credentials: the log gets that.
"""
from __future__ import annotations

import logging
import os
import tempfile
import time
from pathlib import Path
from typing import Callable

from flask import current_app
from sqlalchemy import select, text

from app.extensions import db

log = logging.getLogger(__name__)

OK, WARNING, ERROR, SKIPPED = "ok", "warning", "error", "skipped"


def database() -> dict:
    db.session.execute(text("SELECT 1"))
    return {"status": OK}


def storage() -> dict:
    """STORAGE_DIR accepts a new file: write, flush to disk and delete a probe."""
    root = Path(current_app.config["STORAGE_DIR"])
    root.mkdir(parents=True, exist_ok=True)
    fd, probe = tempfile.mkstemp(dir=root, prefix=".tmp-readyz-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(b"ready")
            fh.flush()
            os.fsync(fh.fileno())
    finally:
        Path(probe).unlink(missing_ok=True)
    return {"status": OK}


def queue() -> dict:
    """The certificate runs live in the database: count the running ones, and the stale ones
    (running without a recent heartbeat: their runner died)."""
    from app.certificates.jobs import is_stale
    from app.certificates.models import CertificateJob, JobStatus

    running = list(db.session.scalars(
        select(CertificateJob).where(CertificateJob.status == JobStatus.RUNNING.value)))
    stale = [job.id for job in running if is_stale(job)]
    result = {"status": WARNING if stale else OK, "running": len(running) - len(stale),
              "stale": len(stale)}
    if stale:
        result["stale_job_ids"] = stale
    return result


def redis() -> dict:
    url = current_app.config.get("REDIS_URL")
    if not url:
        return {"status": SKIPPED}
    from redis import Redis

    client = Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
    try:
        client.ping()
    finally:
        client.close()
    return {"status": OK}


CHECKS: dict[str, Callable[[], dict]] = {
    "database": database, "storage": storage, "queue": queue, "redis": redis}


def run_all() -> tuple[bool, dict[str, dict]]:
    """(ready, per-component results); a check that raises is an error of its component."""
    results = {}
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            result = check()
        except Exception as error:  # a failing dependency is reported, never raised
            log.warning("readiness check %s failed: %s: %s", name, type(error).__name__, error)
            db.session.rollback()
            result = {"status": ERROR, "error": type(error).__name__}
        result["ms"] = round((time.perf_counter() - started) * 1000, 1)
        results[name] = result
    return all(r["status"] != ERROR for r in results.values()), results
