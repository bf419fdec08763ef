"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, for the mail tests.

Import `smtp_server` and `smtp` into a conftest to use them."""
from __future__ import annotations

import socket
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller


class Inbox:
    """An aiosmtpd handler that keeps every message; `replies` are answered, in turn, to the next
    messages instead of accepting them (e.g. "451 4.3.0 Try again later")."""

    def __init__(self):
        self.messages: list[tuple[list[str], EmailMessage]] = []
        self.replies: list[str] = []

    async def handle_DATA(self, server, session, envelope):
        if self.replies:
            return self.replies.pop(0)
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content,
                                                                     policy=policy.default)))
        return "250 Message accepted for delivery"

    def reset(self) -> None:
        self.messages.clear()
        self.replies.clear()

    def to(self, address: str) -> list[EmailMessage]:
        return [m for rcpt, m in self.messages if address in rcpt]


def free_port() -> int:
    """A loopback port nothing listens on (until someone binds it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


@pytest.fixture
def smtp(app, smtp_server):
    """The app sends through the loopback server, retrying without pauses; returns its inbox."""
    controller, inbox = smtp_server
    inbox.reset()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_RETRY_DELAY=0)
    return inbox


def parts(message: EmailMessage) -> tuple[str, str]:
    """The plain-text and HTML bodies of a message."""
    return (message.get_body(preferencelist=("plain",)).get_content(),
            message.get_body(preferencelist=("html",)).get_content())
