"""Reopening confirmed places before the edition closes, with a recorded reason."""
from __future__ import annotations

import pytest

from app.awards import permissions, services
from app.awards.places import Choice
from app.extensions import db
from tests.awards.conftest import CALLAO, MIRAFLORES, codes_and_places

BASE = "/organiser/editions/2026/categories/PER"
URL = BASE + "/deliberation"
REASON = "El acta omitió un empate"


@pytest.fixture
def confirmed(survey, category_in, organiser):
    """PER in deliberation, its places confirmed against the ranking (Miraflores gold)."""
    category = category_in("deliberation", places_bronze=0, mentions=0)
    services.fill_provisional_places(category)
    services.confirm_places(category, organiser, [Choice(MIRAFLORES, reason="Acuerdo"),
                                                  Choice(CALLAO, reason="Acuerdo")])
    return category


def _awards(category):
    db.session.expire_all()
    return services.category_awards(category)


def test_reopening_gives_provisional_places_from_the_order_again(confirmed, organiser):
    services.reopen_places(confirmed, organiser, REASON)
    awards = _awards(confirmed)
    assert codes_and_places(awards) == [(CALLAO, "gold"), (MIRAFLORES, "silver")]
    assert {(a.status, a.confirmed_by_id) for a in awards} == {("provisional", None)}


def test_reopening_is_audited_with_the_reason_and_the_confirmed_places(confirmed, organiser,
                                                                       audit_events):
    services.reopen_places(confirmed, organiser, REASON)
    [event] = audit_events("awards.reopened")
    assert event.actor_id == organiser.id and event.summary["reason"] == REASON
    assert [(p["code"], p["reason"]) for p in event.summary["confirmed_places"]] == [
        (MIRAFLORES, "Acuerdo"), (CALLAO, "Acuerdo")]


def test_reopening_without_a_reason_is_refused(confirmed, organiser, english):
    with pytest.raises(services.AwardError, match="reason"):
        services.reopen_places(confirmed, organiser, "")
    assert {a.status for a in _awards(confirmed)} == {"confirmed"}


def test_reopening_provisional_places_is_refused(survey, category_in, organiser, english):
    category = category_in("deliberation")
    services.fill_provisional_places(category)
    with pytest.raises(services.AwardError, match="not confirmed"):
        services.reopen_places(category, organiser, REASON)


def test_reopened_places_can_be_confirmed_again(confirmed, organiser):
    services.reopen_places(confirmed, organiser, REASON)
    again = services.confirm_places(confirmed, organiser, [Choice(CALLAO), Choice(MIRAFLORES)])
    assert codes_and_places(again) == [(CALLAO, "gold"), (MIRAFLORES, "silver")]


def test_reopening_makes_the_category_undecided_again(confirmed, organiser):
    assert services.undecided_categories(confirmed.edition) == []
    services.reopen_places(confirmed, organiser, REASON)
    assert services.undecided_categories(confirmed.edition) == [confirmed]


def test_only_confirmed_places_can_be_reopened(confirmed, organiser, juror):
    awards = services.category_awards(confirmed)
    assert permissions.can_reopen_places(organiser, confirmed, awards)
    assert not permissions.can_reopen_places(juror, confirmed, awards)


def test_the_page_of_confirmed_places_offers_to_reopen_them(as_organiser, confirmed):
    page = as_organiser.get(URL).get_data(as_text=True)
    assert 'id="reopen"' in page and f'action="{BASE}/places/reopen"' in page


def test_reopening_from_the_page_redirects_to_it(as_organiser, confirmed):
    response = as_organiser.post(BASE + "/places/reopen", data={"reopen-reason": REASON})
    assert response.status_code == 302 and response.location.endswith(URL)
    assert {a.status for a in _awards(confirmed)} == {"provisional"}


def test_an_empty_reason_from_the_page_keeps_the_places_confirmed(as_organiser, confirmed):
    response = as_organiser.post(BASE + "/places/reopen", data={"reopen-reason": ""})
    assert response.status_code == 400
    assert 'id="reopen-reason-error"' in response.get_data(as_text=True)
    assert {a.status for a in _awards(confirmed)} == {"confirmed"}
