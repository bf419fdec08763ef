"""The organiser's web import: upload → preview (dialect, roles, problems) → confirm or cancel."""
from __future__ import annotations

import hashlib
import io
import re
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from app.db_types import utcnow
from app.extensions import db
from app.municipalities.services import seed_districts
from app.perception import services, staging
from app.perception.models import PerceptionFigure, PerceptionImport

UPLOAD = "/organiser/perception/import"
LIST = "/organiser/perception"
MICRODATA = ("CONGLOMERADO;VIVIENDA;CCDD;CCPP;CCDI;NOMBREDI;FACTOR;P611\n"
             "0001;1;15;01;13;JESÚS MARÍA;120,5;1\n"
             "0001;2;15;01;13;JESÚS MARÍA;80,25;2\n"
             "0002;1;15;01;22;MIRAFLORES;99,75;1\n").encode("latin-1")
AGGREGATES = b"ubigeo,respondents,pct\n150122,400,45.5\n150116,380,51.25\n"
BAD_AGGREGATES = b"ubigeo,respondents,pct\n150122,400,45.5\n999999,400,50\n150131,0,47\n150101,300,140\n"
DETAILS = {"period": "2026T3", "source_name": "Encuesta de prueba", "organisation": "Observatorio",
           "fieldwork_start": "2026-07-01", "fieldwork_end": "2026-09-30",
           "method_notes": "Muestra por conglomerados", "public_note": "Datos de ensayo",
           "synthetic": "y", "sheet": ""}


@pytest.fixture
def districts(app):
    seed_districts()


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _staged_files(app) -> list[Path]:
    folder = Path(app.config["STORAGE_DIR"]) / "tmp" / "perception"
    return sorted(folder.iterdir()) if folder.exists() else []


def upload(client, content: bytes, filename: str = "encuesta.csv", **fields):
    data = {**DETAILS, **fields, "file": (io.BytesIO(content), filename)}
    return client.post(UPLOAD, data=data, content_type="multipart/form-data")


def staged(client, content: bytes, filename: str = "encuesta.csv", **fields) -> str:
    """Upload a file; the URL of its preview."""
    response = upload(client, content, filename, **fields)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return response.location


class _FormReader(HTMLParser):
    """The values a browser would send with one form: inputs, checked boxes, selects, textareas."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.values: dict[str, str] = {}
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("checkbox", "submit"):
            self.values[name] = attrs.get("value", "")
        elif tag == "input" and name and "checked" in attrs:
            self.values[name] = attrs.get("value", "y")
        elif tag == "select":
            self.select = name
        elif tag == "option" and self.select and ("selected" in attrs or self.select not in self.values):
            self.values[self.select] = attrs.get("value", "")
        elif tag == "textarea":
            self.textarea = name
            self.values[name] = ""

    def handle_data(self, data):
        if self.textarea:
            if not self.values[self.textarea]:  # a browser drops the newline after <textarea>
                data = data.removeprefix("\r\n").removeprefix("\n")
            self.values[self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def preview_form(html: str) -> dict[str, str]:
    reader = _FormReader("preview-form")
    reader.feed(html)
    return reader.values


def role_of(form: dict[str, str], column: str) -> str:
    index = next(key for key, value in form.items() if value == column and key.endswith("-column"))
    return form[index.replace("-column", "-role")]


def set_role(form: dict[str, str], column: str, role: str) -> None:
    index = next(key for key, value in form.items() if value == column and key.endswith("-column"))
    form[index.replace("-column", "-role")] = role


def problem_rows(html: str) -> list[int]:
    table = html.split('id="problems"', 1)[1].split("</table>", 1)[0]
    return [int(row) for row in re.findall(r"<tr data-code=\"\w+\"><td>(\d+)</td>", table)]


# -- preview -----------------------------------------------------------------------------------

def test_the_preview_shows_the_detected_dialect_and_column_roles(districts, as_organiser):
    page = as_organiser.get(staged(as_organiser, MICRODATA))
    html = page.get_data(as_text=True)
    form = preview_form(html)
    assert page.status_code == 200
    assert (form["encoding"], form["separator"], form["decimal"]) == ("cp1252", "semicolon", "comma")
    assert [role_of(form, c) for c in ("CCDD", "CCPP", "CCDI", "FACTOR", "P611", "CONGLOMERADO")] == [
        "ccdd", "ccpp", "ccdi", "weight", "answer", "respondent_id"]
    assert 'id="shape">Microdatos' in html


def test_the_preview_shows_the_first_rows_as_read(districts, as_organiser):
    html = as_organiser.get(staged(as_organiser, MICRODATA)).get_data(as_text=True)
    rows = html.split('id="preview-rows"', 1)[1].split("</table>", 1)[0]
    assert "<td>JESÚS MARÍA</td>" in rows and "<td>80,25</td>" in rows


def test_the_preview_lists_every_problem_with_its_row_number(districts, as_organiser):
    html = as_organiser.get(staged(as_organiser, BAD_AGGREGATES)).get_data(as_text=True)
    assert problem_rows(html) == [3, 4, 5]
    assert "3 problemas" in html
    assert "Distrito desconocido 999999" in html


def test_the_preview_says_how_many_problems_when_it_lists_only_the_first(districts, as_organiser):
    rows = "".join(f"150122,{i},45\n" for i in range(-130, 0))
    html = as_organiser.get(staged(as_organiser, f"ubigeo,respondents,pct\n{rows}".encode())
                            ).get_data(as_text=True)
    assert len(problem_rows(html)) == 100
    assert "130 problemas" in html and "Se muestran los primeros 100" in html


def test_choosing_a_role_for_an_unrecognised_column_changes_the_result(districts, as_organiser):
    url = staged(as_organiser, b"ubigeo,respondents,inseguridad\n150122,400,45.5\n")
    before = as_organiser.get(url).get_data(as_text=True)
    assert 'data-code="missing_columns"' in before
    form = preview_form(before)
    set_role(form, "inseguridad", "pct")
    after = as_organiser.post(url, data={**form, "action": "preview"})
    html = after.get_data(as_text=True)
    assert after.status_code == 200 and 'id="problems"' not in html
    assert role_of(preview_form(html), "inseguridad") == "pct"
    assert "Agregados" in html


def test_moving_a_role_to_another_column_takes_it_from_the_first(districts, as_organiser):
    url = staged(as_organiser, b"ubigeo,respondents,pct,pct_2025\n150122,400,45.5,47\n")
    form = preview_form(as_organiser.get(url).get_data(as_text=True))
    set_role(form, "pct_2025", "pct")
    html = as_organiser.post(url, data={**form, "action": "preview"}).get_data(as_text=True)
    after = preview_form(html)
    assert (role_of(after, "pct"), role_of(after, "pct_2025")) == ("ignore", "pct")


def test_choosing_another_decimal_mark_changes_the_result(districts, as_organiser):
    url = staged(as_organiser, b"ubigeo;respondents;pct\n150122;400;45,5\n150116;380;51,25\n")
    form = preview_form(as_organiser.get(url).get_data(as_text=True))
    assert form["decimal"] == "comma"
    html = as_organiser.post(url, data={**form, "decimal": "point", "action": "preview"}
                             ).get_data(as_text=True)
    assert problem_rows(html) == [2, 3]
    assert preview_form(html)["decimal"] == "point"


def test_an_xlsx_workbook_is_previewed_from_the_named_sheet(districts, as_organiser):
    workbook = openpyxl.Workbook()
    workbook.active.title = "Notas"
    workbook.active.append(["Léame"])
    sheet = workbook.create_sheet("T3")
    sheet.append(["ubigeo", "respondents", "pct"])
    sheet.append(["150122", 400, 45.5])
    content = io.BytesIO()
    workbook.save(content)
    html = as_organiser.get(staged(as_organiser, content.getvalue(), "encuesta.xlsx", sheet="T3")
                            ).get_data(as_text=True)
    assert "<td>150122</td>" in html and 'data-code' not in html
    assert 'name="encoding"' not in html


def test_the_preview_warns_when_the_quarter_already_has_data(districts, as_organiser):
    services.import_file(io.BytesIO(AGGREGATES), "antes.csv", "2026-T3", services.Source(name="Antes"))
    html = as_organiser.get(staged(as_organiser, AGGREGATES)).get_data(as_text=True)
    assert 'id="active-import"' in html and "Antes" in html


# -- confirm -----------------------------------------------------------------------------------

def test_confirming_imports_the_file_with_its_source(districts, as_organiser, organiser, app):
    url = staged(as_organiser, MICRODATA)
    form = preview_form(as_organiser.get(url).get_data(as_text=True))
    response = as_organiser.post(url, data={**form, "action": "import"})
    assert response.status_code == 302 and response.location.endswith(LIST)
    survey_import = db.session.scalar(select(PerceptionImport))
    assert (survey_import.period, survey_import.shape, survey_import.rows_read) == ("2026-T3", "microdata", 3)
    assert (survey_import.source_name, survey_import.organisation, survey_import.synthetic) == (
        "Encuesta de prueba", "Observatorio", True)
    assert (survey_import.fieldwork_start, survey_import.fieldwork_end) == (date(2026, 7, 1), date(2026, 9, 30))
    assert survey_import.imported_by_id == organiser.id
    assert sorted(f.municipality.official_code for f in survey_import.figures) == ["150113", "150122"]


def test_confirming_deletes_the_staged_file(districts, as_organiser, app):
    url = staged(as_organiser, MICRODATA)
    form = preview_form(as_organiser.get(url).get_data(as_text=True))
    as_organiser.post(url, data={**form, "action": "import"})
    assert _staged_files(app) == []
    assert as_organiser.get(url).status_code == 404


def test_the_import_uses_the_dialect_chosen_in_the_preview(districts, as_organiser):
    url = staged(as_organiser, b"ubigeo;respondents;pct\n150122;400;45,5\n")
    form = preview_form(as_organiser.get(url).get_data(as_text=True))
    form["decimal"] = "point"
    form = preview_form(as_organiser.post(url, data={**form, "action": "preview"}).get_data(as_text=True))
    response = as_organiser.post(url, data={**form, "action": "import"})
    assert response.status_code == 422 and _count(PerceptionImport) == 0


def test_a_quarter_with_data_is_replaced_only_when_the_box_is_ticked(districts, as_organiser):
    first = services.import_file(io.BytesIO(AGGREGATES), "antes.csv", "2026-T3", services.Source(name="Antes"))
    url = staged(as_organiser, MICRODATA)
    form = preview_form(as_organiser.get(url).get_data(as_text=True))
    refused = as_organiser.post(url, data={**form, "action": "import"})
    assert refused.status_code == 409 and "ya tiene datos" in refused.get_data(as_text=True)
    assert _count(PerceptionImport) == 1
    replaced = as_organiser.post(url, data={**form, "replace": "y", "action": "import"})
    assert replaced.status_code == 302
    db.session.refresh(first)
    assert not first.active and _count(PerceptionImport) == 2


def test_a_refused_import_writes_nothing_and_keeps_what_was_typed(districts, as_organiser):
    url = staged(as_organiser, BAD_AGGREGATES)
    form = preview_form(as_organiser.get(url).get_data(as_text=True))
    form.update(source_name="Fuente corregida", method_notes="Notas escritas a mano")
    response = as_organiser.post(url, data={**form, "action": "import"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert _count(PerceptionImport) == 0 and _count(PerceptionFigure) == 0
    kept = preview_form(html)
    assert (kept["source_name"], kept["method_notes"]) == ("Fuente corregida", "Notas escritas a mano")
    assert problem_rows(html) == [3, 4, 5]


def test_choices_changed_after_the_preview_are_previewed_before_importing(districts, as_organiser):
    url = staged(as_organiser, AGGREGATES)
    form = preview_form(as_organiser.get(url).get_data(as_text=True))
    set_role(form, "pct", "ignore")
    response = as_organiser.post(url, data={**form, "action": "import"})
    assert response.status_code == 409 and _count(PerceptionImport) == 0
    assert 'data-code="missing_columns"' in response.get_data(as_text=True)


def test_an_invalid_quarter_on_the_preview_keeps_the_other_fields(districts, as_organiser):
    url = staged(as_organiser, AGGREGATES)
    form = preview_form(as_organiser.get(url).get_data(as_text=True))
    form.update(period="2026-T5", organisation="Otra organización")
    response = as_organiser.post(url, data={**form, "action": "import"})
    assert response.status_code == 400 and _count(PerceptionImport) == 0
    kept = preview_form(response.get_data(as_text=True))
    assert (kept["period"], kept["organisation"]) == ("2026-T5", "Otra organización")


def test_cancelling_deletes_the_staged_file(districts, as_organiser, app):
    url = staged(as_organiser, AGGREGATES)
    assert _staged_files(app)
    response = as_organiser.post(url + "/cancel")
    assert response.status_code == 302 and _staged_files(app) == []
    assert _count(PerceptionImport) == 0


# -- upload ------------------------------------------------------------------------------------

def test_the_quarter_is_accepted_in_any_spelling(districts, as_organiser):
    html = as_organiser.get(staged(as_organiser, AGGREGATES, period="T3 2026")).get_data(as_text=True)
    assert 'id="quarter">2026-T3' in html


def test_an_upload_with_a_bad_quarter_keeps_what_was_typed(districts, as_organiser, app):
    response = upload(as_organiser, AGGREGATES, period="tercer trimestre")
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "2026-T3" in html
    assert 'value="tercer trimestre"' in html and 'value="Encuesta de prueba"' in html
    assert _staged_files(app) == []


def test_a_file_that_is_neither_csv_nor_xlsx_is_refused_with_the_fields_kept(districts, as_organiser, app):
    response = upload(as_organiser, b"%PDF-1.4\n\x00\x01\x02binary", "encuesta.csv")
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "no es texto CSV" in html
    assert 'value="Observatorio"' in html and _staged_files(app) == []


def test_an_old_excel_file_is_refused_with_advice(districts, as_organiser):
    response = upload(as_organiser, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "encuesta.xls")
    assert response.status_code == 400 and "XLSX o CSV" in response.get_data(as_text=True)


def test_an_empty_file_is_refused(districts, as_organiser, app):
    response = upload(as_organiser, b"", "vacio.csv")
    assert response.status_code == 400 and _staged_files(app) == []


def test_a_file_over_the_size_limit_is_refused_with_the_fields_kept(districts, as_organiser, app):
    app.config["PERCEPTION_MAX_UPLOAD_BYTES"] = 1024 * 1024
    response = upload(as_organiser, AGGREGATES * 40000)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "más de 1 MB" in html
    assert 'value="Encuesta de prueba"' in html and _staged_files(app) == []


def test_a_request_far_over_the_size_limit_is_not_read(districts, as_organiser, app):
    app.config["PERCEPTION_MAX_UPLOAD_BYTES"] = 1024 * 1024
    response = upload(as_organiser, b"x" * (4 * 1024 * 1024))
    assert response.status_code == 413 and "más de 1 MB" in response.get_data(as_text=True)
    assert _staged_files(app) == []


def test_staged_files_older_than_a_day_are_deleted(districts, app, organiser):
    stage = staging.stage_upload(io.BytesIO(AGGREGATES), "a.csv", organiser.id, {}, 10_000)
    assert staging.discard_stale_uploads(utcnow() + timedelta(hours=25)) == 1
    assert staging.staged_upload(stage.token, organiser.id) is None


# -- who may --------------------------------------------------------------------------------------

def test_an_upload_is_reachable_only_from_the_session_that_made_it(districts, app, as_organiser, organiser):
    url = staged(as_organiser, AGGREGATES)
    other = app.test_client()
    with other.session_transaction() as session:
        session["_user_id"] = organiser.get_id()
    assert other.get(url).status_code == 404


def test_an_upload_is_not_reachable_by_another_organiser(districts, app, as_organiser, make_user):
    url = staged(as_organiser, AGGREGATES)
    colleague = make_user("organiser", email="colega@example.org")
    with as_organiser.session_transaction() as session:
        session["_user_id"] = colleague.get_id()
    assert as_organiser.get(url).status_code == 404


@pytest.mark.parametrize("role", ["nominator", "juror"])
def test_other_roles_cannot_upload(districts, app, client, make_user, sign_in, role):
    sign_in(make_user(role))
    assert upload(client, AGGREGATES).status_code == 403
    assert _staged_files(app) == []


def test_anonymous_visitors_are_sent_to_log_in(districts, client, app):
    response = upload(client, AGGREGATES)
    assert response.status_code == 302 and "/login" in response.location
    assert _staged_files(app) == []


def test_the_upload_needs_a_csrf_token(districts, app, as_organiser):
    app.config["WTF_CSRF_ENABLED"] = True
    response = upload(as_organiser, AGGREGATES)
    assert response.status_code == 400 and _staged_files(app) == []


def test_the_confirmation_needs_a_csrf_token(districts, app, as_organiser):
    url = staged(as_organiser, AGGREGATES)
    form = preview_form(as_organiser.get(url).get_data(as_text=True))
    app.config["WTF_CSRF_ENABLED"] = True
    response = as_organiser.post(url, data={**form, "action": "import"})
    assert response.status_code == 400 and _count(PerceptionImport) == 0


# -- the list ------------------------------------------------------------------------------------

def test_the_list_keeps_replaced_imports_next_to_the_active_one(districts, as_organiser):
    services.import_file(io.BytesIO(AGGREGATES), "primero.csv", "2026-T3", services.Source(name="Primera"))
    services.import_file(io.BytesIO(AGGREGATES), "segundo.csv", "2026-T3", services.Source(name="Segunda"),
                         replace=True)
    html = as_organiser.get(LIST).get_data(as_text=True)
    rows = html.split('id="imports"', 1)[1].split("</table>", 1)[0].split("<tr data-import")[1:]
    assert ["Segunda" in rows[0], "Primera" in rows[1]] == [True, True]
    assert "activa" in rows[0] and "reemplazada" in rows[1]


def test_the_list_shows_the_file_checksum_and_who_imported(districts, as_organiser, organiser):
    url = staged(as_organiser, AGGREGATES)
    form = preview_form(as_organiser.get(url).get_data(as_text=True))
    as_organiser.post(url, data={**form, "action": "import"})
    html = as_organiser.get(LIST).get_data(as_text=True)
    assert hashlib.sha256(AGGREGATES).hexdigest()[:12] in html and organiser.name in html


def test_the_list_runs_as_many_queries_for_fifty_imports_as_for_one(districts, as_organiser, organiser,
                                                                    count_queries):
    municipality_id = services.peruvian_districts()["150122"].id

    def add(n: int) -> None:
        for i in range(n):
            survey_import = PerceptionImport(
                period=f"{2000 + i}-T1", source_name=f"Fuente {i}", filename="f.csv",
                file_sha256="0" * 64, shape="aggregates", rows_read=1, imported_by_id=organiser.id)
            survey_import.figures.append(PerceptionFigure(municipality_id=municipality_id, respondents=100,
                                                          effective_n=100, pct=40))
            db.session.add(survey_import)
        db.session.commit()
    add(1)
    one = count_queries(as_organiser, LIST)
    add(49)
    assert count_queries(as_organiser, LIST) == one
