"""Each resource of /api/v1 answers what the public pages show."""
from __future__ import annotations

from app.editions.models import Edition
from app.extensions import db
from app.certificates import services as certificates
from tests.api.conftest import get_json


def test_the_editions_list_shows_public_editions_newest_first(client, world):
    body = get_json(client, "/api/v1/editions")
    assert [e["year"] for e in body["data"]] == [2027, 2026]
    assert body["meta"] == {"page": 1, "per_page": 20, "total": 2, "pages": 1}


def test_an_edition_has_its_timeline_status_and_links(client, world):
    edition = get_json(client, "/api/v1/editions/2026")
    assert edition["name"] == world.published.name and edition["status"] == "published"
    assert edition["timezone"] == "America/Lima"
    assert edition["nominations_close_at"].endswith("Z")
    assert edition["results_published"] is True and edition["published_at"]
    assert edition["links"]["results"] == "http://localhost/api/v1/editions/2026/results"
    assert edition["links"]["page"] == "http://localhost/editions/2026"


def test_categories_show_the_call_with_its_rubric(client, world):
    categories = get_json(client, "/api/v1/editions/2026/categories")["data"]
    assert [c["code"] for c in categories] == ["INN", "PER", "ESP"]
    inn, per, esp = categories
    assert inn["kind"] == "jury" and inn["places"] == {"gold": 1, "silver": 1, "bronze": 1,
                                                       "mentions": 0}
    assert [(c["name_es"], c["weight_percent"]) for c in inn["criteria"]] == [
        ("Impacto", 33.33), ("Innovación", 66.67)]
    assert per["kind"] == "ranking" and per["criteria"] == []
    assert esp["nominee_types"] == ["person"]


def test_results_give_each_place_with_its_nominee_and_programme(client, world):
    results = get_json(client, "/api/v1/editions/2026/results")
    inn, per, esp = results["categories"]
    gold = inn["places"][0]
    assert (gold["place"], gold["position"]) == ("gold", 1)
    assert gold["nominee"]["name"] == "Barranco"
    assert gold["nominee"]["municipality"]["mayor_name"] == "Rosa Quispe Huamán"
    assert gold["nomination"]["title"] == "Programa A: cámaras y serenazgo"
    assert gold["nomination"]["summary"].startswith("Resumen del programa A")
    assert [p["place"] for p in inn["places"]] == ["gold", "silver", "bronze"]
    person = esp["places"][0]
    assert person["nominee"] == {"type": "person", "name": "María José Ávila Peña",
                                 "role": "Comisaria de la PNP", "municipality": None}
    assert person["reason"] == "Decisión unánime del jurado."
    callao = per["places"][0]
    assert callao["nomination"] is None and callao["nominee"]["name"] == "Callao"
    assert callao["ranking"]["pct"] == 12.0 and callao["ranking"]["rank"] == 1


def test_results_carry_the_seal_and_links_to_its_files(client, world):
    seal = get_json(client, "/api/v1/editions/2026/results")["seal"]
    assert seal["sha256"] == world.published.seal_sha256
    assert client.get(seal["document_url"]).status_code == 200
    assert client.get(seal["score_matrix_url"]).mimetype == "text/csv"


def test_the_rankings_list_names_each_quarter_and_its_source(client, world):
    periods = get_json(client, "/api/v1/rankings")["data"]
    assert [(p["period"], p["name"], p["synthetic"]) for p in periods] == [
        ("2026-T3", "Encuesta de prueba", False), ("2026-T2", "Encuesta T2", True)]
    assert periods[1]["organisation"] == "INEI"
    assert periods[0]["links"]["self"] == "http://localhost/api/v1/rankings/2026-T3"


def test_a_ranking_lists_ranked_rows_then_the_unranked(client, world):
    ranking = get_json(client, "/api/v1/rankings/2026-T3")
    assert ranking["periods"] == ["2026-T3"] and ranking["synthetic"] is False
    assert ranking["rows"][0]["code"] == "070101" and ranking["rows"][0]["rank"] == 1
    assert ranking["rows"][-1]["status"] == "insufficient_sample"
    assert ranking["rows"][-1]["rank"] is None
    assert ranking["links"]["csv"] == "http://localhost/ranking/2026-T3.csv"


def test_a_ranking_window_pools_the_quarters_ending_at_the_period(client, world):
    ranking = get_json(client, "/api/v1/rankings/2026-T3?quarters=2")
    assert ranking["periods"] == ["2026-T2", "2026-T3"] and ranking["synthetic"] is True
    miraflores = next(r for r in ranking["rows"] if r["code"] == "150122")
    assert miraflores["respondents"] == 1800
    assert ranking["links"]["page"].endswith("/ranking/2026-T3?window=2026-T2:2026-T3")


def test_a_period_without_data_or_malformed_is_not_found(client, world):
    assert get_json(client, "/api/v1/rankings/2025-T1", 404)["error"]["code"] == "not_found"
    assert get_json(client, "/api/v1/rankings/not-a-period", 404)["error"]["code"] == "not_found"
    assert get_json(client, "/api/v1/rankings/2000-T1?quarters=2", 404)


def test_a_valid_certificate_is_checked(client, world):
    body = get_json(client, f"/api/v1/certificates/{world.issued.short_code.lower()}")
    assert body["valid"] is True and body["status"] == "valid"
    assert body["recipient"] == "Municipalidad de Barranco" and body["kind"] == "finalist"
    assert body["category"]["code"] == "INN"
    assert body["edition"] == {"year": 2026, "name": world.published.name,
                               "seal_sha256": world.published.seal_sha256}
    assert body["issued_at"] and body["revoked_at"] is None
    assert body["check_url"].endswith(f"/verify/{world.issued.code}")


def test_a_revoked_certificate_says_so_and_names_its_replacement(client, world):
    body = get_json(client, f"/api/v1/certificates/{world.revoked.code}")
    assert body["valid"] is False and body["status"] == "revoked"
    assert body["revoke_reason"] == "Error de nombre"
    assert body["replaced_by"] == world.issued.short_code


def test_a_pending_or_unknown_certificate_is_not_found(client, world):
    assert get_json(client, f"/api/v1/certificates/{world.pending.code}", 404)
    assert get_json(client, "/api/v1/certificates/SCA-0000-0000", 404)
    assert get_json(client, "/api/v1/certificates/%20", 404)


def test_the_check_page_links_to_the_api(client, world):
    page = client.get(f"/verify/{world.issued.code}").get_data(as_text=True)
    assert f'href="/api/v1/certificates/{world.issued.code}"' in page


def test_the_revocation_shows_at_once(client, world):
    certificates.revoke(world.issued, "Anulado por el jurado")
    assert get_json(client, f"/api/v1/certificates/{world.issued.code}")["status"] == "revoked"


def test_listing_editions_costs_the_same_queries_for_1_or_40(client, app, count_queries):
    db.session.add(Edition(year=2001, name="Premios 2001", status="closed"))
    db.session.commit()
    one = count_queries(client, "/api/v1/editions")
    db.session.add_all([Edition(year=2002 + i, name=f"Premios {2002 + i}", status="closed")
                        for i in range(39)])
    db.session.commit()
    assert count_queries(client, "/api/v1/editions?per_page=100") == one
