"""Declaring a category void ("desierto") with a reason, and undoing it before closing."""
from __future__ import annotations

import re

import pytest

from app.awards import permissions, services
from app.awards.places import Choice
from app.extensions import db
from tests.awards.conftest import CALLAO, MIRAFLORES, reload

BASE = "/organiser/editions/2026/categories/PER"
URL = BASE + "/deliberation"


@pytest.fixture
def deliberating(survey, category_in):
    """PER in deliberation with its provisional places (Callao gold, Miraflores silver)."""
    category = category_in("deliberation", places_bronze=0, mentions=0)
    services.fill_provisional_places(category)
    db.session.commit()
    return category


@pytest.fixture
def void(deliberating, organiser):
    services.declare_void(deliberating, organiser, "Ningún distrito con datos comparables")
    return deliberating


def test_declaring_void_records_the_reason_and_the_moment(void):
    category = reload(void)
    assert category.declared_void_at is not None
    assert category.void_reason == "Ningún distrito con datos comparables"


def test_a_void_category_has_no_places(void):
    assert services.category_awards(void) == []


def test_declaring_void_is_audited_with_the_places_it_removed(void, organiser, audit_events):
    [event] = audit_events("awards.declared_void")
    assert event.actor_id == organiser.id
    assert event.summary["reason"] == "Ningún distrito con datos comparables"
    assert [p["code"] for p in event.summary["provisional_places_removed"]] == [CALLAO,
                                                                                 MIRAFLORES]


@pytest.mark.parametrize("reason", ["", "   "])
def test_declaring_void_without_a_reason_is_refused(deliberating, organiser, english, reason):
    with pytest.raises(services.AwardError, match="reason"):
        services.declare_void(deliberating, organiser, reason)
    assert reload(deliberating).declared_void_at is None


def test_declaring_void_with_confirmed_places_asks_to_reopen_first(deliberating, organiser,
                                                                   english):
    services.confirm_places(deliberating, organiser, [Choice(CALLAO), Choice(MIRAFLORES)])
    with pytest.raises(services.AwardError, match="reopen"):
        services.declare_void(deliberating, organiser, "Sin ganador")


def test_declaring_void_before_deliberation_is_refused(survey, category_in, organiser, english):
    category = category_in("judging")
    with pytest.raises(services.AwardError, match="deliberation"):
        services.declare_void(category, organiser, "Sin ganador")


def test_declaring_void_twice_is_refused(void, organiser, english):
    with pytest.raises(services.AwardError, match="already declared void"):
        services.declare_void(void, organiser, "Otra vez")


def test_a_void_category_cannot_be_recomputed(void, english):
    with pytest.raises(services.AwardError, match="void"):
        services.recompute_provisional_places(void)


def test_undoing_void_fills_the_provisional_places_again(void, organiser):
    awards = services.undo_void(void, organiser, "Llegaron los datos del INEI")
    assert [(a.municipality.official_code, a.status) for a in awards] == [
        (CALLAO, "provisional"), (MIRAFLORES, "provisional")]
    assert reload(void).declared_void_at is None


def test_undoing_void_is_audited_with_both_reasons(void, organiser, audit_events):
    services.undo_void(void, organiser, "Llegaron los datos del INEI")
    [event] = audit_events("awards.void_undone")
    assert (event.summary["reason"], event.summary["void_reason"]) == (
        "Llegaron los datos del INEI", "Ningún distrito con datos comparables")


def test_undoing_void_without_a_reason_is_refused(void, organiser, english):
    with pytest.raises(services.AwardError, match="reason"):
        services.undo_void(void, organiser, " ")
    assert reload(void).declared_void_at is not None


def test_undoing_a_category_that_is_not_void_is_refused(deliberating, organiser, english):
    with pytest.raises(services.AwardError, match="not declared void"):
        services.undo_void(deliberating, organiser, "Motivo")


def test_a_void_category_counts_as_decided(void):
    assert services.undecided_categories(void.edition) == []


def test_a_jury_category_can_be_declared_void(make_edition, make_category, organiser):
    category = make_category(make_edition(2026, status="deliberation"), "INN")
    services.declare_void(category, organiser, "Ninguna postulación alcanzó el nivel")
    assert reload(category).void_reason == "Ninguna postulación alcanzó el nivel"


def test_organisers_may_declare_void_but_jurors_may_not(deliberating, organiser, juror):
    awards = services.category_awards(deliberating)
    assert permissions.can_declare_void(organiser, deliberating, awards)
    assert not permissions.can_declare_void(juror, deliberating, awards)


# -- from the page ----------------------------------------------------------------------------

def test_the_page_offers_to_declare_the_category_void(as_organiser, deliberating):
    assert 'id="declare-void"' in as_organiser.get(URL).get_data(as_text=True)


def test_declaring_void_from_the_page_redirects_to_it(as_organiser, deliberating):
    response = as_organiser.post(BASE + "/void", data={"void-reason": "Sin datos comparables"})
    assert response.status_code == 302 and response.location.endswith(URL)
    assert reload(deliberating).void_reason == "Sin datos comparables"


def test_an_empty_reason_from_the_page_is_refused_with_a_message(as_organiser, deliberating):
    response = as_organiser.post(BASE + "/void", data={"void-reason": ""})
    assert response.status_code == 400
    assert 'id="void-reason-error"' in response.get_data(as_text=True)
    assert reload(deliberating).declared_void_at is None


def test_a_too_long_reason_is_refused_and_kept_in_the_form(as_organiser, deliberating):
    reason = "Motivo extenso. " * 130
    response = as_organiser.post(BASE + "/void", data={"void-reason": reason})
    assert response.status_code == 400
    assert reason.strip() in response.get_data(as_text=True)


def test_the_page_of_a_void_category_shows_the_reason_and_offers_to_undo(as_organiser, void):
    page = as_organiser.get(URL).get_data(as_text=True)
    section = page.split('id="void"')[1].split("</section>")[0]
    assert "Ningún distrito con datos comparables" in section
    assert 'action="/organiser/editions/2026/categories/PER/void/undo"' in section
    assert 'id="provisional-places"' not in page


def test_undoing_void_from_the_page_redirects_to_it(as_organiser, void):
    response = as_organiser.post(BASE + "/void/undo", data={"undo_void-reason": "Hay datos"})
    assert response.status_code == 302
    assert reload(void).declared_void_at is None


def test_the_void_form_carries_and_needs_its_csrf_token(app, as_organiser, deliberating):
    app.config["WTF_CSRF_ENABLED"] = True
    refused = as_organiser.post(BASE + "/void", data={"void-reason": "Sin datos"})
    assert refused.status_code == 400 and reload(deliberating).declared_void_at is None
    page = as_organiser.get(URL).get_data(as_text=True)
    token = re.search(r'name="void-csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    accepted = as_organiser.post(BASE + "/void", data={"void-reason": "Sin datos",
                                                       "void-csrf_token": token})
    assert accepted.status_code == 302 and reload(deliberating).void_reason == "Sin datos"
