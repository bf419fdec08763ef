"""Conflicts of interest: a juror never judges a nomination they are conflicted with."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select, true
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager, joinedload

from app.accounts.models import User
from app.accounts.permissions import is_juror
from app.accounts.permissions import is_organiser
from app.audit.services import record
from app.db_types import utcnow
from app.editions.freeze import ensure_not_frozen
from app.editions.models import Category, CategoryKind, Edition, EditionStatus
from app.extensions import db
from app.judging.models import Conflict, ConflictDeclaration, ConflictKind, JurorProfile
from app.nominations.models import UNDER_JUDGING_STATUSES, Nomination, NominationStatus


def active_conflict(juror, nomination: Nomination) -> Conflict | None:
    """The juror's undismissed conflict with the nomination, if any."""
    return db.session.scalar(select(Conflict).where(
        Conflict.juror_id == juror.id, Conflict.nomination_id == nomination.id,
        Conflict.dismissed_at.is_(None)))


def has_declared(juror, category: Category) -> bool:
    """Whether the juror has gone through the category's nominee list."""
    return db.session.scalar(select(ConflictDeclaration.id).where(
        ConflictDeclaration.juror_id == juror.id,
        ConflictDeclaration.category_id == category.id)) is not None


def conflicted_pairs(category: Category) -> set[tuple[int, int]]:
    """(juror id, nomination id) pairs that may not meet in the category: undismissed conflicts,
    and jurors working for the nominated municipality unless an organiser dismissed that one."""
    rows = db.session.execute(
        select(Conflict.juror_id, Conflict.nomination_id, Conflict.kind, Conflict.dismissed_at)
        .join(Nomination, Nomination.id == Conflict.nomination_id)
        .where(Nomination.category_id == category.id)).all()
    pairs = {(j, n) for j, n, _kind, dismissed in rows if dismissed is None}
    dismissed_automatic = {(j, n) for j, n, kind, dismissed in rows
                           if dismissed is not None and kind == ConflictKind.AUTOMATIC.value}
    same_municipality = db.session.execute(
        select(JurorProfile.user_id, Nomination.id)
        .join(Nomination, Nomination.municipality_id == JurorProfile.municipality_id)
        .where(Nomination.category_id == category.id)).all()
    pairs.update(pair for pair in map(tuple, same_municipality) if pair not in dismissed_automatic)
    return pairs


# -- permissions ------------------------------------------------------------------------------

# Editions whose jurors may declare conflicts: from the call until judging has ended.
DECLARING_EDITION_STATUSES = (EditionStatus.NOMINATIONS_OPEN.value, EditionStatus.SCREENING.value,
                              EditionStatus.JUDGING.value, EditionStatus.DELIBERATION.value)
# Editions whose conflicts still matter: every one not closed yet.
OPEN_EDITION_STATUSES = tuple(s.value for s in EditionStatus
                              if s not in (EditionStatus.CLOSED, EditionStatus.PUBLISHED))
# The nominations an automatic conflict is recorded for: every one past its draft and still in.
DETECTED_STATUSES = tuple(s.value for s in NominationStatus
                          if s not in (NominationStatus.DRAFT, NominationStatus.WITHDRAWN,
                                       NominationStatus.INELIGIBLE))


def can_declare(user, category: Category) -> bool:
    """Jurors declare for the jury categories of an edition between its call and its closing;
    organisers manage conflicts on their own page and do not declare."""
    return (is_juror(user) and category.is_jury
            and category.edition.status in DECLARING_EDITION_STATUSES)


def can_manage_conflicts(user) -> bool:
    return is_organiser(user)


def can_dismiss_conflict(user, conflict: Conflict) -> bool:
    """Organisers may overrule the municipality rule, never what a juror declared themselves."""
    return (can_manage_conflicts(user) and conflict.kind == ConflictKind.AUTOMATIC.value
            and conflict.is_active)


def shows_submitter(category: Category) -> bool:
    return not category.blind_submitter


# -- pure rules -------------------------------------------------------------------------------

REASON_REQUIRED = "reason_required"
NOT_LISTED = "not_listed"
UNANSWERED = "unanswered"


def declaration_problems(listed: set[int], fixed: set[int],
                         decisions: dict[int, str | None]) -> dict[int, str]:
    """What is wrong with a juror's answers, per nomination id.

    `listed` is the category's nominee list, `fixed` those already conflicted (automatic or
    declared earlier), `decisions` maps a nomination to None (no conflict) or the reason given
    for a conflict. Every other listed nomination needs an answer, and a conflict a reason."""
    problems = {nomination_id: NOT_LISTED for nomination_id in decisions
                if nomination_id not in listed or nomination_id in fixed}
    problems.update({nomination_id: UNANSWERED for nomination_id in listed - fixed
                     if nomination_id not in decisions})
    problems.update({nomination_id: REASON_REQUIRED for nomination_id, reason in decisions.items()
                     if nomination_id not in problems and reason is not None and not reason.strip()})
    return problems


# -- queries ----------------------------------------------------------------------------------

def nominee_list(category: Category) -> list[Nomination]:
    """The nominations a juror declares against, with what the page shows of them."""
    return list(db.session.scalars(
        select(Nomination)
        .options(joinedload(Nomination.municipality), joinedload(Nomination.submitter))
        .where(Nomination.category_id == category.id,
               Nomination.status.in_(UNDER_JUDGING_STATUSES))
        .order_by(Nomination.reference, Nomination.id)).unique())


def juror_conflicts(juror, category: Category) -> dict[int, Conflict]:
    """The juror's conflicts in the category, dismissed ones included, by nomination id."""
    conflicts = db.session.scalars(
        select(Conflict).join(Nomination, Nomination.id == Conflict.nomination_id)
        .where(Conflict.juror_id == juror.id, Nomination.category_id == category.id))
    return {conflict.nomination_id: conflict for conflict in conflicts}


def declarable_categories(juror) -> list[tuple[Category, bool]]:
    """The jury categories the juror may declare in, each with whether they already did."""
    categories = db.session.scalars(
        select(Category).join(Edition, Edition.id == Category.edition_id)
        .options(contains_eager(Category.edition))
        .where(Category.kind == CategoryKind.JURY.value,
               Edition.status.in_(DECLARING_EDITION_STATUSES))
        .order_by(Edition.year.desc(), Category.position, Category.code)).all()
    declared = set(db.session.scalars(select(ConflictDeclaration.category_id).where(
        ConflictDeclaration.juror_id == juror.id)))
    return [(category, category.id in declared) for category in categories]


def edition_conflicts(edition: Edition, category: Category | None = None) -> list[Conflict]:
    """Every conflict of the edition (or one of its categories) with what the organiser's list
    shows, loaded in one query."""
    statement = (
        select(Conflict).join(Conflict.nomination).join(Nomination.category)
        .options(contains_eager(Conflict.nomination).contains_eager(Nomination.category),
                 contains_eager(Conflict.nomination).joinedload(Nomination.municipality),
                 joinedload(Conflict.juror))
        .where(Category.edition_id == edition.id)
        .order_by(Category.position, Category.code, Nomination.reference, Conflict.id))
    if category is not None:
        statement = statement.where(Category.id == category.id)
    return list(db.session.scalars(statement).unique())


def edition_declarations(edition: Edition, category: Category | None = None) -> list[tuple]:
    """(declaration, juror, category) rows: who went through which nominee list, and when."""
    statement = (
        select(ConflictDeclaration, User, Category)
        .join(User, User.id == ConflictDeclaration.juror_id)
        .join(Category, Category.id == ConflictDeclaration.category_id)
        .where(Category.edition_id == edition.id)
        .order_by(Category.position, Category.code, User.name))
    if category is not None:
        statement = statement.where(Category.id == category.id)
    return [tuple(row) for row in db.session.execute(statement)]


def users_by_id(ids: set[int]) -> dict[int, User]:
    if not ids:
        return {}
    return {user.id: user for user in db.session.scalars(select(User).where(User.id.in_(ids)))}


# -- automatic conflicts ----------------------------------------------------------------------

def _add_automatic(juror_id: int, nomination_id: int, now: datetime) -> Conflict:
    conflict = Conflict(juror_id=juror_id, nomination_id=nomination_id,
                        kind=ConflictKind.AUTOMATIC.value, created_at=now)
    db.session.add(conflict)
    record("conflict.detected", conflict,
           summary={"juror_id": juror_id, "nomination_id": nomination_id})
    return conflict


def _detect(juror_filter, category: Category | None, now: datetime | None) -> list[Conflict]:
    """Record an automatic conflict for every juror (matching `juror_filter`) working for a
    nominated municipality of an edition not closed yet, unless a conflict row already exists
    (declared, automatic, or an automatic one an organiser dismissed). Flushes; callers commit."""
    now = now or utcnow()
    statement = (
        select(JurorProfile.user_id, Nomination.id)
        .join(Nomination, Nomination.municipality_id == JurorProfile.municipality_id)
        .join(Category, Category.id == Nomination.category_id)
        .join(Edition, Edition.id == Category.edition_id)
        .outerjoin(Conflict, (Conflict.juror_id == JurorProfile.user_id)
                   & (Conflict.nomination_id == Nomination.id))
        .where(juror_filter, Conflict.id.is_(None),
               Nomination.status.in_(DETECTED_STATUSES),
               Edition.status.in_(OPEN_EDITION_STATUSES))
        .order_by(JurorProfile.user_id, Nomination.id))
    if category is not None:
        statement = statement.where(Nomination.category_id == category.id)
    created = [_add_automatic(juror_id, nomination_id, now)
               for juror_id, nomination_id in db.session.execute(statement)]
    db.session.flush()
    return created


def detect_automatic_conflicts(juror, category: Category | None = None,
                               now: datetime | None = None) -> list[Conflict]:
    """The juror's new automatic conflicts (all open editions, or one category); flushes."""
    return _detect(JurorProfile.user_id == juror.id, category, now)


def detect_category_conflicts(category: Category, now: datetime | None = None) -> list[Conflict]:
    """Every juror's new automatic conflicts in the category, e.g. before assigning; flushes."""
    return _detect(JurorProfile.municipality_id.is_not(None), category, now)


def remove_stale_automatic_conflicts(juror) -> list[int]:
    """After the juror's municipality changed: their automatic conflicts (dismissed or not) with
    nominations of other municipalities, in editions not closed, no longer hold. Returns the
    nomination ids; flushes."""
    profile = db.session.scalar(select(JurorProfile).where(JurorProfile.user_id == juror.id))
    municipality_id = profile.municipality_id if profile else None
    stale = db.session.scalars(
        select(Conflict).join(Conflict.nomination).join(Nomination.category)
        .join(Edition, Edition.id == Category.edition_id)
        .where(Conflict.juror_id == juror.id, Conflict.kind == ConflictKind.AUTOMATIC.value,
               Edition.status.in_(OPEN_EDITION_STATUSES),
               (Nomination.municipality_id != municipality_id) if municipality_id is not None
               else true())).all()
    for conflict in stale:
        record("conflict.removed", conflict,
               summary={"juror_id": juror.id, "nomination_id": conflict.nomination_id,
                        "why": "juror municipality changed"})
        db.session.delete(conflict)
    db.session.flush()
    return [conflict.nomination_id for conflict in stale]


# -- declarations -----------------------------------------------------------------------------

class ConflictError(Exception):
    """A refusal the user can read."""


class DeclarationIncomplete(ConflictError):
    """Some answers are missing or lack a reason; `problems` maps nomination ids to a code of
    `declaration_problems`."""

    def __init__(self, problems: dict[int, str]):
        super().__init__(_("Answer for every nominee and give a reason for each conflict."))
        self.problems = problems


@dataclass
class DeclarationPage:
    """What the declaration page shows: the list, the juror's conflicts, whether they declared."""
    nominations: list[Nomination]
    conflicts: dict[int, Conflict]
    declared: bool

    @property
    def fixed_ids(self) -> set[int]:
        """Nominations the juror cannot answer for any more: an active conflict exists."""
        return {nid for nid, conflict in self.conflicts.items() if conflict.is_active}

    @property
    def open_nominations(self) -> list[Nomination]:
        return [n for n in self.nominations if n.id not in self.fixed_ids]


def open_declaration(juror, category: Category, now: datetime | None = None) -> DeclarationPage:
    """The declaration page's content; records any automatic conflict first, so the juror and
    the organisers see it as soon as the juror opens the page."""
    if detect_automatic_conflicts(juror, category, now):
        db.session.commit()
    return DeclarationPage(nominee_list(category), juror_conflicts(juror, category),
                           has_declared(juror, category))


def _declare_conflict(juror, nomination_id: int, reason: str, existing: Conflict | None,
                      now: datetime) -> Conflict:
    """A declared conflict; an automatic one an organiser dismissed becomes declared again."""
    conflict = existing or Conflict(juror_id=juror.id, nomination_id=nomination_id)
    conflict.kind = ConflictKind.DECLARED.value
    conflict.reason = reason.strip()
    conflict.created_at = now
    conflict.dismissed_at, conflict.dismissed_by_id, conflict.dismissal_reason = None, None, ""
    db.session.add(conflict)
    record("conflict.declared", conflict, actor_id=juror.id,
           summary={"nomination_id": nomination_id, "reason": conflict.reason})
    return conflict


def declare(juror, category: Category, decisions: dict[int, str | None],
            now: datetime | None = None) -> ConflictDeclaration:
    """Record the juror's answers for the category's nominee list in one transaction: the
    declaration, the declared conflicts and the automatic ones."""
    ensure_not_frozen(category.edition)
    now = now or utcnow()
    if has_declared(juror, category):
        raise ConflictError(_("You have already declared your conflicts for this category."))
    detect_automatic_conflicts(juror, category, now)
    page = DeclarationPage(nominee_list(category), juror_conflicts(juror, category), False)
    if not page.nominations:
        raise ConflictError(_("This category has no nominations to judge yet; come back when "
                              "the organisers have screened them."))
    problems = declaration_problems({n.id for n in page.nominations}, page.fixed_ids, decisions)
    if problems:
        db.session.commit()  # only the automatic conflicts just detected, which hold anyway
        raise DeclarationIncomplete(problems)
    declared = {nid: reason for nid, reason in decisions.items() if reason is not None}
    for nomination_id, reason in sorted(declared.items()):
        _declare_conflict(juror, nomination_id, reason, page.conflicts.get(nomination_id), now)
    declaration = ConflictDeclaration(juror_id=juror.id, category_id=category.id, declared_at=now)
    db.session.add(declaration)
    record("conflicts.declared", declaration, actor_id=juror.id,
           summary={"category": category.code, "edition": category.edition.year,
                    "conflicts": sorted(declared), "no_conflict": len(decisions) - len(declared),
                    "automatic": sorted(page.fixed_ids)})
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ConflictError(_("You have already declared your conflicts for this category."))
    return declaration


def add_declared_conflict(juror, nomination: Nomination, reason: str,
                          now: datetime | None = None) -> Conflict:
    """A conflict the juror discovers later, e.g. while scoring; it takes effect at once."""
    ensure_not_frozen(nomination.category.edition)
    if nomination.status not in UNDER_JUDGING_STATUSES:
        raise ConflictError(_("This nomination is not in the jury's list."))
    if not (reason or "").strip():
        raise ConflictError(_("Give the reason for the conflict."))
    existing = db.session.scalar(select(Conflict).where(
        Conflict.juror_id == juror.id, Conflict.nomination_id == nomination.id))
    if existing is not None and existing.is_active:
        raise ConflictError(_("You are already marked as conflicted with this nomination."))
    conflict = _declare_conflict(juror, nomination.id, reason, existing, now or utcnow())
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ConflictError(_("You are already marked as conflicted with this nomination."))
    return conflict


def dismiss_conflict(actor, conflict: Conflict, reason: str,
                     now: datetime | None = None) -> Conflict:
    """An organiser lets a juror judge a nomination of the municipality they work for."""
    ensure_not_frozen(conflict.nomination.category.edition)
    if conflict.kind != ConflictKind.AUTOMATIC.value:
        raise ConflictError(_("Only automatic conflicts can be dismissed; a conflict the juror "
                              "declared stands."))
    if not conflict.is_active:
        raise ConflictError(_("This conflict was already dismissed."))
    if not (reason or "").strip():
        raise ConflictError(_("Give the reason for dismissing the conflict."))
    conflict.dismissed_at = now or utcnow()
    conflict.dismissed_by_id = actor.id
    conflict.dismissal_reason = reason.strip()
    record("conflict.dismissed", conflict,
           summary={"juror_id": conflict.juror_id, "nomination_id": conflict.nomination_id,
                    "reason": conflict.dismissal_reason})
    db.session.commit()
    return conflict
