"""Every POST route of the app refuses a request without a CSRF token, and changes nothing."""
from __future__ import annotations

from flask import url_for
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.extensions import db
from tests.access.rules import RULES
from tests.access.test_access_matrix import _resolve, world  # noqa: F401  (the fixture)


def _post_urls(app, world) -> list[str]:
    endpoints = sorted({rule.endpoint for rule in app.url_map.iter_rules() if "POST" in rule.methods})
    with app.test_request_context():
        return [url_for(e, **{k: _resolve(v, world) for k, v in RULES[e][1].items()})
                for e in endpoints]


def test_every_post_without_a_csrf_token_is_refused_and_changes_nothing(app, world, organiser,
                                                                        sign_in, client):
    """One world for all routes: each request is refused, so none changes what the next sees."""
    urls = _post_urls(app, world)
    assert len(urls) > 50
    app.config["WTF_CSRF_ENABLED"] = True
    sign_in(organiser)
    audited = db.session.scalar(select(func.count(AuditEvent.id)))
    accepted = []
    for url in urls:
        response = client.post(url, data={"name": "x"})
        body = response.get_data(as_text=True)
        refused = response.status_code == 400 and (
            "Formulario vencido" in body or (response.is_json and response.get_json()["error"]))
        if not refused:
            accepted.append(f"{url}: {response.status_code}")
    assert not accepted, accepted
    assert db.session.scalar(select(func.count(AuditEvent.id))) == audited
