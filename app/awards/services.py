"""Places of every category: the order that decides them, provisional places, confirmation,
reopening, void ("desierto") categories, and the edition's deliberation overview.

A jury category is decided by its leaderboard (the latest round, by the edition's aggregation
method), the ranking category by the perception ranking chosen for it; both become the same
plain `places.Candidate` rows, so one set of place rules (`places.py`) serves both. Every user
action is one transaction and leaves an audit event; every write first checks that the edition
is not frozen; nothing here reads `request`.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from datetime import datetime
from typing import Sequence

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from app.audit.services import record
from app.awards import places
from app.awards.models import Award, AwardStatus
from app.db_types import utcnow
from app.editions.freeze import ensure_not_frozen, is_frozen
from app.editions.models import Category, CategoryKind, Edition, EditionStatus
from app.extensions import db
from app.judging import results
from app.judging.models import Assignment, Review, ReviewStatus, Round
from app.municipalities.models import Municipality
from app.nominations.models import Nomination
from app.perception import services as perception
from app.perception.models import PerceptionImport
from app.perception.periods import MAX_WINDOW_QUARTERS, Period, parse_period
from app.perception.statistics import Estimate, RankedRow, rank

RANKING_COUNTRY = "PE"  # survey data are imported for Peruvian districts (UBIGEO codes)
REASON_MAX = 2000


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


# -- the ranking category's ranking --------------------------------------------------------

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


# -- the order that decides a category ------------------------------------------------------

@dataclass(frozen=True)
class Order:
    """What decides a category now: its candidates in order, and what they come from (the
    ranking's quarters and rows, or the jury's leaderboard)."""

    candidates: list[places.Candidate]
    periods: list[Period] | None = None
    rows: list[RankedRow] = field(default_factory=list)
    board: results.Leaderboard | None = None

    def source(self) -> dict:
        """Where the order comes from, for the audit log."""
        if self.board is not None:
            return {"method": self.board.rules.ranking_method,
                    "round": self.board.round.position if self.board.round else None}
        return {"periods": [str(p) for p in self.periods or []]}


def ranking_candidates(rows: Sequence[RankedRow]) -> list[places.Candidate]:
    return [places.Candidate(key=r.code, name=r.name, rank=r.rank, score=r.pct, low=r.ci_low,
                             high=r.ci_high) for r in rows]


def jury_candidates(rows: Sequence[results.Row]) -> list[places.Candidate]:
    """Leaderboard rows as candidates: the position is the rank, so rows the tie-break chain
    left equal share a rank and are tied."""
    return [places.Candidate(
                key=str(row.nomination.id), name=f"{row.nomination.reference} — "
                f"{row.nomination.title or row.nomination.nominee}",
                rank=row.standing.position, score=row.standing.score,
                decided_by=row.standing.decided_by, flags=tuple(row.standing.flags))
            for row in rows]


def order_of(category: Category) -> Order:
    if category.is_jury:
        board = results.load(category)
        return Order(jury_candidates(board.rows), board=board)
    rows = eligible_ranking(category)
    return Order(ranking_candidates(rows), periods=ranking_periods(category), rows=rows)


# -- stored places ----------------------------------------------------------------------------

def category_awards(category: Category) -> list[Award]:
    return list(db.session.scalars(
        select(Award).where(Award.category_id == category.id)
        .options(joinedload(Award.municipality), joinedload(Award.confirmed_by),
                 joinedload(Award.nomination).joinedload(Nomination.municipality))
        .order_by(Award.position)))


def award_key(award: Award) -> str:
    """The key of the award's candidate (see `places.Candidate`)."""
    if award.nomination_id is not None:
        return str(award.nomination_id)
    return award.municipality.official_code


def place_sequence(category: Category) -> list[str]:
    return places.place_sequence(category.places_gold, category.places_silver,
                                 category.places_bronze, category.mentions)


def is_confirmed(awards: list[Award]) -> bool:
    return any(a.status == AwardStatus.CONFIRMED.value for a in awards)


def is_void(category: Category) -> bool:
    return category.declared_void_at is not None


def decided(void: bool, statuses: Sequence[str]) -> bool:
    """A category is decided when it is void, or it has places and every one is confirmed."""
    return void or (bool(statuses) and all(s == AwardStatus.CONFIRMED.value for s in statuses))


def _differ(slots: list[places.Slot], awards: list[Award]) -> bool:
    """Whether stored provisional places no longer match what the order gives now."""
    return [(s.place, s.row.key) for s in slots] != [(a.place, award_key(a)) for a in awards]


# -- what is allowed now (also used by permissions.py) ----------------------------------------

def _deliberation_refusal(category: Category) -> str | None:
    if is_frozen(category.edition):
        return _("The edition is closed; its places can no longer change.")
    if category.edition.status != EditionStatus.DELIBERATION.value:
        return _("Places are decided while the edition is in deliberation.")
    return None


def settings_refusal(category: Category, awards: list[Award]) -> str | None:
    if is_frozen(category.edition):
        return _("The edition is closed; the ranking of its categories can no longer change.")
    if is_confirmed(awards):
        return _("The places of this category are confirmed; the ranking that decided them can "
                 "no longer change.")
    return None


def recompute_refusal(category: Category, awards: list[Award]) -> str | None:
    if is_frozen(category.edition):
        return _("The edition is closed; its places can no longer change.")
    if category.edition.status != EditionStatus.DELIBERATION.value:
        return _("Provisional places are filled when the edition enters deliberation.")
    if is_void(category):
        return _("This category is declared void; undo that first to give it places.")
    if is_confirmed(awards):
        return _("The places of this category are already confirmed.")
    return None


def confirm_refusal(category: Category, awards: list[Award]) -> str | None:
    refusal = recompute_refusal(category, awards)
    if refusal is None and not awards:
        return _("There are no provisional places to confirm.")
    return refusal


def reopen_refusal(category: Category, awards: list[Award]) -> str | None:
    refusal = _deliberation_refusal(category)
    if refusal is None and not is_confirmed(awards):
        return _("The places of this category are not confirmed.")
    return refusal


def void_refusal(category: Category, awards: list[Award]) -> str | None:
    refusal = _deliberation_refusal(category)
    if refusal is None and is_void(category):
        return _("This category is already declared void.")
    if refusal is None and is_confirmed(awards):
        return _("The places of this category are confirmed; reopen them first, with a reason.")
    return refusal


def undo_void_refusal(category: Category) -> str | None:
    refusal = _deliberation_refusal(category)
    if refusal is None and not is_void(category):
        return _("This category is not declared void.")
    return refusal


def _required_reason(reason: str | None) -> str:
    text = (reason or "").strip()
    if not text:
        raise AwardError(_("Give a reason; it is recorded in the audit log."), "reason")
    if len(text) > REASON_MAX:
        raise AwardError(_("The reason may be at most %(max)d characters long.", max=REASON_MAX),
                         "reason")
    return text


# -- ranking settings -------------------------------------------------------------------------

def save_ranking_settings(category: Category, settings: RankingSettings) -> Category:
    """Validate and store the category's ranking; in deliberation the provisional places follow."""
    ensure_not_frozen(category.edition)
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
        if category.edition.status == EditionStatus.DELIBERATION.value and not is_void(category):
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
    """Replace the category's provisional places with those of its order, filled in order.

    Places are `gold × places_gold, silver × …, bronze × …, mention × mentions`, given to the
    placed candidates in order: for a jury category the nominations of its latest round by the
    edition's aggregation method (without a counted review, none); for the ranking category
    the ranked eligible municipalities (see `eligible_ranking`; insufficient samples get none).
    Each place keeps its score (and the ranking's interval), its rank, and `tied_with_next`
    when the next candidate has the same rank or an overlapping interval (the next place, or
    for the last place the first one left out). A void category keeps no places. Flushes and
    records the audit event; the caller commits.
    """
    ensure_not_frozen(category.edition)
    existing = category_awards(category)
    if is_confirmed(existing):
        raise AwardError(_("The places of this category are already confirmed."))
    for award in existing:
        db.session.delete(award)
    db.session.flush()
    if is_void(category):
        return []
    order = order_of(category)
    slots = places.provisional_places(place_sequence(category), order.candidates)
    recipients = _recipients(category, [slot.row.key for slot in slots])
    awards = [_award(category, slot.position, slot.place, slot.row, recipients,
                     tied_with_next=slot.tied_with_next) for slot in slots]
    db.session.add_all(awards)
    record("awards.provisional_filled", category, summary={
        "trigger": trigger, **order.source(),
        "places": [{"position": s.position, "place": s.place, **_recipient_summary(category, s.row),
                    "rank": s.row.rank, "score": s.row.score, "decided_by": s.row.decided_by,
                    "tied_with_next": s.tied_with_next} for s in slots]})
    db.session.flush()
    return awards


def _award(category: Category, position: int, place: str, row: places.Candidate,
           recipients: dict[str, dict], **values) -> Award:
    return Award(category_id=category.id, place=place, position=position, score=row.score,
                 ci_low=row.low, ci_high=row.high, rank=row.rank, **recipients[row.key],
                 **values)


def _recipients(category: Category, keys: list[str]) -> dict[str, dict]:
    """The Award columns naming each candidate: its nomination, or its municipality."""
    if category.is_jury:
        return {key: {"nomination_id": int(key)} for key in keys}
    if not keys:
        return {}
    ids = dict(db.session.execute(select(Municipality.official_code, Municipality.id).where(
        Municipality.country == RANKING_COUNTRY, Municipality.official_code.in_(keys))).all())
    return {key: {"municipality_id": ids[key]} for key in keys}


def _recipient_summary(category: Category, row: places.Candidate) -> dict:
    if category.is_jury:
        return {"nomination_id": int(row.key), "name": row.name}
    return {"code": row.key, "name": row.name}


def recompute_provisional_places(category: Category) -> list[Award]:
    """The organiser's "recompute": new reviews, data or settings show up in the places."""
    ensure_not_frozen(category.edition)
    refusal = recompute_refusal(category, category_awards(category))
    if refusal:
        raise AwardError(refusal)
    awards = fill_provisional_places(category, trigger="recompute")
    db.session.commit()
    return awards


# -- confirmation and reopening ---------------------------------------------------------------

def confirm_places(category: Category, user, choices: list[places.Choice],
                   now: datetime | None = None) -> list[Award]:
    """Confirm the places as the organiser set them; reasons are required where `places.decide`
    says so. Refused when the order changed since the provisional places were filled."""
    ensure_not_frozen(category.edition)
    awards = category_awards(category)
    refusal = confirm_refusal(category, awards)
    if refusal:
        raise AwardError(refusal)
    order = order_of(category)
    if _differ(places.provisional_places(place_sequence(category), order.candidates), awards):
        raise AwardError(_("The order that decides this category has changed since the "
                           "provisional places were filled (new reviews, survey data or "
                           "settings); recompute the provisional places first."))
    decisions, problems = places.decide([a.place for a in awards], order.candidates, choices)
    if problems:
        raise PlacesRefused([problem_message(p) for p in problems],
                            {p.position for p in problems})
    for award in awards:
        db.session.delete(award)
    db.session.flush()
    recipients = _recipients(category, [d.row.key for d in decisions])
    moment = now or utcnow()
    confirmed = [_award(category, d.position, d.place, d.row, recipients,
                        status=AwardStatus.CONFIRMED.value, shared=d.shared,
                        tied_with_next=d.tied_with_next, reason=d.reason, confirmed_at=moment,
                        confirmed_by_id=user.id) for d in decisions]
    db.session.add_all(confirmed)
    record("awards.confirmed", category, actor_id=user.id, summary={**order.source(), "places": [
        {"position": d.position, "place": d.place, **_recipient_summary(category, d.row),
         "rank": d.row.rank, "score": d.row.score, "decided_by": d.row.decided_by,
         "shared": d.shared, "tied_with_next": d.tied_with_next, "departs_from_order": d.departs,
         "reason": d.reason} for d in decisions]})
    db.session.commit()
    return confirmed


def problem_message(problem: places.Problem) -> str:
    position = problem.position
    if problem.kind == "missing":
        return _("Place %(position)d: choose who receives it.", position=position)
    if problem.kind == "unknown":
        return _("Place %(position)d: that choice is not placed in the order of this category.",
                 position=position)
    if problem.kind == "duplicate":
        return _("Place %(position)d: that choice already has a place above.", position=position)
    if problem.kind == "first_shared":
        return _("Place %(position)d: the first place cannot share the place above.",
                 position=position)
    if problem.kind == "extra_not_shared":
        return _("Place %(position)d: an extra row can only share the last place; tick "
                 "“shares the place above”.", position=position)
    grounds = {
        places.GROUND_DEPARTURE: _("it departs from the order"),
        places.GROUND_TIE: _("it is tied with the next one and the order is kept"),
        places.GROUND_SHARED: _("it shares the place above"),
    }
    return _("Place %(position)d: give a reason, because %(grounds)s.", position=position,
             grounds="; ".join(grounds[g] for g in problem.grounds))


def _award_summary(award: Award) -> dict:
    recipient = ({"nomination_id": award.nomination_id, "reference": award.nomination.reference}
                 if award.nomination_id is not None else
                 {"code": award.municipality.official_code, "name": award.municipality.name})
    return {"position": award.position, "place": award.place, **recipient,
            "shared": award.shared, "reason": award.reason}


def reopen_places(category: Category, user, reason: str) -> list[Award]:
    """Undo a confirmation before the edition closes: the confirmed places (kept in the audit
    event with the reason) give way to provisional places filled again from the order."""
    ensure_not_frozen(category.edition)
    text = _required_reason(reason)
    awards = category_awards(category)
    refusal = reopen_refusal(category, awards)
    if refusal:
        raise AwardError(refusal)
    record("awards.reopened", category, actor_id=user.id, summary={
        "reason": text, "confirmed_places": [_award_summary(a) for a in awards]})
    for award in awards:
        db.session.delete(award)
    db.session.flush()
    refilled = fill_provisional_places(category, trigger="reopened")
    db.session.commit()
    return refilled


# -- void categories ("desierto") -------------------------------------------------------------

def declare_void(category: Category, user, reason: str, now: datetime | None = None
                 ) -> Category:
    """Declare that the category gives no award this edition; its provisional places go."""
    ensure_not_frozen(category.edition)
    text = _required_reason(reason)
    awards = category_awards(category)
    refusal = void_refusal(category, awards)
    if refusal:
        raise AwardError(refusal)
    for award in awards:
        db.session.delete(award)
    category.declared_void_at = now or utcnow()
    category.void_reason = text
    record("awards.declared_void", category, actor_id=user.id, summary={
        "reason": text, "provisional_places_removed": [_award_summary(a) for a in awards]})
    db.session.commit()
    return category


def undo_void(category: Category, user, reason: str) -> list[Award]:
    """Give a void category places again (before closing): provisional places from its order."""
    ensure_not_frozen(category.edition)
    text = _required_reason(reason)
    refusal = undo_void_refusal(category)
    if refusal:
        raise AwardError(refusal)
    record("awards.void_undone", category, actor_id=user.id, summary={
        "reason": text, "void_reason": category.void_reason,
        "declared_void_at": category.declared_void_at})
    category.declared_void_at = None
    category.void_reason = ""
    awards = fill_provisional_places(category, trigger="void_undone")
    db.session.commit()
    return awards


# -- the deliberation page --------------------------------------------------------------------

@dataclass(frozen=True)
class Deliberation:
    """What a category's deliberation page shows, for either kind of category."""

    category: Category
    order: Order
    awards: list[Award]
    preview: list[places.Slot]
    sources: list[PerceptionImport]

    @property
    def candidates(self) -> list[places.Candidate]:
        return self.order.candidates

    @property
    def periods(self) -> list[Period] | None:
        return self.order.periods

    @property
    def rows(self) -> list[RankedRow]:
        return self.order.rows

    @property
    def board(self) -> results.Leaderboard | None:
        return self.order.board

    @property
    def ties(self) -> dict[str, bool]:
        """Per placed candidate's key, whether it is tied with the next placed one."""
        ranked = places.ranked_only(self.candidates)
        return dict(zip((c.key for c in ranked), places.ties_with_next(ranked)))

    @property
    def notice(self) -> str | None:
        """Why there are no places to give: no ranking chosen or no round, no data, nobody
        placed."""
        if self.board is not None:
            if self.board.round is None:
                return "no_round"
            return None if places.ranked_only(self.candidates) else "none_scored"
        if self.periods is None:
            return "not_configured"
        if not self.rows:
            return "no_data"
        if not places.ranked_only(self.candidates):
            return "none_ranked"
        return None

    @property
    def synthetic(self) -> bool:
        return any(s.synthetic for s in self.sources)

    @property
    def void(self) -> bool:
        return is_void(self.category)

    @property
    def confirmed(self) -> bool:
        return is_confirmed(self.awards)

    @property
    def stale(self) -> bool:
        """Provisional places filled from reviews, data or settings that have changed since."""
        return bool(self.awards) and not self.confirmed and _differ(self.preview, self.awards)

    @property
    def places_by_key(self) -> dict[str, Award]:
        return {award_key(a): a for a in self.awards}

    def candidate_for(self, award: Award) -> places.Candidate | None:
        """The award's candidate in the current order (its flags, how a tie was broken)."""
        return self._candidates_by_key.get(award_key(award))

    @cached_property
    def _candidates_by_key(self) -> dict[str, places.Candidate]:
        return {c.key: c for c in self.candidates}


def deliberation(category: Category) -> Deliberation:
    order = order_of(category)
    return Deliberation(category=category, order=order, awards=category_awards(category),
                        preview=places.provisional_places(place_sequence(category),
                                                          order.candidates),
                        sources=perception.sources_for(order.periods) if order.periods else [])


# -- the edition's overview, and what closing needs ------------------------------------------

VOID, CONFIRMED, PROVISIONAL, NO_PLACES = "void", "confirmed", "provisional", "no_places"


@dataclass(frozen=True)
class CategoryState:
    """Where one category stands in deliberation, from what is stored (no order is computed)."""

    category: Category
    statuses: tuple[str, ...]
    ties: int
    drafts: int

    @property
    def void(self) -> bool:
        return is_void(self.category)

    @property
    def decided(self) -> bool:
        return decided(self.void, self.statuses)

    @property
    def state(self) -> str:
        if self.void:
            return VOID
        if not self.statuses:
            return NO_PLACES
        return CONFIRMED if self.decided else PROVISIONAL

    @property
    def places(self) -> int:
        return len(self.statuses)


@dataclass(frozen=True)
class Overview:
    edition: Edition
    categories: list[CategoryState]

    @property
    def undecided(self) -> int:
        return sum(1 for c in self.categories if not c.decided)

    @property
    def drafts(self) -> int:
        return sum(c.drafts for c in self.categories)


def _stored_places(edition: Edition) -> dict[int, list[tuple[str, bool]]]:
    """(status, tied with the next) of every stored place, per category id, in one query."""
    rows = db.session.execute(
        select(Award.category_id, Award.status, Award.tied_with_next)
        .join(Category, Category.id == Award.category_id)
        .where(Category.edition_id == edition.id).order_by(Award.category_id, Award.position))
    stored: dict[int, list[tuple[str, bool]]] = defaultdict(list)
    for category_id, status, tied in rows:
        stored[category_id].append((status, tied))
    return stored


def draft_reviews(edition: Edition) -> dict[int, int]:
    """How many reviews are still in draft, per category id, in one query."""
    return dict(db.session.execute(
        select(Round.category_id, func.count(Review.id))
        .join(Assignment, Assignment.round_id == Round.id)
        .join(Review, Review.assignment_id == Assignment.id)
        .join(Category, Category.id == Round.category_id)
        .where(Category.edition_id == edition.id, Review.status == ReviewStatus.DRAFT.value)
        .group_by(Round.category_id)).all())


def overview(edition: Edition) -> Overview:
    stored = _stored_places(edition)
    drafts = draft_reviews(edition)
    return Overview(edition, [CategoryState(
        category=c, statuses=tuple(status for status, _tied in stored.get(c.id, [])),
        ties=sum(1 for status, tied in stored.get(c.id, [])
                 if tied and status == AwardStatus.PROVISIONAL.value),
        drafts=drafts.get(c.id, 0)) for c in edition.categories])


def undecided_categories(edition: Edition) -> list[Category]:
    """The categories closing still waits for: neither void nor with every place confirmed
    (a category without places is undecided until it is declared void)."""
    stored = _stored_places(edition)
    return [c for c in edition.categories
            if not decided(is_void(c), [status for status, _tied in stored.get(c.id, [])])]
