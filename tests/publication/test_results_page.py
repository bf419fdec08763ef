"""The public results of a published edition: places, nominees, the seal and its downloads."""
from __future__ import annotations

import csv
import hashlib
import io
import re
from datetime import datetime, timezone

import pytest
from flask_babel import force_locale
from sqlalchemy import delete, select

from app.awards.models import Award
from app.editions import closing
from app.editions.models import Category
from app.editions.services import apply_transition
from app.extensions import db
from app import storage
from app.municipalities.models import Municipality
from app.nominations.models import Attachment
from tests.editions.closing_world import MAYOR

URL = "/editions/2026/results"


def _places(html: str) -> list[tuple[str, str, str]]:
    """(place, reference, UBIGEO code) of every place on the page, in order."""
    return re.findall(r'data-place="(\w+)" data-position="\d+"\s+data-reference="([^"]*)"\s+'
                      r'data-code="([^"]*)"', html)


def _close_and_publish(edition) -> None:
    with force_locale("en"):
        closing.close_edition(edition)
        apply_transition(edition, "publish")
    db.session.expire_all()


def test_results_are_not_found_before_closing(client, closable):
    assert client.get(URL).status_code == 404


@pytest.mark.parametrize("path", ["", "/scores.csv", "/seal.json"])
def test_results_are_not_found_while_the_edition_is_closed_but_unpublished(client, closable,
                                                                          path):
    with force_locale("en"):
        closing.close_edition(closable.edition)
    assert client.get(URL + path).status_code == 404


def test_results_show_every_place_in_order(client, published):
    html = client.get(URL).get_data(as_text=True)
    assert _places(html) == [("gold", "SCA-2026-INN-0001", ""), ("silver", "SCA-2026-INN-0002", ""),
                             ("bronze", "SCA-2026-INN-0003", ""), ("gold", "", "070101"),
                             ("silver", "", "150122"), ("bronze", "", "150131")]


def test_a_winning_municipality_is_shown_with_its_mayor_programme_and_summary(client, published):
    html = client.get(URL).get_data(as_text=True)
    assert "Barranco" in html and MAYOR in html
    assert "Programa A: cámaras y serenazgo" in html
    assert "Resumen del programa A, con patrullaje integrado." in html


def test_a_ranking_place_shows_the_index_and_its_interval(client, published):
    html = client.get(URL, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Perceived insecurity: 12.0 % (95 % interval 10.1 to 14.2), rank 1" in html


def test_a_person_is_shown_by_name_and_kind(client, closable):
    person = closable.nominations["B"]
    person.nominee_type, person.municipality, person.nominee_name = "person", None, "Ana Torres"
    person.nominee_role = "Gerenta de seguridad"
    db.session.commit()
    _close_and_publish(closable.edition)
    html = client.get(URL, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Ana Torres" in html and "Person · Gerenta de seguridad" in html


def test_a_shared_place_is_shown_as_shared(client, closable):
    award = db.session.scalar(select(Award).where(Award.category_id == closable.jury.id,
                                                  Award.position == 3))
    award.place, award.shared, award.reason = "silver", True, "Empate técnico con el segundo"
    db.session.commit()
    _close_and_publish(closable.edition)
    html = client.get(URL, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert [place for place, _ref, _code in _places(html)][:3] == ["gold", "silver", "silver"]
    assert "Shared place" in html and "Empate técnico con el segundo" in html


def test_a_void_category_is_shown_with_its_reason(client, closable):
    db.session.execute(delete(Award).where(Award.category_id == closable.ranking.id))
    closable.ranking.declared_void_at = datetime.now(timezone.utc)
    closable.ranking.void_reason = "Ninguna encuesta cumplió el mínimo de muestra."
    db.session.commit()
    _close_and_publish(closable.edition)
    html = client.get(URL, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Declared void" in html and "Ninguna encuesta cumplió el mínimo de muestra." in html


def test_the_page_shows_the_seal_and_the_sealed_document_hashes_to_it(client, published):
    html = client.get(URL).get_data(as_text=True)
    assert published.edition.seal_sha256 in html
    document = client.get(URL + "/seal.json")
    assert document.mimetype == "application/json"
    assert hashlib.sha256(document.get_data()).hexdigest() == published.edition.seal_sha256


def test_the_score_matrix_download_is_anonymised(client, published):
    response = client.get(URL + "/scores.csv")
    assert response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == ["category", "reference", "competing", "juror", "criterion",
                             "tie_breaker", "weight", "scale_min", "scale_max", "score"]
    assert len(rows) == 24 and {r["juror"] for r in rows} == {"J1", "J2", "J3"}
    assert rows[0] == {"category": "INN", "reference": "SCA-2026-INN-0001", "competing": "yes",
                       "juror": "J1", "criterion": "1", "tie_breaker": "yes", "weight": "10",
                       "scale_min": "1", "scale_max": "10", "score": "9"}
    assert "@" not in text and "Jurado" not in text


def test_the_method_names_this_editions_aggregation(client, published):
    html = client.get(URL, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "How to recompute the winners" in html
    assert "A nomination's score is the mean of its review totals." in html


def test_the_results_page_speaks_spanish_by_default(client, published):
    html = client.get(URL).get_data(as_text=True)
    assert "Resultados" in html and "Sello de los resultados" in html


@pytest.mark.parametrize("url", ["/", "/editions/2026"])
def test_home_and_the_edition_page_link_to_published_results(client, published, url):
    assert 'href="/editions/2026/results"' in client.get(url).get_data(as_text=True)


@pytest.mark.parametrize("url", ["/", "/editions/2026"])
def test_home_and_the_edition_page_do_not_link_to_unpublished_results(client, closable, url):
    with force_locale("en"):
        closing.close_edition(closable.edition)
    assert 'href="/editions/2026/results"' not in client.get(url).get_data(as_text=True)


def _published_ranking_edition(year: int, places: int, make_edition) -> None:
    """An edition whose only category gives `places` mentions from the 2026-T3 ranking."""
    edition = make_edition(year, status="deliberation")
    category = Category(edition=edition, code="PER", name_es="Ciudad segura", kind="ranking",
                        places_gold=0, places_silver=0, places_bronze=0, mentions=places,
                        ranking_period="2026-T3")
    db.session.add(category)
    db.session.flush()
    municipalities = db.session.scalars(select(Municipality).where(Municipality.country == "PE")
                                        .order_by(Municipality.official_code).limit(places)).all()
    for position, municipality in enumerate(municipalities, start=1):
        db.session.add(Award(category_id=category.id, place="mention", position=position,
                             municipality_id=municipality.id, score=20.0, ci_low=18.0,
                             ci_high=22.0, rank=position, status="confirmed"))
    db.session.commit()
    _close_and_publish(edition)


def test_the_page_runs_the_same_queries_for_1_and_50_places(client, closable, make_edition,
                                                            count_queries):
    _published_ranking_edition(2030, 1, make_edition)
    _published_ranking_edition(2031, 50, make_edition)
    assert count_queries(client, "/editions/2030/results") == count_queries(
        client, "/editions/2031/results")


def _png() -> bytes:
    from PIL import Image
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def _attach(nomination, data: bytes, content_type: str, public: bool) -> Attachment:
    stored = storage.store(data)
    attachment = Attachment(nomination=nomination, filename="foto.png", content_type=content_type,
                            size=stored.size, sha256=stored.sha256, is_public=public)
    db.session.add(attachment)
    db.session.commit()
    return attachment


def test_a_winner_public_photo_is_shown_inline_on_the_results_page(client, closable):
    photo = _attach(closable.nominations["A"], _png(), "image/png", public=True)
    _close_and_publish(closable.edition)
    html = client.get(URL).get_data(as_text=True)
    src = f"{URL}/photos/{photo.id}"
    assert f'src="{src}"' in html
    response = client.get(src)
    assert response.status_code == 200 and response.data == _png()
    assert response.mimetype == "image/png" and "attachment" not in response.headers.get(
        "Content-Disposition", "")
    assert "sandbox" in response.headers["Content-Security-Policy"]


def test_a_photo_not_marked_public_is_neither_shown_nor_served(client, closable):
    photo = _attach(closable.nominations["A"], _png(), "image/png", public=False)
    _close_and_publish(closable.edition)
    assert "/photos/" not in client.get(URL).get_data(as_text=True)
    assert client.get(f"{URL}/photos/{photo.id}").status_code == 404


def test_a_public_document_that_is_not_an_image_is_not_served_as_a_photo(client, closable):
    document = _attach(closable.nominations["A"], b"%PDF-1.4 demo", "application/pdf", public=True)
    _close_and_publish(closable.edition)
    assert client.get(f"{URL}/photos/{document.id}").status_code == 404


def test_photos_are_not_served_before_publication(client, closable):
    photo = _attach(closable.nominations["A"], _png(), "image/png", public=True)
    assert client.get(f"{URL}/photos/{photo.id}").status_code == 404
