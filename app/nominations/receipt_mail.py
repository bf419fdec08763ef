"""Receipts drawn and mailed after the submit request has answered.

Drawing a receipt's PDF takes 0.3 s on an idle machine and seconds under the last-minute rush;
inside the submit request that queues the other submitters past the deadline. A submission
writes a `PendingReceipt` instead; after its commit the receipt is handed to one background
thread per process (`RECEIPTS_IN_BACKGROUND`, on by default; off, it is drawn right after the
commit, as the tests do). What a dead worker left behind is sent by `flask mail retry`.
"""
from __future__ import annotations

import logging
import os
import queue
import threading
from datetime import datetime, timedelta

from flask import Flask, current_app
from sqlalchemy import delete, select

from app import mail
from app.db_types import utcnow
from app.extensions import db
from app.nominations.models import PendingReceipt
from app.nominations.receipt import receipt_filename, receipt_pdf

log = logging.getLogger(__name__)

_LOW_PRIORITY = 10  # niceness of the drawing thread: requests come first


def owe_receipt(nomination, first_submission: bool) -> PendingReceipt:
    """Record, in the caller's transaction, that the nomination's current version needs a receipt."""
    pending = PendingReceipt(nomination=nomination, revision=nomination.revision,
                             first_submission=first_submission)
    db.session.add(pending)
    return pending


def dispatch(pending_id: int) -> None:
    """After the commit: the background thread draws it, or this one when that is switched off."""
    if current_app.config.get("RECEIPTS_IN_BACKGROUND", True):
        _runner(current_app._get_current_object()).put(pending_id)
    else:
        deliver(pending_id)


def deliver(pending_id: int) -> bool:
    """Draw and mail one owed receipt; True when this call mailed it.

    The PDF is drawn before any lock is taken; the mail is recorded in the transaction that
    deletes the pending row, so of two deliveries racing for one receipt (the thread and a
    sweep) only the one whose delete found the row mails it. A receipt for a version that was
    replaced since is dropped: the newer version has its own.
    """
    pending = db.session.get(PendingReceipt, pending_id)
    if pending is None:
        db.session.rollback()
        return False
    nomination = pending.nomination
    current = pending.revision == nomination.revision
    pdf = receipt_pdf(nomination, nomination.submitter.locale) if current else None
    claimed = db.session.execute(delete(PendingReceipt).where(PendingReceipt.id == pending_id))
    if claimed.rowcount != 1:
        db.session.rollback()
        return False
    if pdf is None:
        db.session.commit()
        return False
    mail.mail_user(nomination.submitter, "nomination_submitted",
                   {"nomination": nomination, "first_submission": pending.first_submission},
                   obj=nomination,
                   attachments=[(receipt_filename(nomination), "application/pdf", pdf)])
    db.session.commit()
    return True


def deliver_overdue(older_than: timedelta = timedelta(minutes=5),
                    now: datetime | None = None) -> int:
    """Send the receipts still owed after `older_than` (their worker died); how many were sent."""
    cutoff = (now or utcnow()) - older_than
    ids = db.session.scalars(select(PendingReceipt.id).where(PendingReceipt.requested_at <= cutoff)
                             .order_by(PendingReceipt.id)).all()
    return sum(deliver(pending_id) for pending_id in ids)


class _Runner:
    """One daemon thread per process that draws the receipts handed to it, in order."""

    def __init__(self, app: Flask):
        self.app = app
        self.jobs: queue.Queue[int] = queue.Queue()
        self.thread = threading.Thread(target=self._work, name="receipt-mail", daemon=True)
        self.thread.start()

    def put(self, pending_id: int) -> None:
        self.jobs.put(pending_id)

    def _work(self) -> None:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), _LOW_PRIORITY)
        while True:
            pending_id = self.jobs.get()
            with self.app.app_context():
                try:
                    deliver(pending_id)
                except Exception:
                    log.exception("receipt %s not sent; `flask mail retry` sends it later",
                                  pending_id)
                    db.session.rollback()
                finally:
                    db.session.remove()
                    self.jobs.task_done()


_runners: dict[tuple[int, int], _Runner] = {}
_runners_lock = threading.Lock()


def _runner(app: Flask) -> _Runner:
    """This process's runner for `app`; a forked worker starts its own (threads do not fork)."""
    key = (id(app), os.getpid())
    with _runners_lock:
        runner = _runners.get(key)
        if runner is None:
            runner = _runners[key] = _Runner(app)
        return runner


def wait_for_background(app: Flask) -> None:
    """Block until this process's thread has drawn everything handed to it (tests, CLI)."""
    runner = _runners.get((id(app), os.getpid()))
    if runner is not None:
        runner.jobs.join()
