"""Tables out of the platform: typed columns and rows of plain values, written as CSV or XLSX.

Pure: no Flask and no database; headers arrive already translated and datetimes already in the
zone the reader expects (the writer drops their zone: spreadsheets have none).

CSV: UTF-8 with a byte-order mark, so Excel reads accents right; comma-separated with a decimal
point and ISO dates (2026-11-25, 2026-11-25 14:03), so any program parses it the same way
whatever its language (Excel set to Spanish opens it well through Data > From Text/CSV; the XLSX
needs no such step). XLSX: one sheet, bold frozen header, numbers as numbers, dates as dates,
columns as wide as their content. In both, text that a spreadsheet would run as a formula stays
text: the CSV puts a quote before it, the XLSX stores it as a string.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

TEXT, INTEGER, DECIMAL, DATE, DATETIME = "text", "integer", "decimal", "date", "datetime"
KINDS = (TEXT, INTEGER, DECIMAL, DATE, DATETIME)

# Spreadsheets run a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_WIDTH = 60
MIN_WIDTH = 6
SHEET_TITLE_MAX = 31
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Column:
    """A column: its header (translated), its kind, and for decimals the figures after the point
    (the CSV rounds to them, the XLSX keeps the full value and shows them), for datetimes whether
    seconds matter."""

    header: str
    kind: str = TEXT
    digits: int | None = None
    seconds: bool = False

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")

    @property
    def number_format(self) -> str | None:
        if self.kind == DATE:
            return "yyyy-mm-dd"
        if self.kind == DATETIME:
            return "yyyy-mm-dd hh:mm:ss" if self.seconds else "yyyy-mm-dd hh:mm"
        if self.kind == DECIMAL and self.digits is not None:
            return "#,##0" + ("." + "0" * self.digits if self.digits else "")
        if self.kind == INTEGER:
            return "0"
        return None


@dataclass
class Table:
    """What a download holds: a title (the XLSX sheet's name), columns, and rows of plain values
    (str, int, float, Decimal, bool, date, datetime or None), one per column."""

    title: str
    columns: Sequence[Column | str]
    rows: Iterable[Sequence[Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.columns = [c if isinstance(c, Column) else Column(c) for c in self.columns]


def neutralise(text: str) -> str:
    """A leading quote makes a spreadsheet show the text instead of running it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _naive(value: datetime) -> datetime:
    """The wall-clock time as given, without its zone (spreadsheets have none)."""
    return value.replace(tzinfo=None)


def csv_value(value: Any, column: Column) -> Any:
    """One value as the CSV writes it."""
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, datetime):
        return _naive(value).strftime("%Y-%m-%d %H:%M:%S" if column.seconds else "%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (float, Decimal)) and column.digits is not None:
        return f"{value:.{column.digits}f}"
    return value


def to_csv(table: Table, *, bom: bool = True) -> bytes:
    """The table as CSV bytes (see the module docstring); `bom=False` for scripts that do not
    expect a byte-order mark."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise(c.header) for c in table.columns])
    columns = table.columns
    for values in table.rows:
        writer.writerow([csv_value(v, c) for v, c in zip(values, columns)])
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def _display_text(value: Any, column: Column) -> str:
    """Roughly what a spreadsheet shows, to size the column."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return "0000-00-00 00:00:00" if column.seconds else "0000-00-00 00:00"
    if isinstance(value, date):
        return "0000-00-00"
    if isinstance(value, (float, Decimal)):
        digits = 2 if column.digits is None else column.digits
        return f"{value:,.{digits}f}"
    return str(value)


def column_widths(columns: Sequence[Column], rows: Sequence[Sequence[Any]]) -> list[int]:
    """Wide enough for the longest value (or line) of each column, capped so long texts wrap
    off-screen instead of pushing the rest away."""
    widths = [len(c.header) for c in columns]
    for values in rows:
        for i, (value, column) in enumerate(zip(values, columns)):
            text = _display_text(value, column)
            longest = max((len(line) for line in text.splitlines()), default=0)
            if longest > widths[i]:
                widths[i] = longest
    return [min(max(w + 2, MIN_WIDTH), MAX_WIDTH) for w in widths]


def sheet_title(title: str) -> str:
    """A name Excel accepts for a sheet: at most 31 characters, none of []:*?/\\."""
    return _SHEET_TITLE_FORBIDDEN.sub(" ", title).strip()[:SHEET_TITLE_MAX] or "Sheet"


def _xlsx_cell(sheet, value: Any, column: Column):
    """The value as openpyxl stores it: text always as text (never a formula), dates as dates
    with a format, numbers as numbers; plain values where nothing needs setting, for speed."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if not value.startswith("="):
            return value
        cell = WriteOnlyCell(sheet, value)
        cell.data_type = "s"
        return cell
    if isinstance(value, datetime):
        value = _naive(value)
    number_format = column.number_format
    if (value is None or isinstance(value, bool) or number_format is None
            or (column.kind == INTEGER and isinstance(value, int))):
        return value
    cell = WriteOnlyCell(sheet, value)
    cell.number_format = number_format
    return cell


def to_xlsx(table: Table) -> bytes:
    """The table as an XLSX workbook's bytes (see the module docstring)."""
    rows = table.rows if isinstance(table.rows, list) else list(table.rows)
    columns = table.columns
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title(table.title))
    sheet.freeze_panes = "A2"
    for index, width in enumerate(column_widths(columns, rows), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, ILLEGAL_CHARACTERS_RE.sub("", column.header))
        cell.data_type = "s"
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for values in rows:
        sheet.append([_xlsx_cell(sheet, v, c) for v, c in zip(values, columns)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


CSV_MIMETYPE = "text/csv; charset=utf-8"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {"csv": (to_csv, CSV_MIMETYPE), "xlsx": (to_xlsx, XLSX_MIMETYPE)}


def render(table: Table, fmt: str) -> tuple[bytes, str]:
    """The table's bytes and MIME type in a format of FORMATS."""
    writer, mimetype = FORMATS[fmt]
    return writer(table), mimetype
