"""The deliberation page of the ranking category and the confirmation of its places."""
from __future__ import annotations

import re

import pytest

from app.awards import services
from app.awards.models import Award
from app.awards.places import Choice
from app.extensions import db
from tests.awards.conftest import (CALLAO, LIMA_SELECTION, MIRAFLORES, SAN_BORJA, SAN_ISIDRO,
                                   SURCO, SURQUILLO, SURVEY, codes_and_places)

URL = "/organiser/editions/2026/categories/PER/deliberation"
CONFIRM = "/organiser/editions/2026/categories/PER/places/confirm"
RECOMPUTE = "/organiser/editions/2026/categories/PER/places/recompute"
TIED_LIMA = [MIRAFLORES, SAN_ISIDRO, SAN_BORJA]  # gold, silver, bronze: bronze tied with Surco


def _rows(*rows) -> dict:
    """Form data: each row is a code, or (code, shared, reason)."""
    data = {}
    for index, row in enumerate(rows):
        code, shared, reason = (row, False, "") if isinstance(row, str) else row
        data[f"places-{index}-candidate"] = code
        data[f"places-{index}-reason"] = reason
        if shared:
            data[f"places-{index}-shared"] = "y"
    return data


@pytest.fixture
def tied_bronze(survey, category_in):
    """Lima only, no mentions: bronze (San Borja) overlaps the first left out (Surco)."""
    category = category_in("deliberation", mentions=0, ranking_eligible_codes=LIMA_SELECTION)
    services.fill_provisional_places(category)
    db.session.commit()
    return category


@pytest.fixture
def untied(survey, category_in):
    """All with data, gold and silver only: Callao and Miraflores, far apart from the next."""
    category = category_in("deliberation", places_bronze=0, mentions=0)
    services.fill_provisional_places(category)
    db.session.commit()
    return category


def _awards(category) -> list[Award]:
    db.session.expire_all()
    return services.category_awards(category)


def test_the_page_lists_the_eligible_ranking_only(as_organiser, tied_bronze):
    page = as_organiser.get(URL).get_data(as_text=True)
    table = re.search(r'id="eligible-ranking".*?</table>', page, re.S).group(0)
    assert "Miraflores" in table and "Callao" not in table


def test_the_page_shows_the_provisional_places_in_a_form(as_organiser, tied_bronze):
    page = as_organiser.get(URL).get_data(as_text=True)
    selected = re.findall(r'<option selected value="(\d+)"', page)
    assert selected == TIED_LIMA


def test_the_page_warns_that_a_place_is_statistically_tied(as_organiser, tied_bronze):
    page = as_organiser.get(URL).get_data(as_text=True)
    assert 'id="tie-warning"' in page
    assert "estadísticamente empatado" in page


def test_no_tie_warning_when_no_interval_overlaps_the_next(as_organiser, untied):
    assert 'id="tie-warning"' not in as_organiser.get(URL).get_data(as_text=True)


def test_the_page_says_when_no_ranking_was_chosen(as_organiser, category_in, districts):
    category_in("deliberation", ranking_period=None)
    page = as_organiser.get(URL).get_data(as_text=True)
    assert 'id="notice"' in page and 'href="/organiser/editions/2026/categories/PER/ranking"' in page


def test_the_page_says_when_the_quarter_has_no_data(as_organiser, category_in, districts):
    category_in("deliberation")
    page = as_organiser.get(URL).get_data(as_text=True)
    assert re.search(r'id="notice">[^<]*2026-T3', page)


def test_before_deliberation_the_page_previews_the_places(as_organiser, survey, category_in):
    category_in("judging")
    page = as_organiser.get(URL).get_data(as_text=True)
    preview = re.search(r'id="preview-places">(.*?)</ol>', page, re.S).group(1)
    assert preview.index("Callao") < preview.index("Miraflores")
    assert db.session.query(Award).count() == 0


def test_confirming_the_ranking_order_without_ties_needs_no_reason(as_organiser, untied,
                                                                  organiser):
    response = as_organiser.post(CONFIRM, data=_rows(CALLAO, MIRAFLORES, ""))
    assert response.status_code == 302
    awards = _awards(untied)
    assert codes_and_places(awards) == [(CALLAO, "gold"), (MIRAFLORES, "silver")]
    assert {(a.status, a.confirmed_by_id) for a in awards} == {("confirmed", organiser.id)}


def test_confirmed_places_are_shown_read_only(as_organiser, untied):
    as_organiser.post(CONFIRM, data=_rows(CALLAO, MIRAFLORES))
    page = as_organiser.get(URL).get_data(as_text=True)
    assert 'id="confirmed-places"' in page and CONFIRM not in page


def test_keeping_a_tied_order_without_a_reason_is_refused_and_keeps_the_input(as_organiser,
                                                                             tied_bronze):
    response = as_organiser.post(CONFIRM, data=_rows(MIRAFLORES, SAN_ISIDRO,
                                                     (SAN_BORJA, False, ""), ("", False, "nota")))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert re.search(r'id="form-errors".*?<li>[^<]*3', page, re.S)
    assert "nota</textarea>" in page
    assert {a.status for a in _awards(tied_bronze)} == {"provisional"}


def test_keeping_a_tied_order_with_a_reason_confirms_it(as_organiser, tied_bronze):
    as_organiser.post(CONFIRM, data=_rows(MIRAFLORES, SAN_ISIDRO,
                                          (SAN_BORJA, False, "Menor índice")))
    bronze = _awards(tied_bronze)[-1]
    assert (bronze.status, bronze.tied_with_next, bronze.reason) == ("confirmed", True,
                                                                      "Menor índice")


def test_declaring_a_shared_place_gives_both_the_same_place(as_organiser, tied_bronze):
    response = as_organiser.post(CONFIRM, data=_rows(
        MIRAFLORES, SAN_ISIDRO, SAN_BORJA, (SURCO, True, "Intervalos superpuestos")))
    assert response.status_code == 302
    awards = _awards(tied_bronze)
    assert codes_and_places(awards)[-2:] == [(SAN_BORJA, "bronze"), (SURCO, "bronze")]
    assert [a.shared for a in awards] == [False, False, True, True]
    assert awards[-1].reason == "Intervalos superpuestos"


def test_departing_from_the_ranking_order_without_a_reason_is_refused(as_organiser, untied):
    response = as_organiser.post(CONFIRM, data=_rows(MIRAFLORES, CALLAO))
    assert response.status_code == 400
    assert {a.status for a in _awards(untied)} == {"provisional"}


def test_departing_from_the_ranking_order_with_reasons_is_confirmed(as_organiser, untied):
    as_organiser.post(CONFIRM, data=_rows((MIRAFLORES, False, "Decisión del comité"),
                                          (CALLAO, False, "Decisión del comité")))
    assert codes_and_places(_awards(untied)) == [(MIRAFLORES, "gold"), (CALLAO, "silver")]


def test_confirmation_is_audited_with_the_places_and_reasons(untied, organiser, audit_events):
    services.confirm_places(untied, organiser, [Choice(CALLAO), Choice(MIRAFLORES)])
    [event] = audit_events("awards.confirmed")
    assert event.actor_id == organiser.id and event.object_id == str(untied.id)
    assert [(p["place"], p["code"], p["reason"]) for p in event.summary["places"]] == [
        ("gold", CALLAO, ""), ("silver", MIRAFLORES, "")]


def test_a_refused_confirmation_is_not_audited(as_organiser, untied, audit_events):
    as_organiser.post(CONFIRM, data=_rows(MIRAFLORES, CALLAO))
    assert audit_events("awards.confirmed") == []


def test_confirming_twice_is_refused(untied, organiser, english):
    services.confirm_places(untied, organiser, [Choice(CALLAO), Choice(MIRAFLORES)])
    with pytest.raises(services.AwardError, match="already confirmed"):
        services.confirm_places(untied, organiser, [Choice(CALLAO), Choice(MIRAFLORES)])


def test_confirming_before_deliberation_is_refused(survey, category_in, organiser, english):
    category = category_in("judging")
    with pytest.raises(services.AwardError, match="deliberation"):
        services.confirm_places(category, organiser, [Choice(CALLAO)])


def test_confirming_after_the_data_changed_asks_to_recompute(untied, organiser, import_quarter,
                                                             english):
    import_quarter("2026-T3", [(SURQUILLO, 1000, 5.0, 1000)] + [
        r for r in SURVEY if r[0] != SURQUILLO], replace=True)
    with pytest.raises(services.AwardError, match="recompute"):
        services.confirm_places(untied, organiser, [Choice(CALLAO), Choice(MIRAFLORES)])


def test_the_recompute_button_refills_the_provisional_places(as_organiser, untied, audit_events):
    response = as_organiser.post(RECOMPUTE)
    assert response.status_code == 302 and response.location.endswith(URL)
    assert codes_and_places(_awards(untied)) == [(CALLAO, "gold"), (MIRAFLORES, "silver")]
    assert [e.summary["trigger"] for e in audit_events("awards.provisional_filled")] == [
        "deliberation", "recompute"]


def test_the_recompute_button_is_refused_after_confirmation(as_organiser, untied, organiser):
    services.confirm_places(untied, organiser, [Choice(CALLAO), Choice(MIRAFLORES)])
    as_organiser.post(RECOMPUTE)
    assert {a.status for a in _awards(untied)} == {"confirmed"}


def test_the_deliberation_page_runs_as_many_queries_for_1_as_for_50_municipalities(
        as_organiser, category_in, import_quarter, count_queries):
    category = category_in("deliberation", places_gold=3, places_silver=3, places_bronze=3,
                           mentions=10)
    import_quarter("2026-T3", [(MIRAFLORES, 500, 20.0, 500)])
    services.fill_provisional_places(category)
    db.session.commit()
    one = count_queries(as_organiser, URL)
    import_quarter("2026-T3", [(m.official_code, 500, 10.0 + i, 500)
                               for i, m in enumerate(services.eligible_candidates())],
                   replace=True)
    services.fill_provisional_places(category)
    db.session.commit()
    assert count_queries(as_organiser, URL) == one


def test_the_page_asks_to_recompute_when_the_data_changed(as_organiser, untied, import_quarter):
    import_quarter("2026-T3", [(SURQUILLO, 1000, 5.0, 1000)] + [
        r for r in SURVEY if r[0] != SURQUILLO], replace=True)
    assert 'id="stale-warning"' in as_organiser.get(URL).get_data(as_text=True)


def test_the_page_does_not_ask_to_recompute_when_nothing_changed(as_organiser, untied):
    assert 'id="stale-warning"' not in as_organiser.get(URL).get_data(as_text=True)
