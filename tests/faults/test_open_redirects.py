"""Every `next=` parameter stays on this site: a link may not send a visitor elsewhere."""
from __future__ import annotations

import pytest

from tests.conftest import PASSWORD

ELSEWHERE = ["//evil.example", "https://evil.example", "/\\evil.example", "\\\\evil.example",
             "/\t/evil.example", "javascript:alert(1)", "http:/evil.example"]


@pytest.mark.parametrize("target", ELSEWHERE)
def test_login_refuses_a_next_page_elsewhere(client, nominator, target):
    response = client.post("/login", query_string={"next": target},
                           data={"email": nominator.email, "password": PASSWORD})
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("target", ELSEWHERE)
def test_a_signed_in_visit_to_login_refuses_a_next_page_elsewhere(client, nominator, sign_in, target):
    sign_in(nominator)
    response = client.get("/login", query_string={"next": target})
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("target", ELSEWHERE)
def test_choosing_a_language_refuses_a_next_page_elsewhere(client, target):
    response = client.post("/language", data={"locale": "en", "next": target})
    assert response.headers["Location"] == "/"


def test_choosing_a_language_returns_to_the_page_on_this_site(client):
    response = client.post("/language", data={"locale": "en", "next": "/rankings?x=1"})
    assert response.headers["Location"] == "/rankings?x=1"
