"""Asking to replicate a programme, and the organisers brokering or declining the request."""
from __future__ import annotations

from datetime import date

import pytest
from flask import render_template
from flask_login import login_user
from sqlalchemy import func, select

from app.cooperation import services
from app.cooperation.models import Agreement, CooperationRequest
from app.extensions import db
from app.municipalities.models import Representation
from app.notifications.models import MailMessage

FORM = {"learning_goals": "Cómo integran las cámaras con el serenazgo.",
        "contact_name": "Carla Callao", "contact_email": "carla@municallao.gob.pe",
        "contact_phone": "01 444 0000"}


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_asking_creates_the_request_audits_it_and_mails_every_organiser(
        world, make_user, sign_in, audit_events, outbox):
    second = make_user("organiser", email="second@example.org", locale="en", name="Sam Second")
    response = sign_in(world.requester).post(f"/experiencias/{world.entry.id}/replicar",
                                             data={**FORM, "municipality": world.callao.id})
    cooperation_request = db.session.scalars(select(CooperationRequest)).one()
    assert response.status_code == 302
    assert response.location.endswith(f"/cooperacion/solicitudes/{cooperation_request.id}")
    assert (cooperation_request.requesting_municipality_id, cooperation_request.host_municipality_id,
            cooperation_request.requester_id, cooperation_request.status) == (
        world.callao.id, world.san_miguel.id, world.requester.id, "new")
    assert cooperation_request.learning_goals == FORM["learning_goals"]
    [event] = audit_events("cooperation_request.created")
    assert (event.actor_id, event.object_id) == (world.requester.id, str(cooperation_request.id))
    assert event.summary["requesting_municipality"] == "Callao"
    mails = {m["To"]: m for m in outbox()}
    assert set(mails) == {"organiser@example.org", "second@example.org"}
    spanish, english = mails["organiser@example.org"], mails["second@example.org"]
    assert "Callao" in spanish["Subject"] and "Centro Integrado" in spanish["Subject"]
    assert spanish["Subject"].startswith("Solicitud de cooperación")
    assert english["Subject"].startswith("Cooperation request")
    text = spanish.get_body(("plain",)).get_content()
    assert f"/cooperacion/solicitudes/{cooperation_request.id}" in text
    assert FORM["learning_goals"] in text and "carla@municallao.gob.pe" in text
    assert spanish.get_body(("html",)) is not None
    records = db.session.scalars(select(MailMessage).order_by(MailMessage.id)).all()
    assert {(r.kind, r.object_type, r.object_id) for r in records} == {
        ("cooperation_request", "cooperation_requests", str(cooperation_request.id))}
    assert {r.recipient_id for r in records} == {world.organiser.id, second.id}


def test_the_requester_sees_the_confirmation(world, sign_in):
    client = sign_in(world.requester)
    response = client.post(f"/experiencias/{world.entry.id}/replicar",
                           data={**FORM, "municipality": world.callao.id}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Su solicitud fue enviada" in page and FORM["learning_goals"] in page


def test_a_bad_form_keeps_what_was_typed_and_writes_nothing(world, sign_in, outbox):
    response = sign_in(world.requester).post(
        f"/experiencias/{world.entry.id}/replicar",
        data={**FORM, "contact_email": "no es un correo", "municipality": world.callao.id})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert FORM["learning_goals"] in page and "no es un correo" in page
    assert _count(CooperationRequest) == 0 and outbox() == []


def test_asking_for_the_programme_own_municipality_is_refused(world, make_representative,
                                                              sign_in):
    both = make_representative(world.callao, "both@example.org")
    db.session.add(Representation(user_id=both.id, municipality_id=world.san_miguel.id,
                                  position="Gerente", office_phone="01", status="confirmed"))
    db.session.commit()
    response = sign_in(both).post(f"/experiencias/{world.entry.id}/replicar",
                                  data={**FORM, "municipality": world.san_miguel.id})
    assert response.status_code == 400
    assert _count(CooperationRequest) == 0
    with pytest.raises(services.CooperationError):
        services.create_request(both, world.entry, world.san_miguel.id, "x", "y", "z@example.org")


def test_the_form_offers_only_the_municipalities_the_user_may_ask_for(world, sign_in):
    page = sign_in(world.requester).get(f"/experiencias/{world.entry.id}/replicar").get_data(
        as_text=True)
    assert f'value="{world.callao.id}"' in page
    assert f'value="{world.san_miguel.id}"' not in page
    assert 'value="rep@municallao.gob.pe"' in page  # the contact defaults to the user


@pytest.mark.parametrize("role, shows", [
    ("requester", "replicate-button"), ("host_rep", "Solo los representantes"),
    ("anonymous", "Inicie sesión para solicitar")])
def test_the_replicate_button_is_shown_only_to_who_may_ask(role, shows, world, app):
    user = getattr(world, role, None)
    with app.test_request_context("/"):
        if user is not None:
            login_user(user)
        html = render_template("cooperation/_replicate_button.html", entry=world.entry)
    assert shows in html
    assert ('id="replicate-button"' in html) is (role == "requester")


def test_brokering_opens_an_agreement_between_the_two_municipalities(world, make_request,
                                                                     sign_in, audit_events):
    cooperation_request = make_request()
    response = sign_in(world.organiser).post(
        f"/organiser/cooperation/requests/{cooperation_request.id}/broker",
        data={"requested_on": "2025-01-10"})
    agreement = db.session.scalars(select(Agreement)).one()
    assert response.location.endswith(f"/cooperacion/convenios/{agreement.id}")
    assert (agreement.host_municipality_id, agreement.partner_municipality_id, agreement.status,
            agreement.requested_on, agreement.programme_title, agreement.library_entry_id) == (
        world.san_miguel.id, world.callao.id, "requested", date(2025, 1, 10), world.entry.title,
        world.entry.id)
    assert db.session.get(CooperationRequest, cooperation_request.id).status == "brokered"
    assert [e.summary["status"] for e in audit_events("cooperation_request.brokered")] == [
        ["new", "brokered"]]
    assert audit_events("agreement.created")[0].object_id == str(agreement.id)


def test_a_person_programme_is_brokered_with_a_host_the_organiser_names(world, make_entry,
                                                                       make_request, sign_in):
    entry = make_entry(None, title="Escuela de líderes vecinales", recipient_name="Ana Pérez")
    cooperation_request = make_request(entry=entry)
    client = sign_in(world.organiser)
    url = f"/organiser/cooperation/requests/{cooperation_request.id}/broker"
    response = client.post(url, data={"requested_on": "2025-01-10", "host_municipality": 0})
    assert response.status_code == 409
    assert "Elija el municipio anfitrión" in response.get_data(as_text=True)
    client.post(url, data={"requested_on": "2025-01-10", "host_municipality": world.surco.id})
    agreement = db.session.scalars(select(Agreement)).one()
    assert (agreement.host_municipality_id, agreement.partner_municipality_id) == (
        world.surco.id, world.callao.id)


def test_a_request_is_handled_once(world, make_request):
    cooperation_request = make_request()
    services.broker_request(world.organiser, cooperation_request, date(2025, 1, 10))
    with pytest.raises(services.CooperationError):
        services.broker_request(world.organiser, cooperation_request, date(2025, 1, 11))
    with pytest.raises(services.CooperationError):
        services.decline_request(world.organiser, cooperation_request, "Ya no")
    assert _count(Agreement) == 1


def test_declining_needs_a_reason_which_the_requester_then_reads(world, make_request, sign_in,
                                                                  audit_events):
    cooperation_request = make_request()
    client = sign_in(world.organiser)
    url = f"/organiser/cooperation/requests/{cooperation_request.id}/decline"
    assert client.post(url, data={"reason": ""}).status_code == 400
    assert db.session.get(CooperationRequest, cooperation_request.id).status == "new"
    client.post(url, data={"reason": "El programa ya no se ejecuta."})
    assert db.session.get(CooperationRequest, cooperation_request.id).status == "declined"
    assert audit_events("cooperation_request.declined")[0].summary["reason"] == (
        "El programa ya no se ejecuta.")
    page = sign_in(world.requester).get(f"/cooperacion/solicitudes/{cooperation_request.id}")
    assert "El programa ya no se ejecuta." in page.get_data(as_text=True)


def test_my_requests_lists_sent_and_received_requests_of_my_municipalities(world, make_request,
                                                                          sign_in):
    make_request()
    sent = sign_in(world.requester).get("/cooperacion/mis-solicitudes").get_data(as_text=True)
    received = sign_in(world.host_rep).get("/cooperacion/mis-solicitudes").get_data(as_text=True)
    other = sign_in(world.other_rep).get("/cooperacion/mis-solicitudes").get_data(as_text=True)
    assert 'id="sent-requests"' in sent and world.entry.title in sent
    assert 'id="received-requests"' in received and world.entry.title in received
    assert world.entry.title not in other
