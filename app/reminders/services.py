"""Sends the judging reminders that are due, never twice for the same juror, round and step.

Each juror behind in an open round of an edition in judging gets at most one mail per run,
listing every round whose step is due for them. Their `ReminderDelivery` rows are inserted
before the mail is sent and committed with the mail's record, one transaction per juror: a
second run finds the rows and sends nothing, and a concurrent run blocks on the unique key and
then gives way (IntegrityError), so nobody is reminded twice. The mail leaves by SMTP once that
transaction commits (app.mail); a message the server refuses is recorded as failed there and
`flask mail retry` sends it again.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select, tuple_
from sqlalchemy.exc import IntegrityError

from app import mail
from app.accounts.models import User
from app.db_types import utcnow
from app.editions.models import Edition, EditionStatus
from app.extensions import db
from app.i18n import is_valid_timezone
from app.judging.assignments import Outstanding, behind
from app.notifications.models import MailMessage, ReminderDelivery
from app.reminders.schedule import days_left, due_step
from app.urls import external_url

KIND = "judging_reminder"


@dataclass(frozen=True)
class DueItem:
    """One round a juror is behind in, the step due now and the local calendar days left."""
    outstanding: Outstanding
    step: str
    days_left: int

    @property
    def overdue(self) -> bool:
        return self.outstanding.overdue


@dataclass
class DueReminder:
    juror: User
    edition: Edition
    zone: str
    items: list[DueItem]


@dataclass
class RunResult:
    sent: list[DueReminder] = field(default_factory=list)
    taken: list[DueReminder] = field(default_factory=list)  # claimed meanwhile by another run


def juror_zone(juror: User, edition: Edition) -> str:
    """The juror's own time zone when they chose a valid one, else the edition's."""
    if juror.timezone and is_valid_timezone(juror.timezone):
        return juror.timezone
    return edition.timezone


def due_reminders(edition: Edition, now: datetime) -> list[DueReminder]:
    """Jurors behind in the edition with a step due now that they have not been sent yet,
    by name: the progress queries of `behind` plus one for the deliveries."""
    candidates = []
    for juror, outstanding in behind(edition, now=now).values():
        zone = juror_zone(juror, edition)
        items = []
        for item in outstanding:
            step = item.deadline and due_step(item.deadline, now, zone)
            if step:
                items.append(DueItem(item, step, days_left(item.deadline, now, zone)))
        if items:
            candidates.append(DueReminder(juror, edition, zone, items))
    if not candidates:
        return []
    keys = {(r.juror.id, i.outstanding.round_.id, i.step) for r in candidates for i in r.items}
    delivered = set(map(tuple, db.session.execute(
        select(ReminderDelivery.juror_id, ReminderDelivery.round_id, ReminderDelivery.step)
        .where(tuple_(ReminderDelivery.juror_id, ReminderDelivery.round_id,
                      ReminderDelivery.step).in_(sorted(keys))))))
    result = []
    for reminder in candidates:
        reminder.items = [i for i in reminder.items
                          if (reminder.juror.id, i.outstanding.round_.id, i.step) not in delivered]
        if reminder.items:
            result.append(reminder)
    return sorted(result, key=lambda r: (r.juror.name, r.juror.id))


def send_due_reminders(now: datetime | None = None) -> RunResult:
    """Every edition in judging: remind each juror of what is due. Commits once per juror."""
    now = now or utcnow()
    result = RunResult()
    editions = list(db.session.scalars(select(Edition).where(
        Edition.status == EditionStatus.JUDGING.value).order_by(Edition.year)))
    if not editions:
        return result
    link = external_url("reviews.dashboard")
    for edition in editions:
        for reminder in due_reminders(edition, now):
            getattr(result, send_reminder(reminder, link)).append(reminder)
    return result


def send_reminder(reminder: DueReminder, link: str) -> str:
    """Claim the juror's steps, mail them and commit both: 'sent', or 'taken' when a concurrent
    run claimed one of them first."""
    juror = reminder.juror
    deliveries = [ReminderDelivery(juror_id=juror.id, round_id=item.outstanding.round_.id,
                                   step=item.step) for item in reminder.items]
    db.session.add_all(deliveries)
    try:
        db.session.flush()
    except IntegrityError:  # a concurrent run has just claimed one of these steps
        db.session.rollback()
        return "taken"
    message = mail.mail_user(juror, "judging_reminder_scheduled",
                             {"juror": juror, "edition": reminder.edition, "items": reminder.items,
                              "zone": reminder.zone, "link": link},
                             kind=KIND, obj=reminder.items[0].outstanding.round_)
    mail_id = db.session.scalar(select(MailMessage.id).where(
        MailMessage.message_id == message["Message-ID"]))
    for delivery in deliveries:
        delivery.mail_message_id = mail_id
    db.session.commit()
    return "sent"
