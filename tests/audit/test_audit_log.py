"""The audit helper: who acted and from where, and a log that is never rewritten."""
from __future__ import annotations

import contextvars

import pytest
from sqlalchemy import select

from app.audit.context import current_actor_context
from app.audit.models import AuditEvent, AuditLogIsAppendOnly
from app.audit.services import record
from app.extensions import db
from app.municipalities.models import Municipality


def _events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_an_action_in_a_request_records_the_signed_in_actor_and_ip(client, login, organiser,
                                                                   make_edition, make_category):
    make_category(make_edition(), "INN")
    login(organiser)

    client.post("/organiser/editions/2026/transitions/open_nominations",
                environ_base={"REMOTE_ADDR": "203.0.113.7"})

    [event] = _events("edition.open_nominations")
    assert event.actor_id == organiser.id
    assert event.actor.email == "organiser@example.org"
    assert event.ip == "203.0.113.7"
    assert event.occurred_at.tzinfo is not None


def test_an_action_from_the_cli_records_no_actor_and_cli_as_origin(app):
    runner = app.test_cli_runner()
    # The command sets the actor context; run it in a copy so it does not leak into later tests.
    result = contextvars.copy_context().run(runner.invoke, args=["municipalities", "seed"])

    assert result.exit_code == 0, result.output
    [event] = _events("municipality.seeded")
    assert event.actor_id is None
    assert event.ip == "cli"
    assert event.summary["added"] == 50


def test_the_actor_context_is_bound_for_a_request_and_released_after_it(app):
    with app.test_request_context("/", environ_base={"REMOTE_ADDR": "198.51.100.1"}):
        app.preprocess_request()
        assert current_actor_context().ip == "198.51.100.1"
        assert current_actor_context().user_id is None
        app.do_teardown_request()
    assert current_actor_context().ip is None


def test_record_outside_any_request_has_no_actor(app):
    record("test.happened", summary={"n": 1})
    db.session.commit()
    [event] = _events("test.happened")
    assert event.actor_id is None
    assert event.ip is None
    assert event.summary == {"n": 1}


def test_record_names_the_object_and_gives_a_new_one_its_id(app):
    municipality = Municipality(name="Ate", country="PE", official_code="150103")
    event = record("municipality.created", municipality)
    db.session.commit()
    assert municipality.id is not None
    assert (event.object_type, event.object_id) == ("municipalities", str(municipality.id))


def test_record_keeps_an_explicit_actor(app, organiser):
    record("test.happened", actor_id=organiser.id)
    db.session.commit()
    assert _events("test.happened")[0].actor_id == organiser.id


def test_record_makes_the_summary_json_safe(app):
    from datetime import datetime, timezone
    from decimal import Decimal
    record("test.happened", summary={"when": datetime(2026, 1, 2, tzinfo=timezone.utc),
                                     "weight": Decimal("1.5"), "codes": ("A", "B"), 3: None})
    db.session.commit()
    db.session.expire_all()
    assert _events("test.happened")[0].summary == {
        "when": "2026-01-02T00:00:00+00:00", "weight": "1.5", "codes": ["A", "B"], "3": None}


def test_an_audit_event_cannot_be_updated_through_the_orm(app):
    record("test.happened", summary={"n": 1})
    db.session.commit()
    [event] = _events("test.happened")

    event.summary = {"n": 2}
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.commit()
    db.session.rollback()
    db.session.expire_all()
    assert _events("test.happened")[0].summary == {"n": 1}


def test_an_audit_event_cannot_be_deleted_through_the_orm(app):
    record("test.happened")
    db.session.commit()
    [event] = _events("test.happened")

    db.session.delete(event)
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.commit()
    db.session.rollback()
    assert len(_events("test.happened")) == 1
