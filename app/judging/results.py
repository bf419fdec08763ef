"""Leaderboards of jury categories: read a round's counted reviews in a fixed number of queries,
aggregate them with `aggregation`, and move nominations on (shortlist, finalists, next round).

A round's nominations: the first round holds every nomination of the category still in the
competition (eligible and beyond); a later round those an organiser moved into it. The
submitted reviews of the round count, minus the conflicted ones (`conflicted_pairs`: declared,
automatic, and jurors of the nominated municipality unless an organiser dismissed it). A juror's
mean and σ for the z-scores use all their counted totals in the round, as DESIGN.md says, also
those of a nomination withdrawn since: it was part of how that juror scored.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager

from app.accounts.models import User
from app.accounts.permissions import is_organiser
from app.audit.services import record
from app.editions.freeze import ensure_not_frozen
from app.editions.models import Category, CategoryKind, Edition, EditionStatus, NomineeType
from app.extensions import db
from app.judging import aggregation
from app.judging.conflicts import conflicted_pairs
from app.judging.models import Assignment, Review, ReviewScore, ReviewStatus, Round, RoundEntry
from app.judging.rounds import rounds_of
from app.municipalities.models import Municipality
from app.nominations.models import SCREENED_IN_STATUSES, Nomination, NominationStatus

PER_PAGE = 100

# Organisers move nominations on while judging and deliberating; after closing results are frozen.
MOVING_EDITION_STATUSES = (EditionStatus.JUDGING.value, EditionStatus.DELIBERATION.value)

SHORTLISTED = NominationStatus.SHORTLISTED.value
FINALIST = NominationStatus.FINALIST.value
NEXT_ROUND = "next_round"
TARGETS = (SHORTLISTED, FINALIST, NEXT_ROUND)
# The statuses a nomination may be moved from, per target status.
MOVABLE_FROM = {SHORTLISTED: (NominationStatus.ELIGIBLE.value,),
                FINALIST: (NominationStatus.ELIGIBLE.value, NominationStatus.SHORTLISTED.value)}


class ResultsError(Exception):
    """A refusal the organiser can read."""


def can_view_leaderboard(user) -> bool:
    return is_organiser(user)


def can_move_nominations(user, category: Category) -> bool:
    """Organisers, while the edition is judging or deliberating."""
    return is_organiser(user) and category.edition.status in MOVING_EDITION_STATUSES


# --------------------------------------------------------------------------- the board


@dataclass(frozen=True)
class NominationInfo:
    id: int
    reference: str
    title: str
    nominee: str
    status: str


@dataclass(frozen=True)
class Row:
    nomination: NominationInfo
    standing: aggregation.Standing


@dataclass(frozen=True)
class JurorSummary:
    juror_id: int
    name: str
    email: str
    stats: aggregation.JurorStats


@dataclass(frozen=True)
class Leaderboard:
    category: Category
    round: Round | None
    rounds: list[Round]
    rows: list[Row]
    jurors: list[JurorSummary]
    rules: aggregation.Rules
    sensitivity: aggregation.Sensitivity | None

    @property
    def edition(self) -> Edition:
        return self.category.edition

    @property
    def next_round(self) -> Round | None:
        if self.round is None:
            return None
        return next((r for r in self.rounds if r.position > self.round.position), None)

    @property
    def places(self) -> int:
        return award_places(self.category)

    def references(self, nomination_ids) -> str:
        """The references of the given nominations, in that order, for a sentence."""
        by_id = {row.nomination.id: row.nomination.reference for row in self.rows}
        return ", ".join(by_id[i] for i in nomination_ids)

    @property
    def overall_mean(self) -> float | None:
        """The mean of every counted total in the round, the line jurors are compared with."""
        return aggregation.mean([t for juror in self.jurors for t in juror.stats.totals])

    def row_dicts(self) -> list[dict]:
        return [row_dict(row, self.category) for row in self.rows]


def award_places(category: Category) -> int:
    """The places the sensitivity line watches: every award place (gold to mentions), at least 1."""
    return max(category.places_gold + category.places_silver + category.places_bronze
               + category.mentions, 1)


def row_dict(row: Row, category: Category) -> dict:
    """One row as the CLI's JSON and the CSV give it: every figure unrounded."""
    s = row.standing
    return {
        "reference": row.nomination.reference, "title": row.nomination.title,
        "nominee": row.nomination.nominee, "status": row.nomination.status,
        "position": s.position, "tied": s.tied, "decided_by": s.decided_by, "score": s.score,
        "score_mean": s.score_mean, "score_median": s.score_median,
        "score_trimmed": s.score_trimmed, "score_z": s.score_z, "n_reviews": s.n_reviews,
        "spread": s.spread, "flags": list(s.flags), "tie_break_mean": s.tie_break_mean,
        "criterion_means": [{"criterion": c.name_es, "position": c.position,
                             "mean": s.criterion_means.get(c.id)} for c in category.criteria],
        "totals": list(s.totals),
    }


def find_category(year: int, code: str) -> Category | None:
    """A jury category of an edition, with its edition (criteria come with the category)."""
    return db.session.scalar(
        select(Category).join(Category.edition).options(contains_eager(Category.edition))
        .where(Edition.year == year, Category.code == code.upper(),
               Category.kind == CategoryKind.JURY.value))


def rules_for(category: Category) -> aggregation.Rules:
    edition = category.edition
    tie_breaker = next((c.id for c in category.criteria if c.is_tie_breaker), None)
    return aggregation.Rules(method=edition.score_aggregation,
                             normalise=bool(edition.juror_normalisation),
                             min_reviews=category.min_reviews, tie_break_criterion_id=tie_breaker)


def _round_nominations(category: Category, round_: Round, first: bool) -> list[NominationInfo]:
    statement = (
        select(Nomination.id, Nomination.reference, Nomination.title, Nomination.nominee_type,
               Nomination.nominee_name, Nomination.status, Municipality.name)
        .outerjoin(Municipality, Municipality.id == Nomination.municipality_id)
        .where(Nomination.category_id == category.id,
               Nomination.status.in_(SCREENED_IN_STATUSES))
        .order_by(Nomination.reference, Nomination.id))
    if not first:
        statement = statement.join(RoundEntry, (RoundEntry.nomination_id == Nomination.id)
                                   & (RoundEntry.round_id == round_.id))
    return [NominationInfo(id_, reference or f"#{id_}", title or "",
                           (municipality or "") if kind == NomineeType.MUNICIPALITY.value
                           else (name or ""), status)
            for id_, reference, title, kind, name, status, municipality
            in db.session.execute(statement)]


def _round_reviews(category: Category, round_: Round) -> list[aggregation.ReviewInput]:
    """The round's submitted reviews, each with its scores in the rubric's order, in one query
    (plus the two of `conflicted_pairs`); conflicted ones are marked so the aggregation leaves
    them out. Tens of thousands of rows: plain tuples through the Core connection."""
    weights = {c.id: float(c.weight) for c in category.criteria}
    order = {c.id: index for index, c in enumerate(category.criteria)}
    rows = db.session.connection().execute(
        select(ReviewScore.review_id, Assignment.juror_id, Assignment.nomination_id,
               ReviewScore.criterion_id, ReviewScore.score, ReviewScore.scale_min,
               ReviewScore.scale_max)
        .join(Review, Review.id == ReviewScore.review_id)
        .join(Assignment, Assignment.id == Review.assignment_id)
        .where(Assignment.round_id == round_.id, Review.status == ReviewStatus.SUBMITTED.value,
               ReviewScore.score.is_not(None)))
    heads: dict[int, tuple[int, int]] = {}
    scores: dict[int, list] = {}
    score_type = aggregation.CriterionScore
    for review_id, juror_id, nomination_id, criterion_id, score, low, high in rows:
        if criterion_id not in weights:
            continue
        if review_id not in heads:
            heads[review_id] = (juror_id, nomination_id)
            scores[review_id] = []
        scores[review_id].append(score_type(criterion_id, score, weights[criterion_id], low, high))
    conflicted = conflicted_pairs(category)
    return [aggregation.ReviewInput(
                nomination_id, juror_id,
                tuple(sorted(scores[review_id], key=lambda s: order[s.criterion_id])),
                conflicted=(juror_id, nomination_id) in conflicted)
            for review_id, (juror_id, nomination_id) in sorted(heads.items())]


def _jurors(stats: dict[int, aggregation.JurorStats]) -> list[JurorSummary]:
    """The jurors with a counted review, harshest (lowest mean) first."""
    people = {id_: (name, email) for id_, name, email in db.session.execute(
        select(User.id, User.name, User.email).where(User.id.in_(list(stats))))}
    summaries = [JurorSummary(juror_id, *people.get(juror_id, ("", "")), stats=juror)
                 for juror_id, juror in stats.items()]
    return sorted(summaries, key=lambda j: (j.stats.mean, j.name))


def load(category: Category, round_position: int | None = None) -> Leaderboard | None:
    """The leaderboard of one round (the latest when none is given); None when the category has
    no round of that position. The number of queries does not depend on the data."""
    rounds = rounds_of(category)
    rules = rules_for(category)
    if round_position is None:
        round_ = rounds[-1] if rounds else None
    else:
        round_ = next((r for r in rounds if r.position == round_position), None)
        if round_ is None:
            return None
    if round_ is None:
        return Leaderboard(category, None, rounds, [], [], rules, None)
    nominations = _round_nominations(category, round_, first=round_ is rounds[0])
    reviews = _round_reviews(category, round_)
    result = aggregation.aggregate(
        [aggregation.Entry(n.id, n.reference) for n in nominations], reviews, rules)
    by_id = {n.id: n for n in nominations}
    rows = [Row(by_id[s.nomination_id], s) for s in result.standings]
    sensitivity = aggregation.sensitivity(result.standings, rules.ranking_method,
                                          award_places(category))
    return Leaderboard(category, round_, rounds, rows, _jurors(result.jurors), rules, sensitivity)


# --------------------------------------------------------------------------- moving on


@dataclass(frozen=True)
class MoveOutcome:
    target: str
    moved: list[str]
    unchanged: list[str]


def selection(board: Leaderboard, nomination_ids: list[int] | None = None,
              top_n: int | None = None) -> list[Row]:
    """The rows ticked, or the first `top_n` places (every row tied at the last one included)."""
    if top_n is not None:
        if top_n < 1:
            raise ResultsError(_("The number of top places must be at least 1."))
        return [row for row in board.rows
                if row.standing.position is not None and row.standing.position <= top_n]
    wanted = set(nomination_ids or ())
    if not wanted:
        raise ResultsError(_("Tick at least one nomination, or give a number of top places."))
    rows = [row for row in board.rows if row.nomination.id in wanted]
    if len(rows) != len(wanted):
        raise ResultsError(_("Some of the ticked nominations are not on this leaderboard."))
    return rows


def move(actor, board: Leaderboard, target: str, nomination_ids: list[int] | None = None,
         top_n: int | None = None) -> MoveOutcome:
    """Shortlist, make finalist, or move into the next round the selected nominations, all or
    none, each recorded in the audit log, in one transaction."""
    ensure_not_frozen(board.category.edition)
    if target not in TARGETS:
        raise ResultsError(_("Choose where to move the nominations."))
    if not can_move_nominations(actor, board.category):
        raise ResultsError(_("Nominations can only be moved on while the edition is judging or "
                             "in deliberation."))
    rows = selection(board, nomination_ids, top_n)
    if not rows:
        raise ResultsError(_("No nomination has a place yet."))
    if target == NEXT_ROUND:
        outcome = _into_next_round(actor, board, rows)
    else:
        outcome = _to_status(board, rows, target)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ResultsError(_("Someone else moved some of these nominations at the same time; "
                             "reload the page and try again."))
    return outcome


def _summary(board: Leaderboard, row: Row) -> dict:
    return {"reference": row.nomination.reference, "category": board.category.code,
            "round": board.round.position, "position": row.standing.position,
            "score": row.standing.score, "tied": row.standing.tied}


def _to_status(board: Leaderboard, rows: list[Row], target: str) -> MoveOutcome:
    nominations = {n.id: n for n in db.session.scalars(
        select(Nomination).where(Nomination.id.in_([row.nomination.id for row in rows])))}
    blocked = [row.nomination.reference for row in rows
               if nominations[row.nomination.id].status not in (target, *MOVABLE_FROM[target])]
    if blocked:
        raise ResultsError(_("These nominations cannot be moved there from their current status: "
                             "%(refs)s.", refs=", ".join(blocked)))
    moved, unchanged = [], []
    for row in rows:
        nomination = nominations[row.nomination.id]
        if nomination.status == target:
            unchanged.append(row.nomination.reference)
            continue
        record(f"nomination.{target}", nomination,
               summary={**_summary(board, row), "from": nomination.status, "to": target})
        nomination.status = target
        moved.append(row.nomination.reference)
    return MoveOutcome(target, moved, unchanged)


def _into_next_round(actor, board: Leaderboard, rows: list[Row]) -> MoveOutcome:
    following = board.next_round
    if following is None:
        raise ResultsError(_("This category has no later round; shortlist the nominations "
                             "instead, or create the next round first."))
    present = set(db.session.scalars(select(RoundEntry.nomination_id).where(
        RoundEntry.round_id == following.id,
        RoundEntry.nomination_id.in_([row.nomination.id for row in rows]))))
    moved, unchanged = [], []
    for row in rows:
        if row.nomination.id in present:
            unchanged.append(row.nomination.reference)
            continue
        entry = RoundEntry(round_id=following.id, nomination_id=row.nomination.id,
                           added_by_id=actor.id)
        db.session.add(entry)
        record("round.entry_added", entry,
               summary={**_summary(board, row), "to_round": following.position})
        moved.append(row.nomination.reference)
    return MoveOutcome(NEXT_ROUND, moved, unchanged)
