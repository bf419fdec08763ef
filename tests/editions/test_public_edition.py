"""What the public sees of an edition: nothing of a draft, the call and categories otherwise."""
from __future__ import annotations

import pytest


def test_the_public_page_of_a_draft_edition_is_not_found(client, make_edition, make_category):
    make_category(make_edition(status="draft"), "INN")
    assert client.get("/editions/2026").status_code == 404


def test_the_public_page_of_an_unknown_edition_is_not_found(client):
    assert client.get("/editions/2031").status_code == 404


@pytest.mark.parametrize("status", ["nominations_open", "judging", "published"])
def test_the_public_page_of_an_announced_edition_lists_its_categories(status, client, make_edition,
                                                                      make_category):
    edition = make_edition(status=status)
    make_category(edition, "INN")
    make_category(edition, "PER", kind="ranking", criteria=0)

    response = client.get("/editions/2026")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Premios Safe City 2026" in html
    assert "Categoría INN" in html and "Categoría PER" in html


def test_the_public_page_shows_english_category_names_on_request(client, make_edition,
                                                                 make_category):
    make_category(make_edition(status="nominations_open"), "INN")
    html = client.get("/editions/2026", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Category INN" in html
    assert "Categoría INN" not in html


def test_the_home_page_shows_the_current_edition_and_its_categories(client, make_edition,
                                                                    make_category):
    make_category(make_edition(year=2026, status="nominations_open"), "INN")
    html = client.get("/").get_data(as_text=True)
    assert "Premios Safe City 2026" in html
    assert "Categoría INN" in html


def test_the_home_page_does_not_show_a_draft_edition(client, make_edition, make_category):
    make_category(make_edition(year=2025, status="published"), "OLD")
    make_category(make_edition(year=2026, status="draft"), "NEW")

    html = client.get("/").get_data(as_text=True)

    assert "Premios Safe City 2025" in html
    assert "Premios Safe City 2026" not in html
    assert "Categoría NEW" not in html


def test_the_home_page_shows_the_latest_announced_edition(client, make_edition):
    make_edition(year=2025, status="published")
    make_edition(year=2026, status="nominations_open")
    html = client.get("/").get_data(as_text=True)
    assert "Premios Safe City 2026" in html
    assert "Premios Safe City 2025" not in html


def test_the_home_page_works_with_only_a_draft_edition(client, make_edition):
    make_edition(status="draft")
    response = client.get("/")
    assert response.status_code == 200
    assert "Premios Safe City 2026" not in response.get_data(as_text=True)
