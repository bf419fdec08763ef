"""The organisers' reading of the audit log: filters, newest first, one page at a time, and the
same filtered view as a table for CSV and XLSX. Read-only: nothing here writes an event.

Pages are keyset-paginated on the event id (ids grow in chain order): a page costs the same at
the end of a long log as at its start, and events recorded meanwhile do not shift the pages. A
page runs a fixed number of queries: the events (their actor joined), and one per kind of object
on the page that needs looking up for its link.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, or_, select

from app.accounts.models import User
from app.accounts.permissions import is_organiser
from app.audit.models import AuditEvent
from app.editions.models import Category, Edition
from app.exports.tables import DATETIME, INTEGER, Column, Table
from app.extensions import db
from app.i18n import is_valid_timezone, to_local, to_utc
from app.judging.models import Review

PER_PAGE = 50
DEFAULT_ZONE = "America/Lima"
TEXT_MAX = 200
YEARS = (1900, 2999)  # dates outside are typing mistakes (and would overflow in some zones)

# What the organisers call the objects the log names (their table names); others show as stored.
OBJECT_LABELS = {
    "editions": _l("Edition"), "categories": _l("Category"), "rubric_criteria": _l("Criterion"),
    "nominations": _l("Nomination"), "attachments": _l("Attachment"),
    "municipalities": _l("Municipality"), "representations": _l("Representation"),
    "users": _l("Person"), "invitations": _l("Invitation"), "rounds": _l("Round"),
    "round_entries": _l("Round entry"), "assignments": _l("Assignment"), "reviews": _l("Review"),
    "conflicts": _l("Conflict of interest"), "conflict_declarations": _l("Conflict declaration"),
    "juror_profiles": _l("Juror profile"),
    "awards": _l("Award"), "certificates": _l("Certificate"),
    "certificate_settings": _l("Certificate settings"),
    "perception_imports": _l("Survey data import"),
}


def can_view_audit_log(user) -> bool:
    return is_organiser(user)


def zone_for(user) -> str:
    """The reader's time zone when they chose a valid one, else the organisers' default (Lima)."""
    zone = getattr(user, "timezone", None)
    return zone if zone and is_valid_timezone(zone) else DEFAULT_ZONE


def object_label(object_type: str | None) -> str:
    return str(OBJECT_LABELS.get(object_type, object_type or ""))


# -- filters ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Filters:
    """The viewer's query string, checked. `before`/`after` are the keyset of the page: events
    older than `before`, or newer than `after`; neither is the newest page."""

    object_type: str = ""
    object_id: str = ""
    actor: str = ""
    actor_id: int | None = None
    action: str = ""
    date_from: date | None = None
    date_to: date | None = None
    before: int | None = None
    after: int | None = None

    def args(self, **changes) -> dict:
        """Query-string values that differ from the defaults, after applying `changes`."""
        changed = replace(self, **changes)
        values = {"object_type": changed.object_type, "object_id": changed.object_id,
                  "actor": changed.actor, "actor_id": changed.actor_id,
                  "action": changed.action, "from": changed.date_from,
                  "to": changed.date_to, "before": changed.before, "after": changed.after}
        return {key: value.isoformat() if isinstance(value, date) else value
                for key, value in values.items() if value not in ("", None)}

    def without_page(self) -> Filters:
        return replace(self, before=None, after=None)


@dataclass(frozen=True)
class ParsedFilters:
    filters: Filters
    problems: dict[str, str]  # query-string field -> what is wrong with what was typed


def _int(value: Any) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) < 19 else None


def _text(args: Mapping, name: str) -> str:
    return " ".join(str(args.get(name) or "").split())[:TEXT_MAX]


def _date(args: Mapping, name: str, problems: dict[str, str]) -> date | None:
    text = str(args.get(name) or "").strip()
    if not text:
        return None
    try:
        value = date.fromisoformat(text)
    except ValueError:
        value = None
    if value is None or not YEARS[0] <= value.year <= YEARS[1]:
        problems[name] = _("Enter a date as YYYY-MM-DD, e.g. 2026-11-25.")
        return None
    return value


def parse_filters(args: Mapping) -> ParsedFilters:
    """Malformed values are left out of the filter and reported, never a failure of the page."""
    problems: dict[str, str] = {}
    date_from, date_to = _date(args, "from", problems), _date(args, "to", problems)
    if date_from and date_to and date_from > date_to:
        problems["to"] = _("The end date is before the start date.")
        date_to = None
    object_id = _text(args, "object_id")[:40]
    return ParsedFilters(Filters(
        object_type=_text(args, "object_type")[:40], object_id=object_id,
        actor=_text(args, "actor"), actor_id=_int(args.get("actor_id")),
        action=_text(args, "action")[:80], date_from=date_from, date_to=date_to,
        before=_int(args.get("before")), after=_int(args.get("after"))), problems)


# -- reading ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class EventRow:
    """One event as the viewer shows it; `when` is in the reader's zone."""

    id: int
    when: datetime
    actor_id: int | None
    actor_name: str
    actor_email: str
    action: str
    object_type: str
    object_id: str
    summary: Any
    ip: str

    @property
    def details(self) -> list[tuple[str, str]]:
        return summary_items(self.summary)


def _statement(filters: Filters, zone: str) -> Select:
    statement = (
        select(AuditEvent.id, AuditEvent.occurred_at, AuditEvent.actor_id, User.name, User.email,
               AuditEvent.action, AuditEvent.object_type, AuditEvent.object_id,
               AuditEvent.summary, AuditEvent.ip)
        .outerjoin(User, User.id == AuditEvent.actor_id))
    if filters.object_type:
        statement = statement.where(AuditEvent.object_type == filters.object_type)
    if filters.object_id:
        statement = statement.where(AuditEvent.object_id == filters.object_id)
    if filters.action:
        statement = statement.where(AuditEvent.action == filters.action)
    if filters.actor_id is not None:
        statement = statement.where(AuditEvent.actor_id == filters.actor_id)
    if filters.actor:
        statement = statement.where(or_(User.name.icontains(filters.actor, autoescape=True),
                                        User.email.icontains(filters.actor, autoescape=True)))
    if filters.date_from:
        statement = statement.where(
            AuditEvent.occurred_at >= to_utc(datetime.combine(filters.date_from, time()), zone))
    if filters.date_to:
        statement = statement.where(AuditEvent.occurred_at < to_utc(
            datetime.combine(filters.date_to + timedelta(days=1), time()), zone))
    return statement


def _rows(statement: Select, zone: str) -> list[EventRow]:
    return [EventRow(id_, to_local(occurred_at, zone), actor_id, name or "", email or "", action,
                     object_type or "", object_id or "", summary, ip or "")
            for id_, occurred_at, actor_id, name, email, action, object_type, object_id, summary,
            ip in db.session.execute(statement)]


@dataclass(frozen=True)
class Page:
    """A page of events, newest first, with the keys of the pages around it (None: no such page)."""

    events: list[EventRow]
    newer: int | None  # `after` for the page of newer events
    older: int | None  # `before` for the page of older events


def page(filters: Filters, zone: str, per_page: int = PER_PAGE) -> Page:
    """The page of the filtered log that `filters.before`/`after` points to, in one query."""
    statement = _statement(filters, zone)
    if filters.after is not None:
        events = _rows(statement.where(AuditEvent.id > filters.after)
                       .order_by(AuditEvent.id.asc()).limit(per_page + 1), zone)
        more_newer = len(events) > per_page
        events = events[:per_page][::-1]
        return Page(events, events[0].id if more_newer else None,
                    events[-1].id if events else None)
    if filters.before is not None:
        statement = statement.where(AuditEvent.id < filters.before)
    events = _rows(statement.order_by(AuditEvent.id.desc()).limit(per_page + 1), zone)
    more_older = len(events) > per_page
    events = events[:per_page]
    return Page(events, events[0].id if filters.before is not None and events else None,
                events[-1].id if more_older else None)


def actions() -> list[str]:
    """Every action the log holds, for the filter."""
    return list(db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)))


def object_types() -> list[str]:
    """Every kind of object the log names, for the filter."""
    return sorted(t for t in db.session.scalars(select(AuditEvent.object_type).distinct()) if t)


def _ids(events: list[EventRow], object_type: str) -> set[int]:
    return {int(e.object_id) for e in events
            if e.object_type == object_type and e.object_id.isdigit()}


def object_targets(events: list[EventRow]) -> dict[tuple[str, str], tuple[str, dict]]:
    """(object type, id) -> (endpoint, URL values) of the organisers' page of each object on the
    page that has one and still exists; one query per kind of object that needs a lookup."""
    targets: dict[tuple[str, str], tuple[str, dict]] = {}
    for id_ in _ids(events, "nominations"):
        targets["nominations", str(id_)] = ("organiser_nominations.show_nomination",
                                            {"nomination_id": id_})
    for id_ in _ids(events, "municipalities"):
        targets["municipalities", str(id_)] = ("municipalities.edit_municipality",
                                               {"municipality_id": id_})
    if ids := _ids(events, "editions"):
        for id_, year in db.session.execute(select(Edition.id, Edition.year)
                                            .where(Edition.id.in_(ids))):
            targets["editions", str(id_)] = ("editions.show_edition", {"year": year})
    if ids := _ids(events, "categories"):
        for id_, code, year in db.session.execute(
                select(Category.id, Category.code, Edition.year).join(Category.edition)
                .where(Category.id.in_(ids))):
            targets["categories", str(id_)] = ("editions.show_category", {"year": year, "code": code})
    if ids := _ids(events, "reviews"):
        for id_, assignment_id in db.session.execute(select(Review.id, Review.assignment_id)
                                                     .where(Review.id.in_(ids))):
            targets["reviews", str(id_)] = ("reviews.show_review", {"assignment_id": assignment_id})
    return targets


# -- the summary, readable --------------------------------------------------------------------

def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def value_text(value: Any) -> str:
    """A summary value as a person reads it: text as is, lists of plain values comma-separated,
    anything nested as compact JSON."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, (str, int, float)):
        return str(value)
    if isinstance(value, list) and all(_scalar(v) for v in value):
        return ", ".join(value_text(v) for v in value)
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def summary_items(summary: Any) -> list[tuple[str, str]]:
    """The summary as (key, value) lines, in the order it was recorded."""
    if isinstance(summary, dict):
        return [(str(key), value_text(value)) for key, value in summary.items()]
    if summary in (None, "", [], {}):
        return []
    return [("", value_text(summary))]


def summary_text(summary: Any) -> str:
    """The summary on one line: "key: value; key: value"."""
    return "; ".join(f"{key}: {value}" if key else value for key, value in summary_items(summary))


# -- the table for CSV and XLSX ---------------------------------------------------------------

def table(filters: Filters, zone: str) -> Table:
    """Every event of the filtered log (all pages), newest first, in one query."""
    events = _rows(_statement(filters.without_page(), zone).order_by(AuditEvent.id.desc()), zone)
    columns = [Column(_("Event"), INTEGER),
               Column(_("Time (%(zone)s)", zone=zone), DATETIME, seconds=True),
               Column(_("Person")), Column(_("Email")), Column(_("Action")),
               Column(_("Object")), Column(_("Object ID")), Column(_("Details")),
               Column(_("Origin"))]
    return Table(_("Audit log"), columns, [
        [e.id, e.when, e.actor_name, e.actor_email, e.action, object_label(e.object_type), e.object_id,
         summary_text(e.summary), e.ip] for e in events])
