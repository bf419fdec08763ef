"""An edition's exports: every dataset in CSV and XLSX, Spanish headers by default, the values
of the features that own them, organisers only, and a query count that does not grow."""
from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from app.audit.services import record
from app.extensions import db
from app.judging import results
from app.nominations.models import Nomination
from tests.exports.factories import (add_certificate, add_nomination, add_nominations,
                                     import_ranking, judged)

BASE = "/organiser/editions/2026/exports"
DATASETS = ("nominations", "reviews", "leaderboards", "rankings", "certificates", "audit")


@pytest.fixture
def scene(make_edition, make_category, make_user):
    return judged(make_edition, make_category, make_user, nominations=2, jurors=2)


def _csv(client, dataset: str, **params) -> list[dict[str, str]]:
    response = client.get(f"{BASE}/{dataset}.csv", query_string=params)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.data.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))


def _sheet(client, dataset: str):
    response = client.get(f"{BASE}/{dataset}.xlsx")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    return load_workbook(io.BytesIO(response.data)).active


def test_the_exports_page_links_every_dataset_in_both_formats(as_organiser, make_edition):
    make_edition(2026)
    html = as_organiser.get(BASE).get_data(as_text=True)
    for dataset in DATASETS:
        assert f'href="{BASE}/{dataset}.csv"' in html and f'href="{BASE}/{dataset}.xlsx"' in html
    assert "Exportaciones" in html


def test_downloads_are_uncached_attachments_named_after_the_dataset_and_year(as_organiser, scene):
    response = as_organiser.get(f"{BASE}/reviews.xlsx")
    assert response.headers["Content-Disposition"] == "attachment; filename=reviews-2026.xlsx"
    assert "no-store" in response.headers["Cache-Control"]


def test_nominations_have_spanish_headers_and_leave_drafts_out(as_organiser, scene, make_user):
    add_nomination(scene.category, make_user("nominator"), 9, status="draft")
    db.session.commit()
    rows = _csv(as_organiser, "nominations")
    assert [r["Referencia"] for r in rows] == ["SCA-2026-INN-0001", "SCA-2026-INN-0002"]
    first = rows[0]
    assert first["Estado"] == "Admisible" and first["Municipalidad"] == "Municipio 1"
    assert first["Presupuesto"] == "1234.50" and first["País"] == "PE"
    assert first["Enviada el (America/Lima)"] == "2026-03-01 22:30"


def test_reviews_have_one_row_per_review_and_criterion(as_organiser, scene):
    rows = _csv(as_organiser, "reviews")
    assert len(rows) == 2 * 2 * 2  # nominations × jurors × criteria
    first = rows[0]
    assert (first["Referencia"], first["Jurado"], first["Correo del jurado"]) == (
        "SCA-2026-INN-0001", "Jurado 1", "jurado1@example.org")
    assert (first["Criterio"], first["Peso"], first["Puntaje"]) == ("Criterio 1", "10.00", "5")
    assert first["Comentario del criterio"] == "Sobre Criterio 1"
    assert first["Comentario general"] == "Comentario general"
    assert (first["Estado de la evaluación"], first["Fuente"]) == ("Enviada", "En línea")
    assert first["Fecha de envío (America/Lima)"] == "2026-03-01 22:30"
    assert [r["Puntaje"] for r in rows[:4]] == ["5", "7", "6", "8"]


def test_draft_reviews_are_exported_with_their_status(as_organiser, scene):
    review = scene.reviews[0]
    review.status, review.submitted_at = "draft", None
    db.session.commit()
    rows = _csv(as_organiser, "reviews")
    assert rows[0]["Estado de la evaluación"] == "Borrador"
    assert rows[0]["Fecha de envío (America/Lima)"] == ""


def test_reviews_in_xlsx_have_numbers_as_numbers_and_times_as_dates(as_organiser, scene):
    sheet = _sheet(as_organiser, "reviews")
    header = [c.value for c in sheet[1]]
    row = {h: c for h, c in zip(header, sheet[2])}
    assert row["Peso"].value == 10 and row["Peso"].data_type == "n"
    assert row["Puntaje"].value == 5 and isinstance(row["Puntaje"].value, int)
    assert row["Fecha de envío (America/Lima)"].is_date
    assert sheet.max_row == 9


def test_leaderboards_are_the_judging_results(as_organiser, scene):
    board = results.load(scene.category)
    rows = _csv(as_organiser, "leaderboards")
    assert [(r["Código de categoría"], r["Puesto"], r["Referencia"]) for r in rows] == [
        ("INN", str(row.standing.position), row.nomination.reference) for row in board.rows]
    first = board.rows[0].standing
    assert rows[0]["Puntaje"] == f"{first.score:.2f}"
    assert rows[0]["Evaluaciones"] == "2"
    sheet = _sheet(as_organiser, "leaderboards")
    header = [c.value for c in sheet[1]]
    assert sheet.cell(2, header.index("Puntaje") + 1).value == pytest.approx(first.score)


def test_leaderboards_show_the_flags_in_words(as_organiser, make_edition, make_category, make_user):
    scene = judged(make_edition, make_category, make_user, nominations=1, jurors=1)
    (row,) = _csv(as_organiser, "leaderboards")
    assert row["Alertas"] == "Pocas evaluaciones"
    assert scene.category.min_reviews == 2


def test_rankings_follow_the_ranking_category_s_chosen_quarter(as_organiser, scene, make_category):
    import_ranking("2026-T3")
    make_category(scene.edition, "PER", kind="ranking", criteria=0, ranking_period="2026-T3",
                  ranking_eligible_codes=["150131"])
    (row,) = _csv(as_organiser, "rankings")
    assert (row["Código de categoría"], row["Trimestres"], row["Puesto"]) == ("PER", "2026-T3", "1")
    assert (row["Código oficial"], row["Municipalidad"]) == ("150131", "San Isidro")
    assert row["Percepción de inseguridad (%)"] == "52.4"
    assert row["Estado"] == "En el ranking"


def test_without_a_chosen_ranking_the_latest_quarter_is_exported(as_organiser, scene):
    import_ranking("2026-T3")
    rows = _csv(as_organiser, "rankings")
    assert [(r["Código de categoría"], r["Trimestres"], r["Municipalidad"]) for r in rows] == [
        ("", "2026-T3", "Miraflores"), ("", "2026-T3", "San Isidro")]
    sheet = _sheet(as_organiser, "rankings")
    assert sheet.cell(2, 6).value == pytest.approx(45.5)


def test_certificates_list_codes_kind_recipient_and_status(as_organiser, scene):
    add_certificate(scene.edition, scene.nominations[0])
    (row,) = _csv(as_organiser, "certificates")
    assert (row["Código"], row["Código corto"]) == ("0" * 19 + "1", "SCA-0001-0000")
    assert (row["Tipo"], row["Estado"]) == ("Finalista", "Válido")
    assert row["Código de categoría"] == "INN"
    assert row["Referencia"] == "SCA-2026-INN-0001"
    assert row["Destinatario"] == "Municipalidad 1"
    assert row["Emitido el (America/Lima)"] == "2026-03-01 22:30"


def test_the_audit_log_dataset_takes_the_viewer_s_filters(as_organiser, scene):
    record("test.one", scene.nominations[0], summary={"motivo": "prueba"})
    record("test.two", scene.nominations[1])
    db.session.commit()
    rows = _csv(as_organiser, "audit", action="test.one")
    assert [(r["Acción"], r["Objeto"], r["ID del objeto"]) for r in rows] == [
        ("test.one", "Postulación", str(scene.nominations[0].id))]
    assert rows[0]["Datos"] == "motivo: prueba"


def test_headers_follow_the_reader_s_language(client, sign_in, make_user, scene):
    sign_in(make_user("organiser", locale="en"))
    rows = _csv(client, "reviews")
    assert rows[0]["Juror email"] == "jurado1@example.org"
    assert rows[0]["Review status"] == "Submitted"


def test_unknown_editions_datasets_and_formats_are_not_found(as_organiser, make_edition):
    make_edition(2026)
    assert as_organiser.get("/organiser/editions/2031/exports").status_code == 404
    assert as_organiser.get("/organiser/editions/2031/exports/reviews.csv").status_code == 404
    assert as_organiser.get(f"{BASE}/passwords.csv").status_code == 404
    assert as_organiser.get(f"{BASE}/reviews.pdf").status_code == 404


@pytest.mark.parametrize("role", ["nominator", "juror"])
def test_other_roles_are_refused(client, sign_in, make_user, make_edition, role):
    make_edition(2026)
    sign_in(make_user(role))
    assert client.get(BASE).status_code == 403
    assert client.get(f"{BASE}/reviews.csv").status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, make_edition):
    make_edition(2026)
    response = client.get(f"{BASE}/nominations.xlsx")
    assert response.status_code == 302 and "/login" in response.location


@pytest.mark.parametrize("dataset", DATASETS)
def test_a_dataset_runs_as_many_queries_for_20_nominations_as_for_1(
        dataset, as_organiser, count_queries, make_edition, make_category, make_user):
    scene = judged(make_edition, make_category, make_user, nominations=1, jurors=2)
    import_ranking("2026-T3")
    add_certificate(scene.edition, scene.nominations[0], 1)
    record("test.one", scene.nominations[0])
    db.session.commit()
    url = f"{BASE}/{dataset}.csv"
    few = count_queries(as_organiser, url)
    add_nominations(scene, make_user("nominator"), 19)
    for n, nomination in enumerate(scene.nominations[1:], start=2):
        add_certificate(scene.edition, nomination, n)
        record("test.one", nomination)
    db.session.commit()
    db.session.expire_all()
    assert count_queries(as_organiser, url) == few
    assert db.session.query(Nomination).count() == 20
