"""Organisers keep the list of municipalities of any country."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.extensions import db
from app.municipalities.models import Municipality

NEW = "/organiser/municipalities/new"
LIST = "/organiser/municipalities/"


def _form(**overrides) -> dict:
    data = {"name": "San Salvador", "official_name": "Alcaldía Municipal de San Salvador",
            "country": "sv", "region": "San Salvador", "province": "San Salvador Centro",
            "official_code": "0614", "mayor_name": "Mario Durán"}
    data.update(overrides)
    return data


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Municipality))


def _field_error(html: str, field_id: str) -> str | None:
    match = re.search(rf'id="{field_id}-error"[^>]*>(.*?)</div>', html, re.S)
    return match.group(1) if match else None


def test_organiser_adds_a_municipality_of_el_salvador(as_organiser, organiser):
    response = as_organiser.post(NEW, data=_form())

    assert response.status_code == 302
    assert response.headers["Location"].endswith(LIST)
    municipality = db.session.scalar(select(Municipality))
    assert municipality.country == "SV"
    assert municipality.name == "San Salvador"
    assert municipality.official_code == "0614"
    assert municipality.mayor_name == "Mario Durán"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "municipality.created"))
    assert event.actor_id == organiser.id
    assert event.object_id == str(municipality.id)


def test_a_municipality_without_official_code_is_allowed(as_organiser):
    assert as_organiser.post(NEW, data=_form(official_code="")).status_code == 302
    assert as_organiser.post(NEW, data=_form(name="Otra", official_code="")).status_code == 302
    assert db.session.scalars(select(Municipality.official_code)).all() == [None, None]


def test_a_duplicate_official_code_in_the_same_country_is_refused_on_the_field(as_organiser,
                                                                             make_municipality):
    make_municipality(name="San Salvador", code="0614", country="SV")

    response = as_organiser.post(NEW, data=_form(name="Otro municipio", mayor_name="Ana Pérez"))

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    error = _field_error(html, "official_code")
    assert error is not None and "0614" in error
    assert 'value="Otro municipio"' in html
    assert 'value="Ana Pérez"' in html
    assert 'value="0614"' in html
    assert _count() == 1


def test_the_same_official_code_in_another_country_is_allowed(as_organiser, make_municipality):
    make_municipality(name="Miraflores", code="0614", country="PE")
    assert as_organiser.post(NEW, data=_form()).status_code == 302
    assert _count() == 2


def test_a_country_that_is_not_a_two_letter_code_is_a_form_error(as_organiser):
    response = as_organiser.post(NEW, data=_form(country="El Salvador"))
    assert response.status_code == 200
    assert _field_error(response.get_data(as_text=True), "country") is not None
    assert _count() == 0


def test_editing_the_mayor_name_persists_and_is_audited(as_organiser, make_municipality, organiser):
    municipality = make_municipality(name="Miraflores", code="150122")

    response = as_organiser.post(f"/organiser/municipalities/{municipality.id}/edit", data=_form(
        name="Miraflores", official_name="", country="PE", region="Lima", province="Lima",
        official_code="150122", mayor_name="Carlos Canales"))

    assert response.status_code == 302
    db.session.refresh(municipality)
    assert municipality.mayor_name == "Carlos Canales"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "municipality.updated"))
    assert event.actor_id == organiser.id
    assert event.summary["mayor_name"] == ["", "Carlos Canales"]


def test_the_edit_form_shows_the_stored_values(as_organiser, make_municipality):
    municipality = make_municipality(name="Barranco", code="150104")
    html = as_organiser.get(f"/organiser/municipalities/{municipality.id}/edit").get_data(as_text=True)
    assert 'value="Barranco"' in html and 'value="150104"' in html


def test_editing_to_a_code_taken_in_the_same_country_is_refused(as_organiser, make_municipality):
    make_municipality(name="Barranco", code="150104")
    other = make_municipality(name="Miraflores", code="150122")

    response = as_organiser.post(f"/organiser/municipalities/{other.id}/edit", data=_form(
        name="Miraflores", country="PE", official_code="150104"))

    assert response.status_code == 200
    assert "150104" in (_field_error(response.get_data(as_text=True), "official_code") or "")
    db.session.refresh(other)
    assert other.official_code == "150122"


def test_saving_a_municipality_unchanged_keeps_its_own_code(as_organiser, make_municipality):
    municipality = make_municipality(name="Barranco", code="150104")
    response = as_organiser.post(f"/organiser/municipalities/{municipality.id}/edit", data=_form(
        name="Barranco", official_name="", country="PE", region="", province="",
        official_code="150104", mayor_name=""))
    assert response.status_code == 302


def test_editing_an_unknown_municipality_is_not_found(as_organiser):
    assert as_organiser.get("/organiser/municipalities/9999/edit").status_code == 404


def test_the_list_searches_by_name(as_organiser, make_municipality):
    make_municipality(name="Miraflores", code="150122")
    make_municipality(name="San Isidro", code="150131")

    html = as_organiser.get(LIST, query_string={"q": "mira"}).get_data(as_text=True)

    assert "Miraflores" in html
    assert "San Isidro" not in html


def test_the_list_searches_by_official_code(as_organiser, make_municipality):
    make_municipality(name="Miraflores", code="150122")
    make_municipality(name="San Isidro", code="150131")
    html = as_organiser.get(LIST, query_string={"q": "150131"}).get_data(as_text=True)
    assert "San Isidro" in html and "Miraflores" not in html


def test_the_list_without_a_search_shows_every_municipality(as_organiser, make_municipality):
    make_municipality(name="Miraflores", code="150122")
    make_municipality(name="San Salvador", code="0614", country="SV")
    html = as_organiser.get(LIST).get_data(as_text=True)
    assert "Miraflores" in html and "San Salvador" in html


@pytest.mark.parametrize("role", ["juror", "nominator"])
@pytest.mark.parametrize("method, url", [("get", LIST), ("get", NEW), ("post", NEW),
                                         ("get", "/organiser/municipalities/{id}/edit"),
                                         ("post", "/organiser/municipalities/{id}/edit")])
def test_non_organisers_are_forbidden(role, method, url, client, sign_in, make_user,
                                      make_municipality):
    municipality = make_municipality()
    sign_in(make_user(role))
    response = getattr(client, method)(url.format(id=municipality.id), data=_form())
    assert response.status_code == 403
    assert _count() == 1
    db.session.refresh(municipality)
    assert municipality.name == "Miraflores"


@pytest.mark.parametrize("method, url", [("get", LIST), ("get", NEW), ("post", NEW)])
def test_anonymous_visitors_are_sent_to_the_login_page(method, url, client):
    response = getattr(client, method)(url, data=_form())
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    assert _count() == 0
