"""The mail module: rendering in two parts and two languages, the outbox file of every message,
delivery by a real SMTP server on loopback once the transaction commits, retries, failures that
never undo the user's action, and `flask mail retry`."""
from __future__ import annotations

import smtplib
import socket
import ssl
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app import mail
from app.accounts.models import User
from app.db_types import utcnow
from app.extensions import db
from app.notifications.models import MailMessage
from tests.mail.smtp import free_port, parts

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "mail"
PASSPHRASE = "una frase bastante larga"


def _record(message) -> MailMessage:
    return db.session.scalar(select(MailMessage).where(
        MailMessage.message_id == message["Message-ID"]))


def _server_down(app) -> None:
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_RETRY_DELAY=0)


def _register(client, email="ana@example.org"):
    return client.post("/register", data={"name": "Ana", "email": email, "password": PASSPHRASE,
                                          "password_again": PASSPHRASE, "locale": "es"})


def test_mail_leaves_by_smtp_when_the_transaction_commits(app, smtp, outbox):
    message = mail.send_mail("ana@example.org", "Asunto", "Cuerpo del mensaje", kind="test")
    assert smtp.messages == []

    db.session.commit()

    (recipients, received), = smtp.messages
    assert recipients == ["ana@example.org"]
    assert received["Subject"] == "Asunto" and received["Message-ID"] == message["Message-ID"]
    assert "Cuerpo del mensaje" in received.get_content()
    record = _record(message)
    assert (record.status, record.attempts, record.kind) == ("sent", 1, "test")
    assert record.sent_at is not None
    assert [m["Message-ID"] for m in outbox()] == [message["Message-ID"]]  # the copy kept


def test_a_rolled_back_mail_never_leaves_and_leaves_no_file(app, smtp, outbox):
    mail.send_mail("ana@example.org", "Asunto", "Cuerpo")
    db.session.rollback()
    db.session.commit()

    assert smtp.messages == [] and outbox() == []
    assert db.session.scalars(select(MailMessage)).all() == []


def test_without_a_server_the_outbox_file_is_the_delivery(app, outbox):
    message = mail.send_mail("ana@example.org", "Asunto", "Cuerpo")
    db.session.commit()

    stored, = outbox()
    assert stored["To"] == "ana@example.org"
    record = _record(message)
    assert record.status == "sent"
    assert (Path(app.config["MAIL_OUTBOX_DIR"]) / record.outbox_file).is_file()


def test_a_mail_records_why_and_to_whom_it_was_sent(app, make_user):
    user = make_user(email="ana@example.org")
    message = mail.mail_user(user, "reset_password", {"user": user, "link": "http://x/r/t"},
                             obj=user)
    db.session.commit()

    record = _record(message)
    assert (record.to_address, record.recipient_id, record.kind, record.locale) == (
        "ana@example.org", user.id, "reset_password", "es")
    assert (record.object_type, record.object_id) == ("users", str(user.id))


def test_every_mail_has_a_plain_text_and_an_html_part(app, smtp, make_user):
    user = make_user(email="ana@example.org", name="Ana <b>")
    mail.mail_user(user, "confirm_email", {"user": user, "link": "http://x/confirm/t?a=1&b=2"})
    db.session.commit()

    (_, received), = smtp.messages
    text, html = parts(received)
    assert "http://x/confirm/t?a=1&b=2" in text and "Ana <b>" in text
    assert '<a href="http://x/confirm/t?a=1&amp;b=2">' in html
    assert "Ana &lt;b&gt;" in html  # the HTML part escapes what people typed
    assert '<html lang="es">' in html and "<script" not in html and "<style" not in html


@pytest.mark.parametrize("locale, subject", [
    ("es", "Confirme su correo electrónico — Premios Safe City"),
    ("en", "Confirm your email address — Safe City Awards"),
])
def test_mail_is_written_in_the_recipients_language(app, smtp, make_user, locale, subject):
    user = make_user(email="ana@example.org", locale=locale)
    mail.mail_user(user, "confirm_email", {"user": user, "link": "http://x/confirm/t"})
    db.session.commit()

    (_, received), = smtp.messages
    text, html = parts(received)
    assert received["Subject"] == subject
    assert f'<html lang="{locale}">' in html
    hello = "Hello" if locale == "en" else "Hola"
    assert text.startswith(hello) and f"<p>{hello}" in html


def test_every_text_template_has_an_html_twin():
    texts = {p.stem for p in TEMPLATES.glob("*.txt")}
    assert texts and not {t for t in texts if not (TEMPLATES / f"{t}.html").is_file()}


def test_a_transient_refusal_is_tried_again(app, smtp):
    smtp.replies = ["451 4.3.0 Try again later"]
    message = mail.send_mail("ana@example.org", "Asunto", "Cuerpo")
    db.session.commit()

    assert len(smtp.messages) == 1
    record = _record(message)
    assert (record.status, record.attempts, record.last_error) == ("sent", 2, "")


def test_a_permanent_refusal_is_not_tried_again(app, smtp):
    smtp.replies = ["550 5.1.1 No such mailbox"]
    message = mail.send_mail("nadie@example.org", "Asunto", "Cuerpo")
    db.session.commit()

    record = _record(message)
    assert (record.status, record.attempts) == ("failed", 1)
    assert record.last_error.startswith("550")


def test_when_the_server_is_down_the_mail_fails_but_the_action_is_kept(app, client, caplog):
    _server_down(app)

    response = _register(client)

    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "ana@example.org"))
    assert user is not None
    record = db.session.scalar(select(MailMessage).where(MailMessage.recipient_id == user.id))
    assert (record.status, record.attempts, record.kind) == ("failed", 3, "confirm_email")
    assert "ConnectionRefusedError" in record.last_error
    assert "failed after 3 attempt(s)" in caplog.text


def test_the_number_of_attempts_is_configurable(app):
    _server_down(app)
    app.config["MAIL_MAX_ATTEMPTS"] = 1
    message = mail.send_mail("ana@example.org", "Asunto", "Cuerpo")
    db.session.commit()

    assert (_record(message).status, _record(message).attempts) == ("failed", 1)


def test_the_cli_resends_failed_mail_with_the_same_message_id(app, smtp_server, smtp):
    controller, inbox = smtp_server
    _server_down(app)
    message = mail.send_mail("ana@example.org", "Asunto", "Cuerpo")
    db.session.commit()
    assert _record(message).status == "failed"

    app.config["MAIL_PORT"] = controller.port
    result = app.test_cli_runner().invoke(args=["mail", "retry"])

    assert result.exit_code == 0, result.output
    assert "Resent 1; still failing 0" in result.output
    (_, received), = inbox.messages
    assert received["Message-ID"] == message["Message-ID"]
    db.session.expire_all()
    record = _record(message)
    assert (record.status, record.attempts, record.last_error) == ("sent", 4, "")


def test_the_cli_says_so_when_mail_still_fails(app):
    _server_down(app)
    mail.send_mail("ana@example.org", "Asunto", "Cuerpo")
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["mail", "retry"])

    assert result.exit_code == 1
    assert "still failing 1" in result.output


def test_the_cli_leaves_a_message_refused_for_good_to_the_organisers(app, smtp):
    smtp.replies = ["550 5.1.1 No such mailbox"]
    mail.send_mail("nadie@example.org", "Asunto", "Cuerpo")
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["mail", "retry"])

    assert result.exit_code == 0 and "refused for good 1" in result.output
    assert smtp.messages == []


def test_a_message_stuck_in_the_queue_is_resent(app, smtp):
    app.config["MAIL_SERVER"] = ""
    message = mail.send_mail("ana@example.org", "Asunto", "Cuerpo")
    db.session.commit()
    record = _record(message)
    record.status, record.created_at = "queued", utcnow() - timedelta(hours=1)
    fresh = _record(mail.send_mail("bea@example.org", "Asunto", "Cuerpo"))
    fresh.status = "queued"
    db.session.commit()
    app.config["MAIL_SERVER"] = "127.0.0.1"

    assert mail.retry_failed() == {"sent": 1, "failed": 0, "refused": 0, "missing": 0}
    assert [rcpt for rcpt, _ in smtp.messages] == [["ana@example.org"]]


def test_registration_mail_reaches_a_real_smtp_server(app, client, smtp):
    _register(client)

    (recipients, message), = smtp.messages
    assert recipients == ["ana@example.org"]
    assert "/confirm/" in parts(message)[0] and "/confirm/" in parts(message)[1]


# -- the retry policy, as plain functions --------------------------------------------------------

@pytest.mark.parametrize("error, transient", [
    (ConnectionRefusedError(111, "refused"), True),
    (socket.timeout("timed out"), True),
    (smtplib.SMTPServerDisconnected("gone"), True),
    (smtplib.SMTPDataError(451, b"try later"), True),
    (smtplib.SMTPSenderRefused(421, b"busy", "a@x"), True),
    (smtplib.SMTPRecipientsRefused({"a@x": (450, b"greylisted")}), True),
    (smtplib.SMTPRecipientsRefused({"a@x": (550, b"unknown")}), False),
    (smtplib.SMTPDataError(554, b"rejected"), False),
    (smtplib.SMTPAuthenticationError(535, b"bad credentials"), False),
    (smtplib.SMTPNotSupportedError("no STARTTLS"), False),
    (ssl.SSLCertVerificationError("bad certificate"), False),
    (UnicodeEncodeError("ascii", "ñ", 0, 1, "no"), False),
])
def test_which_failures_are_worth_retrying(error, transient):
    assert mail.is_transient(error) is transient


def test_the_pause_between_attempts_doubles():
    assert [mail.retry_delay(n, 2) for n in (1, 2, 3)] == [2, 4, 8]
    assert mail.retry_delay(1, 0) == 0
