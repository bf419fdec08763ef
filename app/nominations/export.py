"""The organisers' export of the nomination list to CSV and XLSX, in the reader's language."""
from __future__ import annotations

import csv
import io
from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from app.editions.models import Edition
from app.i18n import localized, to_local
from app.nominations.models import Nomination

STATUS_LABELS = {
    "draft": _l("Draft"), "submitted": _l("Submitted"), "eligible": _l("Eligible"),
    "ineligible": _l("Ineligible"), "shortlisted": _l("Shortlisted"), "finalist": _l("Finalist"),
    "winner": _l("Winner"), "not_awarded": _l("Not awarded"), "withdrawn": _l("Withdrawn"),
}
# Spreadsheets run a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BUDGET_COLUMN = 10  # 1-based, for the XLSX number format
MAX_WIDTH = 60


def headers(edition: Edition) -> list[str]:
    return [_("Reference"), _("Category code"), _("Category name"), _("Status"), _("Nominee"),
            _("Municipality"), _("Country"), _("Title"), _("Summary"), _("Budget"), _("Currency"),
            _("Period start"), _("Period end"), _("Submitter name"), _("Submitter email"),
            _("Submitted at (%(zone)s)", zone=edition.timezone), _("Attachments")]


def row(nomination: Nomination, attachment_count: int) -> list:
    """One nomination as typed cells: text, the budget as a number, the count as an integer."""
    category, municipality = nomination.category, nomination.municipality
    submitted = to_local(nomination.submitted_at, category.edition.timezone)
    return [nomination.reference or "", category.code, localized(category, "name"),
            str(STATUS_LABELS[nomination.status]), nomination.nominee_display_name,
            municipality.name if municipality else "",
            municipality.country if municipality else nomination.nominee_country,
            nomination.title, nomination.summary, nomination.budget_amount,
            nomination.budget_currency, nomination.period_start, nomination.period_end,
            nomination.submitter.name, nomination.submitter.email,
            submitted.strftime("%Y-%m-%d %H:%M") if submitted else "", attachment_count]


def neutralise(text: str) -> str:
    """A leading quote makes a spreadsheet show the text instead of running it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(header: list[str], rows: list[list]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel reads the accents right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for values in rows:
        writer.writerow([neutralise(v) if isinstance(v, str) else "" if v is None else v
                         for v in values])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(header: list[str], rows: list[list]) -> bytes:
    """One sheet, bold header, numbers as numbers; text is always stored as text, never a formula."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Nominations")
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in rows:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in values])
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":
                cell.data_type = "s"
        sheet.cell(sheet.max_row, BUDGET_COLUMN).number_format = "#,##0.00"
    for index, width in enumerate(column_widths(header, rows), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def column_widths(header: list[str], rows: list[list]) -> list[int]:
    """Wide enough for the longest value of each column, capped so long texts wrap off-screen."""
    widths = [len(h) for h in header]
    for values in rows:
        for i, value in enumerate(values):
            text = f"{value:,.2f}" if isinstance(value, Decimal) else str(value or "")
            widths[i] = max(widths[i], len(text))
    return [min(w + 2, MAX_WIDTH) for w in widths]


def filename(edition: Edition, extension: str) -> str:
    return f"nominations-{edition.year}.{extension}"
