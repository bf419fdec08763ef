"""Three municipalities with a confirmed representative each, a library programme of San Miguel
(the 2024 integrated security centre), and factories for requests and agreements."""
from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from app.cooperation import services
from app.extensions import db
from app.library.models import HistoricalAward, LibraryEntry
from app.municipalities.models import Representation


@pytest.fixture
def make_representative(make_user):
    """A nominator confirmed as representative of the municipality (written directly: the
    confirmation itself is tested in tests/municipalities)."""
    def make(municipality, email: str, **values):
        user = make_user("nominator", email=email, **values)
        db.session.add(Representation(user_id=user.id, municipality_id=municipality.id,
                                      position="Gerente de Seguridad Ciudadana",
                                      office_phone="01 555 0101", status="confirmed"))
        db.session.commit()
        return user
    return make


@pytest.fixture
def make_entry(app):
    """A library programme from history; `municipality=None` makes it a person's."""
    def make(municipality, title: str = "Centro Integrado de Seguridad Ciudadana", year: int = 2024,
             recipient_name: str = "") -> LibraryEntry:
        award = HistoricalAward(year=year, category_name="Innovación", place="oro",
                                municipality_id=municipality.id if municipality else None,
                                recipient_name=recipient_name, country="PE", title=title,
                                summary="Cámaras, serenazgo y policía en una sola central.")
        db.session.add(award)
        db.session.flush()
        entry = LibraryEntry(source="history", historical_award_id=award.id, year=year,
                             category_name="Innovación", place="oro",
                             municipality_id=municipality.id if municipality else None,
                             recipient_name=recipient_name or (municipality.name if municipality else ""),
                             country="PE", title=title, summary=award.summary,
                             search_text=title.lower())
        db.session.add(entry)
        db.session.commit()
        return entry
    return make


@pytest.fixture
def world(make_municipality, make_representative, make_entry, organiser):
    """San Miguel hosts the programme, Callao asks to replicate it, Surco is a bystander."""
    san_miguel = make_municipality("San Miguel", "150136")
    callao = make_municipality("Callao", "070101")
    surco = make_municipality("Santiago de Surco", "150140")
    return SimpleNamespace(
        organiser=organiser, san_miguel=san_miguel, callao=callao, surco=surco,
        host_rep=make_representative(san_miguel, "rep@munisanmiguel.gob.pe"),
        requester=make_representative(callao, "rep@municallao.gob.pe", name="Carla Callao"),
        other_rep=make_representative(surco, "rep@munisurco.gob.pe"),
        entry=make_entry(san_miguel))


@pytest.fixture
def make_request(world):
    def make(entry=None, requester=None, municipality=None, **values):
        requester = requester or world.requester
        return services.create_request(
            requester, entry or world.entry, (municipality or world.callao).id,
            values.get("learning_goals", "Cómo se organiza la central y cuánto cuesta."),
            values.get("contact_name", "Carla Callao"),
            values.get("contact_email", "carla@municallao.gob.pe"),
            values.get("contact_phone", "01 444 0000"))
    return make


@pytest.fixture
def make_agreement(world, make_request):
    """An agreement brokered from a new request, then moved through `steps` (status, date)."""
    def make(*steps: tuple[str, date], **values):
        agreement = services.broker_request(world.organiser, make_request(**values),
                                            date(2025, 1, 10))
        for target, on in steps:
            services.move_agreement(world.organiser, agreement, target, on,
                                    "Alcalde de San Miguel; Alcalde del Callao")
        return agreement
    return make
