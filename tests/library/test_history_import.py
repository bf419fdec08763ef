"""Importing earlier editions' awards: all or nothing, re-imports skipped, from the page or the CLI."""
import io

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.library import services
from app.library.models import HistoricalAward, LibraryEntry
from app.municipalities.services import seed_districts
from tests.library.helpers import history_csv, history_xlsx

SAN_MIGUEL = "2024,Infraestructura para la seguridad,oro,Municipalidad de San Miguel,Centro Integrado de Seguridad Ciudadana,Videovigilancia y despacho únicos.,PE"
FOUNDATION = "2021,Premio especial,mención,Fundación Barrio Seguro,Escuelas de convivencia,Talleres.,CO"


@pytest.fixture
def districts(app):
    seed_districts()


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_an_import_writes_each_award_and_its_library_entry(districts, organiser, audit_events):
    plan = services.import_history(history_csv(SAN_MIGUEL, FOUNDATION), "historia.csv",
                                   actor_id=organiser.id)
    assert len(plan.awards) == 2
    awards = db.session.scalars(select(HistoricalAward).order_by(HistoricalAward.year)).all()
    assert [(a.year, a.place, a.country) for a in awards] == [(2021, "mention", "CO"), (2024, "gold", "PE")]
    assert awards[1].municipality.name == "San Miguel" and awards[0].municipality is None
    entry = db.session.scalar(select(LibraryEntry).where(LibraryEntry.historical_award_id == awards[1].id))
    assert (entry.source, entry.municipality_id, entry.title) == (
        "history", awards[1].municipality_id, "Centro Integrado de Seguridad Ciudadana")
    assert "san miguel" in entry.search_text and "unicos" in entry.search_text
    [event] = audit_events("library.history_imported")
    assert event.summary["imported"] == 2 and event.actor_id == organiser.id


def test_a_file_with_a_bad_row_writes_nothing(districts):
    with pytest.raises(services.HistoryImportRefused) as refused:
        services.import_history(history_csv(SAN_MIGUEL, "2030,Prevención,oro,Callao,Programa,,",
                                            "2023,Prevención,platino,Callao,Programa,,"), "historia.csv")
    assert [(p.row, p.code) for p in refused.value.plan.problems] == [
        (3, "year_out_of_range"), (4, "unknown_place")]
    assert _count(HistoricalAward) == 0 and _count(LibraryEntry) == 0


def test_importing_the_same_rows_again_adds_nothing(districts):
    services.import_history(history_csv(SAN_MIGUEL), "historia.csv")
    plan = services.import_history(history_csv(SAN_MIGUEL, FOUNDATION), "historia-2.csv")
    assert plan.skipped == [2] and len(plan.awards) == 1
    assert _count(HistoricalAward) == 2 and _count(LibraryEntry) == 2


def test_the_page_previews_then_imports_an_xlsx_file(districts, as_organiser):
    data = history_xlsx([(2024, "Infraestructura", "Oro", "San Miguel", "Centro Integrado", "Resumen", "PE")])
    response = as_organiser.post("/organiser/library/history",
                                 data={"file": (io.BytesIO(data), "historia.xlsx")})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="planned"' in html and "San Miguel" in html
    assert _count(HistoricalAward) == 0
    sha256 = html.split('name="sha256" type="hidden" value="')[1].split('"')[0]
    response = as_organiser.post("/organiser/library/history/confirm",
                                 data={"sha256": sha256, "filename": "historia.xlsx"})
    assert response.status_code == 302
    assert _count(HistoricalAward) == 1
    assert "Centro Integrado" in as_organiser.get("/organiser/library/history").get_data(as_text=True)


def test_the_page_lists_every_problem_with_its_row(districts, as_organiser):
    data = history_csv(SAN_MIGUEL, "2024,Prevención,oro,Callao,,,")
    response = as_organiser.post("/organiser/library/history",
                                 data={"file": (io.BytesIO(data), "historia.csv")})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'data-row="3" data-code="missing_value"' in html and 'id="confirm-form"' not in html
    assert _count(HistoricalAward) == 0


def test_the_cli_imports_a_file(districts, app, tmp_path):
    path = tmp_path / "historia.csv"
    path.write_bytes(history_csv(SAN_MIGUEL))
    result = app.test_cli_runner().invoke(args=["library", "import-history", str(path)])
    assert result.exit_code == 0, result.output
    assert "1 award(s) imported" in result.output and _count(HistoricalAward) == 1


def test_the_cli_reports_problems_and_writes_nothing(districts, app, tmp_path):
    path = tmp_path / "historia.csv"
    path.write_bytes(history_csv("2024,Prevención,oro,Callao,Programa,,Perú"))
    result = app.test_cli_runner().invoke(args=["library", "import-history", str(path)])
    assert result.exit_code == 1
    assert "row 2: The country Perú is not a two-letter code" in result.output
    assert _count(HistoricalAward) == 0


def test_an_organiser_deletes_a_wrongly_imported_award(districts, as_organiser):
    services.import_history(history_csv(SAN_MIGUEL), "historia.csv")
    award_id = db.session.scalar(select(HistoricalAward.id))
    assert as_organiser.post(f"/organiser/library/history/{award_id}/delete").status_code == 302
    assert _count(HistoricalAward) == 0 and _count(LibraryEntry) == 0
