"""Closing an edition: what still stands in the way, the outcomes, the seal, and checking it.

`close` is allowed when every category is decided (confirmed places, or declared void) and no
review is left in draft, unless the organiser excuses the drafts with a reason, which is stored on
the edition and audited. Closing runs in the `close` transition's one transaction
(`services.apply_transition` calls `finalise`): nominations still competing become winners (a
confirmed place) or not awarded, the automatic conflicts that hold are recorded, and the seal
(`seal.py`) is computed over the frozen results and the head of the audit chain. From then on the
services refuse every change (`freeze.ensure_not_frozen`) and `freeze_guard` backs them up.

`verify` recomputes the seal from the database and walks the audit chain.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from app.accounts.models import User
from app.audit import chain
from app.audit.models import AuditEvent
from app.audit.services import record
from app.awards import services as awards
from app.awards.models import Award, AwardStatus
from app.editions import seal
from app.editions.freeze import FROZEN_STATUSES
from app.editions.freeze_guard import frozen_writes_allowed
from app.editions.models import Category, CategoryKind, Edition
from app.extensions import db
from app.judging.conflicts import conflicted_pairs
from app.judging.models import Assignment, Conflict, ConflictKind, Review, ReviewStatus, Round
from app.judging.rounds import current_round
from app.nominations.models import UNDER_JUDGING_STATUSES, Nomination, NominationStatus
from app.perception.periods import parse_period

REASON_MAX = 2000


# -- what stands in the way -------------------------------------------------------------------

@dataclass(frozen=True)
class DraftReview:
    review_id: int
    category: str
    reference: str
    juror: str


def draft_reviews(edition: Edition) -> list[DraftReview]:
    """Reviews left in draft (as deliberation counts them: opened and not submitted)."""
    rows = db.session.execute(
        select(Review.id, Category.code, Nomination.reference, User.name)
        .join(Assignment, Assignment.id == Review.assignment_id)
        .join(Round, Round.id == Assignment.round_id)
        .join(Category, Category.id == Round.category_id)
        .join(Nomination, Nomination.id == Assignment.nomination_id)
        .join(User, User.id == Assignment.juror_id)
        .where(Category.edition_id == edition.id, Review.status == ReviewStatus.DRAFT.value)
        .order_by(Category.position, Category.code, Nomination.reference, User.name))
    return [DraftReview(*row) for row in rows]


@dataclass(frozen=True)
class Checklist:
    """What the closing checklist shows; `problems` is what refuses `close`."""

    undecided: list[Category]
    drafts: list[DraftReview]
    drafts_excused: bool

    def problems(self) -> list[str]:
        found = [_("category %(code)s has neither confirmed places nor a declaration that it is "
                   "void", code=c.code) for c in self.undecided]
        if self.drafts and not self.drafts_excused:
            found.append(_("reviews still in draft: %(count)d (excuse them with a reason to "
                           "close anyway)", count=len(self.drafts)))
        return found


def checklist(edition: Edition) -> Checklist:
    return Checklist(awards.undecided_categories(edition), draft_reviews(edition),
                     bool((edition.drafts_excused_reason or "").strip()))


def close_problems(edition: Edition) -> list[str]:
    """The `close` transition's check."""
    return checklist(edition).problems()


# -- closing ----------------------------------------------------------------------------------

def close_edition(edition: Edition, excuse_drafts: str | None = None,
                  now: datetime | None = None) -> Edition:
    """Close the edition, excusing the draft reviews with `excuse_drafts` when given (a reason
    is required then). One transaction; refused with EditionError, nothing changed."""
    from app.editions.services import EditionError, apply_transition
    reason = (excuse_drafts or "").strip()
    if excuse_drafts is not None and not reason:
        raise EditionError(_("Give the reason for closing with reviews still in draft."))
    edition.drafts_excused_reason = reason[:REASON_MAX]
    try:
        return apply_transition(edition, "close", now)
    except EditionError:
        db.session.rollback()
        raise


def finalise(edition: Edition) -> None:
    """Entering `closed`, inside the transition's transaction: the outcomes and the seal."""
    with frozen_writes_allowed():
        _record_excused_drafts(edition)
        _record_standing_conflicts(edition)
        _set_outcomes(edition)
        db.session.flush()
        head = chain.head(db.session)
        sealed_at = edition.status_changed_at
        document = seal.canonical(seal.build(edition, sealed_at, {"id": head.id,
                                                                  "hash": head.hash}))
        edition.seal_document = document.decode("utf-8")
        edition.seal_sha256 = seal.sha256(document)
        edition.sealed_at = sealed_at
        record("edition.sealed", edition, summary={"sha256": edition.seal_sha256,
                                                   "audit_head": head.hash})
        db.session.flush()


def _record_excused_drafts(edition: Edition) -> None:
    drafts = draft_reviews(edition)
    if not drafts:
        edition.drafts_excused_reason = ""
        return
    record("edition.drafts_excused", edition, summary={
        "reason": edition.drafts_excused_reason,
        "drafts": [{"review_id": d.review_id, "category": d.category, "reference": d.reference}
                   for d in drafts]})


def _record_standing_conflicts(edition: Edition) -> None:
    """Jurors working for a nominated municipality are conflicted by their current profile; the
    pairs that keep a submitted review out of the results are recorded as conflicts now, so the
    sealed results do not depend on profiles that may change later."""
    for category in edition.categories:
        round_ = current_round(category) if category.is_jury else None
        if round_ is None:
            continue
        reviewed = set(map(tuple, db.session.execute(
            select(Assignment.juror_id, Assignment.nomination_id)
            .join(Review, Review.assignment_id == Assignment.id)
            .where(Assignment.round_id == round_.id,
                   Review.status == ReviewStatus.SUBMITTED.value))))
        recorded = set(map(tuple, db.session.execute(
            select(Conflict.juror_id, Conflict.nomination_id)
            .join(Nomination, Nomination.id == Conflict.nomination_id)
            .where(Nomination.category_id == category.id))))
        for juror_id, nomination_id in sorted((conflicted_pairs(category) & reviewed) - recorded):
            conflict = Conflict(juror_id=juror_id, nomination_id=nomination_id,
                                kind=ConflictKind.AUTOMATIC.value)
            db.session.add(conflict)
            record("conflict.detected", conflict, summary={
                "juror_id": juror_id, "nomination_id": nomination_id, "when": "closing"})


def _set_outcomes(edition: Edition) -> None:
    winners = set(db.session.scalars(
        select(Award.nomination_id).join(Category)
        .where(Category.edition_id == edition.id, Award.status == AwardStatus.CONFIRMED.value,
               Award.nomination_id.is_not(None))))
    competing = db.session.scalars(
        select(Nomination).join(Category)
        .where(Category.edition_id == edition.id,
               Nomination.status.in_(UNDER_JUDGING_STATUSES))
        .order_by(Nomination.reference)).all()
    outcomes: dict[str, list[str]] = {NominationStatus.WINNER.value: [],
                                      NominationStatus.NOT_AWARDED.value: []}
    for nomination in competing:
        nomination.status = (NominationStatus.WINNER.value if nomination.id in winners
                             else NominationStatus.NOT_AWARDED.value)
        outcomes[nomination.status].append(nomination.reference)
    record("edition.outcomes", edition, summary=outcomes)


# -- checking the seal ------------------------------------------------------------------------

@dataclass
class Verification:
    """The seal recomputed from the database, and the walk of the audit chain."""

    sealed: bool
    seal_sha256: str | None
    seal_problems: list[str] = field(default_factory=list)
    chain: chain.ChainReport = field(default_factory=chain.ChainReport)

    @property
    def ok(self) -> bool:
        return self.sealed and not self.seal_problems and self.chain.ok

    @property
    def problems(self) -> list[str]:
        lines = self.seal_problems + self.chain.problems
        if self.chain.more_problems:
            lines.append(_("and %(count)d more problems in the audit chain",
                           count=self.chain.more_problems))
        return lines


def verify(edition: Edition) -> Verification:
    result = Verification(sealed=bool(edition.seal_document and edition.seal_sha256),
                          seal_sha256=edition.seal_sha256)
    if not result.sealed:
        result.seal_problems.append(_("%(edition)s has no seal: it has not been closed.",
                                      edition=edition.name))
    else:
        result.seal_problems.extend(_seal_problems(edition))
    result.chain = chain.verify_chain(db.session)
    return result


def _seal_problems(edition: Edition) -> list[str]:
    stored = edition.seal_document.encode("utf-8")
    problems = []
    if seal.sha256(stored) != edition.seal_sha256:
        problems.append(_("The stored seal document does not hash to the stored seal."))
    try:
        sealed = json.loads(stored)
        head_id = int(sealed["audit_head"]["id"])
    except (ValueError, KeyError, TypeError):
        return problems + [_("The stored seal document cannot be read.")]
    head = db.session.get(AuditEvent, head_id)
    current = seal.canonical(seal.build(edition, edition.sealed_at, {
        "id": head_id, "hash": head.hash if head is not None else None}))
    if current != stored:
        problems.extend(seal.differences(sealed, json.loads(current)))
    return problems


# -- survey data behind sealed rankings -------------------------------------------------------

def frozen_ranking_categories(period: str) -> list[Category]:
    """Ranking categories of closed or published editions whose ranking uses the quarter."""
    quarter = parse_period(period)
    categories = db.session.scalars(
        select(Category).join(Edition)
        .where(Edition.status.in_(FROZEN_STATUSES),
               Category.kind == CategoryKind.RANKING.value,
               Category.ranking_period.is_not(None), Category.declared_void_at.is_(None))).all()
    return [c for c in categories if quarter in (awards.ranking_periods(c) or [])]
