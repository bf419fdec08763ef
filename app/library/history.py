"""Awards of the editions run before this platform (2019–2025), read from a CSV or XLSX file.

Pure: bytes and plain data in, plain data out (no Flask, no database). The file is read by the
judging importer's `read_table` (CSV in any usual encoding and separator, or the first sheet of
an XLSX workbook); :func:`parse` maps its Spanish or English headers, and :func:`validate`
checks every row against a :class:`Context` the service loads. Every problem carries the file's
row number (the header is row 1 when it is the first line); one problem anywhere refuses the
whole file. A row already imported before is not a problem: it is skipped, so the same file can
be uploaded twice without duplicating anything.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from app.judging.imports import MESSAGES as FILE_MESSAGES
from app.judging.imports import Problem, map_header_columns, read_table
from app.library.search import normalise

FIRST_YEAR, LAST_YEAR = 2019, 2025

YEAR, CATEGORY, PLACE, RECIPIENT, TITLE, SUMMARY, COUNTRY = (
    "year", "category", "place", "recipient", "title", "summary", "country")
REQUIRED_COLUMNS = (YEAR, CATEGORY, PLACE, RECIPIENT, TITLE, SUMMARY)
MAX_LENGTHS = {CATEGORY: 200, RECIPIENT: 250, TITLE: 250}

# Folded header -> column, Spanish and English.
_HEADERS = {
    YEAR: ("edition", "edicion", "year", "ano", "ano de la edicion", "edition year"),
    CATEGORY: ("category", "categoria"),
    PLACE: ("place", "puesto", "lugar", "premio", "award", "distincion", "reconocimiento"),
    RECIPIENT: ("municipality or person", "municipalidad o persona", "municipio o persona",
                "municipality", "municipalidad", "municipio", "recipient", "ganador",
                "galardonado", "premiado", "person", "persona"),
    TITLE: ("programme title", "program title", "title", "titulo", "titulo del programa",
            "nombre del programa", "programa", "programme", "program", "proyecto",
            "titulo del proyecto"),
    SUMMARY: ("summary", "resumen", "descripcion", "description"),
    COUNTRY: ("country", "pais"),
}
_HEADER_COLUMNS = {alias: column for column, aliases in _HEADERS.items() for alias in aliases}

GOLD, SILVER, BRONZE, MENTION, FINALIST, WINNER = (
    "gold", "silver", "bronze", "mention", "finalist", "winner")
PLACES = (GOLD, SILVER, BRONZE, MENTION, FINALIST, WINNER)
_PLACE_WORDS = {
    GOLD: ("oro", "gold", "primer lugar", "primer puesto", "first place"),
    SILVER: ("plata", "silver", "segundo lugar", "segundo puesto", "second place"),
    BRONZE: ("bronce", "bronze", "tercer lugar", "tercer puesto", "third place"),
    MENTION: ("mencion", "mencion honrosa", "mencion especial", "mention", "honourable mention",
              "honorable mention", "special mention"),
    FINALIST: ("finalista", "finalist"),
    WINNER: ("ganador", "ganadora", "winner"),
}
_PLACES = {word: place for place, words in _PLACE_WORDS.items() for word in words}

# What precedes a municipality's name in the organiser's sheets ("Municipalidad de San Miguel").
_NAME_PREFIXES = tuple(normalise(f"{p} {article}") + " " for p in (
    "municipalidad provincial", "municipalidad distrital", "municipalidad metropolitana",
    "municipalidad", "municipio", "alcaldía municipal", "alcaldía distrital", "alcaldía",
    "gobierno autónomo municipal", "intendencia") for article in ("de", "del")) + (
    "municipality of ", "city of ", "district of ")

MESSAGES = {
    "missing_columns": _l("Missing columns: %(columns)s. The header row needs edition, category, "
                          "place, municipality or person, programme title and summary (Spanish "
                          "headers work too: edición, categoría, puesto, municipalidad o persona, "
                          "título, resumen)."),
    "missing_value": _l("The %(column)s is empty."),
    "bad_year": _l("The edition %(value)s is not a year."),
    "year_out_of_range": _l("The edition %(value)s is outside %(first)d–%(last)d."),
    "unknown_place": _l("The place %(value)s is not known; write oro, plata, bronce, mención, "
                        "finalista or ganador (gold, silver, bronze, mention, finalist, winner)."),
    "too_long": _l("The %(column)s is longer than %(max)d characters."),
    "bad_country": _l("The country %(value)s is not a two-letter code such as PE or SV."),
    "ambiguous_municipality": _l("Several municipalities are called %(value)s (%(countries)s); "
                                 "add the country column."),
    "duplicate_row": _l("This award repeats row %(first)d."),
}
COLUMN_LABELS = {YEAR: _l("edition"), CATEGORY: _l("category"), PLACE: _l("place"),
                 RECIPIENT: _l("municipality or person"), TITLE: _l("programme title"),
                 SUMMARY: _l("summary"), COUNTRY: _l("country")}


@dataclass(frozen=True)
class HistoryRow:
    row: int
    year: str
    category: str
    place: str
    recipient: str
    title: str
    summary: str = ""
    country: str = ""


@dataclass(frozen=True)
class MunicipalityRef:
    id: int
    name: str
    official_name: str
    country: str


@dataclass
class Context:
    """What the rows are checked against: the known municipalities and the keys of the awards
    imported before (see :func:`award_key`)."""
    municipalities: list[MunicipalityRef]
    existing: set[tuple] = field(default_factory=set)


@dataclass(frozen=True)
class PlannedAward:
    row: int
    year: int
    category_name: str
    place: str
    municipality: MunicipalityRef | None
    recipient_name: str
    country: str
    title: str
    summary: str

    @property
    def key(self) -> tuple:
        return award_key(self.year, self.category_name, self.place,
                         self.municipality.id if self.municipality else None,
                         self.recipient_name, self.title)


@dataclass
class Plan:
    """What an import would write, the rows skipped as imported before, and every problem."""
    awards: list[PlannedAward]
    skipped: list[int]
    problems: list[Problem]
    rows_read: int
    filename: str = ""
    sha256: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.awards or self.skipped)


def award_key(year: int, category_name: str, place: str, municipality_id: int | None,
              recipient_name: str, title: str) -> tuple:
    """Two rows naming the same award, however they spell it, have the same key."""
    recipient = ("municipality", municipality_id) if municipality_id else (
        "named", normalise(recipient_name))
    return (year, normalise(category_name), place, recipient, normalise(title))


def parse(data: bytes) -> tuple[list[HistoryRow], list[Problem]]:
    """The data rows with their row numbers, or the problems that stop reading the file."""
    table, problems = read_table(data)
    if problems:
        return [], problems
    header_at = next((i for i, (_n, cells) in enumerate(table) if any(cells)), None)
    if header_at is None:
        return [], [Problem(None, "empty_file")]
    header_row, headers = table[header_at]
    columns, problems = map_columns(headers, header_row)
    if problems:
        return [], problems
    rows = []
    for number, cells in table[header_at + 1:]:
        if not any(cells):
            continue
        values = {name: cells[i].strip() if i < len(cells) else "" for name, i in columns.items()}
        rows.append(HistoryRow(row=number, year=values[YEAR], category=values[CATEGORY],
                               place=values[PLACE], recipient=values[RECIPIENT],
                               title=values[TITLE], summary=values[SUMMARY],
                               country=values.get(COUNTRY, "")))
    if not rows:
        return [], [Problem(None, "no_rows")]
    return rows, []


def map_columns(headers: list[str], header_row: int) -> tuple[dict[str, int], list[Problem]]:
    """Column -> index from Spanish or English headers (case- and accent-insensitive)."""
    return map_header_columns(headers, header_row, _HEADER_COLUMNS, REQUIRED_COLUMNS, normalise)


def place_of(text: str) -> str | None:
    """The place a word names in Spanish or English ("Mención honrosa" -> mention)."""
    return _PLACES.get(normalise(text))


class _MunicipalityIndex:
    def __init__(self, municipalities: list[MunicipalityRef]):
        self.by_name: dict[str, list[MunicipalityRef]] = {}
        for municipality in municipalities:
            names = {normalise(municipality.name), normalise(municipality.official_name)}
            for name in names - {""}:
                self.by_name.setdefault(name, []).append(municipality)

    def candidates(self, text: str, country: str) -> list[MunicipalityRef]:
        """Municipalities the text names, with or without "Municipalidad de"; in the country
        when one is given."""
        folded = normalise(text)
        names = [folded] + [folded[len(p):] for p in _NAME_PREFIXES if folded.startswith(p)]
        for name in names:
            found = {m.id: m for m in self.by_name.get(name, [])
                     if not country or m.country == country}
            if found:
                return list(found.values())
        return []


def validate(rows: list[HistoryRow], context: Context) -> Plan:
    """Every problem of every row (by row), and the awards to write when there is none."""
    index = _MunicipalityIndex(context.municipalities)
    problems: list[Problem] = []
    awards: list[PlannedAward] = []
    skipped: list[int] = []
    first_rows: dict[tuple, int] = {}
    for row in rows:
        award = _award(row, index, problems)
        if award is None:
            continue
        if award.key in first_rows:
            problems.append(Problem(row.row, "duplicate_row", {"first": first_rows[award.key]}))
            continue
        first_rows[award.key] = row.row
        if award.key in context.existing:
            skipped.append(row.row)
        else:
            awards.append(award)
    problems.sort(key=lambda p: p.row or 0)
    return Plan(awards=awards, skipped=skipped, problems=problems, rows_read=len(rows))


def _award(row: HistoryRow, index: _MunicipalityIndex,
           problems: list[Problem]) -> PlannedAward | None:
    found = len(problems)
    year = _year(row, problems)
    for column in (CATEGORY, RECIPIENT, TITLE):
        value = getattr(row, column)
        if not value:
            problems.append(Problem(row.row, "missing_value", {"column": column}))
        elif len(value) > MAX_LENGTHS[column]:
            problems.append(Problem(row.row, "too_long", {"column": column,
                                                          "max": MAX_LENGTHS[column]}))
    place = None
    if not row.place:
        problems.append(Problem(row.row, "missing_value", {"column": PLACE}))
    else:
        place = place_of(row.place)
        if place is None:
            problems.append(Problem(row.row, "unknown_place", {"value": row.place}))
    country = row.country.strip().upper()
    if country and not (len(country) == 2 and country.isascii() and country.isalpha()):
        problems.append(Problem(row.row, "bad_country", {"value": row.country}))
        country = ""
    municipality = None
    if row.recipient:
        candidates = index.candidates(row.recipient, country)
        if len(candidates) > 1:
            problems.append(Problem(row.row, "ambiguous_municipality", {
                "value": row.recipient,
                "countries": ", ".join(sorted({m.country for m in candidates}))}))
        elif candidates:
            municipality = candidates[0]
    if len(problems) > found:
        return None
    return PlannedAward(row=row.row, year=year, category_name=row.category, place=place,
                        municipality=municipality, recipient_name=row.recipient,
                        country=municipality.country if municipality else country,
                        title=row.title, summary=row.summary)


def _year(row: HistoryRow, problems: list[Problem]) -> int | None:
    if not row.year:
        problems.append(Problem(row.row, "missing_value", {"column": YEAR}))
        return None
    if not row.year.isdigit():
        problems.append(Problem(row.row, "bad_year", {"value": row.year}))
        return None
    year = int(row.year)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        problems.append(Problem(row.row, "year_out_of_range", {
            "value": row.year, "first": FIRST_YEAR, "last": LAST_YEAR}))
        return None
    return year


def describe(problem: Problem) -> str:
    """The problem in the current language, without its row number (shown next to it)."""
    params = dict(problem.params)
    if "column" in params and params["column"] in COLUMN_LABELS:
        params["column"] = str(COLUMN_LABELS[params["column"]])
    if problem.code == "missing_columns":
        params["columns"] = ", ".join(str(COLUMN_LABELS[c]) for c in params["columns"])
    return str(MESSAGES.get(problem.code) or FILE_MESSAGES[problem.code]) % params


def problem_lines(problems: list[Problem]) -> list[str]:
    return [f"row {p.row}: {describe(p)}" if p.row else describe(p) for p in problems]
