"""A municipality finds a programme in the library and asks to replicate it, on a phone, in Spanish.

Issue 9, "Tests that must exist": a browser journey from the library to a cooperation request —
library → the programme's page → "Quiero replicar esta experiencia" → the form → confirmation,
and the organisers are mailed.
"""
from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import select

from app.cooperation.models import CooperationRequest
from app.extensions import db
from tests.conftest import PASSWORD
from tests.cooperation.world import make_entry, make_representative, world  # noqa: F401  (fixtures)
from tests.e2e.support import es, log_in

GOALS = "Cómo coordinan la central de videovigilancia con el serenazgo y la policía."


def test_a_representative_asks_to_replicate_a_library_programme_on_a_phone(
        browsing, world, outbox):
    phone = browsing.phone()

    browsing.at("1-log-in")
    log_in(phone, world.requester.email, PASSWORD)

    browsing.at("2-library")
    phone.goto("/experiencias")
    phone.get_by_role("link", name=world.entry.title).click()
    expect(phone.locator("h1")).to_contain_text(world.entry.title)

    browsing.at("3-replicate-button")
    phone.get_by_role("link", name=es("I want to replicate this experience")).click()
    phone.wait_for_url(re.compile(rf"/experiencias/{world.entry.id}/replicar$"))

    browsing.at("4-form")
    expect(phone.get_by_label(es("Municipality that asks"))).to_have_value(str(world.callao.id))
    expect(phone.get_by_label(es("Contact email"))).to_have_value(world.requester.email)
    phone.get_by_label(es("What would you like to learn from this experience?")).fill(GOALS)
    phone.get_by_label(es("Contact phone")).fill("01 444 0000")
    phone.get_by_role("button", name=es("Send the request")).click()

    browsing.at("5-confirmation")
    phone.wait_for_url(re.compile(r"/cooperacion/solicitudes/\d+$"))
    expect(phone.get_by_role("alert")).to_contain_text(
        es("Your request was sent. The organisers will contact you to arrange the cooperation."))
    expect(phone.locator("#requesting-municipality")).to_have_text("Callao")
    expect(phone.locator("main")).to_contain_text(GOALS)

    db.session.expire_all()
    cooperation_request = db.session.scalars(select(CooperationRequest)).one()
    db.session.rollback()
    assert cooperation_request.contact_phone == "01 444 0000"
    assert [m["To"] for m in outbox()] == [world.organiser.email]
