"""Every route has a declared expectation for every role, and the server enforces it."""
from __future__ import annotations

import io

import pytest

from app import create_app
from app.accounts import services as accounts
from app.municipalities import services as municipalities
from app.perception import services as perception
from app.nominations import services as nominations
from tests.access.rules import (ASSIGNED, JUROR, ORGANISER, OWNER, PUBLIC, ROLES, RULES, SCORER,
                                SIGNED_IN, SUBMITTER)
from app import storage
from app.certificates.models import Certificate
from app.extensions import db
from app.judging.models import Assignment, Conflict, Review, Round
from tests.nominations.factories import PDF_BYTES


def test_every_route_has_a_declared_rule():
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    missing = sorted(endpoints - RULES.keys())
    stale = sorted(RULES.keys() - endpoints)
    assert not missing, f"routes without an access rule: {missing}"
    assert not stale, f"rules for routes that no longer exist: {stale}"


def test_every_rule_uses_a_method_the_route_accepts():
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    methods = {}
    for rule in app.url_map.iter_rules():
        methods.setdefault(rule.endpoint, set()).update(rule.methods)
    wrong = [e for e, (method, _values, _rule) in RULES.items() if method not in methods[e]]
    assert not wrong


@pytest.fixture
def world(app, make_user, make_edition, make_category, make_municipality, organiser):
    edition = make_edition(2026, status="nominations_open")
    category = make_category(edition, "INN")
    make_category(edition, "PER", kind="ranking", criteria=0)
    municipality = make_municipality()
    other = make_user("nominator", email="other@example.org")
    invitation = accounts.invite(organiser, "invited@example.org", "Invitada", "juror")
    token = _token_from_outbox(app)
    owner = make_user("nominator", email="owner@example.org")
    representation = municipalities.request_representation(owner, municipality, "Gerente", "01 555")
    municipalities.decide_representation(organiser, representation, confirm=True)
    nomination = nominations.start_nomination(owner, category, "municipality", municipality)
    attachment = nominations.add_attachment(owner, nomination, "informe.pdf", PDF_BYTES)
    pending = municipalities.request_representation(other, municipality, "Asesor", "01 556")
    submitted = nominations.start_nomination(owner, make_category(edition, "TUR"), "municipality",
                                             municipality)
    submitted.reference, submitted.status = "SCA-2026-TUR-0001", "submitted"
    db.session.commit()
    conflict = Conflict(juror_id=other.id, nomination_id=nomination.id, kind="automatic")
    db.session.add(conflict)
    db.session.commit()
    assignment = Assignment(round=Round(category_id=category.id), nomination_id=nomination.id,
                            juror_id=make_user("juror", email="assigned@example.org").id)
    review = Review(assignment=assignment, status="submitted", submitted_at=conflict.created_at)
    db.session.add(review)
    db.session.commit()
    perception.import_file(io.BytesIO(b"ubigeo,respondents,pct\n150122,400,45.5\n"), "t3.csv",
                           "2026-T3", perception.Source(name="Prueba", synthetic=True))
    certificate = Certificate(edition_id=edition.id, kind="finalist", nomination_id=submitted.id,
                              recipient_name="Municipalidad de Miraflores", code="0" * 20,
                              short_code="SCA-0000-0000", status="issued", issued_at=review.submitted_at,
                              pdf_sha256=storage.store(PDF_BYTES).sha256)
    db.session.add(certificate)
    db.session.commit()
    return {"criterion_id": category.criteria[0].id, "municipality_id": municipality.id,
            "other_user_id": other.id, "invitation_id": invitation.id, "invitation_token": token,
            "nomination_id": nomination.id, "attachment_id": attachment.id,
            "representation_id": pending.id, "submitted_id": submitted.id,
            "category_id": category.id, "conflict_id": conflict.id,
            "assignment_id": assignment.id, "review_id": review.id,
            "round_id": assignment.round_id, "juror_id": assignment.juror_id,
            "certificate_id": certificate.id, "certificate_code": certificate.code}


def _token_from_outbox(app) -> str:
    from pathlib import Path
    mail = next(Path(app.config["MAIL_OUTBOX_DIR"]).glob("*.eml")).read_text()
    return mail.split("/invitations/")[1].split()[0]


def _expected(rule: str, role: str) -> str:
    if rule == PUBLIC:
        return "allowed"
    if role == "anonymous":
        return "login"
    if rule == SIGNED_IN or (rule in (ORGANISER, OWNER, ASSIGNED) and role == "organiser"):
        return "allowed"
    if rule == JUROR and role == "juror":
        return "allowed"
    return "forbidden"


def _outcome(response) -> str:
    if (response.status_code == 302 and "/login" in response.location) or response.status_code == 401:
        return "login"
    if response.status_code == 403:
        return "forbidden"
    assert response.status_code < 500, response.get_data(as_text=True)[:400]
    return "allowed"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", sorted(RULES))
def test_access(endpoint, role, app, client, world, make_user, sign_in, organiser):
    assert RULES[endpoint][2] in (PUBLIC, SIGNED_IN, ORGANISER, OWNER, SUBMITTER, JUROR, ASSIGNED,
                                  SCORER)
    method, values, rule = RULES[endpoint]
    if role == "organiser":
        sign_in(organiser)
    elif role != "anonymous":
        sign_in(make_user(role, email=f"{role}@example.org"))
    with app.test_request_context():
        from flask import url_for
        url = url_for(endpoint, **{k: _resolve(v, world) for k, v in values.items()})
    response = client.open(url, method=method)
    assert _outcome(response) == _expected(rule, role)


def _resolve(value, world):
    if isinstance(value, str) and value.startswith("{"):
        return world[value.strip("{}")]
    return value
