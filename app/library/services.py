"""The library of experiences: entries copied from published awards whose submitters consented,
and from the history of earlier editions; importing that history.

An award's entry exists while its edition is published and its nomination has consent. When
consent is withdrawn the entry is deleted, unless a cooperation request or agreement points at
it: then it stays for the organiser's records, and `visible()` keeps it from every public page
(the consent is checked on every read, not only when the entry is written).
"""
from __future__ import annotations

import hashlib
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import exists, or_, select
from sqlalchemy.orm import joinedload

from app.audit.services import record
from app.awards.models import Award, AwardStatus
from app.cooperation.models import Agreement, CooperationRequest
from app.db_types import utcnow
from app.editions.models import Category, Edition, EditionStatus
from app.extensions import db
from app.library import history
from app.library.models import HistoricalAward, LibraryEntry, LibrarySource
from app.library.search import search_text
from app.municipalities.models import Municipality
from app.nominations.models import Nomination


class LibraryError(Exception):
    """A refused change, with a message for the organiser."""


class HistoryImportRefused(Exception):
    """Nothing was written; `plan.problems` says which rows and why."""

    def __init__(self, plan: history.Plan):
        super().__init__(f"{len(plan.problems)} problem(s); nothing was imported")
        self.plan = plan


def visible():
    """The entries the public may see: history, and awards whose nomination has consent now."""
    consented = select(Nomination.id).where(Nomination.publication_consent.is_(True))
    return or_(LibraryEntry.nomination_id.is_(None), LibraryEntry.nomination_id.in_(consented))


# -- entries of published awards ---------------------------------------------------------------

def _confirmed_awards():
    return (select(Award).join(Category, Category.id == Award.category_id)
            .where(Award.status == AwardStatus.CONFIRMED.value, Award.nomination_id.is_not(None))
            .options(joinedload(Award.nomination).joinedload(Nomination.municipality),
                     joinedload(Award.category).joinedload(Category.edition))
            .order_by(Category.position, Award.position, Award.id))


def refresh_edition(edition: Edition) -> None:
    """Make the edition's entries match its confirmed places and their consents, in the
    caller's transaction (the publish transition's). Only a published edition has entries."""
    _refresh(Category.edition_id == edition.id,
             select(LibraryEntry).join(Award, Award.id == LibraryEntry.award_id)
             .join(Category, Category.id == Award.category_id)
             .where(Category.edition_id == edition.id))


def refresh_nomination(nomination: Nomination) -> None:
    """After a consent change: add or remove the nomination's entries, in the caller's
    transaction."""
    _refresh(Award.nomination_id == nomination.id,
             select(LibraryEntry).where(LibraryEntry.nomination_id == nomination.id))


def _refresh(awards_condition, entries_statement) -> None:
    awards = db.session.scalars(_confirmed_awards().where(awards_condition)).unique().all()
    entries = {entry.award_id: entry for entry in db.session.scalars(entries_statement)}
    for award in awards:
        _sync(award, entries.pop(award.id, None))
    for entry in entries.values():  # its place is no longer a confirmed one
        _remove(entry)
    db.session.flush()


def _sync(award: Award, entry: LibraryEntry | None) -> None:
    published = award.category.edition.status == EditionStatus.PUBLISHED.value
    if published and award.nomination.publication_consent is True:
        if entry is None:
            entry = LibraryEntry(source=LibrarySource.AWARD.value, award_id=award.id)
            db.session.add(entry)
        _fill(entry, award)
    elif entry is not None:
        _remove(entry)


def _fill(entry: LibraryEntry, award: Award) -> None:
    nomination, category = award.nomination, award.category
    municipality = nomination.municipality
    entry.nomination_id = nomination.id
    entry.year = category.edition.year
    entry.category_name = category.name_es
    entry.category_name_en = category.name_en
    entry.category_code = category.code
    entry.place = award.place
    entry.municipality_id = nomination.municipality_id
    entry.recipient_name = nomination.nominee_display_name
    entry.country = municipality.country if municipality else nomination.nominee_country
    for field in ("title", "summary", "problem", "intervention", "period_start", "period_end",
                  "budget_amount", "budget_currency"):
        setattr(entry, field, getattr(nomination, field))
    entry.results = [dict(row) for row in nomination.results or []]
    entry.search_text = search_text([nomination.title, nomination.summary, nomination.problem,
                                     nomination.intervention, entry.recipient_name,
                                     municipality.official_name if municipality else ""])


def is_referenced(entry: LibraryEntry) -> bool:
    """Whether a cooperation request or agreement names the entry (it must then be kept)."""
    return bool(db.session.scalar(select(or_(
        exists().where(CooperationRequest.library_entry_id == entry.id),
        exists().where(Agreement.library_entry_id == entry.id)))))


def _remove(entry: LibraryEntry) -> None:
    if entry.id is None or not is_referenced(entry):
        db.session.delete(entry)


# -- history -----------------------------------------------------------------------------------

def history_context() -> history.Context:
    """Every municipality and the key of every award imported before: two queries."""
    municipalities = [history.MunicipalityRef(*row) for row in db.session.execute(
        select(Municipality.id, Municipality.name, Municipality.official_name,
               Municipality.country))]
    existing = {history.award_key(a.year, a.category_name, a.place, a.municipality_id,
                                  a.recipient_name, a.title)
                for a in db.session.scalars(select(HistoricalAward))}
    return history.Context(municipalities=municipalities, existing=existing)


def preview_history(data: bytes, filename: str) -> history.Plan:
    """What importing the file would write, and every problem; writes nothing."""
    rows, problems = history.parse(data)
    plan = (history.Plan([], [], problems, 0) if problems
            else history.validate(rows, history_context()))
    plan.filename, plan.sha256 = filename, hashlib.sha256(data).hexdigest()
    return plan


def import_history(data: bytes, filename: str, *, actor_id: int | None = None,
                   now: datetime | None = None) -> history.Plan:
    """Write the file's awards and their library entries in one transaction, skipping those
    imported before; raise HistoryImportRefused (nothing written) on any problem."""
    plan = preview_history(data, filename)
    if not plan.ok:
        db.session.rollback()
        raise HistoryImportRefused(plan)
    now = now or utcnow()
    awards = [HistoricalAward(
        year=planned.year, category_name=planned.category_name, place=planned.place,
        municipality_id=planned.municipality.id if planned.municipality else None,
        recipient_name=planned.recipient_name, country=planned.country, title=planned.title,
        summary=planned.summary, imported_by_id=actor_id, created_at=now)
        for planned in plan.awards]
    db.session.add_all(awards)
    db.session.flush()
    for planned, award in zip(plan.awards, awards):
        db.session.add(_history_entry(award, planned.municipality.name if planned.municipality
                                      else ""))
    record("library.history_imported", actor_id=actor_id, summary={
        "file": plan.filename, "sha256": plan.sha256, "rows": plan.rows_read,
        "imported": len(plan.awards), "skipped": len(plan.skipped)})
    db.session.commit()
    return plan


def _history_entry(award: HistoricalAward, municipality_name: str) -> LibraryEntry:
    return LibraryEntry(
        source=LibrarySource.HISTORY.value, historical_award_id=award.id, year=award.year,
        category_name=award.category_name, place=award.place,
        municipality_id=award.municipality_id, recipient_name=award.recipient_name,
        country=award.country, title=award.title, summary=award.summary,
        search_text=search_text([award.title, award.summary, award.recipient_name,
                                 municipality_name]))


def delete_historical_award(award: HistoricalAward, *, actor_id: int | None = None) -> None:
    """Remove a wrongly imported award and its entry, unless cooperation refers to it."""
    entry = db.session.scalar(select(LibraryEntry).where(
        LibraryEntry.historical_award_id == award.id))
    if entry is not None and is_referenced(entry):
        raise LibraryError(_("This award cannot be deleted: a cooperation request or agreement "
                             "refers to its programme."))
    record("library.history_deleted", award, actor_id=actor_id, summary={
        "year": award.year, "category": award.category_name, "place": award.place,
        "title": award.title})
    if entry is not None:
        db.session.delete(entry)
        db.session.flush()  # before the award, whose deletion cascades to it on PostgreSQL
    db.session.delete(award)
    db.session.commit()


def historical_awards() -> list[HistoricalAward]:
    """Every imported award, newest edition first, with its municipality (one query)."""
    return list(db.session.scalars(
        select(HistoricalAward).options(joinedload(HistoricalAward.municipality))
        .order_by(HistoricalAward.year.desc(), HistoricalAward.category_name,
                  HistoricalAward.id)))
