"""Reviews: a juror's draft scores, their submission, and an organiser reopening one.

Every write to a review first moves its `version` on with one conditional UPDATE
(`... WHERE version = :expected`), so of two tabs saving from the same version exactly one wins,
on PostgreSQL too; the other is told to reload and nothing of it is written.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import bindparam, inspect, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, undefer
from sqlalchemy.orm.attributes import flag_modified, set_committed_value

from app.audit.services import record
from app.db_types import utcnow
from app.editions.freeze import ensure_not_frozen
from app.editions.models import Category, Edition, RubricCriterion
from app.extensions import db
from app.judging.models import (Assignment, Conflict, ConflictDeclaration, ConflictKind,
                                JurorProfile, Review, ReviewScore, ReviewStatus, Round)
from app.judging.permissions import (NOT_JUDGED, can_reopen, can_view_as_juror,
                                     scoring_closed_reason)
from app.nominations.models import Nomination

COMMENT_MAX = 5000
OVERALL_COMMENT_MAX = 10000


class ReviewError(Exception):
    """A refusal the juror or organiser can read."""


class ScoringClosed(ReviewError):
    """The edition left judging, the round is closed, or this juror may not score it."""


class ReviewLocked(ReviewError):
    """The review was submitted; only an organiser can reopen it."""


class StaleReview(ReviewError):
    """Saved meanwhile from another tab or device: nothing was overwritten."""


@dataclass(frozen=True)
class Problem:
    field: str
    message: str


class IncompleteReview(ReviewError):
    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


@dataclass
class ReviewValues:
    """What a juror typed: score and comment per criterion id, and the overall comment."""

    scores: dict[int, int | None] = field(default_factory=dict)
    comments: dict[int, str] = field(default_factory=dict)
    overall_comment: str = ""


def stale_message() -> str:
    return _("This review was changed in another tab or device, so nothing was saved here. "
             "Reload the page to see the latest version, then make your change again.")


def locked_message() -> str:
    return _("This review was submitted and is locked. Ask the organisers if it must be reopened.")


# -- pure checks --------------------------------------------------------------------------------

def check_values(values: ReviewValues, criteria: list[RubricCriterion]) -> None:
    """Refuse scores outside a criterion's scale, unknown criteria and over-long comments."""
    by_id = {c.id: c for c in criteria}
    for criterion_id, score in values.scores.items():
        criterion = by_id.get(criterion_id)
        if criterion is None:
            raise ReviewError(_("A score was sent for a criterion that is not in this rubric."))
        if score is not None and not criterion.scale_min <= score <= criterion.scale_max:
            raise ReviewError(_("Choose a score between %(low)d and %(high)d.",
                                low=criterion.scale_min, high=criterion.scale_max))
    if set(values.comments) - set(by_id):
        raise ReviewError(_("A comment was sent for a criterion that is not in this rubric."))
    if any(len(c) > COMMENT_MAX for c in values.comments.values()):
        raise ReviewError(_("A comment is too long (at most %(n)d characters).", n=COMMENT_MAX))
    if len(values.overall_comment) > OVERALL_COMMENT_MAX:
        raise ReviewError(_("The overall comment is too long (at most %(n)d characters).",
                            n=OVERALL_COMMENT_MAX))


def completeness_problems(values: ReviewValues, criteria: list[RubricCriterion],
                          overall_comment_required: bool) -> list[Problem]:
    """What is still missing before a review can be submitted, in page order."""
    problems = [Problem(f"score_{c.id}", _("Choose a score for this criterion."))
                for c in criteria if values.scores.get(c.id) is None]
    if overall_comment_required and not values.overall_comment.strip():
        problems.append(Problem("overall_comment", _("Write an overall comment.")))
    return problems


def values_of(review: Review | None) -> ReviewValues:
    """The stored review as values (empty when there is none yet)."""
    if review is None:
        return ReviewValues()
    return ReviewValues(scores={s.criterion_id: s.score for s in review.scores},
                        comments={s.criterion_id: s.comment for s in review.scores},
                        overall_comment=review.overall_comment)


def changes_between(old: ReviewValues, new: ReviewValues,
                    criteria: list[RubricCriterion]) -> dict:
    """A compact description of what a save changes, for the audit log."""
    scores = {str(c.id): [old.scores.get(c.id), new.scores.get(c.id)] for c in criteria
              if c.id in new.scores and old.scores.get(c.id) != new.scores.get(c.id)}
    comments = [c.id for c in criteria
                if c.id in new.comments and (old.comments.get(c.id) or "") != new.comments[c.id]]
    summary: dict = {}
    if scores:
        summary["scores"] = scores
    if comments:
        summary["comments"] = comments
    if old.overall_comment != new.overall_comment:
        summary["overall_comment"] = True
    return summary


# -- reading ------------------------------------------------------------------------------------

# Saves are the busiest requests while a jury is at work: their statements are built once.
_REVIEW_OF = (select(Review).where(Review.assignment_id == bindparam("assignment_id"))
              .options(joinedload(Review.scores)))
_NOMINATION_FOR_SCORING = (Nomination.category_id, Nomination.municipality_id, Nomination.status,
                           Nomination.reference, Nomination.title)
_CATEGORY = joinedload(Assignment.nomination, innerjoin=True).joinedload(Nomination.category,
                                                                         innerjoin=True)
_FOR_SCORING = (
    joinedload(Assignment.round, innerjoin=True),
    # What a save reads of the nomination; the rest (its long texts and JSON answers) is left
    # for the page, which a save only draws when it refuses (`load_for_page`).
    joinedload(Assignment.nomination, innerjoin=True).load_only(*_NOMINATION_FOR_SCORING)
    .lazyload(Nomination.attachments),
    # A second query: joined, the rubric's rows would repeat every other column.
    _CATEGORY.selectinload(Category.criteria),
    _CATEGORY.joinedload(Category.edition, innerjoin=True).lazyload(Edition.categories),
)


def review_of(assignment: Assignment) -> Review | None:
    """The assignment's review with its scores, in one query."""
    return db.session.scalars(_REVIEW_OF, {"assignment_id": assignment.id}).unique().one_or_none()


def assignment_for_scoring(assignment_id: int) -> Assignment | None:
    """The assignment with what saving a review reads (its round, nomination, category, rubric
    and edition), leaving the nomination's attachments unloaded, read afresh and held with a
    shared lock until the transaction ends (PostgreSQL): closing the round or moving the edition
    on waits for the saves that read them open, and a save that waited reads them closed, so
    none is accepted after the close."""
    return db.session.get(Assignment, assignment_id, options=_FOR_SCORING,
                          populate_existing=True, with_for_update={"read": True})


def load_for_page(assignment: Assignment) -> None:
    """After a refused save, the nomination whole for drawing its page: one query for the texts
    and answers a save leaves unloaded (none when they are loaded already)."""
    nomination = assignment.nomination
    if inspect(nomination).unloaded & _NOMINATION_COLUMNS:
        db.session.get(Nomination, nomination.id, populate_existing=True,
                       options=[undefer("*")])


_NOMINATION_COLUMNS = frozenset(attribute.key for attribute in inspect(Nomination).column_attrs)


def other_reviews(assignment: Assignment) -> list[tuple[str, Review]]:
    """The other jurors' submitted reviews of the same nomination in the same round, labelled
    "Juror A", "Juror B"… in a fixed order, so they are compared without names."""
    reviews = db.session.scalars(
        select(Review).join(Assignment, Assignment.id == Review.assignment_id)
        .where(Assignment.nomination_id == assignment.nomination_id,
               Assignment.round_id == assignment.round_id,
               Assignment.id != assignment.id,
               Review.status == ReviewStatus.SUBMITTED.value)
        .order_by(Review.id)).all()
    return [(_("Juror %(letter)s", letter=_letter(i)), review) for i, review in enumerate(reviews)]


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass
class DashboardRow:
    assignment: Assignment
    status: str  # not_started | draft | submitted


@dataclass
class DashboardCategory:
    edition: Edition
    category: Category
    declared: bool
    rows: list[DashboardRow] = field(default_factory=list)
    excluded: int = 0  # assignments hidden because of a conflict of interest
    rounds: list[Round] = field(default_factory=list)


def dashboard(juror) -> list[DashboardCategory]:
    """The juror's assignments per category (newest edition first), in the juror's own fixed
    order; nothing of a category is listed before its conflicts are declared. A fixed number of
    queries, however many assignments."""
    assignments = db.session.scalars(
        select(Assignment).join(Nomination, Nomination.id == Assignment.nomination_id)
        .join(Category, Category.id == Nomination.category_id)
        .join(Edition, Edition.id == Category.edition_id)
        .where(Assignment.juror_id == juror.id, Nomination.status.not_in(NOT_JUDGED))
        .options(joinedload(Assignment.round),
                 joinedload(Assignment.review).lazyload(Review.scores),
                 joinedload(Assignment.nomination).lazyload(Nomination.attachments),
                 joinedload(Assignment.nomination).joinedload(Nomination.category)
                 .lazyload(Category.criteria),
                 joinedload(Assignment.nomination).joinedload(Nomination.category)
                 .joinedload(Category.edition).lazyload(Edition.categories))
        .order_by(Edition.year.desc(), Category.position, Category.code,
                  Assignment.order_key, Assignment.id)).unique().all()
    declared = set(db.session.scalars(select(ConflictDeclaration.category_id).where(
        ConflictDeclaration.juror_id == juror.id)))
    conflicted = conflicted_nomination_ids(juror)
    blocks: dict[int, DashboardCategory] = {}
    for assignment in assignments:
        category = assignment.nomination.category
        block = blocks.get(category.id)
        if block is None:
            block = blocks[category.id] = DashboardCategory(
                edition=category.edition, category=category, declared=category.id in declared)
        if assignment.round not in block.rounds:
            block.rounds.append(assignment.round)
        if assignment.nomination_id in conflicted:
            block.excluded += 1
        elif block.declared:
            block.rows.append(DashboardRow(assignment, review_state(assignment.review)))
    return list(blocks.values())


def review_state(review: Review | None) -> str:
    if review is None or review.version == 0:
        return "not_started"
    return review.status


def conflicted_nomination_ids(juror) -> set[int]:
    """The nominations the juror may not judge: undismissed conflicts, and the nominations of the
    juror's municipality unless an organiser dismissed that automatic conflict (two queries)."""
    rows = db.session.execute(select(Conflict.nomination_id, Conflict.kind, Conflict.dismissed_at)
                              .where(Conflict.juror_id == juror.id)).all()
    ids = {n for n, _kind, dismissed in rows if dismissed is None}
    dismissed_automatic = {n for n, kind, dismissed in rows
                           if dismissed is not None and kind == ConflictKind.AUTOMATIC.value}
    home = db.session.scalars(
        select(Nomination.id).join(JurorProfile,
                                   JurorProfile.municipality_id == Nomination.municipality_id)
        .where(JurorProfile.user_id == juror.id)).all()
    ids.update(n for n in home if n not in dismissed_automatic)
    return ids


# -- writing ------------------------------------------------------------------------------------

def get_or_create_draft(assignment: Assignment) -> Review:
    """The assignment's review, created empty when there is none (version 0: nothing saved yet),
    with a score row per criterion. Call it first in a transaction: when another request created
    the review at the same moment, this one's transaction is rolled back and that review returned
    (no SAVEPOINT, which pysqlite mishandles). Flushes; the caller commits."""
    review = review_of(assignment)
    criteria = assignment.nomination.category.criteria
    if review is None:
        review = Review(assignment_id=assignment.id, version=0, status=ReviewStatus.DRAFT.value)
        _ensure_score_rows(review, criteria)  # inserted with the review: nothing to load back
        if _inserted(assignment, review):
            return review
        review = review_of(assignment)
    _ensure_score_rows(review, criteria)
    return review


def _inserted(assignment: Assignment, review: Review) -> bool:
    """Insert a new review; False (and this transaction rolled back) when another request
    created the assignment's review meanwhile."""
    db.session.add(review)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return False
    db.session.expire(assignment, ["review"])
    return True


def _ensure_score_rows(review: Review, criteria: list[RubricCriterion]) -> None:
    present = {s.criterion_id for s in review.scores}
    for criterion in criteria:
        if criterion.id not in present:
            review.scores.append(ReviewScore(criterion_id=criterion.id, score=None,
                                             scale_min=criterion.scale_min,
                                             scale_max=criterion.scale_max))


def _require_scoring(assignment: Assignment, now: datetime) -> None:
    """`can_score` for the assignment's own juror, saying why not."""
    reason = scoring_closed_reason(assignment, now)
    if reason is not None:
        raise ScoringClosed(reason)
    if not can_view_as_juror(assignment.juror, assignment.nomination):
        raise ScoringClosed(_("You cannot score this nomination."))


def _claim(review: Review, expected_version: int, now: datetime, **columns) -> int:
    """Move the draft's version on, only from the version the page was showing: one atomic
    UPDATE, so two concurrent saves from the same version cannot both succeed. Returns the new
    version; on refusal rolls back and raises StaleReview (or ReviewLocked)."""
    result = db.session.execute(
        update(Review)
        .where(Review.id == review.id, Review.version == expected_version,
               Review.status == ReviewStatus.DRAFT.value)
        .values(version=Review.version + 1, updated_at=now, **columns)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        review_id = review.id
        db.session.rollback()
        current = db.session.get(Review, review_id)
        if current is not None and current.is_submitted:
            raise ReviewLocked(locked_message())
        raise StaleReview(stale_message())
    db.session.expire(review, ["version", "status", "submitted_at", "overall_comment",
                               "updated_at"])
    return expected_version + 1


def _commit_keeping(review: Review, **written) -> None:
    """Commit, keeping what the transaction wrote as the review's loaded state, so that reading
    it back (the autosave answers the new version and time) costs no query."""
    db.session.commit()
    for key, value in written.items():
        set_committed_value(review, key, value)


def _apply_scores(review: Review, values: ReviewValues) -> None:
    """Every row that changes writes both its score and its comment, so that the rows of a save
    go to the database as one statement (an UPDATE per distinct set of columns otherwise)."""
    for row in review.scores:
        score = values.scores.get(row.criterion_id, row.score)
        comment = values.comments.get(row.criterion_id, row.comment or "")
        if score != row.score or comment != row.comment:
            row.score, row.comment = score, comment
            flag_modified(row, "score")
            flag_modified(row, "comment")


def _prepare(assignment: Assignment, values: ReviewValues, now: datetime) -> Review | None:
    """Check the juror may score and the values fit the rubric; the stored review with a row
    per criterion, or None before the first save."""
    _require_scoring(assignment, now)
    criteria = assignment.nomination.category.criteria
    check_values(values, criteria)
    review = review_of(assignment)
    if review is not None:
        _refuse_locked(review)
        _ensure_score_rows(review, criteria)
    return review


def _refuse_locked(review: Review) -> None:
    if review.is_submitted:
        db.session.rollback()
        raise ReviewLocked(locked_message())


def _write(assignment: Assignment, review: Review | None, values: ReviewValues,
           expected_version: int, now: datetime, **columns) -> tuple[Review, int]:
    """Write the values over the version the page was showing; the review and its new version.
    A first save inserts the review whole at version 1 (from version 0 only: a page that saw a
    review is stale once it is gone); a later one claims the next version and updates the
    changed scores."""
    if review is None:
        if expected_version != 0:
            db.session.rollback()
            raise StaleReview(stale_message())
        review = Review(assignment_id=assignment.id, version=1, status=ReviewStatus.DRAFT.value,
                        overall_comment=values.overall_comment, updated_at=now)
        for key, value in columns.items():
            setattr(review, key, value)
        _ensure_score_rows(review, assignment.nomination.category.criteria)
        _apply_scores(review, values)
        if _inserted(assignment, review):
            return review, 1
        # Created meanwhile by another request, and this transaction rolled back: read (and
        # lock) again what the checks read before writing over that review.
        _require_scoring(assignment_for_scoring(assignment.id), now)
        review = get_or_create_draft(assignment)
        _refuse_locked(review)
    new_version = _claim(review, expected_version, now, overall_comment=values.overall_comment,
                         **columns)
    _apply_scores(review, values)
    return review, new_version


def save_draft(assignment: Assignment, values: ReviewValues, expected_version: int,
               now: datetime | None = None) -> Review:
    """Store what the juror typed, complete or not. A save from an older version than the
    stored one is refused (StaleReview). Each save that changes something is one audit event
    with the changed criteria."""
    ensure_not_frozen(assignment.nomination.category.edition)
    now = now or utcnow()
    review = _prepare(assignment, values, now)
    criteria = assignment.nomination.category.criteria
    changes = changes_between(values_of(review), values, criteria)
    if not changes:
        review = review or get_or_create_draft(assignment)
        if review.version != expected_version:
            db.session.rollback()
            raise StaleReview(stale_message())
        _commit_keeping(review, version=review.version, updated_at=review.updated_at)
        return review
    review, new_version = _write(assignment, review, values, expected_version, now)
    record("review.draft_saved", review, actor_id=assignment.juror_id,
           summary={**changes, "version": new_version})
    _commit_keeping(review, version=new_version, updated_at=now,
                    overall_comment=values.overall_comment)
    return review


def submit(assignment: Assignment, values: ReviewValues, expected_version: int,
           now: datetime | None = None) -> Review:
    """Save and lock the review once every criterion is scored (and the overall comment written
    when the category requires it)."""
    ensure_not_frozen(assignment.nomination.category.edition)
    now = now or utcnow()
    category = assignment.nomination.category
    problems = completeness_problems(values, category.criteria, category.overall_comment_required)
    review = _prepare(assignment, values, now)
    if problems:
        db.session.rollback()
        raise IncompleteReview(problems)
    changes = changes_between(values_of(review), values, category.criteria)
    review, new_version = _write(assignment, review, values, expected_version, now,
                                 status=ReviewStatus.SUBMITTED.value, submitted_at=now)
    record("review.submitted", review, actor_id=assignment.juror_id, summary={
        "assignment_id": assignment.id, "nomination_id": assignment.nomination_id,
        "scores": {str(c.id): values.scores.get(c.id) for c in category.criteria},
        "changes": changes, "version": new_version})
    _commit_keeping(review, version=new_version, updated_at=now,
                    overall_comment=values.overall_comment,
                    status=ReviewStatus.SUBMITTED.value, submitted_at=now)
    return review


def reopen(organiser, review: Review, reason: str, now: datetime | None = None) -> Review:
    """Unlock a submitted review for its juror, with a reason, recorded with the scores it had."""
    ensure_not_frozen(review.assignment.nomination.category.edition)
    now = now or utcnow()
    if not can_reopen(organiser, review):
        raise ReviewError(_("Only a submitted review of an edition that is not closed can be "
                            "reopened."))
    reason = (reason or "").strip()
    if not reason:
        raise ReviewError(_("Give a reason for reopening the review."))
    result = db.session.execute(
        update(Review)
        .where(Review.id == review.id, Review.status == ReviewStatus.SUBMITTED.value)
        .values(status=ReviewStatus.DRAFT.value, submitted_at=None, reopened_at=now,
                reopen_reason=reason[:2000], version=Review.version + 1, updated_at=now)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        db.session.rollback()
        raise ReviewError(_("This review is not submitted any more; nothing was changed."))
    record("review.reopened", review, actor_id=organiser.id, summary={
        "reason": reason[:2000], "juror_id": review.assignment.juror_id,
        "submitted_at": review.submitted_at,
        "scores": {str(s.criterion_id): s.score for s in review.scores}})
    db.session.commit()
    return review
