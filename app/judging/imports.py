"""Hybrid judging: scores given on paper or in a meeting, imported from a CSV/XLSX file as
submitted reviews, and the category's submitted reviews exported in the same shape.

The first half is pure (bytes and plain data in, plain data out; no Flask, no database):
:func:`parse` reads the file and :func:`validate` checks its rows against a :class:`Context`.
The second half is the service: it loads the context, writes everything in one transaction or
nothing, and audits it. Every problem carries the file's row number (the header is row 1 when it
is the first line) so the organiser can fix the sheet and upload it again.
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, Callable, Iterable
from xml.etree.ElementTree import ParseError as XMLParseError

import openpyxl
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.accounts.models import Role, User
from app.audit.services import record
from app.db_types import utcnow
from app.editions.freeze import ensure_not_frozen
from app.editions.models import Category, Edition, EditionStatus
from app.exports import tables
from app.extensions import db
from app.judging.assign import order_key
from app.judging.conflicts import conflicted_pairs
from app.judging.models import (Assignment, AssignmentSource, Review, ReviewScore, ReviewSource,
                                ReviewStatus, Round, RoundEntry)
from app.judging.rounds import current_round, ensure_default_round
from app.nominations.export import STATUS_LABELS
from app.nominations.models import UNDER_JUDGING_STATUSES, Nomination
from app.nominations.uploads import XLSX, detect_type
from app.perception.parsing import SNIFF_BYTES, XLSX_MAGIC, fold, sniff

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000

REFERENCE, JUROR_EMAIL, CRITERION, SCORE, COMMENT = ("reference", "juror_email", "criterion",
                                                     "score", "comment")
REQUIRED_COLUMNS = (REFERENCE, JUROR_EMAIL, CRITERION, SCORE)
EXPORT_COLUMNS = ("reference", "juror_email", "criterion", "weight", "scale_min", "scale_max",
                  "score", "source", "comment")

# Folded header (see perception.parsing.fold) -> column; Spanish and English.
_HEADERS = {
    REFERENCE: ("reference", "referencia", "ref", "nomination", "nomination reference",
                "postulacion", "referencia de la postulacion", "codigo"),
    JUROR_EMAIL: ("juror email", "email", "e mail", "correo", "correo electronico",
                  "correo del jurado", "email del jurado", "juror", "jurado"),
    CRITERION: ("criterion", "criterio", "criteria"),
    SCORE: ("score", "puntaje", "puntuacion", "nota", "calificacion"),
    COMMENT: ("comment", "comentario", "comments", "comentarios", "observacion", "observaciones"),
}
_HEADER_COLUMNS = {alias: column for column, aliases in _HEADERS.items() for alias in aliases}
_INTEGER = re.compile(r"[+-]?\d+(?:[.,]0+)?")
_FORMULA_QUOTED = re.compile(r"'[=+\-@\t\r]")
_XLSX_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, XMLParseError, KeyError, ValueError,
                TypeError, IndexError, EOFError, OSError)

ACTION_CREATE = "create"
ACTION_REPLACE_DRAFT = "replace_draft"
ACTION_REPLACE_IMPORT = "replace_import"


# --------------------------------------------------------------------------------------------
# Plain data
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Problem:
    """What is wrong and where: `row` is None for the file as a whole."""
    row: int | None
    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ImportRow:
    row: int
    reference: str
    juror_email: str
    criterion: str
    score: str
    comment: str = ""


@dataclass
class Parsed:
    rows: list[ImportRow]
    problems: list[Problem]


@dataclass(frozen=True)
class CriterionRef:
    id: int
    position: int  # 1-based place in the rubric, as the organiser sees it
    name_es: str
    name_en: str
    scale_min: int
    scale_max: int

    @property
    def label(self) -> str:
        return self.name_es or self.name_en or str(self.position)


@dataclass(frozen=True)
class NominationRef:
    id: int
    reference: str
    category: str  # "INN 2026"
    status: str
    in_round: bool  # the current round holds it (later rounds hold only those moved into them)


@dataclass(frozen=True)
class JurorRef:
    id: int
    email: str
    is_juror: bool


@dataclass(frozen=True)
class ExistingReview:
    status: str
    source: str


@dataclass
class Context:
    """What the rows are checked against, loaded by the service (or built by a test)."""
    category: str  # "INN 2026", as NominationRef.category
    criteria: list[CriterionRef]
    nominations: dict[str, NominationRef]  # by upper-case reference
    jurors: dict[str, JurorRef]  # by lower-case email
    conflicted: set[tuple[int, int]] = field(default_factory=set)  # (juror id, nomination id)
    assigned: set[tuple[int, int]] = field(default_factory=set)  # in the current round
    reviews: dict[tuple[int, int], ExistingReview] = field(default_factory=dict)


@dataclass(frozen=True)
class PlannedScore:
    criterion_id: int
    score: int
    comment: str
    row: int


@dataclass
class PlannedReview:
    nomination_id: int
    juror_id: int
    reference: str
    juror_email: str
    rows: list[int]
    scores: dict[int, PlannedScore]  # by criterion id
    action: str = ACTION_CREATE
    needs_assignment: bool = True


@dataclass
class Plan:
    """What an import would write, and every problem that stops it."""
    reviews: list[PlannedReview]
    problems: list[Problem]
    rows_read: int
    criteria: list[CriterionRef] = field(default_factory=list)
    filename: str = ""
    sha256: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.reviews)

    @property
    def created(self) -> int:
        return sum(1 for r in self.reviews if r.action == ACTION_CREATE)

    @property
    def replaced(self) -> int:
        return len(self.reviews) - self.created

    @property
    def new_assignments(self) -> int:
        return sum(1 for r in self.reviews if r.needs_assignment)

    @property
    def source_note(self) -> str:
        suffix = f" · sha256:{self.sha256[:12]}"
        return self.filename[:200 - len(suffix)] + suffix


class ImportRefused(Exception):
    """Nothing was written; `plan.problems` says which rows and why."""

    def __init__(self, plan: Plan):
        super().__init__(f"{len(plan.problems)} problem(s); nothing was imported")
        self.plan = plan


# --------------------------------------------------------------------------------------------
# Reading the file (pure)
# --------------------------------------------------------------------------------------------

def parse(data: bytes) -> Parsed:
    """The data rows of a CSV (UTF-8 with or without BOM, cp1252 or Latin-1; comma, semicolon or
    tab) or XLSX file (first sheet), with their row numbers; never raises on bad input."""
    table, problems = read_table(data)
    if problems:
        return Parsed([], problems)
    header_at = next((i for i, (_n, cells) in enumerate(table) if any(cells)), None)
    if header_at is None:
        return Parsed([], [Problem(None, "empty_file")])
    header_row, headers = table[header_at]
    columns, problems = map_columns(headers, header_row)
    if problems:
        return Parsed([], problems)
    rows = []
    for number, cells in table[header_at + 1:]:
        if not any(cells):
            continue
        values = {name: _unquote(cells[i]) if i < len(cells) else "" for name, i in columns.items()}
        rows.append(ImportRow(row=number, reference=values[REFERENCE],
                              juror_email=values[JUROR_EMAIL], criterion=values[CRITERION],
                              score=values[SCORE], comment=values.get(COMMENT, "")))
    if not rows:
        return Parsed([], [Problem(None, "no_rows")])
    return Parsed(rows, [])


def read_table(data: bytes) -> tuple[list[tuple[int, list[str]]], list[Problem]]:
    """(row number, stripped cells) for every row, judged by content, not by file name."""
    if not data.strip(b" \t\r\n\x00"):
        return [], [Problem(None, "empty_file")]
    if data.startswith(XLSX_MAGIC):
        if detect_type(data) != XLSX:
            return [], [Problem(None, "not_tabular")]
        return _xlsx_table(data)
    if detect_type(data) is not None or b"\x00" in data[:SNIFF_BYTES]:
        return [], [Problem(None, "not_tabular")]
    return _csv_table(data)


def _csv_table(data: bytes) -> tuple[list[tuple[int, list[str]]], list[Problem]]:
    dialect = sniff(data[:SNIFF_BYTES])
    text = _decode(data, dialect.encoding)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=dialect.separator)
    table = []
    try:
        for number, cells in enumerate(reader, start=1):
            if number > MAX_ROWS + 1:
                return [], [Problem(None, "too_many_rows", {"max": MAX_ROWS})]
            table.append((number, [c.strip() for c in cells]))
    except csv.Error as error:
        return [], [Problem(reader.line_num or None, "bad_csv", {"error": str(error)})]
    return table, []


def _decode(data: bytes, detected: str) -> str:
    """The detected encoding looks only at the first bytes; a later byte may prove it wrong."""
    for encoding in dict.fromkeys((detected, "cp1252")):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _xlsx_table(data: bytes) -> tuple[list[tuple[int, list[str]]], list[Problem]]:
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except _XLSX_ERRORS:
        return [], [Problem(None, "bad_xlsx")]
    table = []
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        for number, values in enumerate(rows, start=1):
            if number > MAX_ROWS + 1:
                return [], [Problem(None, "too_many_rows", {"max": MAX_ROWS})]
            table.append((number, [_cell_text(v) for v in values]))
    except _XLSX_ERRORS:
        return [], [Problem(None, "bad_xlsx")]
    finally:
        workbook.close()
    return table, []


def _cell_text(value: Any) -> str:
    """A spreadsheet cell as the text a CSV would hold: 7.0 is '7', dates are ISO."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value).strip()


def _unquote(text: str) -> str:
    """Undo the quote an export puts before text a spreadsheet would run as a formula."""
    return text[1:] if _FORMULA_QUOTED.match(text) else text


def map_columns(headers: list[str], header_row: int) -> tuple[dict[str, int], list[Problem]]:
    """Column -> index from Spanish or English headers (case- and accent-insensitive); other
    columns (weight, scale, source of an export) are ignored."""
    return map_header_columns(headers, header_row, _HEADER_COLUMNS, REQUIRED_COLUMNS, fold)


def map_header_columns(headers: list[str], header_row: int, aliases: dict[str, str],
                       required: Iterable[str], key: Callable[[str], str],
                       ) -> tuple[dict[str, int], list[Problem]]:
    """Column -> index of the headers whose `key` is one of `aliases`; a column named twice or
    a required one missing is a problem. Shared by every tabular importer."""
    columns: dict[str, int] = {}
    problems = []
    for index, header in enumerate(headers):
        column = aliases.get(key(header))
        if column is None:
            continue
        if column in columns:
            problems.append(Problem(header_row, "duplicate_column", {"column": header}))
            continue
        columns[column] = index
    missing = [c for c in required if c not in columns]
    if missing:
        problems.append(Problem(header_row, "missing_columns", {"columns": missing}))
    return columns, problems


# --------------------------------------------------------------------------------------------
# Checking the rows (pure)
# --------------------------------------------------------------------------------------------

@dataclass
class _Group:
    """The rows of one juror's review of one nomination."""
    nomination: NominationRef
    juror: JurorRef
    rows: list[int] = field(default_factory=list)
    criteria: set[int] = field(default_factory=set)
    scores: dict[int, PlannedScore] = field(default_factory=dict)


def validate(rows: Iterable[ImportRow], context: Context) -> Plan:
    """Every problem of every row (sorted by row), and the reviews the rows make when none."""
    rows = list(rows)
    problems: list[Problem] = []
    criteria = _CriterionIndex(context.criteria)
    groups: dict[tuple[int, int], _Group] = {}
    first_rows: dict[tuple[int, int, int], int] = {}
    for row in rows:
        nomination = _nomination(row, context, problems)
        juror = _juror(row, context, problems)
        criterion = criteria.find(row, problems)
        score = _score(row, criterion, problems)
        if nomination is None or juror is None:
            continue
        group = groups.setdefault((nomination.id, juror.id), _Group(nomination, juror))
        group.rows.append(row.row)
        if criterion is None:
            continue
        key = (nomination.id, juror.id, criterion.id)
        if key in first_rows:
            problems.append(Problem(row.row, "duplicate_row", {
                "first": first_rows[key], "criterion": criterion.label,
                "reference": nomination.reference, "juror": juror.email}))
            continue
        first_rows[key] = row.row
        group.criteria.add(criterion.id)
        if score is not None:
            group.scores[criterion.id] = PlannedScore(criterion.id, score, row.comment, row.row)
    reviews = [_review(group, context, problems) for group in groups.values()]
    problems.sort(key=lambda p: p.row or 0)
    return Plan(reviews=reviews, problems=problems, rows_read=len(rows),
                criteria=list(context.criteria))


def _missing(row: ImportRow, column: str, problems: list[Problem]) -> None:
    problems.append(Problem(row.row, "missing_value", {"column": column}))


def _nomination(row: ImportRow, context: Context, problems: list[Problem]) -> NominationRef | None:
    reference = row.reference.strip().upper()
    if not reference:
        _missing(row, REFERENCE, problems)
        return None
    nomination = context.nominations.get(reference)
    if nomination is None:
        problems.append(Problem(row.row, "unknown_reference", {"value": row.reference}))
    elif nomination.category != context.category:
        problems.append(Problem(row.row, "wrong_category", {
            "value": nomination.reference, "category": nomination.category}))
    elif nomination.status not in UNDER_JUDGING_STATUSES:
        problems.append(Problem(row.row, "not_eligible", {
            "value": nomination.reference, "status": nomination.status}))
    elif not nomination.in_round:
        problems.append(Problem(row.row, "not_in_round", {"value": nomination.reference}))
    else:
        return nomination
    return None


def _juror(row: ImportRow, context: Context, problems: list[Problem]) -> JurorRef | None:
    email = row.juror_email.strip().lower()
    if not email:
        _missing(row, JUROR_EMAIL, problems)
        return None
    juror = context.jurors.get(email)
    if juror is None:
        problems.append(Problem(row.row, "unknown_juror", {"value": row.juror_email}))
    elif not juror.is_juror:
        problems.append(Problem(row.row, "not_a_juror", {"value": juror.email}))
    else:
        return juror
    return None


class _CriterionIndex:
    """Finds a criterion by its Spanish or English name (folded) or by its 1-based position."""

    def __init__(self, criteria: list[CriterionRef]):
        self.criteria = criteria
        self.by_name: dict[str, list[CriterionRef]] = {}
        for criterion in criteria:
            for name in {fold(criterion.name_es), fold(criterion.name_en)} - {""}:
                self.by_name.setdefault(name, []).append(criterion)

    def find(self, row: ImportRow, problems: list[Problem]) -> CriterionRef | None:
        value = row.criterion.strip()
        if not value:
            _missing(row, CRITERION, problems)
            return None
        named = self.by_name.get(fold(value), [])
        if len(named) == 1:
            return named[0]
        if len(named) > 1:
            problems.append(Problem(row.row, "ambiguous_criterion", {"value": value}))
            return None
        if _INTEGER.fullmatch(value) and 1 <= _integer(value) <= len(self.criteria):
            return self.criteria[_integer(value) - 1]
        problems.append(Problem(row.row, "unknown_criterion",
                                {"value": value, "count": len(self.criteria)}))
        return None


def _integer(text: str) -> int:
    return int(re.split(r"[.,]", text)[0])


def _score(row: ImportRow, criterion: CriterionRef | None, problems: list[Problem]) -> int | None:
    value = row.score.strip()
    if not value:
        _missing(row, SCORE, problems)
        return None
    if not _INTEGER.fullmatch(value):
        problems.append(Problem(row.row, "score_not_integer", {"value": value}))
        return None
    score = _integer(value)
    if criterion is not None and not criterion.scale_min <= score <= criterion.scale_max:
        problems.append(Problem(row.row, "score_out_of_scale", {
            "value": value, "criterion": criterion.label, "min": criterion.scale_min,
            "max": criterion.scale_max}))
        return None
    return score


def _review(group: _Group, context: Context, problems: list[Problem]) -> PlannedReview:
    """Checks that concern the review as a whole, reported at its first row."""
    pair = (group.juror.id, group.nomination.id)
    first = group.rows[0]
    about = {"reference": group.nomination.reference, "juror": group.juror.email,
             "rows": _row_list(group.rows)}
    if pair in context.conflicted:
        problems.append(Problem(first, "conflicted", about))
    existing = context.reviews.get(pair)
    if (existing is not None and existing.status == ReviewStatus.SUBMITTED.value
            and existing.source == ReviewSource.ONLINE.value):
        problems.append(Problem(first, "submitted_online", about))
    missing = [c.label for c in context.criteria if c.id not in group.criteria]
    if missing:
        problems.append(Problem(first, "missing_criteria",
                                {**about, "criteria": ", ".join(missing)}))
    if existing is None:
        action = ACTION_CREATE
    elif existing.status == ReviewStatus.SUBMITTED.value:
        action = ACTION_REPLACE_IMPORT
    else:
        action = ACTION_REPLACE_DRAFT
    return PlannedReview(nomination_id=group.nomination.id, juror_id=group.juror.id,
                         reference=group.nomination.reference, juror_email=group.juror.email,
                         rows=group.rows, scores=group.scores, action=action,
                         needs_assignment=pair not in context.assigned)


def _row_list(rows: list[int]) -> str:
    return ", ".join(str(r) for r in rows[:10]) + (", …" if len(rows) > 10 else "")


# --------------------------------------------------------------------------------------------
# Messages
# --------------------------------------------------------------------------------------------

MESSAGES = {
    "empty_file": _l("The file is empty."),
    "no_rows": _l("The file has a header row but no data rows."),
    "not_tabular": _l("The file is neither a CSV text file nor an XLSX workbook (its content was "
                      "checked, not its name)."),
    "bad_xlsx": _l("The workbook could not be read; save it again as XLSX or CSV."),
    "bad_csv": _l("The file is not valid CSV: %(error)s"),
    "too_large": _l("The file is larger than %(mb)d MB."),
    "too_many_rows": _l("The file has more than %(max)d rows; split it into several files."),
    "missing_columns": _l("Missing columns: %(columns)s. The header row needs reference, "
                          "juror email, criterion and score (in Spanish: referencia, correo, "
                          "criterio, puntaje); comment is optional."),
    "duplicate_column": _l("The column %(column)s appears twice."),
    "not_jury": _l("This category is decided by the ranking and has no reviews."),
    "no_criteria": _l("This category has no rubric yet."),
    "not_judging": _l("Scores can only be imported while the edition is in judging or "
                      "deliberation."),
    "changed_meanwhile": _l("The reviews changed while the file was being imported, so nothing "
                            "was imported. Upload the file again."),
    "missing_value": _l("The %(column)s is empty."),
    "unknown_reference": _l("No nomination has the reference %(value)s."),
    "wrong_category": _l("Nomination %(value)s belongs to category %(category)s, not to this one."),
    "not_eligible": _l("Nomination %(value)s is not being judged (its status is %(status)s)."),
    "not_in_round": _l("Nomination %(value)s is not in the current round."),
    "unknown_juror": _l("No account has the email %(value)s."),
    "not_a_juror": _l("%(value)s is not a juror."),
    "unknown_criterion": _l("The rubric has no criterion %(value)s; use its name or its "
                            "position (1 to %(count)d)."),
    "ambiguous_criterion": _l("Several criteria are called %(value)s; use the position instead."),
    "score_not_integer": _l("The score %(value)s is not a whole number."),
    "score_out_of_scale": _l("The score %(value)s is outside the scale of %(criterion)s "
                             "(%(min)d to %(max)d)."),
    "duplicate_row": _l("Row %(first)d already gives %(juror)s's score on %(criterion)s for "
                        "%(reference)s."),
    "missing_criteria": _l("The review of %(reference)s by %(juror)s (rows %(rows)s) lacks "
                           "%(criteria)s; a review needs a score on every criterion."),
    "conflicted": _l("%(juror)s has a conflict of interest with %(reference)s and may not "
                     "review it (rows %(rows)s)."),
    "submitted_online": _l("%(juror)s already submitted an online review of %(reference)s "
                           "(rows %(rows)s)."),
}
COLUMN_LABELS = {REFERENCE: _l("reference"), JUROR_EMAIL: _l("juror email"),
                 CRITERION: _l("criterion"), SCORE: _l("score")}


def describe(problem: Problem) -> str:
    """The problem in the current language, without its row number (shown next to it)."""
    params = dict(problem.params)
    if problem.code == "missing_value":
        params["column"] = str(COLUMN_LABELS[params["column"]])
    if problem.code == "missing_columns":
        params["columns"] = ", ".join(str(COLUMN_LABELS[c]) for c in params["columns"])
    if "status" in params:
        params["status"] = str(STATUS_LABELS.get(params["status"], params["status"]))
    return str(MESSAGES[problem.code]) % params


def problem_lines(problems: list[Problem]) -> list[str]:
    return [f"row {p.row}: {describe(p)}" if p.row else describe(p) for p in problems]


# --------------------------------------------------------------------------------------------
# The service: load the context, write all or nothing
# --------------------------------------------------------------------------------------------

def category_problem(category: Category) -> Problem | None:
    """Why no file can be imported into the category now, if anything stops it."""
    if not category.is_jury:
        return Problem(None, "not_jury")
    if not category.criteria:
        return Problem(None, "no_criteria")
    edition = category.edition
    if not edition.has_reached(EditionStatus.JUDGING) or edition.has_reached(EditionStatus.CLOSED):
        return Problem(None, "not_judging")
    return None


def preview(category: Category, data: bytes, filename: str) -> Plan:
    """What importing the file would write, and every problem; writes nothing."""
    return _plan(category, current_round(category), data, filename)


def import_reviews(category: Category, data: bytes, filename: str, *,
                   actor_id: int | None = None, now: datetime | None = None) -> Plan:
    """Record the file's reviews as submitted, with the import as their source, in one
    transaction; raise ImportRefused (nothing written) on any problem."""
    ensure_not_frozen(category.edition)
    round_ = current_round(category)
    if round_ is not None:  # online submissions wait until this import has committed
        db.session.execute(select(Review.id).join(Assignment)
                           .where(Assignment.round_id == round_.id).with_for_update(of=Review))
    plan = _plan(category, round_, data, filename)
    if not plan.ok:
        db.session.rollback()
        raise ImportRefused(plan)
    now = now or utcnow()
    try:
        round_ = round_ or ensure_default_round(category)
        reviews = _write(plan, category, round_, actor_id, now)
        db.session.flush()
    except IntegrityError:  # another import or a juror's save got there first
        db.session.rollback()
        raise ImportRefused(Plan([], [Problem(None, "changed_meanwhile")], plan.rows_read))
    for planned, review in zip(plan.reviews, reviews):
        record("review.imported", review, actor_id=actor_id, summary={
            "reference": planned.reference, "juror": planned.juror_email,
            "action": planned.action, "file": plan.filename, "sha256": plan.sha256})
    record("reviews.imported", category, actor_id=actor_id, summary={
        "edition": category.edition.year, "category": category.code, "round": round_.position,
        "file": plan.filename, "sha256": plan.sha256, "rows": plan.rows_read,
        "reviews": len(plan.reviews), "created": plan.created, "replaced": plan.replaced,
        "assignments": plan.new_assignments})
    db.session.commit()
    return plan


def _plan(category: Category, round_: Round | None, data: bytes, filename: str) -> Plan:
    sha256 = hashlib.sha256(data).hexdigest()
    blocker = category_problem(category)
    if blocker is not None:
        return Plan([], [blocker], 0, filename=filename, sha256=sha256)
    parsed = parse(data)
    if parsed.problems:
        return Plan([], parsed.problems, 0, filename=filename, sha256=sha256)
    plan = validate(parsed.rows, load_context(category, round_, parsed.rows))
    plan.filename, plan.sha256 = filename, sha256
    return plan


def load_context(category: Category, round_: Round | None, rows: list[ImportRow]) -> Context:
    """The nominations, jurors, conflicts and existing reviews the rows name: a few queries,
    however many rows."""
    references = {r.reference.strip().upper() for r in rows} - {""}
    emails = {r.juror_email.strip().lower() for r in rows} - {""}
    criteria = [CriterionRef(c.id, position, c.name_es, c.name_en, c.scale_min, c.scale_max)
                for position, c in enumerate(category.criteria, start=1)]
    in_later_round: set[int] = set()
    if round_ is not None and round_.position > 1:
        in_later_round = set(db.session.scalars(select(RoundEntry.nomination_id).where(
            RoundEntry.round_id == round_.id)))
    nominations = {}
    for chunk in _chunks(references):
        for id_, reference, code, year, status in db.session.execute(
                select(Nomination.id, Nomination.reference, Category.code, Edition.year,
                       Nomination.status)
                .join(Category, Category.id == Nomination.category_id)
                .join(Edition, Edition.id == Category.edition_id)
                .where(Nomination.reference.in_(chunk))):
            nominations[reference.upper()] = NominationRef(
                id_, reference, _category_label(code, year), status,
                round_ is None or round_.position == 1 or id_ in in_later_round)
    jurors = {}
    for chunk in _chunks(emails):
        for user in db.session.scalars(select(User).where(func.lower(User.email).in_(chunk))):
            jurors[user.email.lower()] = JurorRef(user.id, user.email, user.has_role(Role.JUROR))
    context = Context(category=_category_label(category.code, category.edition.year),
                      criteria=criteria,
                      nominations=nominations, jurors=jurors,
                      conflicted=conflicted_pairs(category))
    if round_ is not None:
        for juror_id, nomination_id, status, source in db.session.execute(
                select(Assignment.juror_id, Assignment.nomination_id, Review.status, Review.source)
                .outerjoin(Review, Review.assignment_id == Assignment.id)
                .where(Assignment.round_id == round_.id)):
            context.assigned.add((juror_id, nomination_id))
            if status is not None:
                context.reviews[(juror_id, nomination_id)] = ExistingReview(status, source)
    return context


def _chunks(values: set[str], size: int = 1000) -> list[list[str]]:
    """A file naming thousands of references stays below SQLite's limit of bound parameters."""
    ordered = sorted(values)
    return [ordered[i:i + size] for i in range(0, len(ordered), size)]


def _category_label(code: str, year: int) -> str:
    return f"{code} ({year})"


def _write(plan: Plan, category: Category, round_: Round, actor_id: int | None,
           now: datetime) -> list[Review]:
    assignments = {(a.juror_id, a.nomination_id): a for a in db.session.scalars(
        select(Assignment).options(selectinload(Assignment.review))
        .where(Assignment.round_id == round_.id,
               Assignment.nomination_id.in_({r.nomination_id for r in plan.reviews})))}
    scales = {c.id: (c.scale_min, c.scale_max) for c in category.criteria}
    reviews = []
    for planned in plan.reviews:
        assignment = assignments.get((planned.juror_id, planned.nomination_id))
        if assignment is None:
            assignment = Assignment(round_id=round_.id, juror_id=planned.juror_id,
                                    nomination_id=planned.nomination_id,
                                    source=AssignmentSource.IMPORT.value,
                                    order_key=order_key(round_.id, planned.juror_id, planned.nomination_id),
                                    created_by_id=actor_id, created_at=now)
            db.session.add(assignment)
        review = assignment.review
        if review is None:
            review = Review(assignment=assignment, overall_comment="", version=1)
            db.session.add(review)
        else:
            review.version += 1
        review.status, review.source = ReviewStatus.SUBMITTED.value, ReviewSource.IMPORT.value
        review.source_note, review.submitted_at = plan.source_note, now
        existing = {s.criterion_id: s for s in review.scores}
        for criterion_id, planned_score in planned.scores.items():
            score = existing.get(criterion_id)
            if score is None:
                score = ReviewScore(criterion_id=criterion_id)
                review.scores.append(score)
            score.scale_min, score.scale_max = scales[criterion_id]
            score.score, score.comment = planned_score.score, planned_score.comment
        reviews.append(review)
    return reviews


# --------------------------------------------------------------------------------------------
# Export
# --------------------------------------------------------------------------------------------

def export_rows(category: Category) -> list[dict[str, Any]]:
    """One row per counted review (submitted, juror not conflicted) and criterion of the current
    round, in EXPORT_COLUMNS, so the leaderboard can be recomputed from the file; the criterion is
    named as the import finds it again (its position when two share a name)."""
    round_ = current_round(category)
    if round_ is None:
        return []
    positions = {c.id: position for position, c in enumerate(category.criteria, start=1)}
    weights = {c.id: _number(c.weight) for c in category.criteria}
    labels = _criterion_labels(category)
    rows = db.session.execute(
        select(Nomination.reference, User.email, Assignment.juror_id, Assignment.nomination_id,
               ReviewScore.criterion_id, ReviewScore.scale_min,
               ReviewScore.scale_max, ReviewScore.score, Review.source, ReviewScore.comment)
        .select_from(ReviewScore)
        .join(Review, Review.id == ReviewScore.review_id)
        .join(Assignment, Assignment.id == Review.assignment_id)
        .join(Nomination, Nomination.id == Assignment.nomination_id)
        .join(User, User.id == Assignment.juror_id)
        .where(Assignment.round_id == round_.id, Review.status == ReviewStatus.SUBMITTED.value)
    ).all()
    conflicted = conflicted_pairs(category)
    rows = sorted((r for r in rows if (r.juror_id, r.nomination_id) not in conflicted),
                  key=lambda r: (r.reference, r.email, positions[r.criterion_id]))
    return [{"reference": r.reference, "juror_email": r.email, "criterion": labels[r.criterion_id],
             "weight": weights[r.criterion_id], "scale_min": r.scale_min, "scale_max": r.scale_max,
             "score": r.score, "source": r.source, "comment": r.comment or ""} for r in rows]


def _criterion_labels(category: Category) -> dict[int, str | int]:
    """Criterion id -> its Spanish name, or its position where the name would be ambiguous."""
    folded = [fold(c.name_es) for c in category.criteria]
    return {c.id: c.name_es if c.name_es and folded.count(name) == 1 else position
            for position, (c, name) in enumerate(zip(category.criteria, folded), start=1)}


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _export_table(rows: list[dict[str, Any]]) -> tables.Table:
    return tables.Table("reviews", EXPORT_COLUMNS,
                        [[row[c] for c in EXPORT_COLUMNS] for row in rows])


def to_csv(rows: list[dict[str, Any]], bom: bool = True) -> bytes:
    """UTF-8 (with a byte-order mark for Excel unless told otherwise); text that a spreadsheet
    would run as a formula is quoted, and the import removes that quote again."""
    return tables.to_csv(_export_table(rows), bom=bom)


def to_xlsx(rows: list[dict[str, Any]]) -> bytes:
    """One sheet with numbers as numbers; text always stored as text, never as a formula."""
    return tables.to_xlsx(_export_table(rows))


def export_filename(category: Category, extension: str) -> str:
    return f"reviews-{category.edition.year}-{category.code}.{extension}"
