"""The application as gunicorn serves it in `tests/faults/test_kill.py`, with one fault that the
test arms from outside. Test-only: nothing under `app/` knows about it.

While the file named by KILL_HOOK_ARM_FILE exists, the worker that is about to commit the
transaction of a review submission (POST /jury/assignments/<id>/submit) — the review's UPDATE,
its scores and its audit event already sent to the database, the COMMIT not yet — takes the file
away (so the fault fires once), writes down in KILL_HOOK_NOTE_FILE its pid and the statements
its transaction sent, and kills itself with SIGKILL: nothing of Python's or gunicorn's clean-up
runs, as when the kernel's OOM killer or an operator's `kill -9` stops a worker.

Served as `gunicorn tests.faults.kill_hook:create_app()` from the project folder.
"""
from __future__ import annotations

import json
import os
import re
import signal

from flask import Flask, has_request_context, request
from sqlalchemy import event

from app import create_app as create_real_app
from app.extensions import db

ARM_FILE = "KILL_HOOK_ARM_FILE"
NOTE_FILE = "KILL_HOOK_NOTE_FILE"
SUBMIT_PATH = re.compile(r"/jury/assignments/\d+/submit")
WRITES = "kill_hook.writes"  # in the DBAPI connection's info: this transaction's writes
WRITE_VERBS = ("INSERT", "UPDATE", "DELETE")


def create_app() -> Flask:
    app = create_real_app()
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", _note_write)
    event.listen(engine, "commit", _die_before_commit)
    event.listen(engine, "rollback", _forget_writes)
    return app


def _in_submit_request() -> bool:
    return (has_request_context() and request.method == "POST"
            and SUBMIT_PATH.fullmatch(request.path) is not None)


def _note_write(conn, cursor, statement, parameters, context, executemany) -> None:
    head = " ".join(statement.split())[:400]
    if _in_submit_request() and head.upper().startswith(WRITE_VERBS):
        conn.info.setdefault(WRITES, []).append(head)


def _forget_writes(conn) -> None:
    conn.info.pop(WRITES, None)


def _die_before_commit(conn) -> None:
    """ConnectionEvents.commit: runs before the DBAPI connection's commit()."""
    writes = conn.info.pop(WRITES, [])
    arm = os.environ.get(ARM_FILE)
    if not (arm and _in_submit_request() and _submits_review(writes)):
        return
    try:
        os.unlink(arm)
    except FileNotFoundError:  # not armed (any more): commit as usual
        return
    with open(os.environ[NOTE_FILE], "w", encoding="utf-8") as note:
        json.dump({"pid": os.getpid(), "path": request.path, "writes": writes}, note)
        note.flush()
        os.fsync(note.fileno())
    os.kill(os.getpid(), signal.SIGKILL)


def _submits_review(writes: list[str]) -> bool:
    return (any(w.startswith("UPDATE reviews SET") and "status=" in w.replace(" ", "")
                for w in writes)
            and any(w.startswith("INSERT INTO audit_events") for w in writes))
