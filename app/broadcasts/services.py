"""Organisers' messages to a fixed set of audiences of an edition.

Each audience is a function returning the active users in it, by name, with a bounded number of
queries. A preview renders the message as its first recipient will get it and sends nothing;
sending writes one mail per recipient in their language (the organiser's text as typed, inside
a short localized greeting and footer), records the Broadcast and audits it, in one transaction:
the mails leave when it commits (app.mail).
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Callable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, union

from app import mail
from app.accounts.models import User
from app.audit.services import record
from app.editions.models import Category, Edition, EditionStatus
from app.extensions import db
from app.judging.assignments import behind
from app.judging.models import Assignment, ConflictDeclaration, Round
from app.municipalities.models import Representation, RepresentationStatus
from app.nominations.models import Nomination, NominationStatus
from app.notifications.models import Broadcast
from app.urls import external_url

TEMPLATE = "broadcast"
SUBJECT_MAX = 200
BODY_MAX = 10_000
PREVIEW_SIZE = 10
HISTORY_PAGE_SIZE = 50


class Audience(str, enum.Enum):
    JURORS_BEHIND = "jurors_behind"
    JURORS = "jurors"
    NOMINATORS_WITH_DRAFTS = "nominators_with_drafts"
    SUBMITTERS = "submitters"
    REPRESENTATIVES = "representatives"


AUDIENCE_LABELS = {
    Audience.JURORS_BEHIND.value: _l("Jurors behind (assigned reviews not submitted)"),
    Audience.JURORS.value: _l("All jurors of the edition"),
    Audience.NOMINATORS_WITH_DRAFTS.value: _l("Nominators with drafts in the edition"),
    Audience.SUBMITTERS.value: _l("Submitters of submitted nominations"),
    Audience.REPRESENTATIVES.value: _l("Confirmed municipality representatives"),
}


class BroadcastError(Exception):
    """A refusal the organiser can read, and the form field it is about."""

    def __init__(self, message: str, field: str = "audience"):
        super().__init__(message)
        self.field = field


# -- audiences ---------------------------------------------------------------------------------

def _users(ids) -> list[User]:
    """Active users whose id is in the given subquery, by name: one query."""
    return list(db.session.scalars(select(User).where(User.id.in_(ids), User.active)
                                   .order_by(User.name, User.id)))


def _edition_nominations(edition: Edition):
    return (select(Nomination.submitter_id).join(Category, Category.id == Nomination.category_id)
            .where(Category.edition_id == edition.id))


def jurors_behind(edition: Edition) -> list[User]:
    """Jurors with unsubmitted reviews in a current, not closed round (the progress page's rule)."""
    jurors = [juror for juror, _items in behind(edition).values()]
    return sorted(jurors, key=lambda user: (user.name, user.id))


def jurors(edition: Edition) -> list[User]:
    """Jurors assigned in the edition, or who declared their conflicts in one of its categories."""
    assigned = (select(Assignment.juror_id).join(Round, Round.id == Assignment.round_id)
                .join(Category, Category.id == Round.category_id)
                .where(Category.edition_id == edition.id))
    declared = (select(ConflictDeclaration.juror_id)
                .join(Category, Category.id == ConflictDeclaration.category_id)
                .where(Category.edition_id == edition.id))
    return _users(union(assigned, declared).scalar_subquery())


def nominators_with_drafts(edition: Edition) -> list[User]:
    return _users(_edition_nominations(edition).where(
        Nomination.status == NominationStatus.DRAFT.value).scalar_subquery())


def submitters(edition: Edition) -> list[User]:
    """Whoever submitted a nomination still in the competition (or decided), not withdrawn."""
    return _users(_edition_nominations(edition).where(Nomination.status.not_in(
        (NominationStatus.DRAFT.value, NominationStatus.WITHDRAWN.value))).scalar_subquery())


def representatives(edition: Edition) -> list[User]:
    """Users an organiser confirmed as representing a municipality (any edition: a
    representation is not tied to one)."""
    return _users(select(Representation.user_id).where(
        Representation.status == RepresentationStatus.CONFIRMED.value).scalar_subquery())


AUDIENCES: dict[str, Callable[[Edition], list[User]]] = {
    Audience.JURORS_BEHIND.value: jurors_behind,
    Audience.JURORS.value: jurors,
    Audience.NOMINATORS_WITH_DRAFTS.value: nominators_with_drafts,
    Audience.SUBMITTERS.value: submitters,
    Audience.REPRESENTATIVES.value: representatives,
}


def recipients(edition: Edition, audience: str) -> list[User]:
    if audience not in AUDIENCES:
        raise BroadcastError(_("Choose an audience from the list."))
    return AUDIENCES[audience](edition)


# -- preview and send ----------------------------------------------------------------------------

def _clean(subject: str, body: str) -> tuple[str, str]:
    """The organiser's text as typed, trimmed; a subject is one line (it becomes a header)."""
    subject = (subject or "").strip()
    body = (body or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not subject or "\n" in subject or len(subject) > SUBJECT_MAX:
        raise BroadcastError(_("Write a subject of one line, at most %(max)d characters.",
                               max=SUBJECT_MAX), "subject")
    if not body or len(body) > BODY_MAX:
        raise BroadcastError(_("Write a message of at most %(max)d characters.", max=BODY_MAX),
                             "body")
    return subject, body


def _context(recipient: User, edition: Edition, subject: str, body: str) -> dict:
    return {"recipient": recipient, "edition": edition, "subject_text": subject, "body": body,
            "link": external_url("public.home")}


@dataclass
class Preview:
    count: int
    first: list[User]
    sample: User
    message: mail.MailParts


def preview(user, edition: Edition, audience: str, subject: str, body: str) -> Preview:
    """Who would receive it and what the first of them would read; sends and writes nothing.
    With nobody in the audience the sample is addressed to the organiser."""
    subject, body = _clean(subject, body)
    people = recipients(edition, audience)
    sample = people[0] if people else user
    parts = mail.render_mail_parts(TEMPLATE, sample.locale or "es",
                                   **_context(sample, edition, subject, body))
    return Preview(len(people), people[:PREVIEW_SIZE], sample, parts)


def send_broadcast(user, edition: Edition, audience: str, subject: str, body: str) -> Broadcast:
    """One mail per recipient in their language, the Broadcast with its count, an audit event:
    one commit."""
    subject, body = _clean(subject, body)
    people = recipients(edition, audience)
    if not people:
        raise BroadcastError(_("Nobody is in this audience: nothing was sent."))
    broadcast = Broadcast(edition_id=edition.id, audience=audience, subject=subject, body=body,
                          recipient_count=len(people), sent_by_id=user.id)
    db.session.add(broadcast)
    db.session.flush()
    for person in people:
        mail.mail_user(person, TEMPLATE, _context(person, edition, subject, body),
                       kind=TEMPLATE, obj=broadcast)
    record("broadcast.sent", broadcast, actor_id=user.id, summary={
        "edition": edition.year, "audience": audience, "subject": subject,
        "recipients": len(people)})
    db.session.commit()
    return broadcast


# -- reading -------------------------------------------------------------------------------------

def edition_choices() -> list[tuple[int, str]]:
    return [(edition.id, edition.name) for edition in db.session.scalars(
        select(Edition).order_by(Edition.year.desc()))]


def default_edition_id() -> int | None:
    """The edition in judging if there is one, else the latest."""
    editions = list(db.session.execute(select(Edition.id, Edition.status)
                                       .order_by(Edition.year.desc())))
    judging = [id_ for id_, status in editions if status == EditionStatus.JUDGING.value]
    return (judging or [id_ for id_, _status in editions] or [None])[0]


@dataclass(frozen=True)
class HistoryRow:
    broadcast: Broadcast
    edition_name: str | None
    sender_name: str | None


@dataclass
class History:
    rows: list[HistoryRow]
    page: int
    pages: int


def _with_names():
    return (select(Broadcast, Edition.name, User.name)
            .outerjoin(Edition, Edition.id == Broadcast.edition_id)
            .outerjoin(User, User.id == Broadcast.sent_by_id))


def history(page: int = 1) -> History:
    """Past broadcasts, newest first, with their edition and sender: two queries per page."""
    total = db.session.scalar(select(func.count(Broadcast.id)))
    pages = max(1, -(-total // HISTORY_PAGE_SIZE))
    page = min(max(page, 1), pages)
    rows = db.session.execute(_with_names()
                              .order_by(Broadcast.sent_at.desc(), Broadcast.id.desc())
                              .offset((page - 1) * HISTORY_PAGE_SIZE).limit(HISTORY_PAGE_SIZE))
    return History([HistoryRow(*row) for row in rows], page, pages)


def broadcast_details(broadcast_id: int) -> HistoryRow | None:
    row = db.session.execute(_with_names().where(Broadcast.id == broadcast_id)).first()
    return HistoryRow(*row) if row else None
