"""The audit log's hash chain: every event follows the one before it, tampering shows."""
from __future__ import annotations

import json
import threading
from datetime import datetime, timezone

import pytest
from flask_babel import force_locale
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from app.audit import chain
from app.audit.models import AuditEvent
from app.audit.services import record
from app.extensions import db


@pytest.fixture(autouse=True)
def english(app):
    with force_locale("en"):
        yield


def _events() -> list[AuditEvent]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)))


def _record(*actions: str) -> None:
    for action in actions:
        record(action, summary={"action": action, "accents": "Jesús María", "n": 1.5})
    db.session.commit()


def _sql(statement: str, **params) -> None:
    with db.engine.begin() as connection:
        connection.execute(text(statement), params)


def _recomputed(event: AuditEvent) -> str:
    return chain.event_hash(event.prev_hash, event.occurred_at, event.actor_id, event.action,
                            event.object_type, event.object_id, event.summary, event.ip)


def test_the_first_event_follows_the_genesis_of_an_empty_log(app):
    _record("test.first")
    [event] = _events()
    assert event.prev_hash == chain.genesis_hash([])
    assert event.hash == _recomputed(event)


def test_each_event_follows_the_one_committed_before_it(app):
    _record("test.one")
    _record("test.two", "test.three")
    events = _events()
    assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    assert [e.action for e in events] == ["test.one", "test.two", "test.three"]


def test_an_events_hash_covers_its_content(app):
    _record("test.one")
    [event] = _events()
    changed = event.summary | {"n": 2.5}
    assert chain.event_hash(event.prev_hash, event.occurred_at, event.actor_id, event.action,
                            event.object_type, event.object_id, changed, event.ip) != event.hash


def test_an_intact_log_verifies(app):
    _record("test.one", "test.two")
    report = chain.verify_chain(db.session)
    assert (report.ok, report.events, report.chained) == (True, 2, 2)
    assert report.head == _events()[-1].hash


def test_a_changed_summary_breaks_the_chain_at_that_event(app):
    _record("test.one", "test.two", "test.three")
    second = _events()[1]
    _sql("UPDATE audit_events SET summary = :summary WHERE id = :id",
         summary=json.dumps({"action": "test.two", "n": 0}), id=second.id)
    report = chain.verify_chain(db.session)
    assert report.problems == [f"event #{second.id} (test.two) does not match its hash: it was "
                               "changed after it was written"]


def test_a_deleted_event_breaks_the_chain_at_the_next_one(app):
    _record("test.one", "test.two", "test.three")
    events = _events()
    _sql("DELETE FROM audit_events WHERE id = :id", id=events[1].id)
    report = chain.verify_chain(db.session)
    assert report.problems == [f"event #{events[2].id} (test.three) does not follow the event "
                               "before it: an event was changed, removed or inserted"]


def test_an_event_written_around_the_application_is_reported(app):
    _record("test.one")
    _sql("INSERT INTO audit_events (occurred_at, action, summary) VALUES (:at, 'sneaky', '{}')",
         at=datetime(2026, 11, 1))
    assert "has no hash although the chain had started" in chain.verify_chain(db.session).problems[0]


def test_events_older_than_the_chain_are_covered_by_its_genesis(app):
    for action in ("old.one", "old.two"):
        _sql("INSERT INTO audit_events (occurred_at, action, summary) VALUES (:at, :action, '{}')",
             at=datetime(2026, 1, 1, 12, 0, 0, 123456), action=action)
    _record("test.first_chained")
    old_one, old_two, first = _events()
    assert first.prev_hash == chain.genesis_hash([_recomputed(old_one), _recomputed(old_two)])
    assert chain.verify_chain(db.session).ok


def test_a_changed_event_older_than_the_chain_breaks_the_genesis(app):
    _sql("INSERT INTO audit_events (occurred_at, action, summary) VALUES (:at, 'old.one', '{}')",
         at=datetime(2026, 1, 1))
    _record("test.first_chained")
    _sql("UPDATE audit_events SET action = 'old.changed' WHERE action = 'old.one'")
    [problem] = chain.verify_chain(db.session).problems
    assert "does not follow the genesis of the chain" in problem


def test_a_second_event_after_the_same_one_is_refused_by_the_database(app):
    _record("test.one")
    [first] = _events()
    fork = AuditEvent(action="test.fork", summary={}, occurred_at=datetime.now(timezone.utc),
                      prev_hash=first.prev_hash, hash="f" * 64)
    db.session.add(fork)
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_concurrent_writers_make_one_linear_chain(app):
    """Threads, each with its own session and connection, record and commit at the same time;
    the chain's lock makes them take turns (PostgreSQL: advisory lock; SQLite: write lock)."""
    writers, per_writer = 6, 5
    start = threading.Barrier(writers)
    failures: list[BaseException] = []

    def write(number: int) -> None:
        with app.app_context():
            try:
                start.wait()
                for index in range(per_writer):
                    record("test.concurrent", summary={"writer": number, "index": index})
                    db.session.commit()
            except BaseException as error:  # reported to the test below
                failures.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    events = _events()
    assert len(events) == writers * per_writer
    assert events[0].prev_hash == chain.genesis_hash([])
    assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    assert chain.verify_chain(db.session).ok
