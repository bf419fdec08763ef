"""Liveness and readiness probes."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event

from app import create_app
from app.certificates.models import CertificateJob
from app.db_types import utcnow
from app.extensions import db


def test_liveness_answers_without_touching_the_database(app, client):
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        response = client.get("/healthz")
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert statements == []


def test_liveness_stays_up_when_the_database_is_down(tmp_path):
    app = create_app({"TESTING": True,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/missing/dir/db.sqlite"})
    assert app.test_client().get("/healthz").status_code == 200


def test_readiness_reports_every_component_ok(client):
    response = client.get("/readyz")
    body = response.get_json()
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert {name: check["status"] for name, check in body["checks"].items()} == {
        "database": "ok", "storage": "ok", "queue": "ok", "redis": "skipped"}
    assert response.headers["Cache-Control"] == "no-store"


def test_readiness_fails_when_the_database_is_unreachable(tmp_path):
    app = create_app({"TESTING": True, "STORAGE_DIR": str(tmp_path / "storage"),
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/missing/dir/db.sqlite"})
    response = app.test_client().get("/readyz")
    body = response.get_json()
    assert response.status_code == 503
    assert body["status"] == "error"
    assert body["checks"]["database"] == {"status": "error", "error": "OperationalError",
                                          "ms": body["checks"]["database"]["ms"]}
    assert body["checks"]["storage"]["status"] == "ok"


def test_readiness_fails_when_storage_is_not_writable(app, client, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    app.config["STORAGE_DIR"] = str(blocker / "storage")
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["storage"]["status"] == "error"


def test_readiness_leaves_no_probe_file_behind(app, client, tmp_path):
    client.get("/readyz")
    root = tmp_path / "storage"
    assert root.is_dir() and list(root.iterdir()) == []


def test_a_certificate_run_without_heartbeat_is_reported_but_keeps_the_instance_ready(
        client, make_edition):
    edition = make_edition(2026, status="closed")
    beat = utcnow() - timedelta(minutes=10)
    job = CertificateJob(edition_id=edition.id, status="running", started_at=beat,
                         heartbeat_at=beat, error="")
    db.session.add(job)
    db.session.commit()
    response = client.get("/readyz")
    queue = response.get_json()["checks"]["queue"]
    assert response.status_code == 200
    assert (queue["status"], queue["stale"], queue["stale_job_ids"]) == ("warning", 1, [job.id])


def test_readiness_fails_when_the_configured_redis_is_unreachable(app, client):
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["redis"]["status"] == "error"
