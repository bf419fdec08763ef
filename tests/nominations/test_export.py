"""Export of the filtered list to CSV and XLSX: Spanish headers, typed numbers, no formulas."""
from __future__ import annotations

import csv
import io
from zoneinfo import ZoneInfo

import pytest
from flask_babel import force_locale, gettext
from openpyxl import load_workbook

from app.extensions import db
from app.nominations import services
from tests.nominations.factories import PDF_BYTES
from tests.nominations.organiser_helpers import LIST

pytest_plugins = ["tests.nominations.organiser_fixtures"]  # the `call` and `nominate` fixtures

CSV, XLSX = f"{LIST}/export.csv", f"{LIST}/export.xlsx"
HEADER_MSGIDS = ["Reference", "Category code", "Category name", "Status", "Nominee", "Municipality",
                 "Country", "Title", "Summary", "Budget", "Currency", "Period start", "Period end",
                 "Submitter name", "Submitter email"]


def _spanish_header() -> list[str]:
    with force_locale("es"):
        return ([gettext(m) for m in HEADER_MSGIDS]
                + [gettext("Submitted at (%(zone)s)", zone="America/Lima"), gettext("Attachments")])


def _csv(client, **params) -> list[list[str]]:
    response = client.get(CSV, query_string=params)
    assert response.status_code == 200
    assert response.data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def _xlsx(client, **params):
    response = client.get(XLSX, query_string=params)
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.data)).active


def test_csv_has_the_spanish_header_and_one_row_per_nomination(as_organiser, call, nominate):
    nomination = nominate(call.inn, "Serenazgo conectado")
    services.add_attachment(nomination.submitter, nomination, "informe.pdf", PDF_BYTES)
    nominate(call.inn, "Borrador", submit=False)

    header, *rows = _csv(as_organiser)

    assert header == _spanish_header()
    assert header[HEADER_MSGIDS.index("Title")] != "Title"  # really translated, not the msgid
    (row,) = rows
    values = dict(zip(HEADER_MSGIDS, row))
    assert values["Reference"] == nomination.reference
    assert values["Category code"] == "INN" and values["Category name"] == "Categoría INN"
    assert values["Municipality"] == nomination.municipality.name and values["Country"] == "PE"
    assert values["Budget"] == "1234.50" and values["Currency"] == "PEN"
    assert (values["Period start"], values["Period end"]) == ("2024-03", "2025-06")
    assert values["Submitter email"] == nomination.submitter.email
    lima = nomination.submitted_at.astimezone(ZoneInfo("America/Lima"))
    assert row[-2] == lima.strftime("%Y-%m-%d %H:%M")
    assert row[-1] == "1"


def test_the_export_follows_the_list_filters(as_organiser, call, nominate, nominate_person):
    nominate(call.inn, "Cámaras")
    pre = nominate(call.pre, "Patrullaje")
    person = nominate_person(call.esp, name="Rosa Quispe", country="CO")
    draft = nominate(call.pre, "Borrador", submit=False)

    assert [r[0] for r in _csv(as_organiser, category="PRE")[1:]] == [pre.reference]
    (row,) = _csv(as_organiser, country="CO")[1:]
    assert row[0] == person.reference and row[4] == "Rosa Quispe" and row[5] == ""
    assert [r[7] for r in _csv(as_organiser, status="draft")[1:]] == [draft.title]
    assert [r[0] for r in _csv(as_organiser, q="patrull", page=2)[1:]] == [pre.reference]


def test_cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised(as_organiser, call, nominate):
    nominate(call.inn, '=HYPERLINK("http://evil.example","clic")', summary="+1+2")
    nominate(call.pre, "@SUM(A1:A2)", summary="-3")
    nominate(call.inn, "Sin peligro - con guion", summary="Resumen normal")

    rows = {r[7]: r for r in _csv(as_organiser)[1:]}

    assert set(rows) == {"'=HYPERLINK(\"http://evil.example\",\"clic\")", "'@SUM(A1:A2)",
                         "Sin peligro - con guion"}
    assert rows["'@SUM(A1:A2)"][8] == "'-3"
    assert rows["Sin peligro - con guion"][8] == "Resumen normal"
    sheet = _xlsx(as_organiser)
    titles = {sheet.cell(r, 8).value: sheet.cell(r, 8).data_type for r in range(2, sheet.max_row + 1)}
    assert titles['=HYPERLINK("http://evil.example","clic")'] == "s"  # kept as text, never a formula


def test_xlsx_has_a_bold_spanish_header_and_numbers_as_numbers(as_organiser, call, nominate):
    nomination = nominate(call.inn, "Serenazgo conectado", budget_amount="1250000.75")
    services.add_attachment(nomination.submitter, nomination, "informe.pdf", PDF_BYTES)

    sheet = _xlsx(as_organiser)

    assert [c.value for c in sheet[1]] == _spanish_header()
    assert all(c.font.bold for c in sheet[1])
    budget, attachments = sheet.cell(2, 10).value, sheet.cell(2, 17).value
    assert isinstance(budget, (int, float)) and budget == pytest.approx(1250000.75)
    assert isinstance(attachments, int) and attachments == 1
    assert sheet.cell(2, 1).value == nomination.reference
    assert 8 <= sheet.column_dimensions["A"].width <= 60
    assert sheet.max_row == 2


def test_downloads_are_attachments_named_after_the_edition(as_organiser, call, nominate):
    nominate(call.inn)
    csv_response, xlsx_response = as_organiser.get(CSV), as_organiser.get(XLSX)
    assert csv_response.headers["Content-Disposition"] == "attachment; filename=nominations-2026.csv"
    assert csv_response.mimetype == "text/csv"
    assert xlsx_response.headers["Content-Disposition"] == "attachment; filename=nominations-2026.xlsx"
    assert xlsx_response.mimetype.endswith("spreadsheetml.sheet")
    assert "no-store" in csv_response.headers["Cache-Control"]


def test_the_exports_run_as_many_queries_for_50_nominations_as_for_1(as_organiser, call, nominate,
                                                                     count_queries):
    first = nominate(call.inn, "Programa 0")
    services.add_attachment(first.submitter, first, "informe.pdf", PDF_BYTES)
    few = [count_queries(as_organiser, url) for url in (CSV, XLSX)]
    for i in range(1, 50):
        nomination = nominate(call.pre if i % 2 else call.inn, f"Programa {i}")
        if i % 5 == 0:
            services.add_attachment(nomination.submitter, nomination, f"anexo{i}.pdf", PDF_BYTES)
    db.session.expire_all()
    assert [count_queries(as_organiser, url) for url in (CSV, XLSX)] == few
    assert len(_csv(as_organiser)) == 51


def test_without_any_edition_there_is_nothing_to_export(as_organiser):
    assert as_organiser.get(CSV).status_code == 404
    assert as_organiser.get(LIST).status_code == 200


@pytest.mark.parametrize("role", ["nominator", "juror"])
def test_other_roles_cannot_export(client, sign_in, make_user, call, role):
    sign_in(make_user(role))
    assert client.get(CSV).status_code == 403
    assert client.get(XLSX).status_code == 403
    assert client.get(LIST).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, call):
    response = client.get(CSV)
    assert response.status_code == 302 and "/login" in response.location
