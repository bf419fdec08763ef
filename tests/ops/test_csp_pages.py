"""Every page works under the Content-Security-Policy: nothing inline for it to block."""
from __future__ import annotations

from html.parser import HTMLParser

from flask import url_for
from sqlalchemy import select

from app.accounts.models import User
from app.extensions import db
from app.ops.security import CONTENT_SECURITY_POLICY
from tests.access.rules import RULES
from tests.access.test_access_matrix import _resolve, world  # noqa: F401  (the matrix's objects)


class InlineFinder(HTMLParser):
    """Collects what the policy would block: script bodies, <style>, style= and on*= attributes,
    javascript: links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if tag == "style":
            self.found.append("<style>")
        if tag == "script":
            self._in_script = "src" not in names
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower() \
                    .startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:...>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.found.append("<script> with a body")


def inline_code(html: str) -> list[str]:
    finder = InlineFinder()
    finder.feed(html)
    return finder.found


def test_the_finder_spots_every_kind_of_inline_code():
    html = ('<style>p{}</style><p style="x">a</p><button onclick="f()">b</button>'
            '<script>alert(1)</script><script src="/static/app.js"></script>'
            '<a href="javascript:void(0)">c</a>')
    assert inline_code(html) == ["<style>", "<p style=...>", "<button onclick=...>",
                                 "<script> with a body", "<a href=javascript:...>"]


# PDFs drawn by WeasyPrint (seconds each), never HTML
NOT_PAGES = {"certificates.preview", "nominations.receipt"}


def _get_pages(world):  # noqa: F811
    """Every GET page of the access matrix, with the URL values of its world."""
    pages = []
    for endpoint, (method, values, _rule) in sorted(RULES.items()):
        if method == "GET" and not endpoint.endswith("static") and endpoint not in NOT_PAGES:
            pages.append(url_for(endpoint, **{k: _resolve(v, world) for k, v in values.items()}))
    return pages


def _offences(client, urls) -> tuple[dict, int]:
    offences, checked = {}, 0
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, url
        assert response.headers["Content-Security-Policy"], url
        # a route with a policy of its own (the mail's HTML part in its sandbox) answers for it
        ours = response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
        if response.status_code == 200 and response.mimetype == "text/html" and ours:
            checked += 1
            found = inline_code(response.get_data(as_text=True))
            if found:
                offences[url] = sorted(set(found))
    return offences, checked


def test_no_page_of_the_access_matrix_has_inline_code(app, client, world, sign_in,  # noqa: F811
                                                      organiser):
    sign_in(organiser)
    with app.test_request_context():
        pages = _get_pages(world)
    offences, checked = _offences(client, pages)
    assert not offences
    assert checked > 40


def test_the_pages_only_nominators_and_jurors_see_have_no_inline_code(app, client, world,  # noqa: F811
                                                                       sign_in):
    owner = db.session.scalar(select(User).where(User.email == "owner@example.org"))
    juror = db.session.scalar(select(User).where(User.id == world["juror_id"]))
    with app.test_request_context():
        nominator_pages = [url_for("nominations.edit_nomination", nomination_id=world["nomination_id"]),
                           url_for("nominations.my_nominations"),
                           url_for("nominations.show_nomination", nomination_id=world["nomination_id"])]
        juror_pages = [url_for("reviews.dashboard"), url_for("jurors.profile"),
                       url_for("jurors.declare_conflicts", category_id=world["category_id"])]
    sign_in(owner)
    offences, checked = _offences(client, nominator_pages)
    sign_in(juror)
    juror_offences, juror_checked = _offences(client, juror_pages)
    assert not offences and not juror_offences
    assert (checked, juror_checked) == (3, 3)


def test_every_page_carries_the_policy_without_unsafe_inline(client):
    response = client.get("/")
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
