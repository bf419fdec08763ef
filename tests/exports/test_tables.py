"""The tabular writer on its own: typed columns and plain rows to CSV and XLSX bytes."""
from __future__ import annotations

import csv
import io
from datetime import date, datetime, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from app.exports.tables import (DATE, DATETIME, DECIMAL, INTEGER, MAX_WIDTH, Column, Table,
                                sheet_title, to_csv, to_xlsx)

LIMA = ZoneInfo("America/Lima")


def _table(rows) -> Table:
    return Table("Postulaciones", [
        Column("Referencia"), Column("Presupuesto", DECIMAL, digits=2), Column("Anexos", INTEGER),
        Column("Fecha", DATE), Column("Enviada (America/Lima)", DATETIME),
        Column("Hora exacta", DATETIME, seconds=True), Column("Índice", DECIMAL)], rows)


ROW = ["SCA-2026-INN-0001", Decimal("1250000.5"), 3, date(2026, 3, 1),
       datetime(2026, 3, 1, 22, 30, 15, tzinfo=LIMA), datetime(2026, 3, 1, 22, 30, 15), 45.25]


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def _sheet(data: bytes):
    return load_workbook(io.BytesIO(data)).active


def test_csv_is_utf8_with_a_byte_order_mark_and_comma_separated():
    data = to_csv(_table([["Ñaña, Lurín", None, None, None, None, None, None]]))
    assert data.startswith("\ufeff".encode())
    header, row = _csv_rows(data)
    assert header[0] == "Referencia" and header[-1] == "Índice"
    assert row == ["Ñaña, Lurín", "", "", "", "", "", ""]


def test_csv_without_byte_order_mark_for_scripts():
    assert to_csv(_table([]), bom=False).startswith(b"Referencia,")


def test_csv_writes_numbers_with_a_point_and_dates_in_iso_form():
    (_header, row) = _csv_rows(to_csv(_table([ROW])))
    assert row == ["SCA-2026-INN-0001", "1250000.50", "3", "2026-03-01", "2026-03-01 22:30",
                   "2026-03-01 22:30:15", "45.25"]


def test_csv_quotes_text_a_spreadsheet_would_run_as_a_formula():
    rows = [[text, None, None, None, None, None, None]
            for text in ("=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "Sin - peligro")]
    assert [r[0] for r in _csv_rows(to_csv(_table(rows)))[1:]] == [
        "'=HYPERLINK(\"http://x\")", "'+1", "'-2", "'@SUM(A1)", "Sin - peligro"]


def test_xlsx_has_a_bold_frozen_header_named_sheet_and_sized_columns():
    sheet = _sheet(to_xlsx(_table([ROW])))
    assert sheet.title == "Postulaciones"
    assert [c.value for c in sheet[1]][:3] == ["Referencia", "Presupuesto", "Anexos"]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert len("SCA-2026-INN-0001") <= sheet.column_dimensions["A"].width <= MAX_WIDTH


def test_xlsx_stores_numbers_as_numbers_and_dates_as_dates():
    sheet = _sheet(to_xlsx(_table([ROW])))
    budget, count, day, sent, exact, index = (sheet.cell(2, i) for i in range(2, 8))
    assert budget.data_type == "n" and budget.value == pytest.approx(1250000.5)
    assert budget.number_format == "#,##0.00"
    assert count.data_type == "n" and count.value == 3 and isinstance(count.value, int)
    assert day.is_date and day.value == datetime(2026, 3, 1) and day.number_format == "yyyy-mm-dd"
    assert sent.is_date and sent.value == datetime(2026, 3, 1, 22, 30, 15)  # the wall clock given
    assert sent.number_format == "yyyy-mm-dd hh:mm"
    assert exact.number_format == "yyyy-mm-dd hh:mm:ss"
    assert index.data_type == "n" and index.value == pytest.approx(45.25)


def test_xlsx_keeps_formula_like_text_as_text_and_drops_control_characters():
    sheet = _sheet(to_xlsx(_table([["=1+1", None, None, None, None, None, None],
                                   ["Lima\x07 Norte", None, None, None, None, None, None]])))
    assert (sheet.cell(2, 1).value, sheet.cell(2, 1).data_type) == ("=1+1", "s")
    assert sheet.cell(3, 1).value == "Lima Norte"
    assert sheet.cell(2, 2).value is None


def test_long_texts_do_not_make_columns_wider_than_the_cap():
    sheet = _sheet(to_xlsx(_table([["x" * 500, None, None, None, None, None, None]])))
    assert sheet.column_dimensions["A"].width == MAX_WIDTH


def test_plain_header_strings_are_text_columns():
    table = Table("Hoja", ["position", "score"], [[1, 72.5]])
    assert _csv_rows(to_csv(table)) == [["position", "score"], ["1", "72.5"]]
    sheet = _sheet(to_xlsx(table))
    assert [sheet.cell(2, 1).value, sheet.cell(2, 2).value] == [1, 72.5]


def test_an_aware_utc_time_is_written_as_given_so_callers_convert_it_first():
    utc = datetime(2026, 3, 2, 3, 30, tzinfo=timezone.utc)
    table = Table("Hoja", [Column("Hora", DATETIME)], [[utc], [utc.astimezone(LIMA)]])
    assert [r[0] for r in _csv_rows(to_csv(table))[1:]] == ["2026-03-02 03:30", "2026-03-01 22:30"]


def test_sheet_titles_are_made_acceptable_to_excel():
    assert sheet_title("Registro: auditoría [2026]/*?") == "Registro  auditoría  2026"
    assert len(sheet_title("x" * 40)) == 31
    assert sheet_title("") == "Sheet"


def test_an_unknown_column_kind_is_a_programming_error():
    with pytest.raises(ValueError):
        Column("Fecha", "timestamp")
