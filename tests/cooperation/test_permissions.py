"""Only the two parties' confirmed representatives and the organisers see a request or an
agreement; only representatives of another municipality may ask to replicate a programme."""
from __future__ import annotations

from datetime import date

import pytest
from flask_login import AnonymousUserMixin

from app.cooperation import permissions, services
from app.awards.models import Award
from app.extensions import db
from app.library.models import LibraryEntry
from app.municipalities.models import Representation
from app.nominations.models import Nomination
from tests.nominations.factories import PDF_BYTES

ROLES = ("requester", "host_rep", "other_rep", "juror", "organiser", "anonymous")
SEES = {"requester", "host_rep", "organiser"}


@pytest.fixture
def person(world, juror):
    """Each role of the matrix as a user (None for anonymous)."""
    users = {"requester": world.requester, "host_rep": world.host_rep,
             "other_rep": world.other_rep, "juror": juror, "organiser": world.organiser,
             "anonymous": None}
    return users.__getitem__


@pytest.fixture
def browse(client, sign_in, person):
    def as_role(role):
        return client if role == "anonymous" else sign_in(person(role))
    return as_role


def _expected(role: str, allowed: bool) -> int:
    if role == "anonymous":
        return 302
    return 200 if allowed else 403


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_a_request(role, world, make_request, browse):
    cooperation_request = make_request()
    response = browse(role).get(f"/cooperacion/solicitudes/{cooperation_request.id}")
    assert response.status_code == _expected(role, role in SEES)
    if role == "anonymous":
        assert "/login" in response.location


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_an_agreement(role, world, make_agreement, browse):
    agreement = make_agreement()
    response = browse(role).get(f"/cooperacion/convenios/{agreement.id}")
    assert response.status_code == _expected(role, role in SEES)


@pytest.mark.parametrize("role", ROLES)
def test_who_downloads_the_signed_agreement(role, world, make_agreement, browse):
    agreement = make_agreement(("in_talks", date(2025, 2, 1)), ("signed", date(2025, 3, 1)))
    services.attach_signed_pdf(world.organiser, agreement, "convenio.pdf", PDF_BYTES)
    response = browse(role).get(f"/cooperacion/convenios/{agreement.id}/convenio-firmado")
    assert response.status_code == _expected(role, role in SEES)
    if role in SEES:
        assert response.data == PDF_BYTES
        assert response.headers["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize("role, allowed", [
    ("requester", True), ("other_rep", True), ("host_rep", False), ("juror", False),
    ("organiser", False), ("anonymous", False)])
def test_who_may_ask_to_replicate_a_municipality_programme(role, allowed, world, person,
                                                              browse):
    user = person(role) or AnonymousUserMixin()
    assert permissions.can_request_cooperation(user, world.entry) is allowed
    response = browse(role).get(f"/experiencias/{world.entry.id}/replicar")
    assert response.status_code == _expected(role, allowed)


def test_every_representative_may_ask_for_a_person_programme(world, make_entry):
    entry = make_entry(None, title="Escuela de líderes vecinales", recipient_name="Ana Pérez")
    assert permissions.can_request_cooperation(world.host_rep, entry)
    assert permissions.can_request_cooperation(world.requester, entry)


def test_an_unconfirmed_representative_may_not_ask(world, make_user):
    user = make_user("nominator")
    db.session.add(Representation(user_id=user.id, municipality_id=world.surco.id,
                                  position="Asesor", office_phone="01", status="requested"))
    db.session.commit()
    assert not permissions.can_request_cooperation(user, world.entry)


def test_the_host_sees_a_person_programme_request_only_once_brokered_with_it(world, make_entry,
                                                                            make_request):
    entry = make_entry(None, title="Escuela de líderes vecinales", recipient_name="Ana Pérez")
    cooperation_request = make_request(entry=entry)
    assert not permissions.can_view_request(world.host_rep, cooperation_request)
    services.broker_request(world.organiser, cooperation_request, date(2025, 1, 10),
                            world.san_miguel.id)
    assert permissions.can_view_request(world.host_rep, cooperation_request)


def test_an_unknown_request_or_agreement_is_not_found(world, sign_in):
    client = sign_in(world.organiser)
    assert client.get("/cooperacion/solicitudes/999").status_code == 404
    assert client.get("/cooperacion/convenios/999").status_code == 404


def _awarded_entry(world, make_edition, make_category) -> LibraryEntry:
    """A library entry of a 2026 award whose submitter consented to its publication."""
    category = make_category(make_edition(2026, status="published"), "PRE", criteria=0)
    nomination = Nomination(category=category, submitter_id=world.host_rep.id, status="winner",
                            nominee_type="municipality", municipality=world.san_miguel,
                            title="Serenazgo sin fronteras", publication_consent=True)
    db.session.add(nomination)
    db.session.flush()
    award = Award(category_id=category.id, place="gold", position=1, nomination_id=nomination.id,
                  status="confirmed")
    db.session.add(award)
    db.session.flush()
    entry = LibraryEntry(source="award", award_id=award.id, nomination_id=nomination.id,
                         year=2026, category_name="Premio", place="gold",
                         municipality_id=world.san_miguel.id, title=nomination.title)
    db.session.add(entry)
    db.session.commit()
    return entry


def test_a_programme_whose_consent_was_withdrawn_cannot_be_asked_for_nor_linked(
        world, make_edition, make_category, make_agreement, sign_in):
    entry = _awarded_entry(world, make_edition, make_category)
    agreement = make_agreement(("in_talks", date(2025, 2, 1)), ("signed", date(2025, 3, 1)),
                               entry=entry)
    db.session.get(Nomination, entry.nomination_id).publication_consent = False
    db.session.commit()
    client = sign_in(world.other_rep)
    assert client.get(f"/experiencias/{entry.id}/replicar").status_code == 404
    public = client.get("/convenios").get_data(as_text=True)
    assert entry.title in public and f'href="/experiencias/{entry.id}"' not in public
    page = sign_in(world.requester).get(f"/cooperacion/convenios/{agreement.id}").get_data(
        as_text=True)
    assert entry.title in page and f'href="/experiencias/{entry.id}"' not in page
