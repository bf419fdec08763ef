"""A closed or published edition refuses every change to its places, from services and routes."""
from __future__ import annotations

import pytest

from app.awards import services
from app.awards.places import Choice
from app.awards.services import RankingSettings
from app.editions.freeze import EditionFrozen
from app.extensions import db
from tests.awards.conftest import CALLAO, MIRAFLORES, codes_and_places, reload

BASE = "/organiser/editions/2026/categories/PER"


@pytest.fixture(params=["closed", "published"])
def frozen(request, survey, category_in, organiser):
    """PER with confirmed places, in an edition that then closed (or was published)."""
    category = category_in("deliberation", places_bronze=0, mentions=0)
    services.fill_provisional_places(category)
    services.confirm_places(category, organiser, [Choice(CALLAO), Choice(MIRAFLORES)])
    category.edition.status = request.param
    db.session.commit()
    return category


ACTIONS = {
    "fill": lambda c, user: services.fill_provisional_places(c),
    "recompute": lambda c, user: services.recompute_provisional_places(c),
    "confirm": lambda c, user: services.confirm_places(c, user, [Choice(CALLAO)]),
    "reopen": lambda c, user: services.reopen_places(c, user, "Motivo"),
    "declare_void": lambda c, user: services.declare_void(c, user, "Motivo"),
    "undo_void": lambda c, user: services.undo_void(c, user, "Motivo"),
    "settings": lambda c, user: services.save_ranking_settings(
        c, RankingSettings("2026-T3", None, 50.0, None)),
}


@pytest.mark.parametrize("action", ACTIONS)
def test_every_service_refuses_to_change_a_frozen_edition(frozen, organiser, english, action):
    with pytest.raises(EditionFrozen, match="is closed"):
        ACTIONS[action](frozen, organiser)


def test_a_refused_change_leaves_the_places_as_confirmed(frozen, organiser):
    with pytest.raises(EditionFrozen):
        services.reopen_places(frozen, organiser, "Motivo")
    db.session.rollback()
    assert codes_and_places(services.category_awards(frozen)) == [(CALLAO, "gold"),
                                                                 (MIRAFLORES, "silver")]


ROUTES = [("/places/recompute", {}), ("/places/confirm", {"places-0-candidate": CALLAO}),
          ("/places/reopen", {"reopen-reason": "Motivo"}), ("/void", {"void-reason": "Motivo"}),
          ("/void/undo", {"undo_void-reason": "Motivo"}),
          ("/ranking", {"scope": "quarter", "period": "2026-T3", "min_effective_n": "50",
                        "eligibility": "all"})]


@pytest.mark.parametrize("path,data", ROUTES)
def test_every_route_answers_409_with_the_reason(as_organiser, frozen, path, data):
    response = as_organiser.post(BASE + path, data=data)
    assert response.status_code == 409
    assert "Premios Safe City 2026 está cerrada" in response.get_data(as_text=True)
    assert reload(frozen).declared_void_at is None
    assert {a.status for a in services.category_awards(frozen)} == {"confirmed"}


def test_the_page_of_a_frozen_edition_offers_no_action(as_organiser, frozen):
    page = as_organiser.get(BASE + "/deliberation").get_data(as_text=True)
    assert 'id="reopen"' not in page and 'id="declare-void"' not in page
    assert "/places/recompute" not in page
