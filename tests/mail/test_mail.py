"""The mail module: SMTP when a server is configured, .eml files in the outbox otherwise."""
from __future__ import annotations

import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from app.mail import render_mail, send_mail


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content,
                                                                     policy=policy.default)))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


def test_mail_goes_through_smtp_when_a_server_is_configured(app, smtp_server, outbox):
    controller, inbox = smtp_server
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port)
    send_mail("ana@example.org", "Asunto", "Cuerpo del mensaje")
    assert len(inbox.messages) == 1
    recipients, message = inbox.messages[0]
    assert recipients == ["ana@example.org"]
    assert message["Subject"] == "Asunto"
    assert "Cuerpo del mensaje" in message.get_content()
    assert outbox() == []


def test_mail_is_written_to_the_outbox_without_a_server(app, outbox):
    send_mail("ana@example.org", "Asunto", "Cuerpo")
    messages = outbox()
    assert len(messages) == 1
    assert messages[0]["To"] == "ana@example.org"


def test_registration_mail_reaches_a_real_smtp_server(app, client, smtp_server):
    controller, inbox = smtp_server
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port)
    client.post("/register", data={"name": "Ana", "email": "ana@example.org",
                                   "password": "una frase bastante larga", "password_again":
                                   "una frase bastante larga", "locale": "es"})
    (recipients, message), = inbox.messages
    assert recipients == ["ana@example.org"]
    assert "/confirm/" in message.get_content()


@pytest.mark.parametrize("locale", ["es", "en"])
def test_mail_is_rendered_in_the_recipients_language(app, locale):
    from app.accounts.models import User
    user = User(name="Ana", email="ana@example.org", locale=locale)
    subject, _body = render_mail("confirm_email", locale, user=user, link="http://x/confirm/t")
    english = "Confirm your email address — Safe City Awards"
    assert (subject == english) == (locale == "en")
