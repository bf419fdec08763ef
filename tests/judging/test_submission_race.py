"""Jurors submitting reviews while the organiser closes the round, each from its own thread,
test client and database connection, on PostgreSQL (the locking under test is PostgreSQL's;
`scripts/load-test` runs the same race at full size under gunicorn): every accepted submission
is stored exactly once, every refused one says why (never a 500), none is accepted after the
close."""
from __future__ import annotations

import html
import os
import threading
from dataclasses import dataclass

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from app.audit.chain import verify_chain
from app.audit.models import AuditEvent
from app.extensions import db
from app.judging.models import Assignment, Review, ReviewStatus, Round
from app.judging.permissions import scoring_closed_reason

pytestmark = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="the race is run against PostgreSQL (TEST_DATABASE_URL), as in CI's second run")

JURORS, PER_JUROR, CLOSE_AFTER = 6, 5, 10


@dataclass
class Answer:
    assignment_id: int
    status: int
    location: str
    body: str


def _submit_form(category) -> dict:
    form = {f"score_{c.id}": "7" for c in category.criteria}
    form.update({f"comment_{c.id}": "" for c in category.criteria})
    form.update(overall_comment="Evaluación enviada durante el cierre.", version="0",
                action="submit")
    return form


def _signed_in_client(app, user):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    return client


@pytest.fixture
def race(app, jury_category, first_round, make_nomination, make_juror, make_assignment, declare,
         organiser):
    """JURORS jurors with PER_JUROR assignments each, all declared; the clients signed in."""
    jurors = []
    nominations = [make_nomination(jury_category) for _ in range(PER_JUROR)]
    for _ in range(JURORS):
        juror = make_juror()
        declare(juror, jury_category)
        ids = [make_assignment(juror, nomination).id for nomination in nominations]
        jurors.append((_signed_in_client(app, juror), ids))
    close_url = (f"/organiser/editions/{jury_category.edition.year}/categories/"
                 f"{jury_category.code}/jury/rounds/{first_round.id}/close")
    return jurors, _signed_in_client(app, organiser), close_url, _submit_form(jury_category)


def _run(race) -> tuple[list[Answer], int]:
    """The jurors submit one review after another; once CLOSE_AFTER were accepted the organiser
    closes the round, and each juror's last submission waits for that close to be answered."""
    jurors, organiser_client, close_url, form = race
    db.session.commit()  # the test's own session holds nothing while the threads write
    answers: list[Answer] = []
    failures: list[BaseException] = []
    lock = threading.Lock()
    enough, closed = threading.Event(), threading.Event()
    close_status: list[int] = []
    start = threading.Barrier(len(jurors) + 1)

    def juror(client, ids: list[int]) -> None:
        try:
            start.wait(timeout=10)
            for position, assignment_id in enumerate(ids):
                if position == len(ids) - 1:
                    closed.wait(timeout=30)
                response = client.post(f"/jury/assignments/{assignment_id}/submit", data=form)
                with lock:
                    answers.append(Answer(assignment_id, response.status_code,
                                          response.headers.get("Location", ""),
                                          response.get_data(as_text=True)))
                    if sum(a.status == 302 for a in answers) >= CLOSE_AFTER:
                        enough.set()
        except BaseException as error:  # reported to the test, which asserts on it
            failures.append(error)

    def close() -> None:
        try:
            start.wait(timeout=10)
            enough.wait(timeout=30)
            close_status.append(organiser_client.post(close_url).status_code)
        except BaseException as error:  # reported to the test, which asserts on it
            failures.append(error)
        finally:
            closed.set()

    threads = [threading.Thread(target=juror, args=job) for job in jurors]
    threads.append(threading.Thread(target=close))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    assert failures == []
    assert close_status == [302]
    db.session.expire_all()
    return answers, len(jurors) * PER_JUROR


def test_submissions_racing_the_round_close_are_stored_once_or_refused_clearly(app, race):
    answers, expected = _run(race)
    assert len(answers) == expected
    accepted = {a.assignment_id for a in answers if a.status == 302}
    refused = [a for a in answers if a.status != 302]
    assert len(accepted) >= CLOSE_AFTER and len(refused) >= len(race[0])
    assert all(a.location.endswith("/jury") for a in answers if a.status == 302)

    round_ = db.session.scalar(select(Round))
    with app.test_request_context(), force_locale("es"):
        message = html.escape(scoring_closed_reason(db.session.get(Assignment,
                                                                   refused[0].assignment_id)))
    assert all(a.status == 403 and message in a.body for a in refused), refused[0].body[:500]

    stored = db.session.execute(select(Review.assignment_id, Review.id, Review.status)).all()
    assert sorted(row.assignment_id for row in stored) == sorted(accepted)
    assert all(row.status == ReviewStatus.SUBMITTED.value for row in stored)
    events = dict(db.session.execute(
        select(AuditEvent.object_id, func.count()).where(AuditEvent.action == "review.submitted")
        .group_by(AuditEvent.object_id)).all())
    assert events == {str(row.id): 1 for row in stored}

    # The chain is the commit order: no submission was committed after the close.
    close_event = db.session.scalar(select(AuditEvent.id)
                                    .where(AuditEvent.action == "round.closed"))
    last_submission = db.session.scalar(select(func.max(AuditEvent.id))
                                        .where(AuditEvent.action == "review.submitted"))
    assert round_.closed_at is not None and last_submission < close_event
    assert verify_chain(db.session).ok
