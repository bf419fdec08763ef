"""The public ranking page and its CSV."""
from __future__ import annotations

import csv
import io

import pytest

from app.municipalities.services import seed_districts
from app.perception import services

AGGREGATES = ("ubigeo,respondents,pct,effective_n\n"
              "150122,400,45.5,380\n150131,420,47.0,400\n150130,90,30.0,80\n")


@pytest.fixture
def ranking_data(app):
    seed_districts()
    services.import_file(io.BytesIO(AGGREGATES.encode()), "t3.csv", "2026-T3",
                         services.Source(name="Muestra", synthetic=True))


def test_the_ranking_page_lists_ranked_rows_first_and_says_the_data_are_synthetic(client, ranking_data):
    page = client.get("/ranking/2026-T3", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Synthetic data." in page
    assert page.index("Miraflores") < page.index("San Isidro") < page.index("San Borja")
    assert "insufficient sample" in page


def test_the_latest_ranking_address_redirects_to_the_newest_quarter(client, ranking_data):
    response = client.get("/ranking")
    assert response.status_code == 302 and response.location.endswith("/ranking/2026-T3")


def test_the_ranking_is_in_spanish_by_default(client, ranking_data):
    page = client.get("/ranking/2026-T3").get_data(as_text=True)
    assert '<html lang="es">' in page and "45,5 %" in page


def test_the_ranking_csv_has_the_cli_fields(client, ranking_data):
    response = client.get("/ranking/2026-T3.csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:4] == ["code", "name", "respondents", "effective_n"]
    assert rows[1][0] == "150122" and rows[1][7] == "1"
    assert rows[3][-1] == "insufficient_sample"


def test_an_unknown_or_malformed_period_is_not_found(client, ranking_data):
    assert client.get("/ranking/2025-T1").status_code == 404
    assert client.get("/ranking/not-a-period").status_code == 404


def test_the_ranking_api_returns_the_cli_fields(client, ranking_data):
    body = client.get("/api/v1/rankings/2026T3").get_json()
    assert body["periods"] == ["2026-T3"] and body["synthetic"] is True
    first = body["rows"][0]
    assert first["code"] == "150122" and first["rank"] == 1 and first["status"] == "ranked"
    assert body["rows"][-1]["rank"] is None


def test_the_ranking_api_answers_json_errors(client, ranking_data):
    response = client.get("/api/v1/rankings/2030-T1")
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"
