"""The ranking that decides the ranking category: validation, audit, when it may change."""
from __future__ import annotations

import pytest

from app.awards import services
from app.awards.places import Choice
from app.awards.services import RankingSettings
from app.editions.freeze import EditionFrozen
from tests.awards.conftest import (CALLAO, LIMA_SELECTION, MIRAFLORES, SAN_ISIDRO,
                                   codes_and_places, reload)


def _settings(**values) -> RankingSettings:
    return RankingSettings(**{"period": "2026-T3", "window_start": None, "min_effective_n": 100.0,
                              "eligible_codes": None, **values})


def test_a_quarter_a_minimum_and_a_selection_are_stored(survey, category_in):
    category = category_in("judging", ranking_period=None)
    services.save_ranking_settings(category, _settings(
        period="2026T3", min_effective_n=150.0, eligible_codes=[SAN_ISIDRO, MIRAFLORES]))
    category = reload(category)
    assert (category.ranking_period, category.ranking_window_start,
            category.ranking_min_effective_n, category.ranking_eligible_codes) == (
        "2026-T3", None, 150.0, [MIRAFLORES, SAN_ISIDRO])


def test_a_change_of_settings_is_audited_with_old_and_new_values(survey, category_in,
                                                                  audit_events):
    category = category_in("judging", ranking_period=None)
    services.save_ranking_settings(category, _settings())
    [event] = audit_events("awards.ranking_settings_changed")
    assert event.object_id == str(category.id)
    assert event.summary["ranking_period"] == [None, "2026-T3"]


def test_saving_the_same_settings_again_records_nothing(survey, category_in, audit_events):
    category = category_in("judging")
    services.save_ranking_settings(category, _settings())
    assert audit_events("awards.ranking_settings_changed") == []


def test_a_window_is_stored_with_its_first_quarter(import_quarter, survey, category_in):
    import_quarter("2026-T2", [(MIRAFLORES, 500, 20.0, 500)])
    category = category_in("judging")
    services.save_ranking_settings(category, _settings(window_start="2026-T2"))
    assert [str(p) for p in services.ranking_periods(reload(category))] == ["2026-T2", "2026-T3"]


def test_a_window_ending_before_it_starts_is_refused(import_quarter, category_in, english):
    import_quarter("2026-T2", [(MIRAFLORES, 500, 20.0, 500)])
    import_quarter("2026-T3", [(MIRAFLORES, 500, 20.0, 500)])
    with pytest.raises(services.AwardError, match="start before") as refused:
        services.save_ranking_settings(category_in("judging"), _settings(
            period="2026-T2", window_start="2026-T3"))
    assert refused.value.field == "window_start"


def test_a_window_longer_than_twelve_quarters_is_refused(survey, category_in, english):
    with pytest.raises(services.AwardError, match="at most 12 quarters"):
        services.save_ranking_settings(category_in("judging"), _settings(window_start="2023-T1"))


def test_a_quarter_without_data_is_refused(survey, category_in, english):
    with pytest.raises(services.AwardError, match="no survey data for 2026-T2") as refused:
        services.save_ranking_settings(category_in("judging"), _settings(period="2026-T2"))
    assert refused.value.field == "period"


def test_a_window_with_a_quarter_without_data_is_refused(survey, category_in, english):
    with pytest.raises(services.AwardError, match="no survey data for 2026-T1, 2026-T2"):
        services.save_ranking_settings(category_in("judging"), _settings(window_start="2026-T1"))


def test_a_malformed_quarter_is_refused(survey, category_in, english):
    with pytest.raises(services.AwardError, match="not a quarter"):
        services.save_ranking_settings(category_in("judging"), _settings(period="2026-T9"))


def test_a_minimum_that_is_not_positive_is_refused(survey, category_in, english):
    with pytest.raises(services.AwardError, match="greater than zero"):
        services.save_ranking_settings(category_in("judging"), _settings(min_effective_n=0.0))


def test_an_empty_selection_is_refused(survey, category_in, english):
    with pytest.raises(services.AwardError, match="Tick at least one") as refused:
        services.save_ranking_settings(category_in("judging"), _settings(eligible_codes=[]))
    assert refused.value.field == "eligible_codes"


def test_unknown_municipality_codes_are_refused(survey, category_in, english):
    with pytest.raises(services.AwardError, match="999999"):
        services.save_ranking_settings(category_in("judging"),
                                       _settings(eligible_codes=[MIRAFLORES, "999999"]))


def test_a_refused_change_leaves_the_settings_as_they_were(survey, category_in):
    category = category_in("judging", ranking_min_effective_n=120.0)
    with pytest.raises(services.AwardError):
        services.save_ranking_settings(category, _settings(min_effective_n=80.0, period="2019-T1"))
    assert reload(category).ranking_min_effective_n == 120.0


def test_settings_are_refused_once_the_edition_is_closed(survey, category_in, english):
    with pytest.raises(EditionFrozen, match="closed"):
        services.save_ranking_settings(category_in("closed"), _settings(min_effective_n=50.0))


def test_settings_are_refused_once_the_places_are_confirmed(survey, category_in, organiser,
                                                            english):
    category = category_in("deliberation", places_silver=0, places_bronze=0, mentions=0)
    services.fill_provisional_places(category)
    services.confirm_places(category, organiser, [Choice(CALLAO)])
    with pytest.raises(services.AwardError, match="confirmed"):
        services.save_ranking_settings(category, _settings(min_effective_n=50.0))


def test_new_settings_in_deliberation_recompute_the_provisional_places(survey, category_in):
    category = category_in("deliberation")
    services.fill_provisional_places(category)
    services.save_ranking_settings(category, _settings(eligible_codes=LIMA_SELECTION))
    assert codes_and_places(services.category_awards(category))[0] == (MIRAFLORES, "gold")


def test_a_jury_category_has_no_ranking(survey, make_edition, make_category, english):
    category = make_category(make_edition(status="judging"), "INN")
    with pytest.raises(services.AwardError, match="jury"):
        services.save_ranking_settings(category, _settings())
