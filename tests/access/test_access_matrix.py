"""Every route has a declared expectation for every role, and the server enforces it."""
from __future__ import annotations

import io
from datetime import date

import pytest

from app import create_app
from app.accounts import services as accounts
from app.municipalities import services as municipalities
from app.perception import services as perception
from app.nominations import services as nominations
from tests.access.rules import (ASSIGNED, JUROR, NOT_THE_OWNERS, ORGANISER, OWNER, PUBLIC, ROLES,
                                RULES, SCORER, SIGNED_IN, SUBMITTER)
from app import storage
from app.certificates.models import Certificate
from app.cooperation.models import Agreement, CooperationRequest
from app.library.models import HistoricalAward, LibraryEntry
from app.extensions import db
from app.accounts.models import User
from app.judging.models import Assignment, Conflict, ConflictDeclaration, Review, Round
from app.notifications.models import Broadcast, MailMessage
from sqlalchemy import select
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
    judged = _judged(owner, municipality, make_edition, make_category, make_user)
    perception.import_file(io.BytesIO(b"ubigeo,respondents,pct\n150122,400,45.5\n"), "t3.csv",
                           "2026-T3", perception.Source(name="Prueba", synthetic=True))
    certificate = Certificate(edition_id=edition.id, kind="finalist", nomination_id=submitted.id,
                              recipient_name="Municipalidad de Miraflores", code="0" * 20,
                              short_code="SCA-0000-0000", status="issued", issued_at=review.submitted_at,
                              pdf_sha256=storage.store(PDF_BYTES).sha256)
    db.session.add(certificate)
    db.session.commit()
    cooperation = _cooperation(owner, municipality, make_municipality("Callao", code="070101"))
    broadcast = Broadcast(edition_id=edition.id, audience="jurors", subject="Aviso", body="Texto",
                          sent_by_id=organiser.id)
    db.session.add(broadcast)
    db.session.commit()
    return {"criterion_id": category.criteria[0].id, "municipality_id": municipality.id,
            "other_user_id": other.id, "invitation_id": invitation.id, "invitation_token": token,
            "nomination_id": nomination.id, "attachment_id": attachment.id,
            "representation_id": pending.id, "submitted_id": submitted.id,
            "category_id": category.id, "conflict_id": conflict.id,
            "assignment_id": assignment.id, "review_id": review.id,
            "round_id": assignment.round_id, "juror_id": assignment.juror_id,
            "certificate_id": certificate.id, "certificate_code": certificate.code,
            "mail_message_id": db.session.scalar(select(MailMessage.id).limit(1)),
            "broadcast_id": broadcast.id,
            **cooperation, **judged}


def _judged(owner, municipality, make_edition, make_category, make_user) -> dict:
    """An eligible nomination of the owner's municipality in an edition being judged, assigned
    to `assigned@example.org` (declared, free of conflicts) and to `conflicted@example.org` (who
    declared a conflict with it): what the ASSIGNED and SCORER routes need."""
    edition = make_edition(2025, status="nominations_open")
    category = make_category(edition, "INN")
    nomination = nominations.start_nomination(owner, category, "municipality", municipality)
    attachment = nominations.add_attachment(owner, nomination, "informe.pdf", PDF_BYTES)
    nomination.reference, nomination.status = "SCA-2025-INN-0001", "eligible"
    edition.status = "judging"
    round_ = Round(category_id=category.id)
    assigned = db.session.scalar(select(User).where(User.email == "assigned@example.org"))
    conflicted = make_user("juror", email="conflicted@example.org")
    for juror in (assigned, conflicted):
        db.session.add_all([Assignment(round=round_, nomination_id=nomination.id, juror_id=juror.id),
                            ConflictDeclaration(juror_id=juror.id, category_id=category.id)])
    db.session.add(Conflict(juror_id=conflicted.id, nomination_id=nomination.id, kind="declared",
                            reason="Trabajé en el programa"))
    db.session.commit()
    assignment = db.session.scalar(select(Assignment).where(Assignment.juror_id == assigned.id,
                                                            Assignment.round_id == round_.id))
    return {"judged_assignment_id": assignment.id, "judged_nomination_id": nomination.id,
            "judged_attachment_id": attachment.id}


def _cooperation(owner, host, partner) -> dict:
    """A library programme of `host`, a request from `partner` about it, and an agreement (the
    matrix's roles represent neither municipality)."""
    award = HistoricalAward(year=2024, category_name="Innovación", place="oro",
                            municipality_id=host.id, title="Centro Integrado de Seguridad")
    db.session.add(award)
    db.session.flush()
    entry = LibraryEntry(source="history", historical_award_id=award.id, year=2024,
                         category_name="Innovación", place="oro", municipality_id=host.id,
                         title=award.title)
    db.session.add(entry)
    db.session.flush()
    request = CooperationRequest(library_entry_id=entry.id, requester_id=owner.id,
                                 requesting_municipality_id=partner.id, host_municipality_id=host.id,
                                 learning_goals="Aprender", contact_name="Ana",
                                 contact_email="ana@example.org")
    db.session.add(request)
    db.session.flush()
    agreement = Agreement(request_id=request.id, library_entry_id=entry.id,
                          programme_title=entry.title, host_municipality_id=host.id,
                          partner_municipality_id=partner.id, requested_on=date(2025, 1, 10))
    db.session.add(agreement)
    db.session.commit()
    return {"cooperation_entry_id": entry.id, "cooperation_request_id": request.id,
            "agreement_id": agreement.id}


def _token_from_outbox(app) -> str:
    from pathlib import Path
    mail = next(Path(app.config["MAIL_OUTBOX_DIR"]).glob("*.eml")).read_text()
    return mail.split("/invitations/")[1].split()[0]


def _expected(endpoint: str, rule: str, role: str) -> str:
    if rule == PUBLIC:
        return "allowed"
    if role == "anonymous":
        return "login"
    if role == "owner" and endpoint in NOT_THE_OWNERS:
        role = "nominator"
    allowed = {
        SIGNED_IN: set(ROLES),
        ORGANISER: {"organiser"},
        OWNER: {"owner", "organiser"},
        SUBMITTER: {"owner"},
        JUROR: {"assigned", "juror", "conflicted"},
        ASSIGNED: {"assigned", "organiser"},
        SCORER: {"assigned"},
    }[rule]
    return "allowed" if role in allowed else "forbidden"


def _outcome(response) -> str:
    if (response.status_code == 302 and "/login" in response.location) or response.status_code == 401:
        return "login"
    if response.status_code == 403:
        return "forbidden"
    assert response.status_code < 500, response.get_data(as_text=True)[:400]
    return "allowed"


@pytest.mark.parametrize("endpoint", sorted(RULES))
def test_access(endpoint, app, world, make_user, organiser):
    """Each role in turn, on one world per endpoint (building it is most of the cost)."""
    method, values, rule = RULES[endpoint]
    assert rule in (PUBLIC, SIGNED_IN, ORGANISER, OWNER, SUBMITTER, JUROR, ASSIGNED, SCORER)
    with app.test_request_context():
        from flask import url_for
        url = url_for(endpoint, **{k: _resolve(v, world) for k, v in values.items()})
    users = {"organiser": organiser, "nominator": make_user("nominator", email="nominator@example.org"),
             "juror": make_user("juror", email="juror@example.org")}
    users.update({role: db.session.scalar(select(User).where(User.email == f"{role}@example.org"))
                  for role in ("owner", "assigned", "conflicted")})
    wrong = []
    for role in ROLES:
        client = app.test_client()
        if role in users:
            with client.session_transaction() as session:
                session["_user_id"], session["_fresh"] = users[role].get_id(), True
        outcome, expected = _outcome(client.open(url, method=method)), _expected(endpoint, rule, role)
        if outcome != expected:
            wrong.append(f"{role}: {outcome}, expected {expected}")
    assert not wrong, f"{method} {url}: {wrong}"


def _resolve(value, world):
    if isinstance(value, str) and value.startswith("{"):
        return world[value.strip("{}")]
    return value
