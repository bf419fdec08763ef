"""The audit log as a hash chain: each event stores the hash of the one before it.

Format (version 1). An event's hash is the SHA-256 (lower-case hex) of the UTF-8 bytes of

    json.dumps([prev_hash, occurred_at, actor_id, action, object_type, object_id, summary, ip],
               sort_keys=True, separators=(",", ":"), ensure_ascii=False)

where `occurred_at` is the UTC time in ISO 8601 with microseconds ("2026-11-25T14:03:07.123456
+00:00") and `summary` is the event's JSON summary as stored. Events written before the chain
existed keep `prev_hash` and `hash` empty; the first chained event's `prev_hash` is the
**genesis**: the SHA-256 of `json.dumps(["safe-city-awards/audit-chain/1/genesis", digests])` (same
options), `digests` being the hash of each unchained event computed as above with a null
`prev_hash`, in id order (an empty list on a new installation). So the chain also covers the
events older than itself.

Events are chained in commit order: before a flush inserts new events, the transaction takes a
lock that it holds until it commits (PostgreSQL: `pg_advisory_xact_lock`; SQLite: the database
write lock, taken by an UPDATE that changes no row), then reads the head and hashes its events
after it. `prev_hash` is unique, so even a writer that escaped the lock could not fork the chain.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Iterable

from flask_babel import gettext as _
from sqlalchemy import and_, event, inspect, or_, select, text
from sqlalchemy.orm import Session

from app.audit.models import AuditEvent
from app.db_types import utcnow

GENESIS_LABEL = "safe-city-awards/audit-chain/1/genesis"
# Key of the PostgreSQL advisory lock that serialises writers of the chain ("SCA audit").
LOCK_KEY = 0x5CA0A0D1
MAX_REPORTED = 50


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8")


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


def event_hash(prev_hash: str | None, occurred_at: datetime, actor_id: int | None, action: str,
               object_type: str | None, object_id: str | None, summary: Any,
               ip: str | None) -> str:
    """The hash of one event's content after `prev_hash` (see the module docstring)."""
    payload = [prev_hash, _iso(occurred_at), actor_id, action, object_type, object_id, summary, ip]
    return hashlib.sha256(_canonical(payload)).hexdigest()


def genesis_hash(unchained_digests: Iterable[str]) -> str:
    """What the first chained event follows: a digest of every event older than the chain."""
    return hashlib.sha256(_canonical([GENESIS_LABEL, list(unchained_digests)])).hexdigest()


def _content(row) -> tuple:
    return (row.occurred_at, row.actor_id, row.action, row.object_type, row.object_id,
            row.summary, row.ip)


_COLUMNS = (AuditEvent.id, AuditEvent.occurred_at, AuditEvent.actor_id, AuditEvent.action,
            AuditEvent.object_type, AuditEvent.object_id, AuditEvent.summary, AuditEvent.ip,
            AuditEvent.prev_hash, AuditEvent.hash)


# -- writing ----------------------------------------------------------------------------------

def _lock(session: Session) -> None:
    """Hold the chain until this transaction ends, so heads are read and extended one at a time."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
    else:
        connection.execute(text("UPDATE audit_events SET id = id WHERE 1 = 0"))


def head(session: Session) -> AuditEvent | None:
    """The last chained event (None before the first one)."""
    return session.scalar(select(AuditEvent).where(AuditEvent.hash.is_not(None))
                          .order_by(AuditEvent.id.desc()).limit(1))


def _head_hash(session: Session) -> str:
    """The last chained event's hash, or the genesis before the first: one query either way (the
    head row, or every unchained row when nothing is chained yet)."""
    chained = select(AuditEvent.id).where(AuditEvent.hash.is_not(None))
    rows = session.execute(select(*_COLUMNS).where(or_(
        AuditEvent.id == chained.order_by(AuditEvent.id.desc()).limit(1).scalar_subquery(),
        and_(AuditEvent.hash.is_(None), ~chained.exists()))).order_by(AuditEvent.id)).all()
    if rows and rows[-1].hash is not None:
        return rows[-1].hash
    return genesis_hash(event_hash(None, *_content(row)) for row in rows)


@event.listens_for(Session, "before_flush")
def _chain_new_events(session: Session, flush_context, instances) -> None:
    """Give every new audit event its place in the chain, in the order they were recorded."""
    new = sorted((obj for obj in session.new if isinstance(obj, AuditEvent) and obj.hash is None),
                 key=lambda obj: inspect(obj).insert_order or 0)
    if not new:
        return
    _lock(session)
    previous = _head_hash(session)
    for audit_event in new:
        if audit_event.occurred_at is None:
            audit_event.occurred_at = utcnow()
        # As the JSON column will hand it back (tuples become lists, keys strings).
        audit_event.summary = json.loads(json.dumps(audit_event.summary or {}))
        audit_event.prev_hash = previous
        audit_event.hash = event_hash(previous, audit_event.occurred_at, audit_event.actor_id,
                                      audit_event.action, audit_event.object_type,
                                      audit_event.object_id, audit_event.summary, audit_event.ip)
        previous = audit_event.hash


# -- checking ---------------------------------------------------------------------------------

@dataclass
class ChainReport:
    """The walk of the whole log: how many events, how many chained, and what is wrong."""

    events: int = 0
    chained: int = 0
    head: str | None = None
    problems: list[str] = field(default_factory=list)
    more_problems: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, problem: str) -> None:
        if len(self.problems) < MAX_REPORTED:
            self.problems.append(problem)
        else:
            self.more_problems += 1


def verify_chain(session: Session) -> ChainReport:
    """Recompute every hash in id order (the order they were chained in) and check each event
    follows the one before it; a changed, deleted or inserted row breaks the chain there."""
    report = ChainReport()
    unchained: list[str] = []
    previous: str | None = None
    for row in session.execute(select(*_COLUMNS).order_by(AuditEvent.id)).yield_per(1000):
        report.events += 1
        if row.hash is None:
            if previous is None:
                unchained.append(event_hash(None, *_content(row)))
            else:
                report.add(_("event #%(id)d (%(action)s) has no hash although the chain had "
                             "started: it was written around the application",
                             id=row.id, action=row.action))
            continue
        if previous is None and row.prev_hash != genesis_hash(unchained):
            report.add(_("event #%(id)d (%(action)s) does not follow the genesis of the chain: "
                         "an event written before the chain started was changed or removed",
                         id=row.id, action=row.action))
        elif previous is not None and row.prev_hash != previous:
            report.add(_("event #%(id)d (%(action)s) does not follow the event before it: an "
                         "event was changed, removed or inserted", id=row.id, action=row.action))
        if event_hash(row.prev_hash, *_content(row)) != row.hash:
            report.add(_("event #%(id)d (%(action)s) does not match its hash: it was changed "
                         "after it was written", id=row.id, action=row.action))
        report.chained += 1
        previous = row.hash
    report.head = previous
    return report
