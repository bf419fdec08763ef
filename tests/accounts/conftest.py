"""Helpers shared by the account tests: mail links, flashed messages, audit trail, more clients."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from app.accounts.models import User
from app.extensions import db
from tests.accounts.helpers import PASSWORD


_LINK = re.compile(r"https?://\S+")


@pytest.fixture
def mail_links(outbox):
    """The paths of the links in the mails sent to one address, oldest first."""
    def read(address: str) -> list[str]:
        paths = []
        for message in outbox():
            if message["To"] == address:
                body = message.get_body(("plain",)).get_content()
                paths += [urlsplit(url).path for url in _LINK.findall(body)]
        return paths
    return read


@pytest.fixture
def last_link(mail_links):
    def read(address: str) -> str:
        links = mail_links(address)
        assert links, f"no mail with a link was sent to {address}"
        return links[-1]
    return read


@pytest.fixture
def flashes():
    """The messages flashed to a client and not shown yet, as (category, text), without consuming them."""
    def read(client) -> list[tuple[str, str]]:
        with client.session_transaction() as session:
            return list(session.get("_flashes", []))
    return read


@pytest.fixture
def user_count(app):
    def count() -> int:
        return db.session.scalar(select(func.count()).select_from(User))
    return count


@pytest.fixture
def signed_in(app):
    """A fresh client signed in as the given user."""
    def sign_in(user: User, password: str | None = None):
        browser = app.test_client()
        response = browser.post("/login", data={"email": user.email,
                                                "password": password or PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)[:300]
        return browser
    return sign_in

