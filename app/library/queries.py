"""What the public reads in the library: the filtered, searched list, one entry, its documents.

Every read runs a fixed number of statements, however many entries there are, and every one
goes through `services.visible()`: a programme without consent is never read, whatever the URL.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.listing import changed_args
from app.library.history import PLACES
from app.library.models import LibraryEntry
from app.library.search import search_words
from app.library.services import visible
from app.municipalities.models import Municipality
from app.nominations.models import Attachment

PER_PAGE = 20
QUERY_MAX = 100


@dataclass(frozen=True)
class Filters:
    """The list's query string, checked; `args` turns it back into one for links."""

    category: str = ""
    country: str = ""
    municipality: int | None = None
    year: int | None = None
    place: str = ""
    q: str = ""
    page: int = 1

    def args(self, **changes) -> dict:
        """Query-string values that differ from the defaults, after applying `changes`."""
        return changed_args(self, **changes)

    @property
    def active(self) -> bool:
        return bool(self.args(page=1))


def _int(value) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) < 10 else None


def filters_from(args) -> Filters:
    """Filters from a query string; anything malformed is ignored rather than refused."""
    place = (args.get("place") or "").strip()
    country = (args.get("country") or "").strip().upper()
    return Filters(
        category=(args.get("category") or "").strip()[:200],
        country=country if len(country) == 2 and country.isalpha() else "",
        municipality=_int(args.get("municipality")),
        year=_int(args.get("year")),
        place=place if place in PLACES else "",
        q=(args.get("q") or "").strip()[:QUERY_MAX],
        page=max(_int(args.get("page")) or 1, 1))


def filtered(filters: Filters) -> Select:
    statement = (select(LibraryEntry).where(visible())
                 .options(joinedload(LibraryEntry.municipality)))
    if filters.category:
        statement = statement.where(LibraryEntry.category_name == filters.category)
    if filters.country:
        statement = statement.where(LibraryEntry.country == filters.country)
    if filters.municipality is not None:
        statement = statement.where(LibraryEntry.municipality_id == filters.municipality)
    if filters.year is not None:
        statement = statement.where(LibraryEntry.year == filters.year)
    if filters.place:
        statement = statement.where(LibraryEntry.place == filters.place)
    for word in search_words(filters.q):
        statement = statement.where(LibraryEntry.search_text.contains(word))
    return statement.order_by(LibraryEntry.year.desc(), LibraryEntry.category_name,
                              LibraryEntry.id)


def page(filters: Filters):
    return db.paginate(filtered(filters), page=filters.page, per_page=PER_PAGE, error_out=False)


@dataclass(frozen=True)
class CategoryOption:
    """A category to filter by: the Spanish name is the value, shown in English where known."""
    category_name_es: str
    category_name_en: str


@dataclass(frozen=True)
class Options:
    """The values the filters offer: only those some visible entry has."""

    years: list[int]
    categories: list[CategoryOption]
    countries: list[str]
    municipalities: list[tuple[int, str]]
    places: list[str]


def options() -> Options:
    rows = db.session.execute(
        select(LibraryEntry.year, LibraryEntry.category_name, LibraryEntry.category_name_en,
               LibraryEntry.country,
               LibraryEntry.place, Municipality.id, Municipality.name)
        .outerjoin(Municipality, Municipality.id == LibraryEntry.municipality_id)
        .where(visible()).distinct()).all()
    places = {row.place for row in rows}
    return Options(
        years=sorted({row.year for row in rows}, reverse=True),
        categories=[CategoryOption(name, english) for name, english in sorted(
            {row.category_name: row.category_name_en for row in rows}.items())],
        countries=sorted({row.country for row in rows} - {""}),
        municipalities=sorted({(row.id, row.name) for row in rows if row.id is not None},
                              key=lambda pair: pair[1]),
        places=[place for place in PLACES if place in places])


def visible_entry(entry_id: int) -> LibraryEntry | None:
    return db.session.scalar(select(LibraryEntry).where(LibraryEntry.id == entry_id, visible())
                             .options(joinedload(LibraryEntry.municipality)))


def public_documents(entry: LibraryEntry) -> list[Attachment]:
    """The files the submitter marked public (history entries have none)."""
    if entry.nomination_id is None:
        return []
    return list(db.session.scalars(select(Attachment).where(
        Attachment.nomination_id == entry.nomination_id, Attachment.is_public.is_(True))
        .order_by(Attachment.id)))


def public_document(entry: LibraryEntry, attachment_id: int) -> Attachment | None:
    return next((a for a in public_documents(entry) if a.id == attachment_id), None)


def entries_of_municipality(municipality_id: int) -> list[LibraryEntry]:
    return list(db.session.scalars(filtered(Filters(municipality=municipality_id))))
