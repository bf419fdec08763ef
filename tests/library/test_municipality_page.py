"""A municipality's public page: awards over the years, ranking positions and trend, programmes."""
import io

import pytest

from app.extensions import db
from app.library.models import LibraryEntry
from app.library.services import import_history
from app.perception import services as perception
from tests.library.helpers import history_csv


def _quarter(period: str, rows: list[tuple[str, float]]) -> None:
    text = "ubigeo,respondents,pct,effective_n\n" + "".join(f"{code},1000,{pct},1000\n" for code, pct in rows)
    perception.import_file(io.BytesIO(text.encode()), f"{period}.csv", period,
                           perception.Source(name="Encuesta de prueba"))


@pytest.fixture
def miraflores(make_municipality):
    municipality = make_municipality("Miraflores", "150122")
    make_municipality("San Isidro", "150131")
    make_municipality("San Borja", "150130")
    return municipality


@pytest.fixture
def page(client, miraflores, make_awarded, publish):
    make_awarded("Serenazgo digital", municipality=miraflores)
    make_awarded("Programa sin permiso", consent=False, place="silver", municipality=miraflores)
    publish()
    import_history(history_csv("2023,Prevención del delito,mención,Municipalidad de Miraflores,"
                               "Barrios seguros,Resumen.,PE"), "historia.csv")
    _quarter("2026-T1", [("150122", 30.0), ("150131", 20.0), ("150130", 40.0)])
    _quarter("2026-T2", [("150122", 10.0), ("150131", 20.0), ("150130", 40.0)])
    response = client.get(f"/municipios/{miraflores.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_page_lists_awards_of_published_editions_and_history(page):
    assert 'data-year="2026" data-place="gold"' in page and "Serenazgo digital" in page
    assert 'data-year="2026" data-place="silver"' in page
    assert 'data-year="2023" data-place="mention"' in page and "Barrios seguros" in page


def test_a_programme_without_consent_shows_its_place_but_not_its_title(page):
    assert "Programa sin permiso" not in page


def test_the_page_shows_the_position_in_each_ranking_with_the_trend(page):
    assert 'data-period="2026-T1" data-rank="2"' in page
    assert 'data-period="2026-T2" data-rank="1"' in page
    assert "<svg" in page and 'href="/ranking/2026-T2"' in page


def test_the_page_links_its_programmes_in_the_library(page):
    entries = db.session.scalars(db.select(LibraryEntry).order_by(LibraryEntry.id)).all()
    assert len(entries) == 2
    for entry in entries:
        assert f'href="/experiencias/{entry.id}"' in page


def test_a_municipality_without_awards_or_data_has_a_plain_page(client, make_municipality):
    municipality = make_municipality("La Punta", "070105")
    response = client.get(f"/municipios/{municipality.id}")
    assert response.status_code == 200
    assert "<svg" not in response.get_data(as_text=True)


def test_an_unknown_municipality_is_not_found(client):
    assert client.get("/municipios/999999").status_code == 404


def test_the_page_runs_as_many_queries_with_five_quarters_as_with_two(
        client, miraflores, count_queries):
    def statements_with(periods) -> int:
        for period in periods:
            _quarter(period, [("150122", 30.0), ("150131", 20.0), ("150130", 40.0)])
        return count_queries(client, f"/municipios/{miraflores.id}")

    two = statements_with(["2025-T1", "2025-T2"])
    assert statements_with(["2025-T3", "2025-T4", "2026-T1"]) == two
