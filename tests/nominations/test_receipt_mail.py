"""Receipts are drawn after the submission commits: by a background thread, or by the sweep
`flask mail retry` runs when a worker died first; each version gets one receipt mail."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from app.db_types import utcnow
from app.extensions import db
from app.nominations import receipt_mail, services
from app.nominations.models import PendingReceipt
from tests.nominations.factories import COMPLETE


def _receipts(outbox, nomination) -> list:
    return [m for m in outbox() if nomination.reference in m["Subject"]]


def _owed() -> int:
    return db.session.scalar(select(func.count()).select_from(PendingReceipt))


def _submitted_without_receipt(representative, draft) -> PendingReceipt:
    """A submission whose worker died before drawing its receipt: the row is all that is left."""
    services.submit(representative, draft, COMPLETE, notify=False)
    pending = receipt_mail.owe_receipt(draft, first_submission=True)
    db.session.commit()
    return pending


def test_a_submission_leaves_no_receipt_owed_once_it_is_mailed(representative, draft, outbox):
    services.submit(representative, draft, COMPLETE)
    assert len(_receipts(outbox, draft)) == 1 and _owed() == 0


def test_the_background_thread_mails_the_receipt_after_the_request(app, representative, draft, outbox):
    app.config["RECEIPTS_IN_BACKGROUND"] = True
    services.submit(representative, draft, COMPLETE)
    receipt_mail.wait_for_background(app)
    (message,) = _receipts(outbox, draft)
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_content().startswith(b"%PDF-")
    assert _owed() == 0


def test_a_receipt_left_by_a_dead_worker_is_sent_by_the_sweep_once(representative, draft, outbox):
    _submitted_without_receipt(representative, draft)
    assert _receipts(outbox, draft) == []
    assert receipt_mail.deliver_overdue(timedelta(0)) == 1
    assert receipt_mail.deliver_overdue(timedelta(0)) == 0
    assert len(_receipts(outbox, draft)) == 1


def test_the_sweep_leaves_receipts_still_within_their_time(representative, draft, outbox):
    _submitted_without_receipt(representative, draft)
    assert receipt_mail.deliver_overdue(timedelta(minutes=5)) == 0
    assert _owed() == 1


def test_a_receipt_already_taken_by_another_delivery_is_not_mailed_twice(representative, draft, outbox):
    pending_id = _submitted_without_receipt(representative, draft).id
    assert receipt_mail.deliver(pending_id) is True
    assert receipt_mail.deliver(pending_id) is False
    assert len(_receipts(outbox, draft)) == 1


def test_a_receipt_for_a_replaced_version_is_dropped(representative, draft, outbox):
    pending_id = _submitted_without_receipt(representative, draft).id
    services.submit(representative, draft, {**COMPLETE, "title": "Título corregido"}, notify=False)
    assert receipt_mail.deliver(pending_id) is False
    assert _receipts(outbox, draft) == [] and _owed() == 0


def test_mail_retry_sends_the_receipts_still_owed(app, representative, draft, outbox):
    _submitted_without_receipt(representative, draft)
    result = app.test_cli_runner().invoke(args=["mail", "retry", "--stuck-minutes", "1"],
                                          catch_exceptions=False)
    assert "sent: 0" in result.output and _owed() == 1
    db.session.execute(PendingReceipt.__table__.update().values(
        requested_at=utcnow() - timedelta(minutes=2)))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["mail", "retry", "--stuck-minutes", "1"],
                                          catch_exceptions=False)
    assert "sent: 1" in result.output and len(_receipts(outbox, draft)) == 1
