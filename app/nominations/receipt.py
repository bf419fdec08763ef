"""The PDF receipt of a submitted nomination ("comprobante de postulación").

It repeats what was submitted, with each attachment's SHA-256, so the submitter holds proof of
what the organisers received. Rendered in the language asked for (the submitter's), whatever the
current request's language is.
"""
from __future__ import annotations

from decimal import Decimal

from babel import Locale
from babel.numbers import format_decimal
from flask import render_template
from flask_babel import force_locale

from app.i18n import format_in_zone
from app.pdf import FONT_FACE_CSS, render_pdf

TEMPLATE = "nominations/receipt.html"


def receipt_html(nomination, locale: str) -> str:
    """The receipt as a self-contained HTML document (no external resources)."""
    edition = nomination.category.edition
    with force_locale(locale):
        return render_template(
            TEMPLATE,
            nomination=nomination,
            edition=edition,
            category=nomination.category,
            lang=locale,
            font_face_css=FONT_FACE_CSS,
            submitted_at=format_in_zone(nomination.submitted_at, edition.timezone),
            nominee_country=country_name(_nominee_country(nomination), locale),
            budget=format_budget(nomination.budget_amount, nomination.budget_currency, locale),
            file_size=lambda size: human_size(size, locale),
            version=len(nomination.versions) or 1,
            cell=lambda value: format_cell(value, locale),
        )


def receipt_pdf(nomination, locale: str) -> bytes:
    return render_pdf(receipt_html(nomination, locale))


def receipt_filename(nomination) -> str:
    return f"{nomination.reference or 'postulacion'}.pdf"


def _nominee_country(nomination) -> str:
    if nomination.municipality is not None and not nomination.nominee_country:
        return nomination.municipality.country
    return nomination.nominee_country


def country_name(code: str, locale: str) -> str:
    """'PE' → 'Perú' (es) / 'Peru' (en); unknown codes are shown as given."""
    if not code:
        return ""
    return Locale.parse(locale).territories.get(code.upper(), code)


def human_size(size: int, locale: str) -> str:
    """Bytes in B, KB or MB (powers of 1024, as the upload limit), e.g. '1,2 MB' in Spanish."""
    if size < 1024:
        return f"{format_decimal(size, locale=locale)} B"
    for unit, factor in (("KB", 1024), ("MB", 1024 ** 2), ("GB", 1024 ** 3)):
        value = size / factor
        if round(value, 1) < 1024 or unit == "GB":
            break
    return f"{format_decimal(value, format='#,##0.#', locale=locale)} {unit}"


def format_cell(value, locale: str) -> str:
    """A results-table value: numbers in the locale's notation (12,5 in Spanish), text as typed."""
    if value is None or isinstance(value, bool):
        return "" if value is None else str(value)
    if isinstance(value, (int, float, Decimal)):
        return format_decimal(value, locale=locale)
    return str(value)


def format_budget(amount: Decimal | None, currency: str, locale: str) -> str:
    """'1.234.567,50 PEN': the ISO code rather than a symbol, which may be ambiguous ($)."""
    if amount is None:
        return ""
    text = format_decimal(amount, format="#,##0.00", locale=locale)
    return f"{text} {currency.upper()}".strip()
