"""Who reviews what: organisers assign jurors by hand or automatically, see each juror's load and
progress, and remind those behind.

Rules worth knowing:
- A conflicted pair (`conflicted_pairs`) is never assigned, by hand or automatically.
- Removing an assignment whose review was submitted is refused: a submitted score never
  disappears without a recorded reason, so the organiser first reopens the review (audited, with
  a reason) and then removes it. A draft goes with its assignment (the page asks first).
- Automatic assignment tops up by default: existing assignments stay and count towards K. A
  full run also discards the assignments nobody has started (no saved draft), then plans again.
- A juror's own order of their nominations is `order_key(round id, juror, nomination)`: fixed
  per juror and round however and whenever the assignment is made.
Every change is audited and committed once; all of it is refused once the edition is closed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import delete, select

from app import mail
from app.accounts.models import Role, User, UserRole
from app.accounts.permissions import is_organiser
from app.audit.services import record
from app.db_types import utcnow
from app.editions.models import Category, Edition, EditionStatus
from app.extensions import db
from app.judging.assign import Shortfall, load_spread, order_key, plan_assignments
from app.judging.conflicts import conflicted_pairs
from app.judging.models import (Assignment, AssignmentSource, JurorProfile, Review, ReviewScore,
                                ReviewStatus, Round)
from app.judging.rounds import (RoundError, is_overdue, require_editable, round_deadline,
                                round_nominations, rounds_of)
from app.nominations.models import Nomination
from app.notifications import events
from app.urls import external_url

NOT_STARTED, DRAFT, SUBMITTED = "not_started", ReviewStatus.DRAFT.value, ReviewStatus.SUBMITTED.value
MAX_K = 20


class AssignmentError(RoundError):
    """A refused assignment change, with a message for the organiser."""


# -- reading: the jurors, the round's assignments, the load and progress tables ----------------

def jurors_with_profiles(ids: set[int] | None = None) -> list[tuple[User, JurorProfile | None]]:
    """Active users with the juror role (or, given `ids`, those users whatever their state),
    by name, each with their profile: two queries."""
    statement = select(User, JurorProfile).outerjoin(JurorProfile, JurorProfile.user_id == User.id)
    if ids is None:
        statement = statement.join(UserRole, (UserRole.user_id == User.id)
                                   & (UserRole.role == Role.JUROR.value)).where(User.active)
    else:
        statement = statement.where(User.id.in_(ids))
    return [(user, profile) for user, profile in db.session.execute(statement.order_by(User.name,
                                                                                       User.id))]


@dataclass(frozen=True)
class AssignmentInfo:
    id: int
    juror_id: int
    nomination_id: int
    state: str  # not_started | draft | submitted
    conflicted: bool
    updated_at: datetime | None


def _state(status: str | None, version: int | None) -> str:
    if status == SUBMITTED:
        return SUBMITTED
    return DRAFT if status is not None and version else NOT_STARTED


def round_assignments(round_ids: list[int], conflicts: set[tuple[int, int]]) -> list[AssignmentInfo]:
    """The rounds' assignments with the state of their review, in one query."""
    if not round_ids:
        return []
    rows = db.session.execute(
        select(Assignment.id, Assignment.juror_id, Assignment.nomination_id,
               Review.status, Review.version, Review.updated_at)
        .outerjoin(Review, Review.assignment_id == Assignment.id)
        .where(Assignment.round_id.in_(round_ids))
        .order_by(Assignment.id))
    return [AssignmentInfo(id_, juror, nomination, _state(status, version),
                           (juror, nomination) in conflicts, updated if status else None)
            for id_, juror, nomination, status, version, updated in rows]


@dataclass
class Progress:
    """One juror's work in a round (conflicted assignments are left out), or the sum over
    jurors when `juror` is None."""
    juror: User | None = None
    profile: JurorProfile | None = None
    assigned: int = 0
    not_started: int = 0
    drafted: int = 0
    submitted: int = 0
    conflicted: int = 0
    overdue: bool = False
    last_activity: datetime | None = None

    @property
    def outstanding(self) -> int:
        return self.assigned - self.submitted

    @property
    def percent(self) -> int:
        return round(100 * self.submitted / self.assigned) if self.assigned else 100

    def count(self, info: AssignmentInfo, overdue: bool) -> None:
        if info.conflicted:
            self.conflicted += 1
            return
        self.assigned += 1
        if info.state == SUBMITTED:
            self.submitted += 1
        elif info.state == DRAFT:
            self.drafted += 1
        else:
            self.not_started += 1
        if overdue and info.state != SUBMITTED:
            self.overdue = True
        if info.updated_at and (self.last_activity is None or info.updated_at > self.last_activity):
            self.last_activity = info.updated_at


def total(rows: list[Progress]) -> Progress:
    result = Progress()
    for p in rows:
        result.assigned += p.assigned
        result.not_started += p.not_started
        result.drafted += p.drafted
        result.submitted += p.submitted
        result.conflicted += p.conflicted
        result.overdue = result.overdue or p.overdue
    return result


def progress_rows(infos: list[AssignmentInfo], overdue: bool,
                  jurors: list[tuple[User, JurorProfile | None]]) -> list[Progress]:
    """Per juror: the given jurors, then anyone else still holding assignments (one more query
    only then)."""
    rows = {user.id: Progress(user, profile) for user, profile in jurors}
    others = {info.juror_id for info in infos} - rows.keys()
    if others:
        rows.update({user.id: Progress(user, profile)
                     for user, profile in jurors_with_profiles(others)})
    for info in infos:
        rows[info.juror_id].count(info, overdue)
    return list(rows.values())


@dataclass
class NominationRow:
    nomination: Nomination
    assignments: list[AssignmentInfo] = field(default_factory=list)
    conflicted_jurors: set[int] = field(default_factory=set)

    @property
    def counted(self) -> int:
        return sum(1 for a in self.assignments if not a.conflicted)


@dataclass
class JuryBoard:
    """Everything the organiser's jury page shows for one round, in a fixed number of queries."""
    category: Category
    round_: Round | None
    rounds: list[Round]
    rows: list[NominationRow]
    progress: list[Progress]
    jurors: dict[int, User]

    @property
    def spread(self) -> int:
        return load_spread({p.juror.id: p.assigned for p in self.progress if p.juror.active})

    @property
    def below_minimum(self) -> int:
        return sum(1 for row in self.rows if row.counted < self.category.min_reviews)

    @property
    def totals(self) -> Progress:
        return total(self.progress)

    @property
    def active_jurors(self) -> list[User]:
        return [p.juror for p in self.progress if p.juror.active and p.juror.has_role(Role.JUROR)]


def jury_board(category: Category, round_: Round | None, now: datetime | None = None) -> JuryBoard:
    rounds = rounds_of(category)
    if round_ is None:
        return JuryBoard(category, None, rounds, [], [], {})
    conflicts = conflicted_pairs(category)
    infos = round_assignments([round_.id], conflicts)
    overdue = round_.closed_at is None and is_overdue(round_, now)
    progress = progress_rows(infos, overdue, jurors_with_profiles())
    rows = {n.id: NominationRow(n) for n in round_nominations(round_)}
    for juror_id, nomination_id in conflicts:
        if nomination_id in rows:
            rows[nomination_id].conflicted_jurors.add(juror_id)
    for info in infos:
        if info.nomination_id in rows:
            rows[info.nomination_id].assignments.append(info)
    return JuryBoard(category, round_, rounds, list(rows.values()), progress,
                     {p.juror.id: p.juror for p in progress})


@dataclass
class CategoryProgress:
    category: Category
    round_: Round | None
    progress: list[Progress]
    overdue: bool

    @property
    def totals(self) -> Progress:
        return total(self.progress)


def edition_progress(edition: Edition, now: datetime | None = None) -> list[CategoryProgress]:
    """Per jury category, its current round's progress per juror with assignments: a fixed
    number of queries per category, whatever the number of nominations."""
    jury = [c for c in edition.categories if c.is_jury]
    rounds = db.session.scalars(select(Round).where(
        Round.category_id.in_([c.id for c in jury])).order_by(Round.position))
    current = {r.category_id: r for r in rounds}  # the last position wins
    jurors = jurors_with_profiles()
    result = []
    for category in jury:
        round_ = current.get(category.id)
        if round_ is None:
            result.append(CategoryProgress(category, None, [], False))
            continue
        infos = round_assignments([round_.id], conflicted_pairs(category))
        overdue = round_.closed_at is None and is_overdue(round_, now)
        rows = progress_rows(infos, overdue, jurors)
        result.append(CategoryProgress(category, round_,
                                       [p for p in rows if p.assigned or p.conflicted], overdue))
    return result


# -- manual assignment ------------------------------------------------------------------------

def _require_round_open_to_changes(user, round_: Round) -> None:
    require_editable(user, round_.category)
    if round_.closed_at is not None:
        raise AssignmentError(_("This round is closed; reopen it to change its assignments."))


def _existing_pairs(round_: Round) -> set[tuple[int, int]]:
    return set(map(tuple, db.session.execute(
        select(Assignment.juror_id, Assignment.nomination_id).where(Assignment.round_id == round_.id))))


def _juror_or_error(juror: User | None) -> User:
    if juror is None or not juror.active or not juror.has_role(Role.JUROR):
        raise AssignmentError(_("Choose an active juror."))
    return juror


def add_assignments(user, round_: Round, pairs: list[tuple[User, Nomination]]) -> list[Assignment]:
    """Assign by hand (one nomination to several jurors, or several nominations to one juror).
    All or nothing: a conflicted, duplicated or foreign pair refuses the whole request."""
    _require_round_open_to_changes(user, round_)
    if not pairs:
        raise AssignmentError(_("Choose at least one juror and one nomination."))
    members = {n.id for n in round_nominations(round_)}
    conflicts = conflicted_pairs(round_.category)
    existing = _existing_pairs(round_)
    for juror, nomination in pairs:
        _juror_or_error(juror)
        if nomination.id not in members:
            raise AssignmentError(_("%(ref)s is not part of this round.",
                                    ref=nomination.reference or nomination.id))
        if (juror.id, nomination.id) in conflicts:
            raise AssignmentError(_("%(juror)s has a conflict of interest with %(ref)s.",
                                    juror=juror.name, ref=nomination.reference))
        if (juror.id, nomination.id) in existing:
            raise AssignmentError(_("%(juror)s is already assigned to %(ref)s.",
                                    juror=juror.name, ref=nomination.reference))
        existing.add((juror.id, nomination.id))
    created = []
    for juror, nomination in pairs:
        assignment = Assignment(round_id=round_.id, juror_id=juror.id, nomination_id=nomination.id,
                                source=AssignmentSource.MANUAL.value, created_by_id=user.id,
                                order_key=order_key(round_.id, juror.id, nomination.id))
        db.session.add(assignment)
        record("assignment.added", assignment,
               summary={"category": round_.category.code, "round": round_.position,
                        "juror": juror.email, "nomination": nomination.reference})
        created.append(assignment)
    events.assignments_made(round_, [(juror.id, nomination) for juror, nomination in pairs])
    db.session.commit()
    return created


def remove_assignment(user, assignment: Assignment) -> None:
    """Refused when its review was submitted (reopen it first); a draft goes with it."""
    _require_round_open_to_changes(user, assignment.round)
    review = assignment.review
    if review is not None and review.is_submitted:
        raise AssignmentError(_("%(juror)s already submitted this review. Reopen the review first "
                                "(with a reason) if the assignment must really go.",
                                juror=assignment.juror.name))
    record("assignment.removed", assignment,
           summary={"category": assignment.round.category.code,
                    "round": assignment.round.position, "juror": assignment.juror.email,
                    "nomination": assignment.nomination.reference,
                    "discarded_draft": review is not None and review.version > 0})
    db.session.delete(assignment)
    db.session.commit()


def _unstarted_ids(round_: Round, juror_id: int | None = None) -> list[int]:
    statement = (select(Assignment.id)
                 .outerjoin(Review, Review.assignment_id == Assignment.id)
                 .where(Assignment.round_id == round_.id,
                        (Review.id.is_(None)) | ((Review.status == DRAFT) & (Review.version == 0))))
    if juror_id is not None:
        statement = statement.where(Assignment.juror_id == juror_id)
    return list(db.session.scalars(statement))


def _delete_assignments(ids: list[int]) -> None:
    """Bulk delete with their (empty) reviews, whatever the database enforces about cascades."""
    if not ids:
        return
    review_ids = select(Review.id).where(Review.assignment_id.in_(ids)).scalar_subquery()
    db.session.execute(delete(ReviewScore).where(ReviewScore.review_id.in_(review_ids)))
    db.session.execute(delete(Review).where(Review.assignment_id.in_(ids)))
    db.session.execute(delete(Assignment).where(Assignment.id.in_(ids)))


def remove_unstarted(user, round_: Round, juror: User) -> int:
    """A juror drops out: their assignments nobody has started go (drafts and submitted reviews
    stay). Returns how many went."""
    _require_round_open_to_changes(user, round_)
    ids = _unstarted_ids(round_, juror.id)
    if not ids:
        raise AssignmentError(_("%(juror)s has no unstarted assignment in this round.",
                                juror=juror.name))
    _delete_assignments(ids)
    record("assignment.removed_unstarted", round_,
           summary={"category": round_.category.code, "round": round_.position,
                    "juror": juror.email, "count": len(ids)})
    db.session.commit()
    return len(ids)


# -- automatic assignment ---------------------------------------------------------------------

@dataclass
class AutomaticResult:
    added: int
    removed: int
    shortfalls: list[tuple[Nomination, Shortfall]]
    loads: dict[int, int]


def run_automatic(user, round_: Round, k: int | None = None, cap: int | None = None,
                  seed: int = 0, top_up: bool = True,
                  juror_ids: list[int] | None = None) -> AutomaticResult:
    """Give every nomination of the round K non-conflicted reviewers (default: the category's
    minimum), loads as even as conflicts allow, at most `cap` per juror; deterministic for a seed.
    `juror_ids` limits the run to some jurors (default: every active juror)."""
    _require_round_open_to_changes(user, round_)
    category = round_.category
    k = category.min_reviews if k is None else k
    if not 1 <= k <= MAX_K:
        raise AssignmentError(_("Reviews per nomination must be between 1 and %(max)d.", max=MAX_K))
    if cap is not None and cap < 1:
        raise AssignmentError(_("The cap per juror must be at least 1."))
    jurors = [user_ for user_, _profile in jurors_with_profiles()]
    if juror_ids is not None:
        if not juror_ids:
            raise AssignmentError(_("Choose at least one juror."))
        chosen = set(juror_ids)
        jurors = [j for j in jurors if j.id in chosen]
    if not jurors:
        raise AssignmentError(_("There are no active jurors to assign."))
    nominations = round_nominations(round_)
    if not nominations:
        raise AssignmentError(_("This round has no nominations to assign yet."))
    removed = [] if top_up else _unstarted_ids(round_)
    _delete_assignments(removed)
    existing = _existing_pairs(round_)
    plan = plan_assignments([n.id for n in nominations], [j.id for j in jurors], k,
                            conflicts=conflicted_pairs(category), existing=existing, cap=cap,
                            seed=seed)
    for juror_id, nomination_id in plan.new:
        db.session.add(Assignment(round_id=round_.id, juror_id=juror_id,
                                  nomination_id=nomination_id, created_by_id=user.id,
                                  source=AssignmentSource.AUTOMATIC.value,
                                  order_key=order_key(round_.id, juror_id, nomination_id)))
    by_id = {n.id: n for n in nominations}
    shortfalls = [(by_id[s.nomination], s) for s in plan.shortfalls]
    record("assignment.automatic", round_, summary={
        "category": category.code, "round": round_.position, "k": k, "cap": cap, "seed": seed,
        "top_up": top_up, "jurors": len(jurors), "added": len(plan.new), "removed": len(removed),
        "shortfalls": {by_id[s.nomination].reference: [s.missing, s.reason.value]
                       for s in plan.shortfalls}})
    events.assignments_made(round_, [(juror_id, by_id[nomination_id])
                                     for juror_id, nomination_id in plan.new])
    db.session.commit()
    return AutomaticResult(len(plan.new), len(removed), shortfalls, plan.loads)


# -- reminders --------------------------------------------------------------------------------

@dataclass
class Outstanding:
    category: Category
    round_: Round
    outstanding: int
    assigned: int
    deadline: datetime | None
    overdue: bool


@dataclass
class ReminderResult:
    """Who was reminded; a mail the server refuses is retried and recorded by app.mail."""

    sent: list[User]


def behind(edition: Edition, category: Category | None = None,
           now: datetime | None = None) -> dict[int, tuple[User, list[Outstanding]]]:
    """Jurors with unsubmitted, non-conflicted assignments in a current round that is open to
    scoring or past its deadline but not closed by hand, per juror."""
    now = now or utcnow()
    result: dict[int, tuple[User, list[Outstanding]]] = {}
    for block in edition_progress(edition, now):
        round_ = block.round_
        if (category is not None and block.category.id != category.id) or round_ is None:
            continue
        if round_.closed_at is not None or (round_.opens_at is not None and now < round_.opens_at):
            continue
        for p in block.progress:
            if p.outstanding and p.juror.active:
                result.setdefault(p.juror.id, (p.juror, []))[1].append(Outstanding(
                    block.category, round_, p.outstanding, p.assigned, round_deadline(round_),
                    block.overdue))
    return result


def send_reminders(user, edition: Edition, category: Category | None = None,
                   now: datetime | None = None) -> ReminderResult:
    """Email each juror behind, in their language, with what is left per category; audited."""
    if category is not None:
        require_editable(user, category)
    elif not is_organiser(user) or edition.has_reached(EditionStatus.CLOSED):
        raise AssignmentError(_("Reminders are sent by organisers until the edition closes."))
    jurors = behind(edition, category, now)
    if not jurors:
        raise AssignmentError(_("Nobody is behind: there is no one to remind."))
    link = external_url("reviews.dashboard")
    sent = []
    for juror, items in sorted(jurors.values(), key=lambda pair: pair[0].name):
        mail.mail_user(juror, "judging_reminder", {"juror": juror, "edition": edition,
                                                   "items": items, "link": link},
                       kind="judging_reminder", obj=category or edition)
        sent.append(juror)
    record("judging.reminders_sent", category or edition, summary={
        "edition": edition.year, "category": category.code if category else None,
        "sent": [j.email for j in sent],
        "outstanding": {j.email: sum(i.outstanding for i in items)
                        for j, items in jurors.values()}})
    db.session.commit()
    return ReminderResult(sent)
