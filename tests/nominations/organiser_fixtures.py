"""Fixtures for the organiser's page tests, loaded with `pytest_plugins`: nominations built through
the services as a representative would make them, each by a different representative of a
different municipality unless told."""
from __future__ import annotations

import itertools
from types import SimpleNamespace

import pytest

from app.municipalities import services as municipalities
from app.municipalities.services import confirmed_municipality_ids
from app.nominations import services as nominations
from tests.nominations.organiser_helpers import CONTENT


@pytest.fixture
def call(make_edition, make_category):
    """An open 2026 edition: two municipality categories and one for people and institutions."""
    edition = make_edition(2026, status="nominations_open")
    return SimpleNamespace(
        edition=edition, inn=make_category(edition, "INN"), pre=make_category(edition, "PRE"),
        esp=make_category(edition, "ESP", admits_municipality=False, admits_person=True,
                          admits_institution=True))


@pytest.fixture
def nominate(make_user, make_municipality, organiser):
    """nominate(category, title, municipality=…, submitter=…, submit=True, **content)."""
    numbers = itertools.count(1)

    def make(category, title="Serenazgo conectado", municipality=None, submitter=None,
             submit=True, **content):
        n = next(numbers)
        municipality = municipality or make_municipality(f"Municipio {n}", code=f"T{n:04d}")
        submitter = submitter or make_user("nominator", email=f"rep{n}@example.org",
                                           name=f"Representante {n}")
        if municipality.id not in confirmed_municipality_ids(submitter):
            request = municipalities.request_representation(submitter, municipality, "Gerente", "01 555")
            municipalities.decide_representation(organiser, request, confirm=True)
        nomination = nominations.start_nomination(submitter, category, "municipality", municipality)
        values = {**CONTENT, "title": title, **content}
        if submit:
            nominations.submit(submitter, nomination, values)
        else:
            nominations.save_draft(submitter, nomination, values, None)
        return nomination
    return make


@pytest.fixture
def nominate_person(make_user):
    """A person nominated in a category that admits people, submitted."""
    numbers = itertools.count(1)

    def make(category, name="Rosa Quispe", country="PE", title="Mediación vecinal"):
        submitter = make_user("nominator", email=f"citizen{next(numbers)}@example.org")
        nomination = nominations.start_nomination(submitter, category, "person")
        nominations.submit(submitter, nomination, {
            **CONTENT, "title": title, "nominee_name": name, "nominee_country": country,
            "nominee_role": "Lideresa vecinal", "contribution": "Comités de seguridad"})
        return nomination
    return make
