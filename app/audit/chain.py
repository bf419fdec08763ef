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

Events are chained in commit order, and a transaction's events are inserted after everything
else it flushes at the same time, so that the stretch in which it holds the head of the chain is
as short as it can be: from that insert to its commit.

- PostgreSQL: no lock. The first event of a flush is inserted with one statement that reads the
  head (the genesis on an empty log) and computes the link itself (`sha256` over the same bytes
  as above: the head's hash spliced into the rest of the payload, serialised here),
  `ON CONFLICT DO NOTHING`. `prev_hash` is unique,
  so a writer that read the same head waits for the one that inserted after it first; when that
  one commits, nothing is inserted and the writer reads the new head and tries again (also when
  only events older than the chain are there: the genesis is computed here). The rest of the
  flush's events follow it, in one statement.
- SQLite: the database write lock (an UPDATE that changes no row), then the head read and the
  events hashed after it.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Iterable

from flask_babel import gettext as _
from sqlalchemy import (LargeBinary, and_, bindparam, event, func, insert, inspect, literal,
                        literal_column, or_, select, text, union_all)
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session, make_transient_to_detached

from app.audit.models import AuditEvent
from app.db_types import utcnow

GENESIS_LABEL = "safe-city-awards/audit-chain/1/genesis"
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

_TABLE = AuditEvent.__table__
_CONTENT = ("occurred_at", "actor_id", "action", "object_type", "object_id", "summary", "ip")
# The events a flush holds back until its other statements are done.
_HELD = "audit.chain.held"
MAX_ATTEMPTS = 1000


def _lock(session: Session) -> None:
    """SQLite: take the database write lock now, so heads are read and extended one at a time."""
    session.connection().execute(text("UPDATE audit_events SET id = id WHERE 1 = 0"))


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


def _tail(audit_event: AuditEvent) -> bytes:
    """The payload's bytes after `["<prev_hash>",`: what `event_hash` hashes, less its start."""
    return _canonical([_iso(audit_event.occurred_at), audit_event.actor_id, audit_event.action,
                       audit_event.object_type, audit_event.object_id, audit_event.summary,
                       audit_event.ip])[1:]


def _linked_to_head_statement():
    """PostgreSQL: INSERT one event after the current head, its hash computed by the database:
    returns (id, prev_hash, hash), or nothing when another writer took the head (or only events
    older than the chain are there)."""
    latest = (select(_TABLE.c.hash).where(_TABLE.c.hash.is_not(None))
              .order_by(_TABLE.c.id.desc()).limit(1).subquery())
    # On an empty log the head is the genesis of nothing older.
    genesis = select(literal(genesis_hash([])).label("hash")).where(~select(_TABLE.c.id).exists())
    head_row = union_all(select(latest.c.hash), genesis).subquery("head")
    start = func.convert_to(literal('["') + head_row.c.hash + literal('",'),
                            literal_column("'UTF8'"))
    link = func.encode(func.sha256(start.op("||")(bindparam("tail", type_=LargeBinary))),
                       literal_column("'hex'"))
    values = select(*(bindparam(name, type_=_TABLE.c[name].type) for name in _CONTENT),
                    head_row.c.hash, link)
    return (postgresql.insert(_TABLE).from_select([*_CONTENT, "prev_hash", "hash"], values)
            .on_conflict_do_nothing().returning(_TABLE.c.id, _TABLE.c.prev_hash, _TABLE.c.hash))


_LINKED_TO_HEAD = _linked_to_head_statement()


def _insert_after(session: Session, audit_event: AuditEvent, previous: str) -> int | None:
    """INSERT the event after `previous`, hashed here; its id, or None (PostgreSQL) when
    another writer's event follows `previous` already."""
    digest = event_hash(previous, *_content(audit_event))
    values = {name: getattr(audit_event, name) for name in _CONTENT}
    values.update(prev_hash=previous, hash=digest)
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        statement = postgresql.insert(_TABLE).values(values).on_conflict_do_nothing()
        return connection.execute(statement.returning(_TABLE.c.id)).scalar()
    return connection.execute(insert(_TABLE).values(values)).inserted_primary_key[0]


def _write(session: Session, events: list[AuditEvent]) -> None:
    """Chain and insert the events in order after the head, then attach them to the session as
    persistent (loaded) objects: the flush itself has nothing left to do for them."""
    connection = session.connection()
    first = events[0]
    previous = None
    if connection.dialect.name == "postgresql":
        row = connection.execute(_LINKED_TO_HEAD, {
            **{name: getattr(first, name) for name in _CONTENT}, "tail": _tail(first)}).first()
        if row is not None:
            first.id, first.prev_hash, first.hash = row
            previous = row.hash
    else:
        _lock(session)
    attempts = 0
    while previous is None:
        attempts += 1
        if attempts > MAX_ATTEMPTS:
            raise RuntimeError("the audit chain's head kept moving; the event was not written")
        head_hash = _head_hash(session)  # a new statement: it sees what the other writer committed
        first.id = _insert_after(session, first, head_hash)
        if first.id is not None:
            first.prev_hash, first.hash = head_hash, event_hash(head_hash, *_content(first))
            previous = first.hash
    rest = []
    for audit_event in events[1:]:
        audit_event.prev_hash = previous
        audit_event.hash = previous = event_hash(previous, *_content(audit_event))
        rest.append({name: getattr(audit_event, name) for name in (*_CONTENT, "prev_hash", "hash")})
    if rest:  # after our own first event: nobody else can take these places
        statement = insert(_TABLE).returning(_TABLE.c.id, sort_by_parameter_order=True)
        ids = connection.execute(statement, rest).scalars().all()
        for audit_event, event_id in zip(events[1:], ids):
            audit_event.id = event_id
    for audit_event in events:
        make_transient_to_detached(audit_event)
        session.add(audit_event)


def _pending_events(session: Session) -> list[AuditEvent]:
    return sorted((obj for obj in session.new if isinstance(obj, AuditEvent) and obj.hash is None),
                  key=lambda obj: inspect(obj).insert_order or 0)


@event.listens_for(Session, "before_flush")
def _hold_new_events(session: Session, flush_context, instances) -> None:
    """Take the new audit events out of the flush: they are chained once its other statements are
    done (at once when there are none), in the order they were recorded."""
    new = _pending_events(session)
    if not new:
        return
    for audit_event in new:
        if audit_event.occurred_at is None:
            audit_event.occurred_at = utcnow()
        # As the JSON column will hand it back (tuples become lists, keys strings).
        audit_event.summary = json.loads(json.dumps(audit_event.summary or {}))
        session.expunge(audit_event)
    if session.new or session.dirty or session.deleted:
        session.info.setdefault(_HELD, []).extend(new)
    else:
        _write(session, new)


@event.listens_for(Session, "after_flush_postexec")
def _write_held_events(session: Session, flush_context) -> None:
    held = session.info.pop(_HELD, None)
    if held:
        _write(session, held)


@event.listens_for(Session, "after_transaction_end")
def _drop_held_events(session: Session, transaction) -> None:
    """A flush that failed after holding its events back: they go with its rollback."""
    session.info.pop(_HELD, None)


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
