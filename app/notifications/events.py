"""Mails that other features' services send when something happens: who is told, and with what.

Each function adds its mails to the caller's transaction (the caller commits); they leave when it
commits (see app.mail).
"""
from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from app import mail
from app.accounts.models import Role, User, UserRole
from app.editions.models import Category, Edition
from app.extensions import db
from app.judging.models import Assignment, Round
from app.judging.rounds import round_deadline
from app.nominations.models import Nomination, NominationStatus
from app.urls import external_url

NOT_COMPETING = (NominationStatus.DRAFT.value, NominationStatus.WITHDRAWN.value)


def organisers() -> list[User]:
    """Active organisers, the people who review requests."""
    return list(db.session.scalars(
        select(User).join(UserRole, (UserRole.user_id == User.id)
                          & (UserRole.role == Role.ORGANISER.value))
        .where(User.active.is_(True)).order_by(User.id)))


def assignments_made(round_: Round, pairs: list[tuple[int, Nomination]]) -> int:
    """One mail per juror for one assignment action, listing the nominations newly given to them
    (pairs of juror id and nomination). Returns how many mails were written."""
    by_juror: dict[int, list[Nomination]] = defaultdict(list)
    for juror_id, nomination in pairs:
        by_juror[juror_id].append(nomination)
    if not by_juror:
        return 0
    category = round_.category
    edition = category.edition
    deadline = round_deadline(round_)
    link = external_url("reviews.dashboard")
    jurors = db.session.scalars(select(User).where(User.id.in_(by_juror), User.active.is_(True))
                                .order_by(User.id))
    sent = 0
    for juror in jurors:
        nominations = sorted(by_juror[juror.id], key=lambda n: n.reference or "")
        mail.mail_user(juror, "assignment", {
            "juror": juror, "category": category, "edition": edition, "round": round_,
            "nominations": nominations, "deadline": deadline,
            "zone": juror.timezone or edition.timezone, "link": link}, obj=round_)
        sent += 1
    return sent


def results_published(edition: Edition) -> int:
    """Each submitter of a nomination that competed in the edition, and each juror who had an
    assignment in it, gets one mail with the link to the results. Returns how many."""
    own: dict[int, list[Nomination]] = defaultdict(list)
    for nomination in db.session.scalars(
            select(Nomination).join(Category).where(Category.edition_id == edition.id,
                                                    Nomination.status.not_in(NOT_COMPETING))
            .order_by(Nomination.reference)):
        own[nomination.submitter_id].append(nomination)
    juror_ids = set(db.session.scalars(
        select(Assignment.juror_id).join(Round).join(Category)
        .where(Category.edition_id == edition.id).distinct()))
    people = db.session.scalars(select(User).where(User.id.in_(set(own) | juror_ids),
                                                   User.active.is_(True)).order_by(User.id))
    link = external_url("results_public.results", year=edition.year)
    sent = 0
    for person in people:
        mail.mail_user(person, "results_published", {
            "person": person, "edition": edition, "nominations": own.get(person.id, []),
            "is_juror": person.id in juror_ids, "link": link}, obj=edition)
        sent += 1
    return sent
