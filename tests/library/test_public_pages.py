"""The public library: list, search, filters, an entry, its public documents."""
import pytest

from app.extensions import db
from app.library.models import LibraryEntry
from app.library.services import import_history
from app.nominations import services as nominations
from tests.library.helpers import history_csv
from tests.nominations.factories import PDF_BYTES


def _titles(client, query: str = "") -> list[str]:
    response = client.get("/experiencias" + query)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    return [title for title in ("Prevención juvenil", "Cámaras en Surco", "Sin permiso") if title in html]


@pytest.fixture
def library(make_awarded, publish, make_municipality):
    surco = make_municipality("Santiago de Surco", "150140")
    awarded = {
        "prevention": make_awarded("Prevención juvenil", summary="Talleres para jóvenes en riesgo."),
        "cameras": make_awarded("Cámaras en Surco", place="mention", municipality=surco,
                                summary="Videovigilancia con serenazgo."),
        "refused": make_awarded("Sin permiso", consent=False, summary="Prevención sin consentimiento."),
    }
    publish()
    return awarded


def _entry_id(nomination) -> int | None:
    return db.session.scalar(db.select(LibraryEntry.id).where(LibraryEntry.nomination_id == nomination.id))


def test_the_list_shows_consented_programmes_only(client, library):
    assert _titles(client) == ["Prevención juvenil", "Cámaras en Surco"]


def test_search_without_accents_finds_words_with_them(client, library):
    assert _titles(client, "?q=prevencion") == ["Prevención juvenil"]
    assert _titles(client, "?q=JOVENES") == ["Prevención juvenil"]


def test_search_with_accents_finds_words_without_them(client, library):
    assert _titles(client, "?q=jóvenes riésgo") == ["Prevención juvenil"]
    assert _titles(client, "?q=videovigilancia sérenazgo") == ["Cámaras en Surco"]
    assert _titles(client, "?q=camaras+surco") == ["Cámaras en Surco"]


def test_search_never_finds_a_programme_without_consent(client, library):
    assert "Sin permiso" not in client.get("/experiencias?q=consentimiento").get_data(as_text=True)


def test_search_covers_the_municipality_name(client, library):
    assert _titles(client, "?q=surco") == ["Cámaras en Surco"]


def test_filters_by_place_year_municipality_category_and_country(client, library):
    surco = library["cameras"].municipality_id
    assert _titles(client, "?place=mention") == ["Cámaras en Surco"]
    assert _titles(client, f"?municipality={surco}") == ["Cámaras en Surco"]
    assert _titles(client, "?year=2026&country=PE&category=Categoría+PRE") == [
        "Prevención juvenil", "Cámaras en Surco"]
    assert _titles(client, "?year=2019") == []
    assert _titles(client, "?country=SV") == []


def test_malformed_filters_are_ignored(client, library):
    assert _titles(client, "?year=abc&place=platinum&municipality=-1&page=x") == [
        "Prevención juvenil", "Cámaras en Surco"]


def test_the_entry_page_shows_the_programme_award_results_and_public_documents(client, library):
    entry_id = _entry_id(library["prevention"])
    html = client.get(f"/experiencias/{entry_id}").get_data(as_text=True)
    for text in ("Prevención juvenil", "Talleres para jóvenes en riesgo.", "Robos en la vía pública.",
                 "Cámaras y serenazgo coordinados.", "Tiempo de respuesta", "minutos", "Categoría PRE",
                 "informe.pdf", "enero 2024", "junio 2025", "1.250.000"):
        assert text in html, text
    assert f'href="/municipios/{library["prevention"].municipality_id}"' in html


def test_a_programme_without_consent_is_not_found_by_url_guessing(client, library):
    ids = db.session.scalars(db.select(LibraryEntry.id)).all()
    for guess in range(1, max(ids) + 5):
        if guess not in ids:
            assert client.get(f"/experiencias/{guess}").status_code == 404


def test_a_public_document_is_downloaded_from_the_library(client, library):
    nomination = library["prevention"]
    url = f"/experiencias/{_entry_id(nomination)}/documentos/{nomination.attachments[0].id}"
    response = client.get(url)
    assert response.status_code == 200 and response.data == PDF_BYTES
    assert response.headers["Content-Disposition"].startswith("attachment")


def test_documents_are_found_only_when_public_and_of_the_entry(client, library):
    prevention, cameras, refused = library["prevention"], library["cameras"], library["refused"]
    cameras.attachments[0].is_public = False
    db.session.commit()
    entry_id = _entry_id(prevention)
    for attachment in (cameras.attachments[0], refused.attachments[0]):
        assert client.get(f"/experiencias/{entry_id}/documentos/{attachment.id}").status_code == 404
    cameras_entry = _entry_id(cameras)
    assert client.get(f"/experiencias/{cameras_entry}/documentos/{cameras.attachments[0].id}").status_code == 404
    assert "informe.pdf" not in client.get(f"/experiencias/{cameras_entry}").get_data(as_text=True)


def test_a_withdrawn_programmes_documents_disappear_with_it(client, library, submitter):
    prevention = library["prevention"]
    url = f"/experiencias/{_entry_id(prevention)}/documentos/{prevention.attachments[0].id}"
    nominations.set_publication_consent(submitter, prevention, False)
    assert client.get(url).status_code == 404


def test_the_list_runs_as_many_queries_with_50_entries_as_with_1(client, make_awarded, publish,
                                                                   count_queries):
    make_awarded("Primero")
    publish()
    one = count_queries(client, "/experiencias?q=resumen")
    import_history(history_csv(*(f"2024,Prevención,oro,Fundación {n},Programa {n},Resumen {n},PE"
                                 for n in range(49))), "history.csv")
    assert count_queries(client, "/experiencias?q=resumen") == one


def test_an_english_visitor_reads_the_category_in_english(client, library):
    english = {"Accept-Language": "en"}
    entry_id = _entry_id(library["prevention"])
    listing = client.get("/experiencias", headers=english).get_data(as_text=True)
    entry = client.get(f"/experiencias/{entry_id}", headers=english).get_data(as_text=True)
    assert "Category PRE" in listing and "Category PRE" in entry
    assert "Categoría PRE" not in entry
    assert 'value="Categoría PRE"' in listing  # the filter still matches the stored name
