"""The organisers' export of the nomination list to CSV and XLSX, in the reader's language
(written by app.exports.tables)."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.editions.models import Edition
from app.exports.tables import DATETIME, DECIMAL, INTEGER, Column, Table
from app.i18n import localized, to_local
from app.nominations import queries
from app.nominations.models import Nomination

STATUS_LABELS = {
    "draft": _l("Draft"), "submitted": _l("Submitted"), "eligible": _l("Eligible"),
    "ineligible": _l("Ineligible"), "shortlisted": _l("Shortlisted"), "finalist": _l("Finalist"),
    "winner": _l("Winner"), "not_awarded": _l("Not awarded"), "withdrawn": _l("Withdrawn"),
}


def columns(edition: Edition) -> list[Column]:
    return [Column(_("Reference")), Column(_("Category code")), Column(_("Category name")),
            Column(_("Status")), Column(_("Nominee")), Column(_("Municipality")),
            Column(_("Country")), Column(_("Title")), Column(_("Summary")),
            Column(_("Budget"), DECIMAL, digits=2), Column(_("Currency")),
            Column(_("Period start")), Column(_("Period end")), Column(_("Submitter name")),
            Column(_("Submitter email")),
            Column(_("Submitted at (%(zone)s)", zone=edition.timezone), DATETIME),
            Column(_("Attachments"), INTEGER)]


def table(edition: Edition, filters: queries.Filters) -> Table:
    """The filtered list, in list order, in a fixed number of queries."""
    return Table(_("Nominations"), columns(edition),
                 [row(nomination, attachments)
                  for nomination, attachments in queries.for_export(edition, filters)])


def row(nomination: Nomination, attachment_count: int) -> list:
    """One nomination as typed cells: text, the budget as a number, the submission time in the
    edition's zone, the count as an integer."""
    category, municipality = nomination.category, nomination.municipality
    submitted = to_local(nomination.submitted_at, category.edition.timezone)
    return [nomination.reference or "", category.code, localized(category, "name"),
            str(STATUS_LABELS[nomination.status]), nomination.nominee_display_name,
            municipality.name if municipality else "",
            municipality.country if municipality else nomination.nominee_country,
            nomination.title, nomination.summary, nomination.budget_amount,
            nomination.budget_currency, nomination.period_start, nomination.period_end,
            nomination.submitter.name, nomination.submitter.email,
            submitted, attachment_count]


def file_stem(edition: Edition) -> str:
    return f"nominations-{edition.year}"
