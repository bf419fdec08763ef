"""The one place mail leaves from, and the record of every message.

Every message is rendered in the recipient's language (plain text and HTML), written as an .eml
file into the outbox folder (MAIL_OUTBOX_DIR) and recorded as a MailMessage row in the caller's
transaction. The file stays: it is what organisers read in the app and what a retry resends.

Without MAIL_SERVER the outbox file is the delivery (development). With a server, the message
leaves by SMTP once the caller's transaction commits, so a mail never goes out for work that was
rolled back and no SMTP conversation holds the database's locks. Transient failures (connection
refused or dropped, timeouts, 4xx replies) are retried up to MAIL_MAX_ATTEMPTS times with a
growing pause; a message that still fails is recorded as failed with its error and logged. A
failed mail never undoes, or raises into, the user's action: `flask mail retry` or the
organisers' outbox page sends it again later.
"""
from __future__ import annotations

import logging
import re
import secrets
import smtplib
import ssl
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from pathlib import Path
from typing import Any, Iterable, NamedTuple

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import event, inspect, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from app.db_types import utcnow
from app.extensions import db
from app.notifications.models import MailMessage, MailStatus

log = logging.getLogger(__name__)

_PENDING = "mail_pending"  # session.info key: messages written in the open transaction
_FILE_NAME_MAX = 300
_CRLF = re.compile(rb"\r?\n")  # .eml files end lines with LF; SMTP wants CRLF
_PERMANENT_REPLY = re.compile(r"5\d\d ")  # how `describe` writes a 5xx reply


# -- rendering --------------------------------------------------------------------------------

class MailParts(NamedTuple):
    subject: str
    text: str
    html: str


def render_mail(template: str, locale: str, **context) -> tuple[str, str]:
    """Render templates/mail/<template>.txt in the recipient's language; first line is the subject."""
    with force_locale(locale):
        text = render_template(f"mail/{template}.txt", **context)
    subject, _, body = text.strip().partition("\n")
    return subject.strip(), body.strip() + "\n"


def render_mail_parts(template: str, locale: str, **context) -> MailParts:
    """The subject and plain text (templates/mail/<template>.txt) and the HTML part
    (templates/mail/<template>.html, on mail/_layout.html), all in the recipient's language."""
    subject, text = render_mail(template, locale, **context)
    with force_locale(locale):
        html = render_template(f"mail/{template}.html", subject=subject, mail_locale=locale,
                               **context)
    return MailParts(subject, text, html)


def send_template(to: str, template: str, context: dict, *, locale: str,
                  kind: str | None = None, recipient_id: int | None = None, obj: Any = None,
                  attachments: Iterable[tuple[str, str, bytes]] = ()) -> EmailMessage:
    """Render a mail template in `locale` and send it; `kind` defaults to the template's name."""
    parts = render_mail_parts(template, locale, **context)
    return send_mail(to, parts.subject, parts.text, parts.html, attachments,
                     kind=kind or template, recipient_id=recipient_id, locale=locale, obj=obj)


def mail_user(user, template: str, context: dict, *, kind: str | None = None, obj: Any = None,
              attachments: Iterable[tuple[str, str, bytes]] = ()) -> EmailMessage:
    """Send a template to an account, in the account's language."""
    return send_template(user.email, template, context, locale=user.locale or "es", kind=kind,
                         recipient_id=user.id, obj=obj, attachments=attachments)


# -- sending and recording ----------------------------------------------------------------------

@dataclass(frozen=True)
class ObjectRef:
    """Names the row a mail is about when only its id is at hand (a thread with plain facts)."""

    table: str
    id: int


@dataclass
class _Pending:
    record: MailMessage
    path: Path
    data: bytes
    deliver: bool  # False when the outbox file is the delivery (no SMTP server)


def send_mail(to: str, subject: str, body: str, html: str | None = None,
              attachments: Iterable[tuple[str, str, bytes]] = (), *, kind: str = "other",
              recipient_id: int | None = None, locale: str = "es", obj: Any = None) -> EmailMessage:
    """Write one message to the outbox and record it in the caller's transaction; with an SMTP
    server it leaves when that transaction commits. Never raises for a delivery problem.

    attachments are (filename, mimetype, bytes); `kind` and `obj` (a model instance or an
    ObjectRef) say why it was sent. The record is found by the message's Message-ID."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_DEFAULT_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="premiossafecity")
    message.set_content(body)
    if html:
        message.add_alternative(html, subtype="html")
    for filename, mimetype, data in attachments:
        maintype, _, subtype = mimetype.partition("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    object_type, object_id = _object_key(obj)
    record = MailMessage(to_address=to, recipient_id=recipient_id, kind=kind, locale=locale,
                         subject=subject[:300], message_id=message["Message-ID"], attempts=0,
                         object_type=object_type, object_id=object_id, last_error="",
                         status=MailStatus.QUEUED.value)
    db.session.add(record)
    data = bytes(message)
    try:
        path = _write_outbox(data, to, Path(config["MAIL_OUTBOX_DIR"]))
    except OSError as error:
        record.status, record.last_error = MailStatus.FAILED.value, f"outbox: {error}"
        log.error("mail %r to %s not written to the outbox: %s", subject, to, error)
        return message
    record.outbox_file = path.name
    _queue(record, path, data)
    return message


def _object_key(obj: Any) -> tuple[str, str]:
    if obj is None:
        return "", ""
    if isinstance(obj, ObjectRef):
        return obj.table, str(obj.id)
    if getattr(obj, "id", None) is None:
        db.session.flush()
    return obj.__tablename__, str(obj.id)


def _queue(record: MailMessage, path: Path, data: bytes) -> None:
    """Hand a written message to the commit: the file alone is the delivery without a server."""
    deliver = bool(current_app.config["MAIL_SERVER"])
    if not deliver:
        record.status, record.sent_at, record.last_error = MailStatus.SENT.value, utcnow(), ""
        record.attempts = (record.attempts or 0) + 1
    db.session.info.setdefault(_PENDING, []).append(_Pending(record, path, data, deliver))


def _write_outbox(data: bytes, to: str, outbox: Path) -> Path:
    outbox.mkdir(parents=True, exist_ok=True)
    stamp = utcnow().strftime("%Y%m%dT%H%M%S%f")
    recipient = "".join(c if c.isalnum() else "_" for c in to)[:60]
    path = outbox / f"{stamp}-{recipient}-{secrets.token_hex(3)}.eml"
    path.write_bytes(data)
    return path


def stored_path(record: MailMessage) -> Path | None:
    """The message's .eml file in the outbox, or None when it is not there (any more)."""
    name = record.outbox_file or ""
    if not name or Path(name).name != name or name.startswith(".") or len(name) > _FILE_NAME_MAX:
        return None
    path = Path(current_app.config["MAIL_OUTBOX_DIR"]) / name
    return path if path.is_file() else None


def read_stored(record: MailMessage) -> EmailMessage | None:
    path = stored_path(record)
    if path is None:
        return None
    return message_from_bytes(path.read_bytes(), policy=policy.default)


def can_resend(record: MailMessage) -> bool:
    return record.status == MailStatus.FAILED.value and stored_path(record) is not None


def resend(record: MailMessage) -> bool:
    """Send a stored message again (the same bytes, so the same Message-ID) when the caller's
    transaction commits; False when its file is gone."""
    path = stored_path(record)
    if path is None:
        return False
    record.status = MailStatus.QUEUED.value
    _queue(record, path, path.read_bytes())
    return True


def retry_failed(now: datetime | None = None, stuck_minutes: int = 15,
                 batch: int = 50) -> dict[str, int]:
    """Resend every failed message the server did not refuse for good (organisers may still
    resend one of those by hand), and every message still queued `stuck_minutes` after it was
    written (the process stopped before sending it). Commits per batch; counts the outcomes."""
    stuck_before = (now or utcnow()) - timedelta(minutes=stuck_minutes)
    rows = db.session.execute(select(MailMessage.id, MailMessage.status, MailMessage.last_error)
                              .where(or_(MailMessage.status == MailStatus.FAILED.value,
                                         (MailMessage.status == MailStatus.QUEUED.value)
                                         & (MailMessage.created_at < stuck_before)))
                              .order_by(MailMessage.id)).all()
    counts = {"sent": 0, "failed": 0, "refused": 0, "missing": 0}
    ids = []
    for message_id, status, last_error in rows:
        if status == MailStatus.FAILED.value and refused_for_good(last_error):
            counts["refused"] += 1
        else:
            ids.append(message_id)
    for start in range(0, len(ids), batch):
        records = list(db.session.scalars(select(MailMessage).where(
            MailMessage.id.in_(ids[start:start + batch])).order_by(MailMessage.id)))
        resent = [r for r in records if resend(r)]
        counts["missing"] += len(records) - len(resent)
        db.session.commit()
        for record in resent:
            counts["sent" if record.status == MailStatus.SENT.value else "failed"] += 1
    return counts


def refused_for_good(last_error: str | None) -> bool:
    """The server answered 5xx (no such mailbox, rejected content): sending again will not help."""
    return bool(_PERMANENT_REPLY.match(last_error or ""))


# -- delivery after the commit -------------------------------------------------------------------

@dataclass
class Outcome:
    sent: bool
    attempts: int
    error: str = ""


def is_transient(error: BaseException) -> bool:
    """Worth trying again soon: the server was unreachable, hung up, or answered 4xx."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return True
    if isinstance(error, (ssl.SSLError, smtplib.SMTPException, ValueError)):
        return False
    return isinstance(error, OSError)


def retry_delay(attempt: int, base: float) -> float:
    """Seconds to wait after failed attempt number `attempt` (1, 2, …): base, 2×base, 4×base…"""
    return base * 2 ** (attempt - 1)


def describe(error: BaseException) -> str:
    if isinstance(error, smtplib.SMTPResponseException):
        reply = error.smtp_error.decode(errors="replace") if isinstance(error.smtp_error, bytes) \
            else str(error.smtp_error)
        return f"{error.smtp_code} {reply}"
    return f"{type(error).__name__}: {error}"


class _Smtp:
    """One SMTP session for a batch of messages; after any error the next send reconnects."""

    def __init__(self, config):
        self.config = config
        self.connection: smtplib.SMTP | None = None

    def send(self, sender: str, to: str, data: bytes) -> None:
        if self.connection is None:
            self.connection = self._connect()
        try:
            self.connection.sendmail(sender, [to], _CRLF.sub(b"\r\n", data))
        except (OSError, ValueError):
            self.close()
            raise

    def _connect(self) -> smtplib.SMTP:
        config = self.config
        host, port, timeout = config["MAIL_SERVER"], config["MAIL_PORT"], config["MAIL_TIMEOUT"]
        if config["MAIL_USE_SSL"]:
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=timeout,
                                                  context=ssl.create_default_context())
        else:
            smtp = smtplib.SMTP(host, port, timeout=timeout)
        try:
            if config["MAIL_USE_TLS"] and not config["MAIL_USE_SSL"]:
                smtp.starttls(context=ssl.create_default_context())
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        except (OSError, ValueError):
            smtp.close()
            raise
        return smtp

    def close(self) -> None:
        connection, self.connection = self.connection, None
        if connection is None:
            return
        try:
            connection.quit()
        except (OSError, ValueError):
            connection.close()


def deliver_all(messages: list[tuple[str, bytes]], config) -> list[Outcome]:
    """Send (to, message bytes) pairs through one SMTP session, retrying transient failures."""
    sender = parseaddr(config["MAIL_DEFAULT_SENDER"])[1]
    max_attempts = max(1, int(config["MAIL_MAX_ATTEMPTS"]))
    smtp = _Smtp(config)
    outcomes = []
    try:
        for to, data in messages:
            attempts = 0
            while True:
                attempts += 1
                try:
                    smtp.send(sender, to, data)
                except (OSError, ValueError) as error:
                    if attempts < max_attempts and is_transient(error):
                        time.sleep(retry_delay(attempts, float(config["MAIL_RETRY_DELAY"])))
                        continue
                    outcomes.append(Outcome(False, attempts, describe(error)))
                else:
                    outcomes.append(Outcome(True, attempts))
                break
    finally:
        smtp.close()
    return outcomes


@event.listens_for(Session, "after_commit")
def _deliver_after_commit(session: Session) -> None:
    """Send what the committed transaction wrote, then record how it went in a short
    transaction of its own (this session cannot run SQL at this point)."""
    if session.in_nested_transaction():
        return
    pending = session.info.pop(_PENDING, [])
    committed = [p for p in pending if inspect(p.record).persistent]
    _forget([p for p in pending if p not in committed])
    batch = [p for p in committed if p.deliver]
    if not batch:
        return
    config = current_app.config
    try:
        outcomes = deliver_all([(p.record.to_address, p.data) for p in batch], config)
        _record_outcomes(session, batch, outcomes)
    except Exception:  # the user's work is committed: a delivery fault must not turn into a 500
        log.exception("mail delivery after commit failed; `flask mail retry` resends")


def _record_outcomes(session: Session, batch: list[_Pending], outcomes: list[Outcome]) -> None:
    now = utcnow()
    values = []
    for item, outcome in zip(batch, outcomes):
        record = item.record
        row = {"status": (MailStatus.SENT if outcome.sent else MailStatus.FAILED).value,
               "attempts": (record.attempts or 0) + outcome.attempts,
               "last_error": outcome.error, "sent_at": now if outcome.sent else None}
        if not outcome.sent:
            log.warning("mail %s (%s) to %s failed after %d attempt(s): %s", record.id,
                        record.kind, record.to_address, outcome.attempts, outcome.error)
        values.append((record, row))
    with session.get_bind(MailMessage).begin() as connection:
        for record, row in values:
            connection.execute(update(MailMessage).where(MailMessage.id == record.id).values(**row))
    for record, row in values:
        for key, value in row.items():
            set_committed_value(record, key, value)


@event.listens_for(Session, "after_transaction_end")
def _discard_uncommitted(session: Session, transaction) -> None:
    """A rolled-back transaction leaves no outbox file behind."""
    if transaction.parent is None:
        _forget(session.info.pop(_PENDING, []))


def _forget(items: list[_Pending]) -> None:
    """Remove the files of messages whose rows were never committed (a resent message's row,
    and so its file, stays)."""
    for item in items:
        if inspect(item.record).transient:
            item.path.unlink(missing_ok=True)
