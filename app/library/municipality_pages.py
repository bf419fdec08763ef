"""What a municipality's public page shows: its awards over the years (published editions and
history), its position in every quarter's perception ranking with the trend, its programmes in
the library.

A platform award is listed even without the submitter's consent (the published results show
it); only its link to the library, and the programme's title, wait for consent.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, or_, select

from app.awards.models import Award, AwardStatus
from app.editions.models import Category, Edition, EditionStatus
from app.extensions import db
from app.library.models import HistoricalAward, LibraryEntry
from app.library.services import visible
from app.municipalities.models import Municipality
from app.nominations.models import Nomination
from app.perception import services as perception
from app.perception.charts import Sparkline, quarters_between, sparkline, trend_domain
from app.perception.models import PerceptionFigure, PerceptionImport
from app.perception.periods import Period, parse_period
from app.perception.statistics import STATUS_RANKED


@dataclass(frozen=True)
class AwardLine:
    year: int
    category_name_es: str
    category_name_en: str  # empty for history, which has one name
    place: str
    title: str
    entry_id: int | None
    from_history: bool


def awards_of(municipality: Municipality) -> list[AwardLine]:
    """Confirmed places of published editions (to the municipality or to its nomination) and
    imported history, newest first: two queries."""
    entry = (select(LibraryEntry.id).where(LibraryEntry.award_id == Award.id, visible())
             .correlate(Award).scalar_subquery())
    platform = db.session.execute(
        select(Edition.year, Category.name_es, Category.name_en, Award.place, Award.position,
               Nomination.title, entry)
        .join(Category, Category.id == Award.category_id)
        .join(Edition, Edition.id == Category.edition_id)
        .outerjoin(Nomination, Nomination.id == Award.nomination_id)
        .where(Award.status == AwardStatus.CONFIRMED.value,
               Edition.status == EditionStatus.PUBLISHED.value,
               or_(Award.municipality_id == municipality.id,
                   Nomination.municipality_id == municipality.id))
        .order_by(Edition.year.desc(), Category.position, Award.position))
    lines = [AwardLine(year, name_es, name_en, place, title if entry_id else "", entry_id, False)
             for year, name_es, name_en, place, _position, title, entry_id in platform]
    past = db.session.execute(
        select(HistoricalAward.year, HistoricalAward.category_name, HistoricalAward.place,
               HistoricalAward.title, LibraryEntry.id)
        .outerjoin(LibraryEntry, and_(LibraryEntry.historical_award_id == HistoricalAward.id,
                                      visible()))
        .where(HistoricalAward.municipality_id == municipality.id)
        .order_by(HistoricalAward.year.desc(), HistoricalAward.category_name))
    lines += [AwardLine(year, category, "", place, title, entry_id, True)
              for year, category, place, title, entry_id in past]
    return sorted(lines, key=lambda line: -line.year)


@dataclass(frozen=True)
class Position:
    """The municipality in one quarter's ranking; `rank` None when its sample was too small.
    `change` is how many places it rose (+) or fell (−) since the previous quarter listed."""

    period: Period
    rank: int | None
    ranked: int
    pct: float
    synthetic: bool
    change: int | None


@dataclass(frozen=True)
class RankingHistory:
    positions: list[Position]
    trend: Sparkline | None


def ranking_history(municipality: Municipality) -> RankingHistory:
    """Its row in the ranking of every quarter that measured it (the public ranking pages):
    one query for those quarters, one for their rankings."""
    quarters = {parse_period(period): synthetic for period, synthetic in db.session.execute(
        select(PerceptionImport.period, PerceptionImport.synthetic)
        .join(PerceptionFigure, PerceptionFigure.import_id == PerceptionImport.id)
        .where(PerceptionImport.active.is_(True),
               PerceptionFigure.municipality_id == municipality.id))}
    code = municipality.official_code or str(municipality.id)
    positions: list[Position] = []
    rankings = perception.quarterly_rankings(list(quarters))
    for quarter in sorted(quarters):
        rows = rankings.get(quarter, [])
        row = next((r for r in rows if r.code == code), None)
        if row is None:
            continue
        previous = positions[-1].rank if positions else None
        change = previous - row.rank if previous is not None and row.rank is not None else None
        positions.append(Position(quarter, row.rank,
                                  sum(1 for r in rows if r.status == STATUS_RANKED),
                                  row.pct, quarters[quarter], change))
    if not positions:
        return RankingHistory([], None)
    values = {p.period: p.pct for p in positions}
    span = quarters_between(positions[0].period, positions[-1].period)
    return RankingHistory(positions, sparkline(span, values, trend_domain(list(values.values()))))
