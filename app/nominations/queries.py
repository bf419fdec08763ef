"""What organisers read about nominations: the filtered list, its counts, a nomination's history.

Every read here runs a fixed number of statements, however many nominations there are.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import Select, case, event, func, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import contains_eager, joinedload, lazyload, selectinload

from app.accounts.models import User
from app.audit.models import AuditEvent
from app.editions.models import Category, Edition
from app.extensions import db
from app.listing import changed_args
from app.municipalities.models import Municipality
from app.nominations.models import Attachment, Nomination, NominationStatus, NominationVersion

PER_PAGE = 25
STATUSES = tuple(s.value for s in NominationStatus)
SORTS = ("reference", "title", "category", "status", "submitted_at", "updated_at")
SEARCH_MAX = 100

# Accents folded by the search, on both sides, with SQL translate(): built into PostgreSQL (whose
# unaccent is an extension we cannot count on) and added to SQLite below. Folding to ASCII also
# lets SQLite's LIKE, which only knows ASCII case, ignore the case of accented letters.
_ACCENTED = "áàâãäéèêëíìîïóòôõöúùûüñçÁÀÂÃÄÉÈÊËÍÌÎÏÓÒÔÕÖÚÙÛÜÑÇ"
_PLAIN = "aaaaaeeeeiiiiooooouuuuncAAAAAEEEEIIIIOOOOOUUUUNC"

# The nominee's country: the municipality's, or the one given for a person or an institution.
country_of = func.coalesce(Municipality.country, Nomination.nominee_country)


@dataclass(frozen=True)
class Filters:
    """The list's query string, checked; `args` turns it back into one for links and redirects."""

    edition: int | None = None
    category: str = ""
    status: str = ""
    country: str = ""
    municipality: int | None = None
    q: str = ""
    sort: str = "reference"
    dir: str = "asc"
    page: int = 1

    def args(self, **changes) -> dict:
        """Query-string values that differ from the defaults, after applying `changes`."""
        return changed_args(self, **changes)


def _int(value) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() else None


def parse_filters(args: Mapping) -> Filters:
    """Unknown or malformed values fall back to the defaults instead of failing the page."""
    country = (args.get("country") or "").strip().upper()
    sort = args.get("sort") or ""
    status = args.get("status") or ""
    return Filters(
        edition=_int(args.get("edition")),
        category=(args.get("category") or "").strip().upper()[:10],
        status=status if status in STATUSES else "",
        country=country if len(country) == 2 and country.isalpha() else "",
        municipality=_int(args.get("municipality")),
        q=" ".join((args.get("q") or "").split())[:SEARCH_MAX],
        sort=sort if sort in SORTS else "reference",
        dir="desc" if args.get("dir") == "desc" else "asc",
        page=max(_int(args.get("page")) or 1, 1),
    )


def edition_for(year: int | None) -> Edition | None:
    """The edition of that year, or the latest one when no year is asked for."""
    statement = select(Edition)
    statement = (statement.where(Edition.year == year) if year is not None
                 else statement.order_by(Edition.year.desc()).limit(1))
    return db.session.scalar(statement)


@lru_cache(maxsize=8)
def _table(source: str, target: str) -> dict:
    return str.maketrans(source, target)


def _translate(text: str | None, source: str, target: str) -> str | None:
    """PostgreSQL's translate(), for SQLite: each character of source becomes the one of target."""
    return None if text is None else text.translate(_table(source, target))


@event.listens_for(Engine, "connect")
def _add_translate_to_sqlite(dbapi_connection, _connection_record) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.create_function("translate", 3, _translate, deterministic=True)


def fold_accents(text: str) -> str:
    return _translate(text, _ACCENTED, _PLAIN)


def _folded(column):
    return func.translate(column, _ACCENTED, _PLAIN)


def _sort_key(sort: str):
    if sort == "category":
        return (Category.position, Category.code)
    if sort == "status":
        return (case({s: i for i, s in enumerate(STATUSES)}, value=Nomination.status),)
    if sort == "title":
        return (func.lower(Nomination.title),)
    return (getattr(Nomination, sort),)


def filtered(edition: Edition, filters: Filters) -> Select:
    """The list's statement: filters, order and the eager loads a row needs (no N+1)."""
    statement = (
        select(Nomination).join(Nomination.category).outerjoin(Nomination.municipality)
        .where(Category.edition_id == edition.id)
        .options(contains_eager(Nomination.category).lazyload(Category.criteria),
                 contains_eager(Nomination.municipality),
                 joinedload(Nomination.submitter).lazyload(User.roles),
                 lazyload(Nomination.attachments)))
    if filters.status:
        statement = statement.where(Nomination.status == filters.status)
    else:
        statement = statement.where(Nomination.status != NominationStatus.DRAFT.value)
    if filters.category:
        statement = statement.where(Category.code == filters.category)
    if filters.country:
        statement = statement.where(country_of == filters.country)
    if filters.municipality is not None:
        statement = statement.where(Nomination.municipality_id == filters.municipality)
    if filters.q:
        term = fold_accents(filters.q)
        statement = statement.where(or_(*(
            _folded(column).icontains(term, autoescape=True)
            for column in (Nomination.title, Nomination.reference, Nomination.nominee_name,
                           Municipality.name))))
    keys = _sort_key(filters.sort) + (Nomination.id,)
    return statement.order_by(*(
        (key.desc() if filters.dir == "desc" else key.asc()).nulls_last() for key in keys))


def page(edition: Edition, filters: Filters):
    return db.paginate(filtered(edition, filters), page=filters.page, per_page=PER_PAGE,
                       error_out=False)


def for_export(edition: Edition, filters: Filters) -> list[tuple[Nomination, int]]:
    """Every nomination of the filtered list with its number of attachments, in list order."""
    attachments = (select(func.count(Attachment.id))
                   .where(Attachment.nomination_id == Nomination.id)
                   .correlate(Nomination).scalar_subquery())
    return [tuple(row) for row in db.session.execute(filtered(edition, filters).add_columns(attachments))]


@dataclass(frozen=True)
class Counts:
    """Nominations per (category id, status), with the totals the table shows."""

    cells: dict[tuple[int, str], int]

    def get(self, category_id: int, status: str) -> int:
        return self.cells.get((category_id, status), 0)

    @property
    def statuses(self) -> list[str]:
        """Only the statuses that occur, in the order a nomination goes through them."""
        present = {status for _category, status in self.cells}
        return [s for s in STATUSES if s in present]

    def category_total(self, category_id: int) -> int:
        return sum(n for (c, _status), n in self.cells.items() if c == category_id)

    def status_total(self, status: str) -> int:
        return sum(n for (_category, s), n in self.cells.items() if s == status)

    @property
    def total(self) -> int:
        return sum(self.cells.values())


def counts(edition: Edition) -> Counts:
    """The whole edition at a glance, drafts included, whatever the list's filters."""
    rows = db.session.execute(
        select(Nomination.category_id, Nomination.status, func.count())
        .join(Nomination.category).where(Category.edition_id == edition.id)
        .group_by(Nomination.category_id, Nomination.status))
    return Counts({(category_id, status): n for category_id, status, n in rows})


def edition_years() -> list[int]:
    return list(db.session.scalars(select(Edition.year).order_by(Edition.year.desc())))


def countries(edition: Edition) -> list[str]:
    """The countries that have nominations in the edition, for the filter."""
    rows = db.session.scalars(
        select(country_of).distinct().select_from(Nomination).join(Nomination.category)
        .outerjoin(Nomination.municipality).where(Category.edition_id == edition.id))
    return sorted(c for c in rows if c)


def municipalities(edition: Edition) -> list[Municipality]:
    """The municipalities nominated in the edition, for the filter."""
    return list(db.session.scalars(
        select(Municipality).where(Municipality.id.in_(
            select(Nomination.municipality_id).join(Nomination.category)
            .where(Category.edition_id == edition.id)))
        .order_by(Municipality.name)))


def by_ids(ids: list[int]) -> list[Nomination]:
    return list(db.session.scalars(select(Nomination).where(Nomination.id.in_(ids))
                                   .order_by(Nomination.id)))


def with_history(nomination_id: int) -> Nomination | None:
    """A nomination with its versions and their authors, for the organiser's detail page."""
    return db.session.scalar(select(Nomination).where(Nomination.id == nomination_id).options(
        selectinload(Nomination.versions).joinedload(NominationVersion.author)))


def changed_fields(before: dict | None, after: dict) -> set[str]:
    """The fields of a version that differ from the version before (none for the first)."""
    if before is None:
        return set()
    return {field for field in after.keys() | before.keys() if before.get(field) != after.get(field)}


def version_history(nomination: Nomination) -> list[tuple[NominationVersion, set[str]]]:
    """Each version with what changed since the previous one, newest first."""
    history, previous = [], None
    for version in nomination.versions:
        history.append((version, changed_fields(previous, version.content)))
        previous = version.content
    return history[::-1]


def screening_history(nomination: Nomination) -> list[AuditEvent]:
    """Every eligible/ineligible decision on the nomination, oldest first (from the audit log)."""
    return list(db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "nomination.screened", AuditEvent.object_type == "nominations",
        AuditEvent.object_id == str(nomination.id)).order_by(AuditEvent.id)))
