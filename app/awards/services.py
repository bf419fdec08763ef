"""The ranking category's places: the ranking that decides it, provisional places, confirmation.

Every user action is one transaction and leaves an audit event; nothing here reads `request`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.audit.services import record
from app.awards import places
from app.awards.models import Award, AwardStatus
from app.db_types import utcnow
from app.editions.models import Category, CategoryKind, EditionStatus
from app.extensions import db
from app.municipalities.models import Municipality
from app.perception import services as perception
from app.perception.models import PerceptionImport
from app.perception.periods import MAX_WINDOW_QUARTERS, Period, parse_period
from app.perception.statistics import Estimate, RankedRow, rank

RANKING_COUNTRY = "PE"  # survey data are imported for Peruvian districts (UBIGEO codes)


class AwardError(Exception):
    """A refused change, with a message for the organiser; `field` names the form field at fault."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class PlacesRefused(AwardError):
    """The organiser's places break the rules; one message per problem, nothing was saved."""

    def __init__(self, messages: list[str], positions: set[int]):
        super().__init__(" ".join(messages))
        self.messages = messages
        self.positions = positions


@dataclass(frozen=True)
class RankingSettings:
    """The ranking that decides a ranking category; `eligible_codes` None means all with data."""

    period: str
    window_start: str | None
    min_effective_n: float
    eligible_codes: list[str] | None


# -- reading ----------------------------------------------------------------------------------

def imported_periods() -> list[str]:
    """The quarters with active survey data, newest first."""
    periods = db.session.scalars(select(PerceptionImport.period).where(
        PerceptionImport.active.is_(True)).distinct()).all()
    return [str(p) for p in sorted((parse_period(p) for p in periods), reverse=True)]


def eligible_candidates() -> list[Municipality]:
    """Municipalities that can have survey data, by province then name."""
    return list(db.session.scalars(select(Municipality).where(
        Municipality.country == RANKING_COUNTRY, Municipality.official_code.is_not(None))
        .order_by(Municipality.province, Municipality.name)))


def municipality_groups() -> list[tuple[str, list[Municipality]]]:
    """The candidates grouped by province, the largest group first (Lima, then Callao)."""
    groups: dict[str, list[Municipality]] = {}
    for municipality in eligible_candidates():
        groups.setdefault(municipality.province or "—", []).append(municipality)
    return sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))


def ranking_periods(category: Category) -> list[Period] | None:
    """The quarters of the category's ranking (one, or a window); None when none is chosen."""
    if not category.ranking_period:
        return None
    last = parse_period(category.ranking_period)
    first = parse_period(category.ranking_window_start or category.ranking_period)
    periods = [first]
    while periods[-1] < last:
        periods.append(periods[-1].next())
    return periods


def eligible_ranking(category: Category) -> list[RankedRow]:
    """The category's ranking over its eligible municipalities only.

    Awards compare eligible municipalities with each other, so a selection is ranked on its own:
    ranks, rank intervals and ties are computed over the eligible set (a Lima-only selection
    starts at rank 1 even if a Callao district is better). The rows of the full ranking carry
    each municipality's pooled estimate (p = pct / 100, n_eff); ranking them again applies the
    same rules of DESIGN.md to the smaller set. Without a selection this is the public ranking.
    """
    periods = ranking_periods(category)
    if periods is None:
        return []
    rows = perception.ranking(periods, category.ranking_min_effective_n)
    if category.ranking_eligible_codes is None:
        return rows
    eligible = set(category.ranking_eligible_codes)
    return rank([Estimate(r.code, r.name, r.respondents, r.effective_n, r.pct / 100.0)
                 for r in rows if r.code in eligible], category.ranking_min_effective_n)


def category_awards(category: Category) -> list[Award]:
    return list(db.session.scalars(
        select(Award).where(Award.category_id == category.id)
        .options(joinedload(Award.municipality), joinedload(Award.confirmed_by))
        .order_by(Award.position)))


def place_sequence(category: Category) -> list[str]:
    return places.place_sequence(category.places_gold, category.places_silver,
                                 category.places_bronze, category.mentions)


def is_confirmed(awards: list[Award]) -> bool:
    return any(a.status == AwardStatus.CONFIRMED.value for a in awards)


# -- what is allowed now (also used by permissions.py) ----------------------------------------

def settings_refusal(category: Category, awards: list[Award]) -> str | None:
    if category.edition.has_reached(EditionStatus.CLOSED):
        return _("The edition is closed; the ranking of its categories can no longer change.")
    if is_confirmed(awards):
        return _("The places of this category are confirmed; the ranking that decided them can "
                 "no longer change.")
    return None


def recompute_refusal(category: Category, awards: list[Award]) -> str | None:
    if category.edition.has_reached(EditionStatus.CLOSED):
        return _("The edition is closed; its places can no longer change.")
    if category.edition.status != EditionStatus.DELIBERATION.value:
        return _("Provisional places are filled when the edition enters deliberation.")
    if is_confirmed(awards):
        return _("The places of this category are already confirmed.")
    return None


def confirm_refusal(category: Category, awards: list[Award]) -> str | None:
    refusal = recompute_refusal(category, awards)
    if refusal is None and not awards:
        return _("There are no provisional places to confirm.")
    return refusal


# -- ranking settings -------------------------------------------------------------------------

def save_ranking_settings(category: Category, settings: RankingSettings) -> Category:
    """Validate and store the category's ranking; in deliberation the provisional places follow."""
    if category.kind != CategoryKind.RANKING.value:
        raise AwardError(_("Category %(code)s is decided by the jury; it has no ranking.",
                           code=category.code))
    refusal = settings_refusal(category, category_awards(category))
    if refusal:
        raise AwardError(refusal)
    values = _validated_settings(settings)
    changes = {}
    for field, value in values.items():
        if getattr(category, field) != value:
            changes[field] = [getattr(category, field), value]
            setattr(category, field, value)
    if changes:
        record("awards.ranking_settings_changed", category, summary=changes)
        if category.edition.status == EditionStatus.DELIBERATION.value:
            fill_provisional_places(category, trigger="settings")
        db.session.commit()
    return category


def _validated_settings(settings: RankingSettings) -> dict:
    last = _quarter(settings.period, "period")
    first = _quarter(settings.window_start, "window_start") if settings.window_start else last
    if first > last:
        raise AwardError(_("The window must start before its last quarter."), "window_start")
    if last.index - first.index + 1 > MAX_WINDOW_QUARTERS:
        raise AwardError(_("A window may span at most %(count)d quarters.",
                           count=MAX_WINDOW_QUARTERS), "window_start")
    quarters = [first]
    while quarters[-1] < last:
        quarters.append(quarters[-1].next())
    available = set(imported_periods())
    missing = [str(q) for q in quarters if str(q) not in available]
    if missing:
        raise AwardError(_("There are no survey data for %(periods)s; import them first or "
                           "choose other quarters.", periods=", ".join(missing)),
                         "period" if str(last) in missing else "window_start")
    minimum = settings.min_effective_n
    if not (isinstance(minimum, (int, float)) and math.isfinite(minimum) and minimum > 0):
        raise AwardError(_("The minimum effective sample size must be greater than zero."),
                         "min_effective_n")
    return {"ranking_period": str(last),
            "ranking_window_start": str(first) if first != last else None,
            "ranking_min_effective_n": float(minimum),
            "ranking_eligible_codes": _validated_codes(settings.eligible_codes)}


def _quarter(text: str | None, field: str) -> Period:
    if not text:
        raise AwardError(_("Choose the quarter of the ranking."), field)
    try:
        return parse_period(text)
    except ValueError:
        raise AwardError(_("%(period)s is not a quarter; write it like 2026-T3.", period=text),
                         field) from None


def _validated_codes(codes: list[str] | None) -> list[str] | None:
    if codes is None:
        return None
    chosen = sorted(set(codes))
    if not chosen:
        raise AwardError(_("Tick at least one municipality, or make all municipalities with data "
                           "eligible."), "eligible_codes")
    known = {m.official_code for m in eligible_candidates()}
    unknown = [code for code in chosen if code not in known]
    if unknown:
        raise AwardError(_("Unknown municipality codes: %(codes)s.", codes=", ".join(unknown)),
                         "eligible_codes")
    return chosen


# -- provisional places -----------------------------------------------------------------------

def fill_provisional_places(category: Category, trigger: str = "deliberation") -> list[Award]:
    """Replace the category's provisional places with the eligible ranking's, in ranking order.

    Places are `gold × places_gold, silver × …, bronze × …, mention × mentions`, given to the
    ranked eligible municipalities in order (see `eligible_ranking`: ranks and rank intervals
    are computed over the eligible set only); insufficient samples get none. Each place keeps
    the index, its interval and rank, and `tied_with_next` when its interval overlaps that of
    the next ranked eligible municipality (the next place, or for the last place the first one
    left out) or the ranking gives both the same rank. Without a chosen ranking or data there
    are no places. Flushes and records the audit event; the caller commits.
    """
    existing = category_awards(category)
    if category.edition.has_reached(EditionStatus.CLOSED):
        raise AwardError(_("The edition is closed; its places can no longer change."))
    if is_confirmed(existing):
        raise AwardError(_("The places of this category are already confirmed."))
    for award in existing:
        db.session.delete(award)
    db.session.flush()
    slots = places.provisional_places(place_sequence(category), eligible_ranking(category))
    ids = _municipality_ids([slot.row.code for slot in slots])
    awards = [_award(category, slot.position, slot.place, slot.row, ids[slot.row.code],
                     tied_with_next=slot.tied_with_next) for slot in slots]
    db.session.add_all(awards)
    periods = ranking_periods(category)
    record("awards.provisional_filled", category, summary={
        "trigger": trigger, "periods": [str(p) for p in periods or []],
        "places": [{"position": s.position, "place": s.place, "code": s.row.code,
                    "rank": s.row.rank, "pct": s.row.pct, "tied_with_next": s.tied_with_next}
                   for s in slots]})
    db.session.flush()
    return awards


def _award(category: Category, position: int, place: str, row: RankedRow, municipality_id: int,
           **values) -> Award:
    return Award(category_id=category.id, place=place, position=position,
                 municipality_id=municipality_id, score=row.pct, ci_low=row.ci_low,
                 ci_high=row.ci_high, rank=row.rank, **values)


def _municipality_ids(codes: list[str]) -> dict[str, int]:
    if not codes:
        return {}
    return dict(db.session.execute(select(Municipality.official_code, Municipality.id).where(
        Municipality.country == RANKING_COUNTRY, Municipality.official_code.in_(codes))).all())


def recompute_provisional_places(category: Category) -> list[Award]:
    """The organiser's "recompute": new data or settings show up in the provisional places."""
    refusal = recompute_refusal(category, category_awards(category))
    if refusal:
        raise AwardError(refusal)
    awards = fill_provisional_places(category, trigger="recompute")
    db.session.commit()
    return awards


# -- confirmation -----------------------------------------------------------------------------

def confirm_places(category: Category, user, choices: list[places.Choice],
                   now: datetime | None = None) -> list[Award]:
    """Confirm the places as the organiser set them; reasons are required where `places.decide`
    says so. Refused when the ranking changed since the provisional places were filled."""
    awards = category_awards(category)
    refusal = confirm_refusal(category, awards)
    if refusal:
        raise AwardError(refusal)
    rows = eligible_ranking(category)
    if _differ(places.provisional_places(place_sequence(category), rows), awards):
        raise AwardError(_("The ranking has changed since the provisional places were filled "
                           "(new survey data or settings); recompute the provisional places "
                           "first."))
    decisions, problems = places.decide([a.place for a in awards], rows, choices)
    if problems:
        raise PlacesRefused([problem_message(p) for p in problems],
                            {p.position for p in problems})
    for award in awards:
        db.session.delete(award)
    db.session.flush()
    ids = _municipality_ids([d.row.code for d in decisions])
    moment = now or utcnow()
    confirmed = [_award(category, d.position, d.place, d.row, ids[d.row.code],
                        status=AwardStatus.CONFIRMED.value, shared=d.shared,
                        tied_with_next=d.tied_with_next, reason=d.reason, confirmed_at=moment,
                        confirmed_by_id=user.id) for d in decisions]
    db.session.add_all(confirmed)
    record("awards.confirmed", category, actor_id=user.id, summary={"places": [
        {"position": d.position, "place": d.place, "code": d.row.code, "name": d.row.name,
         "rank": d.row.rank, "shared": d.shared, "tied_with_next": d.tied_with_next,
         "departs_from_ranking": d.departs, "reason": d.reason} for d in decisions]})
    db.session.commit()
    return confirmed


def _differ(slots: list[places.Slot], awards: list[Award]) -> bool:
    """Whether stored provisional places no longer match what the ranking gives now."""
    return ([(s.place, s.row.code) for s in slots]
            != [(a.place, a.municipality.official_code) for a in awards])


def problem_message(problem: places.Problem) -> str:
    position = problem.position
    if problem.kind == "missing":
        return _("Place %(position)d: choose a municipality.", position=position)
    if problem.kind == "unknown":
        return _("Place %(position)d: that municipality is not ranked among the eligible ones.",
                 position=position)
    if problem.kind == "duplicate":
        return _("Place %(position)d: that municipality already has a place above.",
                 position=position)
    if problem.kind == "first_shared":
        return _("Place %(position)d: the first place cannot share the place above.",
                 position=position)
    if problem.kind == "extra_not_shared":
        return _("Place %(position)d: an extra municipality can only share the last place; tick "
                 "“shares the place above”.", position=position)
    grounds = {
        places.GROUND_DEPARTURE: _("it departs from the ranking order"),
        places.GROUND_TIE: _("it is statistically tied with the next one and the order is kept"),
        places.GROUND_SHARED: _("it shares the place above"),
    }
    return _("Place %(position)d: give a reason, because %(grounds)s.", position=position,
             grounds="; ".join(grounds[g] for g in problem.grounds))


# -- the deliberation page --------------------------------------------------------------------

@dataclass(frozen=True)
class Deliberation:
    """What the deliberation page shows for a ranking category."""

    periods: list[Period] | None
    rows: list[RankedRow]
    ties: dict[str, bool]
    sources: list[PerceptionImport]
    awards: list[Award]
    preview: list[places.Slot]

    @property
    def notice(self) -> str | None:
        """Why there are no places to give: no ranking chosen, no data, nobody ranked."""
        if self.periods is None:
            return "not_configured"
        if not self.rows:
            return "no_data"
        if not places.ranked_only(self.rows):
            return "none_ranked"
        return None

    @property
    def synthetic(self) -> bool:
        return any(s.synthetic for s in self.sources)

    @property
    def confirmed(self) -> bool:
        return is_confirmed(self.awards)

    @property
    def stale(self) -> bool:
        """Provisional places filled from data or settings that have changed since."""
        return bool(self.awards) and not self.confirmed and _differ(self.preview, self.awards)


def deliberation(category: Category) -> Deliberation:
    periods = ranking_periods(category)
    rows = eligible_ranking(category)
    ranked = places.ranked_only(rows)
    ties = dict(zip((r.code for r in ranked), places.ties_with_next(ranked)))
    return Deliberation(periods=periods, rows=rows, ties=ties,
                        sources=perception.sources_for(periods) if periods else [],
                        awards=category_awards(category),
                        preview=places.provisional_places(place_sequence(category), rows))
