"""The organisers' outbox: every recorded message, read back from its .eml file, and resending
the ones that failed. Routes stay thin; nothing here reads `request`."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app import mail
from app.audit.services import record
from app.extensions import db
from app.notifications.models import MailMessage, MailStatus

PAGE_SIZE = 50
RECIPIENT_MAX = 100
SHOWN_HEADERS = ("From", "To", "Subject", "Date", "Message-ID")

KIND_LABELS = {
    "confirm_email": _l("Address confirmation"),
    "reset_password": _l("Password reset"),
    "invitation": _l("Invitation"),
    "representation_requested": _l("Representation request"),
    "representation_decision": _l("Representation decision"),
    "nomination_submitted": _l("Nomination receipt"),
    "nomination_screened": _l("Screening decision"),
    "assignment": _l("Jury assignment"),
    "judging_reminder": _l("Judging reminder"),
    "results_published": _l("Results published"),
    "certificate_issued": _l("Certificate"),
    "broadcast": _l("Broadcast"),
    "cooperation_request": _l("Cooperation request"),
}
STATUS_LABELS = {
    MailStatus.QUEUED.value: _l("Queued"),
    MailStatus.SENT.value: _l("Sent"),
    MailStatus.FAILED.value: _l("Failed"),
}


class NotificationError(Exception):
    """A refused action, with a message for the organiser."""


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


# -- the list -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Filters:
    kind: str = ""
    status: str = ""
    recipient: str = ""
    page: int = 1

    def cleaned(self) -> "Filters":
        return Filters(self.kind[:40], self.status if self.status in STATUS_LABELS else "",
                       self.recipient.strip()[:RECIPIENT_MAX], max(1, self.page))


@dataclass(frozen=True)
class Listing:
    messages: list[MailMessage]
    total: int
    page: int
    pages: int
    kinds: list[str]  # every kind ever recorded, for the filter
    counts: dict[str, int] = field(default_factory=dict)  # per status, all messages


def listing(filters: Filters) -> Listing:
    """Newest first, a page at a time, in four queries whatever the page holds."""
    filters = filters.cleaned()
    statement = select(MailMessage)
    if filters.kind:
        statement = statement.where(MailMessage.kind == filters.kind)
    if filters.status:
        statement = statement.where(MailMessage.status == filters.status)
    if filters.recipient:
        statement = statement.where(
            func.lower(MailMessage.to_address).contains(filters.recipient.lower(), autoescape=True))
    total = db.session.scalar(select(func.count()).select_from(statement.subquery()))
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(filters.page, pages)
    messages = list(db.session.scalars(statement.order_by(MailMessage.id.desc())
                                       .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)))
    recorded = set(db.session.scalars(select(MailMessage.kind).distinct()))
    kinds = [k for k in KIND_LABELS if k in recorded] + sorted(recorded - KIND_LABELS.keys())
    counts = dict(db.session.execute(
        select(MailMessage.status, func.count()).group_by(MailMessage.status)).all())
    return Listing(messages, total, page, pages, kinds, counts)


# -- one message --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    size: int


@dataclass(frozen=True)
class MessageView:
    """What the stored .eml holds; `stored` is False when its file is gone from the outbox."""

    stored: bool
    headers: list[tuple[str, str]]
    text: str
    html: str | None
    attachments: list[Attachment]


def message_view(message: MailMessage) -> MessageView:
    parsed = mail.read_stored(message)
    if parsed is None:
        return MessageView(False, [], "", None, [])
    headers = [(name, str(parsed[name])) for name in SHOWN_HEADERS if parsed[name] is not None]
    plain = parsed.get_body(preferencelist=("plain",))
    html = parsed.get_body(preferencelist=("html",))
    attachments = [Attachment(part.get_filename() or "", part.get_content_type(),
                              len(part.get_payload(decode=True) or b""))
                   for part in parsed.iter_attachments()]
    return MessageView(True, headers, plain.get_content() if plain is not None else "",
                       html.get_content() if html is not None else None, attachments)


def source(message: MailMessage) -> bytes | None:
    """The .eml file as stored, to open in a mail program."""
    path = mail.stored_path(message)
    return path.read_bytes() if path is not None else None


def resend(message: MailMessage) -> MailMessage:
    """Send a failed message again (its stored bytes, same Message-ID); audited; commits.
    The returned message's status says how it went."""
    if not mail.can_resend(message):
        raise NotificationError(_("Only a failed message whose file is still in the outbox can "
                                  "be sent again."))
    mail.resend(message)
    record("mail.resent", message, summary={"to": message.to_address, "kind": message.kind,
                                            "attempts_before": message.attempts})
    db.session.commit()
    return message
