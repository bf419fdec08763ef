"""Nothing unpublished is ever answered: the API follows the public pages' rules exactly."""
from __future__ import annotations

import json

from app.extensions import db
from tests.api.conftest import get_json


def test_an_edition_in_judging_has_no_results(client, world):
    body = get_json(client, "/api/v1/editions/2027/results", 404)
    assert body["error"]["code"] == "not_found"
    assert client.get("/editions/2027/results").status_code == 404  # as the public page


GUESSES = ["/api/v1/editions/2027/results/INN", "/api/v1/editions/2027/results?category=INN",
           "/api/v1/editions/2027/categories/INN", "/api/v1/editions/2027/categories/INN/results",
           "/api/v1/editions/2027/results.json", "/api/v1/editions/2027/results/seal.json",
           "/api/v1/results/2027", "/api/v1/editions/2027/awards"]


def test_guessed_addresses_reveal_no_unpublished_result(client, world):
    for guess in GUESSES:
        response = client.get(guess)
        assert response.status_code == 404, guess
        assert response.get_json()["error"]["code"] == "not_found"
        assert "Programa secreto" not in response.get_data(as_text=True)


def test_nothing_about_the_judging_edition_carries_its_places(client, world):
    everything = json.dumps([
        get_json(client, "/api/v1/editions"), get_json(client, "/api/v1/editions/2027"),
        get_json(client, "/api/v1/editions/2027/categories")], ensure_ascii=False)
    assert "Programa secreto" not in everything and "SCA-2027-INN-0001" not in everything
    assert get_json(client, "/api/v1/editions/2027")["links"]["results"] is None
    assert "void" not in everything and "gold\": 1" in everything  # places allowed, never given


def test_a_draft_edition_is_not_found_like_a_missing_one(client, world):
    for url in ["/api/v1/editions/2028", "/api/v1/editions/2028/categories",
                "/api/v1/editions/2028/results"]:
        draft = get_json(client, url, 404)
        assert draft == get_json(client, url.replace("2028", "2099"), 404)
        assert draft["error"]["code"] == "not_found"
    assert client.get("/editions/2028").status_code == 404  # as the public page


def test_the_list_leaves_drafts_out(client, world):
    assert 2028 not in [e["year"] for e in get_json(client, "/api/v1/editions")["data"]]


def test_a_closed_edition_shows_no_results_until_it_is_published(client, world):
    assert get_json(client, "/api/v1/editions/2026/results")  # published: shown
    world.published.status = "closed"  # sealed, as if the publish step had not happened yet
    db.session.commit()
    assert get_json(client, "/api/v1/editions/2026/results", 404)
    assert get_json(client, "/api/v1/editions/2026")["results_published"] is False

