"""The organisers' outbox: every message listed and filtered, read back from its .eml file (the
HTML part only inside a sandbox), and a failed one sent again."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app import mail
from app.extensions import db
from app.notifications.models import MailMessage
from tests.mail.smtp import free_port


def _send(to="ana@example.org", subject="Asunto", kind="confirm_email", **values) -> MailMessage:
    message = mail.send_mail(to, subject, "Texto del mensaje", "<p>Parte <b>HTML</b></p>",
                             kind=kind, **values)
    db.session.commit()
    return db.session.scalar(select(MailMessage).where(
        MailMessage.message_id == message["Message-ID"]))


def _failed(app) -> MailMessage:
    server = app.config["MAIL_SERVER"], app.config["MAIL_PORT"]
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_RETRY_DELAY=0)
    record = _send("bea@example.org", "Fallido")
    app.config["MAIL_SERVER"], app.config["MAIL_PORT"] = server
    assert record.status == "failed"
    return record


def test_the_outbox_lists_every_message_newest_first(app, as_organiser):
    _send(subject="Primero")
    _send(subject="Segundo", kind="invitation")

    page = as_organiser.get("/organiser/mail").get_data(as_text=True)

    assert page.index("Segundo") < page.index("Primero")
    assert "Invitación" in page


@pytest.mark.parametrize("query, shown, hidden", [
    ("?kind=invitation", "Invitada", "Confirmada"),
    ("?status=failed", "Fallido", "Confirmada"),
    ("?recipient=BEA@", "Fallido", "Confirmada"),
])
def test_the_outbox_filters_by_kind_status_and_recipient(app, as_organiser, query, shown, hidden):
    _send(subject="Confirmada")
    _send(subject="Invitada", kind="invitation")
    _failed(app)

    page = as_organiser.get(f"/organiser/mail{query}").get_data(as_text=True)

    assert shown in page and hidden not in page


def test_the_outbox_runs_as_many_queries_for_fifty_messages_as_for_one(app, as_organiser,
                                                                      count_queries):
    _send()
    one = count_queries(as_organiser, "/organiser/mail")
    db.session.add_all([MailMessage(to_address=f"p{n}@example.org", kind="invitation",
                                    subject=f"Asunto {n}", status="sent") for n in range(49)])
    db.session.commit()

    assert count_queries(as_organiser, "/organiser/mail") == one


def test_a_message_is_read_back_with_its_headers_text_and_attachments(app, as_organiser):
    message = mail.send_mail("ana@example.org", "Recibo", "Texto del recibo", "<p>HTML</p>",
                             [("recibo.pdf", "application/pdf", b"%PDF-1.4 x")])
    db.session.commit()
    record = db.session.scalar(select(MailMessage))

    page = as_organiser.get(f"/organiser/mail/{record.id}").get_data(as_text=True)

    assert message["Message-ID"].strip("<>") in page and "ana@example.org" in page
    assert "Texto del recibo" in page and "recibo.pdf" in page
    assert f'<iframe sandbox src="/organiser/mail/{record.id}/html"' in page


def test_the_html_part_is_served_sandboxed(app, as_organiser):
    record = _send()

    response = as_organiser.get(f"/organiser/mail/{record.id}/html")

    assert response.status_code == 200 and response.mimetype == "text/html"
    assert response.get_data(as_text=True) == "<p>Parte <b>HTML</b></p>\n"
    policy = response.headers["Content-Security-Policy"]
    assert policy.startswith("default-src 'none'; sandbox")


def test_the_eml_file_can_be_downloaded(app, as_organiser):
    record = _send()

    response = as_organiser.get(f"/organiser/mail/{record.id}/source")

    assert response.mimetype == "message/rfc822"
    assert b"Subject: Asunto" in response.data


def test_a_message_whose_file_is_gone_shows_its_record_only(app, as_organiser):
    record = _send()
    mail.stored_path(record).unlink()

    page = as_organiser.get(f"/organiser/mail/{record.id}").get_data(as_text=True)

    assert "ya no está en la bandeja" in page
    assert as_organiser.get(f"/organiser/mail/{record.id}/html").status_code == 404


def test_only_a_failed_message_offers_to_send_again(app, as_organiser):
    sent, failed = _send(), _failed(app)

    assert "/resend" not in as_organiser.get(f"/organiser/mail/{sent.id}").get_data(as_text=True)
    assert f"/organiser/mail/{failed.id}/resend" in as_organiser.get(
        f"/organiser/mail/{failed.id}").get_data(as_text=True)


def test_an_organiser_sends_a_failed_message_again(app, as_organiser, smtp, audit_events):
    failed = _failed(app)

    response = as_organiser.post(f"/organiser/mail/{failed.id}/resend", follow_redirects=True)

    assert "Se volvió a enviar el mensaje" in response.get_data(as_text=True)
    (recipients, message), = smtp.messages
    assert recipients == ["bea@example.org"] and message["Subject"] == "Fallido"
    db.session.refresh(failed)
    assert (failed.status, failed.attempts) == ("sent", 4)
    (event,) = audit_events("mail.resent")
    assert event.object_id == str(failed.id)


def test_a_sent_message_is_not_sent_again(app, as_organiser, smtp):
    sent = _send()
    smtp.reset()

    response = as_organiser.post(f"/organiser/mail/{sent.id}/resend", follow_redirects=True)

    assert response.status_code == 200
    assert smtp.messages == []
