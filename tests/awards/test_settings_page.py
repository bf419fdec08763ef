"""The organiser's ranking settings page."""
from __future__ import annotations

import re

from app.awards import services
from tests.awards.conftest import CALLAO, MIRAFLORES, SAN_ISIDRO, reload

URL = "/organiser/editions/2026/categories/PER/ranking"


def _form(**values) -> dict:
    return {"scope": "quarter", "period": "2026-T3", "window_start": "", "min_effective_n": "100",
            "eligibility": "all", **values}


def test_the_page_shows_the_places_with_a_link_to_the_category_settings(as_organiser, survey,
                                                                        category_in):
    category_in("judging")
    page = as_organiser.get(URL).get_data(as_text=True)
    assert "1 de oro, 1 de plata, 1 de bronce, 2 menciones" in page
    assert 'href="/organiser/editions/2026/categories/PER/edit"' in page


def test_the_page_offers_the_imported_quarters(as_organiser, survey, import_quarter, category_in):
    import_quarter("2026-T2", [(MIRAFLORES, 500, 20.0, 500)])
    category_in("judging")
    page = as_organiser.get(URL).get_data(as_text=True)
    select = re.search(r'<select[^>]*id="period".*?</select>', page, re.S).group(0)
    assert re.findall(r'value="([^"]*)"', select) == ["2026-T3", "2026-T2"]


def test_the_municipalities_are_grouped_by_province_lima_first(as_organiser, survey, category_in):
    category_in("judging")
    page = as_organiser.get(URL).get_data(as_text=True)
    groups = re.findall(r'data-group="([^"]+)"', page)
    assert groups == ["Lima", "Callao"]
    assert page.index(f'value="{MIRAFLORES}"') < page.index('data-group="Callao"') < page.index(
        f'value="{CALLAO}"')


def test_posting_valid_settings_saves_them_and_goes_to_the_deliberation(as_organiser, survey,
                                                                        category_in):
    category = category_in("judging", ranking_period=None)
    response = as_organiser.post(URL, data=_form(
        min_effective_n="150", eligibility="selected", eligible_codes=[MIRAFLORES, SAN_ISIDRO]))
    assert response.status_code == 302
    assert response.location.endswith("/organiser/editions/2026/categories/PER/deliberation")
    category = reload(category)
    assert (category.ranking_period, category.ranking_min_effective_n,
            category.ranking_eligible_codes) == ("2026-T3", 150.0, [MIRAFLORES, SAN_ISIDRO])


def test_a_refused_change_keeps_what_was_typed_and_says_why_next_to_the_field(
        as_organiser, survey, category_in):
    category = category_in("judging")
    response = as_organiser.post(URL, data=_form(scope="window", window_start="2026-T3",
                                                 period="2026-T3", min_effective_n="250",
                                                 eligibility="selected"))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="eligible_codes-error"' in page
    assert re.search(r'id="min_effective_n"[^>]*value="250', page) or re.search(
        r'value="250[^"]*"[^>]*id="min_effective_n"', page)
    assert reload(category).ranking_eligible_codes is None


def test_a_minimum_out_of_range_is_refused_by_the_form(as_organiser, survey, category_in):
    category_in("judging")
    response = as_organiser.post(URL, data=_form(min_effective_n="-5"))
    assert response.status_code == 400 and 'id="min_effective_n-error"' in response.get_data(
        as_text=True)


def test_select_all_of_a_province_ticks_it_without_saving(as_organiser, survey, category_in):
    category = category_in("judging")
    response = as_organiser.post(URL, data=_form(group="select:Callao"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(rf'value="{CALLAO}" id="eligible-{CALLAO}" checked', page)
    assert not re.search(rf'value="{MIRAFLORES}" id="eligible-{MIRAFLORES}" checked', page)
    assert re.search(r'<input checked[^>]*name="eligibility"[^>]*value="selected"', page)
    assert reload(category).ranking_eligible_codes is None


def test_the_page_of_a_closed_edition_is_read_only(as_organiser, survey, category_in):
    category_in("closed")
    page = as_organiser.get(URL).get_data(as_text=True)
    assert "<fieldset class=\"mb-3\" disabled>" in page


def test_posting_to_a_closed_edition_changes_nothing(as_organiser, survey, category_in):
    category = category_in("closed")
    response = as_organiser.post(URL, data=_form(min_effective_n="50"))
    assert response.status_code == 409
    assert reload(category).ranking_min_effective_n == 100.0


def test_a_jury_category_has_no_ranking_settings_page(as_organiser, make_edition, make_category):
    make_category(make_edition(), "INN")
    assert as_organiser.get("/organiser/editions/2026/categories/INN/ranking").status_code == 404


def test_the_settings_page_runs_as_many_queries_for_1_as_for_50_municipalities(
        as_organiser, category_in, import_quarter, count_queries):
    category_in("judging")
    import_quarter("2026-T3", [(MIRAFLORES, 500, 20.0, 500)])
    one = count_queries(as_organiser, URL)
    import_quarter("2026-T3", [(m.official_code, 500, 20.0, 500)
                               for m in services.eligible_candidates()], replace=True)
    assert count_queries(as_organiser, URL) == one


def test_a_window_without_its_first_quarter_is_refused_by_the_form(as_organiser, survey,
                                                                   category_in):
    category = category_in("judging")
    response = as_organiser.post(URL, data=_form(scope="window", window_start=""))
    assert response.status_code == 400
    assert 'id="window_start-error"' in response.get_data(as_text=True)
    assert reload(category).ranking_window_start is None


def test_a_window_posted_from_the_page_is_stored(as_organiser, survey, import_quarter,
                                                 category_in):
    import_quarter("2026-T2", [(MIRAFLORES, 500, 20.0, 500)])
    category = category_in("judging")
    as_organiser.post(URL, data=_form(scope="window", window_start="2026-T2"))
    assert reload(category).ranking_window_start == "2026-T2"
