"""When a category counts as decided, and the overview's bounded queries."""
from __future__ import annotations

from app.awards import services
from app.extensions import db

URL = "/organiser/editions/2026/deliberation"


def test_a_void_category_is_decided_without_places():
    assert services.decided(True, [])


def test_a_category_without_places_is_undecided():
    assert not services.decided(False, [])


def test_a_category_with_a_provisional_place_is_undecided():
    assert not services.decided(False, ["confirmed", "provisional"])


def test_a_category_whose_places_are_all_confirmed_is_decided():
    assert services.decided(False, ["confirmed", "confirmed"])


def test_the_overview_runs_as_many_queries_for_1_as_for_20_categories(
        as_organiser, survey, make_edition, make_ranking_category, make_category, organiser,
        count_queries):
    edition = make_edition(2026, status="deliberation")

    def add(code: str) -> None:
        category = make_ranking_category(edition)
        category.code = code
        db.session.commit()
        services.fill_provisional_places(category)
        db.session.commit()

    add("P00")
    one = count_queries(as_organiser, URL)
    for i in range(1, 20):
        add(f"P{i:02d}")
    services.declare_void(make_category(edition, "INN"), organiser, "Sin postulaciones")
    assert count_queries(as_organiser, URL) == one
