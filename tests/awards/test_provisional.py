"""Provisional places come from the category's ranking, over its eligible municipalities only."""
from __future__ import annotations

import pytest

from app.awards import services
from app.awards.places import Choice
from app.editions import services as editions
from app.editions.freeze import EditionFrozen
from tests.awards.conftest import (CALLAO, CERCADO, LIMA_SELECTION, MIRAFLORES, SAN_BORJA,
                                   SAN_ISIDRO, SURCO, SURQUILLO, SURVEY, codes_and_places, reload)


def test_places_follow_the_ranking_of_every_municipality_with_data(survey, category_in):
    category = category_in("deliberation")
    awards = services.fill_provisional_places(category)
    assert codes_and_places(awards) == [
        (CALLAO, "gold"), (MIRAFLORES, "silver"), (SAN_ISIDRO, "bronze"), (SAN_BORJA, "mention"),
        (SURCO, "mention")]


def test_places_keep_the_index_its_interval_and_rank(survey, category_in):
    category = category_in("deliberation")
    gold = services.fill_provisional_places(category)[0]
    assert (gold.score, round(gold.ci_low, 2), round(gold.ci_high, 2), gold.rank) == (
        12.0, 10.13, 14.16, 1)
    assert gold.status == "provisional"


def test_a_selection_is_ranked_on_its_own(survey, category_in):
    category = category_in("deliberation", ranking_eligible_codes=LIMA_SELECTION)
    awards = services.fill_provisional_places(category)
    assert codes_and_places(awards) == [
        (MIRAFLORES, "gold"), (SAN_ISIDRO, "silver"), (SAN_BORJA, "bronze"), (SURCO, "mention"),
        (SURQUILLO, "mention")]
    assert [a.rank for a in awards] == [1, 2, 3, 4, 5]


def test_rank_intervals_are_computed_over_the_selection(survey, category_in):
    category = category_in("judging", ranking_eligible_codes=LIMA_SELECTION)
    rows = {r.code: r for r in services.eligible_ranking(category)}
    assert (rows[SAN_BORJA].rank_best, rows[SAN_BORJA].rank_worst) == (3, 4)


def test_the_ranking_of_every_municipality_counts_callao_in_the_rank_intervals(survey, category_in):
    rows = {r.code: r for r in services.eligible_ranking(category_in("judging"))}
    assert (rows[SAN_BORJA].rank_best, rows[SAN_BORJA].rank_worst) == (4, 5)


def test_an_insufficient_sample_gets_no_place_though_its_index_is_best(survey, category_in):
    category = category_in("deliberation", places_gold=3, places_silver=3, mentions=3)
    awards = services.fill_provisional_places(category)
    assert CERCADO not in [a.municipality.official_code for a in awards] and len(awards) == 6


def test_a_place_whose_interval_overlaps_the_next_place_is_tied(survey, category_in):
    awards = services.fill_provisional_places(category_in("deliberation"))
    assert [a.tied_with_next for a in awards] == [False, False, False, True, False]


def test_the_last_place_overlapping_the_first_left_out_is_tied(survey, category_in):
    category = category_in("deliberation", mentions=0, ranking_eligible_codes=LIMA_SELECTION)
    awards = services.fill_provisional_places(category)
    assert awards[-1].municipality.official_code == SAN_BORJA and awards[-1].tied_with_next


def test_a_window_pools_its_quarters(import_quarter, category_in):
    import_quarter("2026-T2", [(MIRAFLORES, 1000, 30.0, 1000), (SAN_ISIDRO, 1000, 10.0, 1000)])
    import_quarter("2026-T3", [(MIRAFLORES, 1000, 10.0, 1000), (SAN_ISIDRO, 1000, 20.0, 1000)])
    category = category_in("deliberation", ranking_window_start="2026-T2", mentions=0)
    awards = services.fill_provisional_places(category)
    assert [(a.municipality.official_code, a.score) for a in awards] == [
        (SAN_ISIDRO, pytest.approx(15.0)), (MIRAFLORES, pytest.approx(20.0))]


def test_without_a_chosen_ranking_there_are_no_places(survey, category_in):
    assert services.fill_provisional_places(category_in("deliberation", ranking_period=None)) == []


def test_entering_deliberation_fills_the_places(survey, category_in, audit_events):
    category = category_in("judging")
    editions.apply_transition(category.edition, "open_deliberation")
    assert codes_and_places(services.category_awards(reload(category)))[0] == (CALLAO, "gold")
    [event] = audit_events("awards.provisional_filled")
    assert event.summary["trigger"] == "deliberation" and event.summary["periods"] == ["2026-T3"]


def test_entering_deliberation_without_data_still_opens_it(districts, category_in):
    category = category_in("judging")
    editions.apply_transition(category.edition, "open_deliberation")
    assert reload(category.edition).status == "deliberation"
    assert services.category_awards(category) == []


def test_recompute_takes_in_new_data(survey, import_quarter, category_in):
    category = category_in("deliberation")
    services.fill_provisional_places(category)
    import_quarter("2026-T3", [(SURQUILLO, 1000, 5.0, 1000)] + [
        r for r in SURVEY if r[0] != SURQUILLO], replace=True)
    awards = services.recompute_provisional_places(category)
    assert codes_and_places(awards)[0] == (SURQUILLO, "gold")


def test_recompute_is_audited(survey, category_in, audit_events):
    category = category_in("deliberation")
    services.recompute_provisional_places(category)
    assert [e.summary["trigger"] for e in audit_events("awards.provisional_filled")] == ["recompute"]


def test_recompute_is_refused_before_deliberation(survey, category_in, english):
    with pytest.raises(services.AwardError, match="deliberation"):
        services.recompute_provisional_places(category_in("judging"))


def test_recompute_is_refused_after_confirmation(survey, category_in, organiser, english):
    category = category_in("deliberation", places_silver=0, places_bronze=0, mentions=0)
    services.fill_provisional_places(category)
    services.confirm_places(category, organiser, [Choice(CALLAO)])
    with pytest.raises(services.AwardError, match="already confirmed"):
        services.recompute_provisional_places(category)


def test_recompute_is_refused_when_the_edition_is_closed(survey, category_in, english):
    with pytest.raises(EditionFrozen, match="closed"):
        services.recompute_provisional_places(category_in("closed"))
