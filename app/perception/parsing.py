"""Streaming parser for perception-survey files (pure Python: no Flask, no database).

Two shapes are understood:

* **microdata** — one row per respondent with a district (UBIGEO, or INEI's CCDD+CCPP+CCDI),
  a weight (e.g. ``FACTOR``) and the answer (``1`` = sí / ``2`` = no as INEI codes it; also
  sí/no, yes/no, 1/0). Only per-district running sums are kept in memory
  (respondents, Σw, Σw², Σw·y) plus, when the file has respondent-id columns, one hash per
  respondent to detect duplicates (about 75 MB per million respondents).
* **aggregates** — one row per district with respondents, a percentage (0–100) and optionally
  the effective n; an optional ``period`` column lets one file hold several quarters, of which
  the caller imports one (``period=`` argument).

A district given only by name is matched ignoring case and accents, by its display name or by
one of the names INEI files use (:data:`ALIASES_CSV`, e.g. ``LURIGANCHO``), also when a wrong
decoding garbled it (``BRE¥A``); a near miss is only suggested, never accepted.

CSV files are read through :class:`io.TextIOWrapper` + :func:`csv.reader`, row by row; XLSX
workbooks through openpyxl in read-only mode. Nothing here raises on bad input: every problem
becomes a :class:`Problem` with a 1-based row number (the header is row 1), a reason ``code``,
``params`` for translation and an English ``message``.
"""
from __future__ import annotations

import codecs
import csv
import dataclasses
import difflib
import functools
import io
import math
import operator
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Iterable, Iterator
from xml.etree.ElementTree import ParseError as XMLParseError

try:  # the statistics module owns the accumulator type
    from app.perception.statistics import DistrictSums
except ImportError:  # pragma: no cover - only while statistics.py does not exist yet

    @dataclass(frozen=True)
    class DistrictSums:  # type: ignore[no-redef]
        respondents: int = 0
        sum_w: float = 0.0
        sum_w2: float = 0.0
        sum_wy: float = 0.0


try:
    from app.perception.periods import parse_period as _parse_period_obj
except ImportError:  # pragma: no cover
    _parse_period_obj = None

# --------------------------------------------------------------------------------------------
# Constants
# --------------------------------------------------------------------------------------------

MAX_PROBLEMS = 200
# Bounds that keep every sum finite and exact enough (w² neither overflows nor underflows to 0)
# and every count storable; real survey files are far inside them.
MIN_WEIGHT = 1e-100
MAX_WEIGHT = 1e100
MAX_RESPONDENTS = 1_000_000_000
SNIFF_BYTES = 64 * 1024
SEPARATORS = (",", ";", "\t")
XLSX_MAGIC = b"PK\x03\x04"

MICRODATA = "microdata"
AGGREGATES = "aggregates"

ROLE_DISTRICT_CODE = "district_code"
ROLE_CCDD = "ccdd"
ROLE_CCPP = "ccpp"
ROLE_CCDI = "ccdi"
ROLE_DISTRICT_NAME = "district_name"
ROLE_WEIGHT = "weight"
ROLE_ANSWER = "answer"
ROLE_RESPONDENTS = "respondents"
ROLE_PCT = "pct"
ROLE_EFFECTIVE_N = "effective_n"
ROLE_PERIOD = "period"
ROLE_RESPONDENT_ID = "respondent_id"  # may be given to several columns (CONGLOMERADO+VIVIENDA+…)
ROLE_IGNORE = "ignore"  # override value that removes a detected role

ROLES = (
    ROLE_DISTRICT_CODE,
    ROLE_CCDD,
    ROLE_CCPP,
    ROLE_CCDI,
    ROLE_DISTRICT_NAME,
    ROLE_WEIGHT,
    ROLE_ANSWER,
    ROLE_RESPONDENTS,
    ROLE_PCT,
    ROLE_EFFECTIVE_N,
    ROLE_PERIOD,
    ROLE_RESPONDENT_ID,
)
MULTI_ROLES = frozenset({ROLE_RESPONDENT_ID})

# Normalised header (see _header_key) -> role.
_HEADER_ALIASES: dict[str, str] = {}
for _role, _names in {
    ROLE_DISTRICT_CODE: (
        "UBIGEO", "CODIGO", "COD_DIST", "CODDIST", "COD_DISTRITO", "CODIGO_DISTRITO", "UBIGEO_DIST",
        "COD_UBIGEO", "DISTRICT_CODE", "CODE", "UBIGEO_INEI",
    ),
    ROLE_CCDD: ("CCDD",),
    ROLE_CCPP: ("CCPP",),
    ROLE_CCDI: ("CCDI",),
    ROLE_DISTRICT_NAME: (
        "NOMBREDI", "DISTRITO", "DISTRICT", "NOMBRE_DISTRITO", "DISTRICT_NAME", "NOMBRE_DI", "NAME",
    ),
    ROLE_WEIGHT: ("FACTOR", "FACTOR07", "FACTOR_07", "FACTOR_EXPANSION", "FAC_EXP", "PESO", "WEIGHT"),
    ROLE_ANSWER: ("P611", "RESPUESTA", "ANSWER"),
    ROLE_RESPONDENTS: ("RESPONDENTS", "N", "ENCUESTADOS", "N_RESPONDENTS", "NUM_ENCUESTADOS"),
    ROLE_PCT: ("PCT", "PCT_INSECURE", "PORCENTAJE", "PERCENT", "PERCENTAGE", "PCT_INSEGURIDAD"),
    ROLE_EFFECTIVE_N: ("EFFECTIVE_N", "N_EFF", "NEFF", "N_EFECTIVO", "N_EFECTIVA"),
    ROLE_PERIOD: ("PERIOD", "PERIODO", "TRIMESTRE", "QUARTER"),
    ROLE_RESPONDENT_ID: (
        "CONGLOMERADO", "CONGLOME", "VIVIENDA", "HOGAR", "CODPERSO", "RESPONDENT_ID", "ID_PERSONA",
    ),
}.items():
    for _name in _names:
        _HEADER_ALIASES[_name] = _role

# Answer value (as written, and folded) -> y (1 = perceives insecurity / "sí").
_ANSWERS: dict[str, int] = {
    "1": 1, "2": 0, "0": 0,
    "si": 1, "sí": 1, "no": 0, "yes": 1,
    "SI": 1, "SÍ": 1, "NO": 0, "YES": 1, "Si": 1, "Sí": 1, "No": 0, "Yes": 1,
}
ALLOWED_ANSWERS = ("1", "2", "0", "sí", "si", "no", "yes")

_THOUSANDS_DOT = re.compile(r"[+-]?\d{1,3}(\.\d{3})+(,\d*)?")
_THOUSANDS_COMMA = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")
_COMMA_DECIMAL = re.compile(r"[+-]?\d*,\d+")
_DOT_DECIMAL = re.compile(r"[+-]?\d*\.\d+")
_PERIOD_YEAR_FIRST = re.compile(r"(\d{4})\s*[-_/ ]?\s*[TQ]\s*([1-4])", re.IGNORECASE)
_PERIOD_QUARTER_FIRST = re.compile(r"[TQ]\s*([1-4])\s*[-_/ ]?\s*(\d{4})", re.IGNORECASE)

# Errors openpyxl / zipfile raise on files that are not valid workbooks.
try:
    from openpyxl.utils.exceptions import InvalidFileException
except ImportError:  # pragma: no cover
    class InvalidFileException(Exception):  # type: ignore[no-redef]
        pass

_XLSX_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    InvalidFileException,
    XMLParseError,
    KeyError,
    ValueError,
    TypeError,
    IndexError,
    EOFError,
    OSError,
    NotImplementedError,
)

# --------------------------------------------------------------------------------------------
# Data classes
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dialect:
    """How a file is written. ``format`` is ``"csv"`` or ``"xlsx"``; for XLSX the encoding and
    separator are irrelevant and ``decimal`` only applies to numbers stored as text."""

    format: str = "csv"
    encoding: str = "utf-8"
    separator: str = ","
    decimal: str = "."
    bom: bool = False

    def describe(self) -> str:
        if self.format == "xlsx":
            return "XLSX workbook"
        sep = {",": "comma", ";": "semicolon", "\t": "tab"}.get(self.separator, repr(self.separator))
        dec = "comma" if self.decimal == "," else "point"
        bom = " with BOM" if self.bom else ""
        return f"CSV, {self.encoding}{bom}, {sep}-separated, decimal {dec}"


@dataclass(frozen=True)
class Problem:
    row: int | None
    code: str
    message: str
    params: dict[str, Any] = field(default_factory=dict)
    column: str | None = None


@dataclass(frozen=True)
class AggregateValues:
    code: str
    name: str
    respondents: int
    pct: float
    effective_n: float | None
    row: int


@dataclass
class ParseResult:
    shape: str | None
    dialect: Dialect | None
    roles: dict[str, str]
    headers: list[str]
    rows_read: int = 0  # data rows read (blank rows not counted), all periods
    rows_used: int = 0  # data rows in the requested period
    districts: dict[str, Any] = field(default_factory=dict)  # code -> DistrictSums | AggregateValues
    problems: list[Problem] = field(default_factory=list)  # the first MAX_PROBLEMS
    problem_count: int = 0  # every problem, including those not stored
    periods_seen: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.problem_count == 0 and self.shape is not None

    @property
    def problems_truncated(self) -> bool:
        return self.problem_count > len(self.problems)


@dataclass
class Preview:
    dialect: Dialect | None
    headers: list[str]
    roles: dict[str, str]
    rows: list[list[str]]
    shape: str | None
    problems: list[Problem] = field(default_factory=list)


class MissingColumns(ValueError):
    """Raised by :func:`shape` when the roles fit neither shape."""

    def __init__(self, missing: list[str], closest: str | None):
        self.missing = missing
        self.closest = closest
        super().__init__(f"Missing columns for {closest or 'any shape'}: {', '.join(missing)}")


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------


def fold(text: str) -> str:
    """Case- and accent-insensitive form: 'Jesús María' and 'JESUS  MARIA' → 'jesus maria'."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", stripped).split())


def _header_key(header: str) -> str:
    return fold(header).upper().replace(" ", "_")


class _Collector:
    def __init__(self, result: ParseResult):
        self.result = result

    def add(self, row: int | None, code: str, message: str, column: str | None = None, **params: Any) -> None:
        res = self.result
        res.problem_count += 1
        if len(res.problems) < MAX_PROBLEMS:
            res.problems.append(Problem(row=row, code=code, message=message, params=params, column=column))


class _NumberError(Exception):
    def __init__(self, code: str):
        self.code = code


def _number(text: str, decimal: str) -> float:
    """Parse a number written with the given decimal mark; raise _NumberError('bad_number' |
    'non_finite_number'). Thousands separators in the other mark are accepted when well formed."""
    s = text.strip()
    if "_" in s or not s:
        raise _NumberError("bad_number")
    if decimal == ",":
        if "." in s:
            if not _THOUSANDS_DOT.fullmatch(s):
                raise _NumberError("bad_number")
            s = s.replace(".", "")
        s = s.replace(",", ".")
    elif "," in s:
        if not _THOUSANDS_COMMA.fullmatch(s):
            raise _NumberError("bad_number")
        s = s.replace(",", "")
    try:
        value = float(s)
    except ValueError:
        raise _NumberError("bad_number") from None
    if not math.isfinite(value):
        raise _NumberError("non_finite_number")
    return value


def normalise_period(text: str) -> str | None:
    """'2026T3', '2026-Q3', 'T3 2026' … → '2026-T3'; None when not a quarter."""
    if _parse_period_obj is not None:
        try:
            return str(_parse_period_obj(text))
        except ValueError:
            return None
    s = text.strip()
    m = _PERIOD_YEAR_FIRST.fullmatch(s)
    if m:
        return f"{m.group(1)}-T{m.group(2)}"
    m = _PERIOD_QUARTER_FIRST.fullmatch(s)
    if m:
        return f"{m.group(2)}-T{m.group(1)}"
    return None


# --------------------------------------------------------------------------------------------
# Dialect sniffing
# --------------------------------------------------------------------------------------------


def _detect_encoding(head: bytes) -> tuple[str, bool]:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", True
    try:
        head.decode("utf-8")
        return "utf-8", False
    except UnicodeDecodeError as exc:
        # A multi-byte character cut by the end of the sniffed block is still UTF-8.
        if exc.reason == "unexpected end of data" and exc.start >= len(head) - 3:
            return "utf-8", False
    try:
        head.decode("cp1252")
        return "cp1252", False
    except UnicodeDecodeError:
        return "latin-1", False


def _sample_rows(text: str, separator: str, limit: int = 20) -> list[list[str]]:
    lines = text.splitlines(keepends=True)
    if len(lines) > 1 and not text.endswith(("\n", "\r")):
        lines = lines[:-1]  # the last one may be cut by the sniff block
    rows: list[list[str]] = []
    try:
        for row in csv.reader(lines, delimiter=separator):
            if not row or all(not f.strip() for f in row):
                continue
            rows.append(row)
            if len(rows) >= limit:
                break
    except csv.Error:
        pass
    return rows


def _detect_separator(text: str) -> str:
    best = ","
    best_score: tuple[float, int] = (-1.0, 0)
    for sep in SEPARATORS:
        rows = _sample_rows(text, sep)
        if not rows:
            continue
        width = len(rows[0])
        if width < 2:
            score = (0.0, width)
        else:
            data = rows[1:]
            consistent = sum(1 for r in data if len(r) == width) / len(data) if data else 1.0
            score = (consistent, width)
        if score > best_score:
            best, best_score = sep, score
    return best


def _detect_decimal(rows: list[list[str]], separator: str) -> str:
    if separator == ",":
        return "."
    commas = dots = 0
    for row in rows[1:]:
        for f in row:
            f = f.strip()
            if _COMMA_DECIMAL.fullmatch(f):
                commas += 1
            elif _DOT_DECIMAL.fullmatch(f):
                dots += 1
    return "," if commas > dots else "."


def sniff(data_head: bytes, encoding: str | None = None, separator: str | None = None,
          decimal: str | None = None) -> Dialect:
    """Detect the dialect from the first bytes of a file; any argument given overrides detection."""
    if data_head.startswith(XLSX_MAGIC):
        return Dialect(format="xlsx", encoding="", separator="", decimal=decimal or ".", bom=False)
    if encoding is None:
        encoding, bom = _detect_encoding(data_head)
    else:
        bom = data_head.startswith(codecs.BOM_UTF8)
        if bom and encoding.replace("_", "-").lower() in ("utf-8", "utf8"):
            encoding = "utf-8-sig"
    text = data_head.decode(encoding if encoding != "utf-8-sig" else "utf-8-sig", errors="replace")
    if separator is None:
        separator = _detect_separator(text)
    if decimal is None:
        decimal = _detect_decimal(_sample_rows(text, separator), separator)
    return Dialect(format="csv", encoding=encoding, separator=separator, decimal=decimal, bom=bom)


# --------------------------------------------------------------------------------------------
# Roles and shape
# --------------------------------------------------------------------------------------------


def detect_roles(headers: Iterable[str], overrides: dict[str, str] | None = None) -> dict[str, str]:
    """Map header -> role from common column names (case/accent-insensitive).

    ``overrides`` (``{"FACTOR": "weight"}``, as ``--map COL=ROLE``) win over detection; a column
    given a single-valued role takes it away from any other column; role ``ignore`` removes it.
    Columns or roles that do not exist are ignored here (see :func:`check_overrides`)."""
    headers = list(headers)
    roles: dict[str, str] = {}
    taken: set[str] = set()
    for header in headers:
        role = _HEADER_ALIASES.get(_header_key(header))
        if role is None or header in roles:
            continue
        if role in taken and role not in MULTI_ROLES:
            continue
        roles[header] = role
        taken.add(role)
    for column, role in (overrides or {}).items():
        header = _resolve_column(column, headers)
        if header is None:
            continue
        role = role.strip().lower()
        if role == ROLE_IGNORE or role == "":
            roles.pop(header, None)
            continue
        if role not in ROLES:
            continue
        if role not in MULTI_ROLES:
            for other, other_role in list(roles.items()):
                if other_role == role and other != header:
                    del roles[other]
        roles[header] = role
    return roles


def _resolve_column(column: str, headers: list[str]) -> str | None:
    if column in headers:
        return column
    key = _header_key(column)
    for header in headers:
        if _header_key(header) == key:
            return header
    return None


def check_overrides(headers: list[str], overrides: dict[str, str] | None) -> list[Problem]:
    problems: list[Problem] = []
    for column, role in (overrides or {}).items():
        if _resolve_column(column, headers) is None:
            problems.append(Problem(None, "unknown_column", f"Column {column!r} is not in the file",
                                    {"column": column, "columns": ", ".join(headers)}))
        r = role.strip().lower()
        if r not in ROLES and r not in (ROLE_IGNORE, ""):
            problems.append(Problem(None, "unknown_role", f"Unknown role {role!r} for column {column!r}",
                                    {"column": column, "role": role, "roles": ", ".join(ROLES)}))
    return problems


def _has_district(present: set[str]) -> bool:
    return (ROLE_DISTRICT_CODE in present or {ROLE_CCDD, ROLE_CCPP, ROLE_CCDI} <= present
            or ROLE_DISTRICT_NAME in present)


def _district_missing(present: set[str]) -> list[str]:
    return [] if _has_district(present) else [f"{ROLE_DISTRICT_CODE} (or {ROLE_CCDD}+{ROLE_CCPP}+{ROLE_CCDI})"]


def shape(roles: dict[str, str]) -> str:
    """'microdata' or 'aggregates'; raise MissingColumns listing what is missing otherwise."""
    present = set(roles.values())
    micro_missing = _district_missing(present) + [r for r in (ROLE_WEIGHT, ROLE_ANSWER) if r not in present]
    if not micro_missing:
        return MICRODATA
    agg_missing = _district_missing(present) + [r for r in (ROLE_RESPONDENTS, ROLE_PCT) if r not in present]
    if not agg_missing:
        return AGGREGATES
    if present & {ROLE_WEIGHT, ROLE_ANSWER}:
        raise MissingColumns(micro_missing, MICRODATA)
    if present & {ROLE_RESPONDENTS, ROLE_PCT, ROLE_EFFECTIVE_N}:
        raise MissingColumns(agg_missing, AGGREGATES)
    raise MissingColumns(micro_missing if len(micro_missing) <= len(agg_missing) else agg_missing, None)


# --------------------------------------------------------------------------------------------
# Row sources
# --------------------------------------------------------------------------------------------


class _Prepended(io.RawIOBase):
    """A raw stream giving ``head`` then the rest of ``stream`` (for non-seekable input).
    Closing it does not close ``stream``."""

    def __init__(self, head: bytes, stream: BinaryIO):
        self._head = memoryview(head)
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._stream.read(len(buffer))
        if not data:
            return 0
        buffer[: len(data)] = data
        return len(data)


def _seekable(stream: BinaryIO) -> bool:
    try:
        return bool(stream.seekable())
    except (AttributeError, OSError, ValueError):
        return False


def _read_head(stream: BinaryIO) -> tuple[bytes, BinaryIO, int | None]:
    """Read the first bytes; return (head, stream positioned at the start, start offset)."""
    if _seekable(stream):
        start = stream.tell()
        head = stream.read(SNIFF_BYTES) or b""
        stream.seek(start)
        return head, stream, start
    head = stream.read(SNIFF_BYTES) or b""
    return head, io.BufferedReader(_Prepended(head, stream)), None  # type: ignore[return-value]


def _xlsx_cell(value: Any, decimal: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < 1e15:
            text = str(int(value))
        else:
            text = repr(value)
        return text.replace(".", ",") if decimal == "," else text
    return str(value)


class _XlsxSource:
    def __init__(self, stream: BinaryIO, sheet: str | None):
        import openpyxl

        if not _seekable(stream):
            stream = io.BytesIO(stream.read())
        self.workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
        if sheet is not None:
            if sheet not in self.workbook.sheetnames:
                self.workbook.close()
                raise _SheetMissing(sheet, list(self.workbook.sheetnames))
            self.ws = self.workbook[sheet]
        else:
            self.ws = self.workbook.worksheets[0]

    def rows(self, decimal: str) -> Iterator[list[str]]:
        for values in self.ws.iter_rows(values_only=True):
            yield [_xlsx_cell(v, decimal) for v in values]

    def close(self) -> None:
        self.workbook.close()


class _SheetMissing(Exception):
    def __init__(self, sheet: str, available: list[str]):
        self.sheet = sheet
        self.available = available


def _xlsx_decimal(stream: BinaryIO, sheet: str | None) -> str:
    """Decimal mark of numbers stored as text in the first rows of a workbook."""
    src = _XlsxSource(stream, sheet)
    try:
        rows = []
        for i, row in enumerate(src.rows(".")):
            rows.append(row)
            if i >= 20:
                break
        return _detect_decimal(rows, ";")
    finally:
        src.close()


# --------------------------------------------------------------------------------------------
# District lookup
# --------------------------------------------------------------------------------------------


ALIASES_CSV = Path(__file__).resolve().parent.parent / "data" / "district_name_aliases.csv"


@functools.lru_cache(maxsize=4)
def load_aliases(path: Path = ALIASES_CSV) -> dict[str, str]:
    """Other names of districts, as INEI files write them: alias -> UBIGEO (data, not code)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["alias"].strip(): row["ubigeo"].strip() for row in csv.DictReader(fh)}


def _repairs(name: str) -> Iterator[str]:
    """The name as it reads once a wrong decoding is undone: UTF-8 read as Latin-1/cp1252
    ('BREÃ‘A') or DOS code page 850 read as Latin-1/cp1252 ('BRE¥A'), both giving 'BREÑA'."""
    if name.isascii():
        return
    for wrong in ("cp1252", "latin-1"):
        for right in ("utf-8", "cp850"):
            try:
                fixed = name.encode(wrong).decode(right)
            except UnicodeError:
                continue
            if fixed != name:
                yield fixed


class _DistrictIndex:
    """Districts by folded name: the display names, then the aliases of districts in the list."""

    def __init__(self, districts: dict[str, str], aliases: dict[str, str] | None = None):
        self.districts = districts
        self.by_folded: dict[str, str] = {}
        self._alias_of: dict[str, str] = {}  # folded alias -> the alias as written
        for code, name in districts.items():
            self.by_folded.setdefault(fold(name), code)
        for alias, code in (load_aliases() if aliases is None else aliases).items():
            key = fold(alias)
            if code in districts and key and key not in self.by_folded:
                self.by_folded[key] = code
                self._alias_of[key] = alias
        self._folded_names = list(self.by_folded)
        self._cache: dict[str, tuple[str | None, str | None]] = {}

    def by_name(self, name: str) -> tuple[str | None, str | None]:
        """(code, None) on a match after folding, by display name or alias, also once a wrong
        decoding is undone; (None, suggestion or None) otherwise: a near miss is only suggested."""
        hit = self._cache.get(name)
        if hit is not None:
            return hit
        answer = self._match(name)
        if len(self._cache) < 10_000:
            self._cache[name] = answer
        return answer

    def _match(self, name: str) -> tuple[str | None, str | None]:
        folded = fold(name)
        for candidate in (folded, *(fold(fixed) for fixed in _repairs(name))):
            code = self.by_folded.get(candidate)
            if code is not None:
                return code, None
        close = difflib.get_close_matches(folded, self._folded_names, n=1, cutoff=0.75) if folded else []
        if not close:
            return None, None
        display = self.districts[self.by_folded[close[0]]]
        alias = self._alias_of.get(close[0])
        return None, f"{display} ({alias})" if alias else display


def _pad_code(raw: str, width: int) -> str:
    if raw.isdigit() and len(raw) < width:
        return raw.zfill(width)
    if raw.endswith(".0") and raw[:-2].isdigit():  # 150101.0 from a spreadsheet
        return raw[:-2].zfill(width)
    return raw


# --------------------------------------------------------------------------------------------
# Parsing
# --------------------------------------------------------------------------------------------


class _EncodingRetry(Exception):
    pass


def parse(
    stream: BinaryIO,
    districts: dict[str, str],
    dialect: Dialect | None = None,
    roles: dict[str, str] | None = None,
    sheet: str | None = None,
    period: str | None = None,
    *,
    encoding: str | None = None,
    separator: str | None = None,
    decimal: str | None = None,
    aliases: dict[str, str] | None = None,
) -> ParseResult:
    """Parse a survey file (CSV or XLSX) in one streaming pass.

    ``districts`` maps 6-digit UBIGEO -> display name; ``aliases`` maps other names -> UBIGEO
    for files that give districts by name (default: :data:`ALIASES_CSV`). ``dialect`` (or the individual
    ``encoding``/``separator``/``decimal`` overrides) replaces detection; ``roles`` maps column ->
    role and overrides detection (``--map``). With a ``period`` column, ``period`` selects the
    quarter to import; rows of other quarters are read but ignored. Never raises on bad input."""
    result = ParseResult(shape=None, dialect=None, roles={}, headers=[])
    collect = _Collector(result)
    index = _DistrictIndex(districts, aliases)
    wanted: str | None = None
    if period is not None:
        wanted = normalise_period(period)
        if wanted is None:
            collect.add(None, "bad_period", f"{period!r} is not a quarter such as 2026-T3", value=period)
            return result
    try:
        head, stream, start = _read_head(stream)
    except OSError as exc:
        collect.add(None, "read_error", f"The file could not be read: {exc}", error=str(exc))
        return result
    if not head.strip(b" \t\r\n\x00") and not head.startswith(XLSX_MAGIC):
        collect.add(None, "empty_file", "The file is empty")
        return result

    auto_encoding = dialect is None and encoding is None
    if dialect is None:
        dialect = sniff(head, encoding=encoding, separator=separator, decimal=decimal)
    if dialect.format == "xlsx":
        return _parse_xlsx(stream, index, dialect, roles, sheet, wanted, result, collect, decimal)
    if auto_encoding and start is not None and len(head) == SNIFF_BYTES and head.isascii():
        dialect = dataclasses.replace(dialect, encoding=_whole_file_encoding(stream, start))

    # Try the detected encoding, then the more permissive ones, while the stream can be rewound.
    chain = [dialect.encoding]
    if auto_encoding:
        chain += [e for e in ("cp1252", "latin-1") if e not in chain]
    for i, enc in enumerate(chain):
        attempt = Dialect("csv", enc, dialect.separator, dialect.decimal, dialect.bom)
        fresh = ParseResult(shape=None, dialect=attempt, roles={}, headers=[])
        fresh_collect = _Collector(fresh)
        can_retry = i + 1 < len(chain) and start is not None
        try:
            _parse_csv(stream, index, attempt, roles, wanted, fresh, fresh_collect, can_retry)
            return fresh
        except _EncodingRetry:
            stream.seek(start)  # type: ignore[arg-type]
            continue
    return result  # pragma: no cover - the last encoding never asks for a retry


def _whole_file_encoding(stream: BinaryIO, start: int) -> str:
    """UTF-8 when the whole (seekable) file decodes as UTF-8, else cp1252; rewinds the stream.

    A head of plain ASCII says nothing about the encoding, and INEI files often have their first
    'Ñ' deep inside; checking the bytes in C costs far less than parsing again from the start."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := stream.read(1024 * 1024):
            if not chunk.isascii() or decoder.getstate()[0]:  # [0]: bytes of a cut character
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1252"
    finally:
        stream.seek(start)


def _text_rows(stream: BinaryIO, dialect: Dialect) -> tuple[io.TextIOWrapper, Iterator[list[str]]]:
    text = io.TextIOWrapper(stream, encoding=dialect.encoding, errors="strict", newline="")
    return text, csv.reader(text, delimiter=dialect.separator)


def _parse_csv(stream, index, dialect, overrides, wanted, result, collect, can_retry) -> None:
    text, reader = _text_rows(stream, dialect)
    rownum = 0
    try:
        try:
            _consume(_numbered(reader), index, dialect, overrides, wanted, result, collect, strict_width=True)
        except UnicodeDecodeError as exc:
            if can_retry:
                raise _EncodingRetry() from exc
            collect.add(None, "encoding_error",
                        f"The file is not valid {dialect.encoding} text; choose another encoding",
                        encoding=dialect.encoding)
        except csv.Error as exc:
            rownum = getattr(reader, "line_num", 0)
            collect.add(rownum or None, "bad_csv", f"The file is not valid CSV near line {rownum}: {exc}",
                        error=str(exc))
    finally:
        try:
            text.detach()
        except ValueError:
            pass


def _parse_xlsx(stream, index, dialect, overrides, sheet, wanted, result, collect, decimal) -> ParseResult:
    src = None
    try:
        if decimal is None:
            start = stream.tell() if _seekable(stream) else None
            if start is not None:
                dec = _xlsx_decimal(stream, sheet)
                stream.seek(start)
                dialect = Dialect("xlsx", "", "", dec, False)
        result.dialect = dialect
        src = _XlsxSource(stream, sheet)
        _consume(enumerate(src.rows(dialect.decimal), start=1), index, dialect, overrides, wanted, result,
                 collect, strict_width=False)
    except _SheetMissing as exc:
        collect.add(None, "missing_sheet", f"The workbook has no sheet named {exc.sheet!r}",
                    sheet=exc.sheet, sheets=", ".join(exc.available))
    except _XLSX_ERRORS as exc:
        collect.add(None, "bad_xlsx", f"The file is not a readable XLSX workbook: {exc}", error=str(exc))
    finally:
        if src is not None:
            try:
                src.close()
            except _XLSX_ERRORS:
                pass
    result.dialect = dialect
    return result


def _numbered(reader: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
    return enumerate(reader, start=1)


def _consume(rows, index: _DistrictIndex, dialect: Dialect, overrides, wanted, result: ParseResult,
             collect: _Collector, strict_width: bool) -> None:
    header_row = 0
    headers: list[str] = []
    for rownum, row in rows:
        if row and any(f.strip() for f in row):
            headers = [h.strip() for h in row]
            header_row = rownum
            break
    if not headers:
        collect.add(None, "empty_file", "The file is empty")
        return
    if not strict_width:  # spreadsheets pad the header with empty cells
        while headers and not headers[-1]:
            headers.pop()
    result.headers = headers
    for problem in check_overrides(headers, overrides):
        collect.add(problem.row, problem.code, problem.message, **problem.params)
    roles = detect_roles(headers, overrides)
    result.roles = roles
    try:
        kind = shape(roles)
    except MissingColumns as exc:
        collect.add(header_row, "missing_columns",
                    f"Missing columns: {', '.join(exc.missing)}",
                    missing=", ".join(exc.missing), shape=exc.closest or "",
                    columns=", ".join(headers))
        return
    result.shape = kind
    if kind == MICRODATA:
        _microdata(rows, headers, roles, index, dialect, wanted, result, collect, strict_width)
    else:
        _aggregates(rows, headers, roles, index, dialect, wanted, result, collect, strict_width)
    if result.rows_read == 0:
        collect.add(None, "empty_file", "The file has a header but no data rows")
    elif wanted is not None and result.rows_used == 0 and result.problem_count == 0:
        collect.add(None, "no_rows_for_period", f"The file has no rows for {wanted}",
                    period=wanted, periods=", ".join(result.periods_seen[:20]))


def _col(roles: dict[str, str], headers: list[str], role: str) -> int | None:
    for i, h in enumerate(headers):
        if roles.get(h) == role:
            return i
    return None


class _Locator:
    """Finds the district of a row from its code column(s) or name."""

    def __init__(self, roles, headers, index: _DistrictIndex):
        self.index = index
        self.code_i = _col(roles, headers, ROLE_DISTRICT_CODE)
        trio = [_col(roles, headers, r) for r in (ROLE_CCDD, ROLE_CCPP, ROLE_CCDI)]
        self.trio = trio if None not in trio and self.code_i is None else None
        self.name_i = _col(roles, headers, ROLE_DISTRICT_NAME)
        self.codes = index.districts
        self.code_header = headers[self.code_i] if self.code_i is not None else None

    def locate(self, row: list[str], rownum: int, collect: _Collector) -> str | None:
        code = ""
        if self.code_i is not None:
            code = _pad_code(row[self.code_i].strip(), 6)
        elif self.trio is not None:
            a, b, c = (row[i].strip() for i in self.trio)
            if a or b or c:
                code = _pad_code(a, 2) + _pad_code(b, 2) + _pad_code(c, 2)
        if code:
            if code in self.codes:
                return code
            name = row[self.name_i].strip() if self.name_i is not None else ""
            collect.add(rownum, "unknown_district", f"Row {rownum}: unknown district code {code!r}",
                        column=self.code_header, value=code, name=name)
            return None
        if self.name_i is not None:
            name = row[self.name_i].strip()
            if name:
                found, suggestion = self.index.by_name(name)
                if found is not None:
                    return found
                if suggestion:
                    collect.add(rownum, "unknown_district",
                                f"Row {rownum}: unknown district {name!r}; did you mean {suggestion!r}?",
                                value=name, suggestion=suggestion)
                else:
                    collect.add(rownum, "unknown_district", f"Row {rownum}: unknown district {name!r}",
                                value=name, suggestion="")
                return None
        collect.add(rownum, "missing_district", f"Row {rownum}: the district is missing")
        return None


def _check_width(row, width, rownum, collect, strict) -> list[str] | None:
    n = len(row)
    if n == width:
        return row
    if n > width and not any(f.strip() for f in row[width:]):
        return row[:width]
    if n < width and not strict:
        return row + [""] * (width - n)
    collect.add(rownum, "wrong_field_count",
                f"Row {rownum} has {n} fields but the header has {width}", fields=n, expected=width)
    return None


def _period_of(row, period_i, rownum, wanted, result, seen: set[str], collect) -> bool | None:
    """True if the row belongs to the requested period, False if not, None if its period is bad."""
    if period_i is None:
        return True
    raw = row[period_i].strip()
    p = normalise_period(raw)
    if p is None:
        collect.add(rownum, "bad_period", f"Row {rownum}: {raw!r} is not a quarter such as 2026-T3", value=raw)
        return None
    if p not in seen:
        seen.add(p)
        result.periods_seen.append(p)
        if wanted is None and len(seen) == 2:
            collect.add(rownum, "multiple_periods",
                        f"The file holds several periods ({result.periods_seen[0]}, {p}, …); "
                        "choose the one to import",
                        periods=f"{result.periods_seen[0]}, {p}")
    if wanted is None:  # without a filter, only the first period is read (and the file is not ok)
        return p == result.periods_seen[0]
    return p == wanted


def _microdata(rows, headers, roles, index, dialect, wanted, result, collect, strict) -> None:
    width = len(headers)
    loc = _Locator(roles, headers, index)
    w_i = _col(roles, headers, ROLE_WEIGHT)
    a_i = _col(roles, headers, ROLE_ANSWER)
    p_i = _col(roles, headers, ROLE_PERIOD)
    id_cols = [i for i, h in enumerate(headers) if roles.get(h) == ROLE_RESPONDENT_ID]
    w_header, a_header = headers[w_i], headers[a_i]
    decimal = dialect.decimal
    comma = decimal == ","
    other_mark = "." if comma else ","
    answers = _ANSWERS
    code_i, trio, codes = loc.code_i, loc.trio, index.districts
    t0, t1, t2 = trio if trio is not None else (0, 0, 0)
    id_key = operator.itemgetter(*id_cols) if id_cols else None
    sums: dict[str, list] = {}
    seen_ids: set[int] = set()
    periods: set[str] = set()
    read = used = 0
    for rownum, row in rows:
        if len(row) != width:
            if not row or not any(f.strip() for f in row):
                continue
            row = _check_width(row, width, rownum, collect, strict)
            if row is None:
                read += 1
                continue
        if not row[a_i] and not any(f.strip() for f in row):  # blank spreadsheet row
            continue
        read += 1
        if p_i is not None:
            in_period = _period_of(row, p_i, rownum, wanted, result, periods, collect)
            if not in_period:
                continue
        used += 1
        good = True
        # Fast path for well-formed codes; anything else goes through the full lookup.
        if code_i is not None:
            code = row[code_i]
            if code not in codes:
                code = loc.locate(row, rownum, collect)
        elif trio is not None:
            a = row[t0]
            b = row[t1]
            code = a + b + row[t2]
            if len(a) != 2 or len(b) != 2 or code not in codes:
                code = loc.locate(row, rownum, collect)
        else:
            code = loc.locate(row, rownum, collect)
        if code is None:
            good = False
        raw_w = row[w_i]
        # Fast path: a plain number in the file's decimal mark within the bounds (NaN fails the
        # chained comparison too); anything else is re-read by _weight to say what is wrong.
        if other_mark in raw_w or "_" in raw_w:
            weight = -1.0
        else:
            try:
                weight = float(raw_w.replace(",", ".") if comma else raw_w)
            except ValueError:
                weight = -1.0
        if not MIN_WEIGHT <= weight <= MAX_WEIGHT:
            weight = _weight(raw_w, decimal, rownum, w_header, collect)
            if weight is None:
                good = False
        raw_a = row[a_i]
        y = answers.get(raw_a)
        if y is None:
            y = answers.get(fold(raw_a))
            if y is None:
                collect.add(rownum, "answer_not_allowed",
                            f"Row {rownum}: answer {raw_a.strip()!r} is not one of {', '.join(ALLOWED_ANSWERS)}",
                            column=a_header, value=raw_a.strip(), allowed=", ".join(ALLOWED_ANSWERS))
                good = False
        if id_key is not None:
            before = len(seen_ids)
            seen_ids.add(hash(id_key(row)))
            if len(seen_ids) == before:
                collect.add(rownum, "duplicate_respondent",
                            f"Row {rownum}: respondent {'/'.join(row[i].strip() for i in id_cols)} appears twice",
                            value="/".join(row[i].strip() for i in id_cols))
                good = False
        if not good:
            continue
        acc = sums.get(code)
        if acc is None:
            sums[code] = [1, weight, weight * weight, weight * y]
        else:
            acc[0] += 1
            acc[1] += weight
            acc[2] += weight * weight
            acc[3] += weight * y
    result.rows_read = read
    result.rows_used = used
    result.districts = {
        code: DistrictSums(respondents=a[0], sum_w=a[1], sum_w2=a[2], sum_wy=a[3]) for code, a in sums.items()
    }


def _weight(raw: str, decimal: str, rownum: int, header: str, collect: _Collector) -> float | None:
    """The weight of a row the fast path did not accept, or None after reporting why it is wrong."""
    value = raw.strip()
    if not value:
        collect.add(rownum, "missing_weight", f"Row {rownum}: the weight is missing", column=header)
        return None
    try:
        weight = _number(value, decimal)
    except _NumberError as exc:
        if exc.code == "non_finite_number":
            collect.add(rownum, "non_finite_number", f"Row {rownum}: {value!r} is not a finite number",
                        column=header, value=value)
        else:
            collect.add(rownum, "bad_number", f"Row {rownum}: {value!r} is not a number", column=header, value=value)
        return None
    if weight <= 0:
        collect.add(rownum, "non_positive_weight", f"Row {rownum}: the weight must be positive",
                    column=header, value=value)
        return None
    if not MIN_WEIGHT <= weight <= MAX_WEIGHT:
        collect.add(rownum, "bad_number", f"Row {rownum}: the weight {value} is outside the range of survey "
                    f"weights ({MIN_WEIGHT:g} to {MAX_WEIGHT:g})", column=header, value=value)
        return None
    return weight


def _aggregates(rows, headers, roles, index, dialect, wanted, result, collect, strict) -> None:
    width = len(headers)
    loc = _Locator(roles, headers, index)
    r_i = _col(roles, headers, ROLE_RESPONDENTS)
    pct_i = _col(roles, headers, ROLE_PCT)
    e_i = _col(roles, headers, ROLE_EFFECTIVE_N)
    p_i = _col(roles, headers, ROLE_PERIOD)
    decimal = dialect.decimal
    values: dict[str, AggregateValues] = {}
    periods: set[str] = set()
    read = used = 0

    def number(raw: str, rownum: int, column: str, required: bool) -> float | None | bool:
        """The value, None when empty and optional, False after reporting a problem."""
        if not raw.strip():
            if not required:
                return None
            collect.add(rownum, "missing_value", f"Row {rownum}: {column} is missing", column=column)
            return False
        try:
            return _number(raw, decimal)
        except _NumberError as exc:
            if exc.code == "non_finite_number":
                collect.add(rownum, "non_finite_number", f"Row {rownum}: {raw.strip()!r} is not a finite number",
                            column=column, value=raw.strip())
            else:
                collect.add(rownum, "bad_number", f"Row {rownum}: {raw.strip()!r} is not a number",
                            column=column, value=raw.strip())
            return False

    for rownum, row in rows:
        if not row or not any(f.strip() for f in row):
            continue
        read += 1
        row = _check_width(row, width, rownum, collect, strict)
        if row is None:
            continue
        if p_i is not None:
            if not _period_of(row, p_i, rownum, wanted, result, periods, collect):
                continue
        used += 1
        good = True
        code = loc.locate(row, rownum, collect)
        if code is None:
            good = False
        resp = number(row[r_i], rownum, headers[r_i], True)
        if resp is not False:
            if not float(resp).is_integer():  # type: ignore[arg-type]
                collect.add(rownum, "bad_number", f"Row {rownum}: respondents must be a whole number",
                            column=headers[r_i], value=row[r_i].strip())
                good = False
            elif resp <= 0:  # type: ignore[operator]
                collect.add(rownum, "non_positive_respondents", f"Row {rownum}: respondents must be positive",
                            column=headers[r_i], value=row[r_i].strip())
                good = False
            elif resp > MAX_RESPONDENTS:  # type: ignore[operator]
                collect.add(rownum, "bad_number", f"Row {rownum}: more than {MAX_RESPONDENTS:,} respondents",
                            column=headers[r_i], value=row[r_i].strip())
                good = False
        else:
            good = False
        pct = number(row[pct_i], rownum, headers[pct_i], True)
        if pct is False:
            good = False
        elif not 0 <= pct <= 100:  # type: ignore[operator]
            collect.add(rownum, "pct_out_of_range", f"Row {rownum}: the percentage must be between 0 and 100",
                        column=headers[pct_i], value=row[pct_i].strip())
            good = False
        eff = None
        if e_i is not None:
            eff = number(row[e_i], rownum, headers[e_i], False)
            if eff is False:
                good = False
            elif eff is not None and eff <= 0:
                collect.add(rownum, "non_positive_effective_n", f"Row {rownum}: the effective n must be positive",
                            column=headers[e_i], value=row[e_i].strip())
                good = False
            elif eff is not None and eff < 1:  # Kish's (Σw)²/Σw² is never below 1
                collect.add(rownum, "bad_number", f"Row {rownum}: the effective n cannot be below 1",
                            column=headers[e_i], value=row[e_i].strip())
                good = False
            elif eff is not None and resp not in (False, None) and eff > resp + 1e-9:  # type: ignore[operator]
                collect.add(rownum, "effective_n_above_respondents",
                            f"Row {rownum}: the effective n cannot exceed the number of respondents",
                            column=headers[e_i], value=row[e_i].strip())
                good = False
        if code is not None and code in values:
            collect.add(rownum, "duplicate_district",
                        f"Row {rownum}: district {code} already appears in row {values[code].row}",
                        value=code, name=index.districts.get(code, ""), first_row=values[code].row)
            continue
        if not good or code is None:
            continue
        values[code] = AggregateValues(code=code, name=index.districts[code], respondents=int(resp),  # type: ignore[arg-type]
                                       pct=float(pct), effective_n=eff, row=rownum)  # type: ignore[arg-type]
    result.rows_read = read
    result.rows_used = used
    result.districts = dict(values)


# --------------------------------------------------------------------------------------------
# Preview
# --------------------------------------------------------------------------------------------


def preview(stream: BinaryIO, n: int = 10, dialect: Dialect | None = None, roles: dict[str, str] | None = None,
            sheet: str | None = None) -> Preview:
    """Dialect, headers, detected roles and the first ``n`` data rows as text (never raises)."""
    out = Preview(dialect=None, headers=[], roles={}, rows=[], shape=None)

    def problem(code: str, message: str, **params: Any) -> Preview:
        out.problems.append(Problem(None, code, message, params))
        return out

    try:
        head, stream, start = _read_head(stream)
    except OSError as exc:
        return problem("read_error", f"The file could not be read: {exc}", error=str(exc))
    if not head.strip(b" \t\r\n\x00") and not head.startswith(XLSX_MAGIC):
        return problem("empty_file", "The file is empty")
    if dialect is None:
        dialect = sniff(head)
    out.dialect = dialect
    src = None
    text = None
    try:
        if dialect.format == "xlsx":
            src = _XlsxSource(stream, sheet)
            rows: Iterator[list[str]] = src.rows(dialect.decimal)
        else:
            text, rows = _text_rows(stream, dialect)
        for row in rows:
            if not row or not any(f.strip() for f in row):
                continue
            if not out.headers:
                out.headers = [h.strip() for h in row]
                if dialect.format == "xlsx":
                    while out.headers and not out.headers[-1]:
                        out.headers.pop()
                continue
            out.rows.append(list(row))
            if len(out.rows) >= n:
                break
    except UnicodeDecodeError:
        problem("encoding_error", f"The file is not valid {dialect.encoding} text; choose another encoding",
                encoding=dialect.encoding)
    except csv.Error as exc:
        problem("bad_csv", f"The file is not valid CSV: {exc}", error=str(exc))
    except _SheetMissing as exc:
        problem("missing_sheet", f"The workbook has no sheet named {exc.sheet!r}", sheet=exc.sheet,
                sheets=", ".join(exc.available))
    except _XLSX_ERRORS as exc:
        problem("bad_xlsx", f"The file is not a readable XLSX workbook: {exc}", error=str(exc))
    finally:
        if text is not None:
            try:
                text.detach()
            except ValueError:
                pass
        if src is not None:
            try:
                src.close()
            except _XLSX_ERRORS:
                pass
    if not out.headers:
        return out if out.problems else problem("empty_file", "The file is empty")
    out.problems.extend(check_overrides(out.headers, roles))
    out.roles = detect_roles(out.headers, roles)
    try:
        out.shape = shape(out.roles)
    except MissingColumns as exc:
        problem("missing_columns", f"Missing columns: {', '.join(exc.missing)}", missing=", ".join(exc.missing),
                shape=exc.closest or "", columns=", ".join(out.headers))
    return out
