"""The one place mail leaves from: SMTP when configured, otherwise .eml files in the outbox."""
from __future__ import annotations

import smtplib
import ssl
from datetime import datetime, timezone
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale

from app.extensions import db
from app.notifications.models import MailMessage, MailStatus


def render_mail(template: str, locale: str, **context) -> tuple[str, str]:
    """Render templates/mail/<template>.txt in the recipient's language; first line is the subject."""
    with force_locale(locale):
        text = render_template(f"mail/{template}.txt", **context)
    subject, _, body = text.strip().partition("\n")
    return subject.strip(), body.strip() + "\n"


def send_mail(to: str, subject: str, body: str, html: str | None = None,
              attachments: list[tuple[str, str, bytes]] = (), *, kind: str = "other",
              recipient_id: int | None = None, locale: str = "es", obj: Any = None) -> EmailMessage:
    """Send (or write to the outbox) one message and record it in the caller's transaction.

    attachments are (filename, mimetype, bytes); `kind` and `obj` say why it was sent."""
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
    record = MailMessage(to_address=to, recipient_id=recipient_id, kind=kind, locale=locale,
                         subject=subject[:300], message_id=message["Message-ID"], attempts=1,
                         object_type=getattr(obj, "__tablename__", ""),
                         object_id="" if obj is None else str(obj.id))
    db.session.add(record)
    if config["MAIL_SERVER"]:
        _send_smtp(message, config)
    else:
        record.outbox_file = _write_outbox(message, Path(config["MAIL_OUTBOX_DIR"]))
    record.status, record.sent_at = MailStatus.SENT.value, datetime.now(timezone.utc)
    return message


def _send_smtp(message: EmailMessage, config) -> None:
    host, port = config["MAIL_SERVER"], config["MAIL_PORT"]
    if config["MAIL_USE_SSL"]:
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(host, port, context=ssl.create_default_context(), timeout=30)
    else:
        smtp = smtplib.SMTP(host, port, timeout=30)
    with smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls(context=ssl.create_default_context())
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)


def _write_outbox(message: EmailMessage, outbox: Path) -> str:
    outbox.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
    recipient = "".join(c if c.isalnum() else "_" for c in message["To"])[:60]
    name = f"{stamp}-{recipient}.eml"
    (outbox / name).write_bytes(bytes(message))
    return name
