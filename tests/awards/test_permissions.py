"""Only organisers reach the ranking category's settings and deliberation, and decide places."""
from __future__ import annotations

import pytest

from app.awards import permissions, services
from app.awards.places import Choice
from tests.awards.conftest import CALLAO

BASE = "/organiser/editions/2026/categories/PER"
ENDPOINTS = [("GET", "/ranking"), ("POST", "/ranking"), ("GET", "/deliberation"),
             ("POST", "/places/recompute"), ("POST", "/places/confirm"),
             ("POST", "/places/reopen"), ("POST", "/void"), ("POST", "/void/undo")]


@pytest.mark.parametrize("role", ["nominator", "juror"])
@pytest.mark.parametrize("method,path", ENDPOINTS)
def test_other_roles_are_refused(role, method, path, client, sign_in, make_user, survey,
                                 category_in):
    category_in("deliberation")
    sign_in(make_user(role))
    assert client.open(BASE + path, method=method).status_code == 403


@pytest.mark.parametrize("method,path", ENDPOINTS)
def test_anonymous_visitors_are_sent_to_log_in(method, path, client, survey, category_in):
    category_in("deliberation")
    response = client.open(BASE + path, method=method)
    assert response.status_code == 302 and "/login" in response.location


def test_a_refused_juror_changes_nothing(client, sign_in, make_user, survey, category_in):
    category = category_in("deliberation")
    sign_in(make_user("juror"))
    client.post(BASE + "/places/recompute")
    assert services.category_awards(category) == []


def test_organisers_may_recompute_and_confirm_provisional_places(organiser, survey, category_in):
    category = category_in("deliberation")
    awards = services.fill_provisional_places(category)
    assert permissions.can_recompute_places(organiser, category, awards)
    assert permissions.can_confirm_places(organiser, category, awards)


def test_jurors_may_not_recompute_places(juror, survey, category_in):
    category = category_in("deliberation")
    awards = services.fill_provisional_places(category)
    assert not permissions.can_recompute_places(juror, category, awards)


def test_nothing_is_left_to_confirm_without_provisional_places(organiser, survey, category_in):
    assert not permissions.can_confirm_places(organiser, category_in("deliberation"), [])


def test_confirmed_places_can_no_longer_be_recomputed_nor_their_ranking_changed(
        organiser, survey, category_in):
    category = category_in("deliberation", places_silver=0, places_bronze=0, mentions=0)
    services.fill_provisional_places(category)
    awards = services.confirm_places(category, organiser, [Choice(CALLAO)])
    assert not permissions.can_recompute_places(organiser, category, awards)
    assert not permissions.can_change_ranking_settings(organiser, category, awards)


def test_the_ranking_of_a_closed_edition_cannot_change(organiser, survey, category_in):
    assert not permissions.can_change_ranking_settings(organiser, category_in("closed"), [])
