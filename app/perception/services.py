"""Importing survey files (all or nothing) and computing the ranking of a quarter or a window."""
from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from typing import BinaryIO

from flask_babel import gettext as _
from sqlalchemy import func, select

from app.accounts.models import User
from app.audit.services import record
from app.db_types import utcnow
from app.extensions import db
from app.municipalities.models import Municipality
from app.perception import parsing, statistics
from app.perception.models import PerceptionFigure, PerceptionImport
from app.perception.periods import Period, parse_period


class ImportRefused(Exception):
    """The file was not imported; `problems` says which rows and why (nothing was written)."""

    def __init__(self, message: str, problems: list[parsing.Problem] = ()):
        super().__init__(message)
        self.problems = list(problems)


@dataclass(frozen=True)
class Source:
    name: str
    organisation: str = ""
    fieldwork_start: date | None = None
    fieldwork_end: date | None = None
    method_notes: str = ""
    public_note: str = ""
    synthetic: bool = False


def peruvian_districts() -> dict[str, Municipality]:
    return {m.official_code: m for m in db.session.scalars(
        select(Municipality).where(Municipality.country == "PE", Municipality.official_code.is_not(None)))}


def import_file(stream: BinaryIO, filename: str, period: str, source: Source, *,
                replace: bool = False, roles: dict[str, str] | None = None,
                sheet: str | None = None, encoding: str | None = None,
                separator: str | None = None, decimal: str | None = None,
                actor_id: int | None = None, now: datetime | None = None) -> PerceptionImport:
    """Parse and store one quarter's file in one transaction; refuse it whole on any problem.

    `roles`, `sheet` and the dialect override what the parser detects (CLI `--map`, web preview)."""
    quarter = str(parse_period(period))
    active = active_import(quarter)
    if active is not None and not replace:
        raise ImportRefused(f"{quarter} already has data (import #{active.id}); use replace to "
                            "supersede it (the earlier import is kept for audit).")
    if active is not None:
        _refuse_replacing_a_sealed_ranking(quarter)
    municipalities = peruvian_districts()
    with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as copy:
        digest = _copy_hashing(stream, copy)
        copy.seek(0)
        result = parsing.parse(copy, {code: m.name for code, m in municipalities.items()},
                               roles=roles, sheet=sheet, period=quarter, encoding=encoding,
                               separator=separator, decimal=decimal)
    if not result.ok:
        raise ImportRefused(f"{result.problem_count} problem(s) in the file; nothing was imported.",
                            result.problems)
    now = now or utcnow()
    if active is not None:
        active.active = False
        active.replaced_at = now
    survey_import = PerceptionImport(
        period=quarter, source_name=source.name, organisation=source.organisation,
        fieldwork_start=source.fieldwork_start, fieldwork_end=source.fieldwork_end,
        method_notes=source.method_notes, public_note=source.public_note,
        synthetic=source.synthetic, filename=filename[:200], file_sha256=digest, shape=result.shape,
        rows_read=result.rows_used, imported_by_id=actor_id, imported_at=now)
    for code, values in result.districts.items():
        survey_import.figures.append(_figure(municipalities[code], values))
    db.session.add(survey_import)
    record("perception.imported", survey_import, actor_id=actor_id, summary={
        "period": quarter, "sha256": digest, "districts": len(result.districts),
        "replaced": active.id if active is not None else None})
    db.session.commit()
    return survey_import


def _refuse_replacing_a_sealed_ranking(quarter: str) -> None:
    """The ranking of a closed edition's category is frozen, and so are the data behind it."""
    from app.editions.closing import frozen_ranking_categories
    used = frozen_ranking_categories(quarter)
    if used:
        raise ImportRefused(_("%(period)s decides category %(category)s of %(edition)s, which is "
                              "closed: its survey data can no longer be replaced.",
                              period=quarter, category=used[0].code, edition=used[0].edition.name))


def active_import(period: str) -> PerceptionImport | None:
    return db.session.scalar(select(PerceptionImport).where(
        PerceptionImport.period == period, PerceptionImport.active.is_(True)))


def _copy_hashing(source: BinaryIO, target) -> str:
    digest = hashlib.sha256()
    while chunk := source.read(1024 * 1024):
        digest.update(chunk)
        target.write(chunk)
    return digest.hexdigest()


def _figure(municipality: Municipality, values) -> PerceptionFigure:
    if isinstance(values, statistics.DistrictSums):
        estimate = statistics.estimate_from_microdata(municipality.official_code, municipality.name, values)
        return PerceptionFigure(municipality=municipality, respondents=estimate.respondents,
                                effective_n=estimate.effective_n, pct=estimate.p * 100,
                                sum_w=values.sum_w, sum_w2=values.sum_w2, sum_wy=values.sum_wy)
    estimate = statistics.estimate_from_aggregate(municipality.official_code, municipality.name,
                                                  values.respondents, values.pct, values.effective_n)
    return PerceptionFigure(municipality=municipality, respondents=estimate.respondents,
                            effective_n=estimate.effective_n, pct=values.pct)


def ranking(periods: list[Period], min_effective_n: float = statistics.DEFAULT_MIN_EFFECTIVE_N
            ) -> list[statistics.RankedRow]:
    """The ranking over the active imports of the given quarters (one quarter or a window).

    A municipality with microdata in every quarter pools its respondents directly; otherwise the
    quarters' estimates are pooled weighted by effective n (DESIGN.md, "Perception ranking")."""
    return _rank([figure for _period, figure in _active_figures(periods)], min_effective_n)


def quarterly_rankings(quarters: list[Period],
                       min_effective_n: float = statistics.DEFAULT_MIN_EFFECTIVE_N
                       ) -> dict[Period, list[statistics.RankedRow]]:
    """Each quarter's own ranking (as `ranking([quarter])`, not pooled), read in one query."""
    by_quarter: dict[Period, list[PerceptionFigure]] = {}
    for period, figure in _active_figures(quarters):
        by_quarter.setdefault(parse_period(period), []).append(figure)
    return {quarter: _rank(figures, min_effective_n) for quarter, figures in by_quarter.items()}


def _active_figures(periods: list[Period]) -> list[tuple[str, PerceptionFigure]]:
    """(quarter, figure) of the active imports of these quarters, municipalities joined."""
    return db.session.execute(
        select(PerceptionImport.period, PerceptionFigure).join(PerceptionImport).where(
            PerceptionImport.active.is_(True),
            PerceptionImport.period.in_([str(p) for p in periods]))).all()


def _rank(figures: list[PerceptionFigure], min_effective_n: float) -> list[statistics.RankedRow]:
    by_municipality: dict[int, list[PerceptionFigure]] = {}
    for figure in figures:
        by_municipality.setdefault(figure.municipality_id, []).append(figure)
    return statistics.rank([_pooled(items) for items in by_municipality.values()], min_effective_n)


def _pooled(figures: list[PerceptionFigure]) -> statistics.Estimate:
    municipality = figures[0].municipality
    code, name = municipality.official_code or str(municipality.id), municipality.name
    if all(f.sum_w is not None for f in figures):
        sums = statistics.pool_sums(statistics.DistrictSums(f.respondents, f.sum_w, f.sum_w2, f.sum_wy)
                                    for f in figures)
        return statistics.estimate_from_microdata(code, name, sums)
    return statistics.pool([statistics.estimate_from_aggregate(code, name, f.respondents, f.pct,
                                                               f.effective_n) for f in figures])


def problem_lines(problems: list[parsing.Problem]) -> list[str]:
    return [f"row {p.row}: {p.message}" if p.row else p.message for p in problems]


def sources_for(periods: list[Period]) -> list[PerceptionImport]:
    """The active imports behind a ranking, for its source line and the synthetic banner."""
    return list(db.session.scalars(select(PerceptionImport).where(
        PerceptionImport.active.is_(True), PerceptionImport.period.in_([str(p) for p in periods]))
        .order_by(PerceptionImport.period)))


def latest_period() -> Period | None:
    periods = db.session.scalars(select(PerceptionImport.period).where(
        PerceptionImport.active.is_(True)).distinct()).all()
    return max((parse_period(p) for p in periods), default=None)


@dataclass(frozen=True)
class ImportHistoryRow:
    survey_import: PerceptionImport
    imported_by: str | None
    districts: int


def import_history() -> list[ImportHistoryRow]:
    """Every import, newest quarter first, replaced ones included (one query)."""
    counts = (select(PerceptionFigure.import_id, func.count().label("n"))
              .group_by(PerceptionFigure.import_id).subquery())
    rows = db.session.execute(
        select(PerceptionImport, User.name, func.coalesce(counts.c.n, 0))
        .outerjoin(User, User.id == PerceptionImport.imported_by_id)
        .outerjoin(counts, counts.c.import_id == PerceptionImport.id)
        .order_by(PerceptionImport.period.desc(), PerceptionImport.imported_at.desc(),
                  PerceptionImport.id.desc()))
    return [ImportHistoryRow(survey_import, name, districts) for survey_import, name, districts in rows]


def quarterly_trends(until: Period) -> dict[str, dict[Period, float]]:
    """Each municipality's index per quarter (active imports up to `until`), keyed like the
    ranking's rows: one query for every municipality and quarter, for the page's sparklines."""
    rows = db.session.execute(
        select(PerceptionImport.period, Municipality.official_code, Municipality.id, PerceptionFigure.pct)
        .join(PerceptionFigure, PerceptionFigure.import_id == PerceptionImport.id)
        .join(Municipality, Municipality.id == PerceptionFigure.municipality_id)
        .where(PerceptionImport.active.is_(True)))
    trends: dict[str, dict[Period, float]] = {}
    for period, code, municipality_id, pct in rows:
        quarter = parse_period(period)
        if quarter <= until:
            trends.setdefault(code or str(municipality_id), {})[quarter] = pct
    return trends
