"""`flask reminders send`: the due step to each juror behind, once, in their time zone."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from app.extensions import db
from app.notifications.models import MailMessage, ReminderDelivery
from app.reminders import services
from app.urls import external_url
from tests.mail.smtp import parts

# INN's round closes on 24 November 2026 at 23:59 in Lima (the edition's zone).
DEADLINE = datetime(2026, 11, 25, 4, 59, tzinfo=timezone.utc)
SEVEN_DAYS = "2026-11-17T14:00:00Z"   # 09:00 in Lima
TWO_DAYS = "2026-11-22T14:00:00Z"


@pytest.fixture
def work(first_round, jury_category, make_nomination, make_juror, make_assignment, make_review):
    """`behind` has one unstarted and one draft review; `done` submitted both."""
    first_round.closes_at = DEADLINE
    db.session.commit()
    nominations = [make_nomination(jury_category) for _ in range(2)]
    behind, done = make_juror(email="behind@example.org"), make_juror(email="done@example.org")
    make_assignment(behind, nominations[0])
    make_review(make_assignment(behind, nominations[1]), [6, None], submitted=False)
    for nomination in nominations:
        make_review(make_assignment(done, nomination), [8, 7])
    return {"behind": behind, "done": done, "round": first_round}


def run(app, now: str):
    result = app.test_cli_runner().invoke(args=["reminders", "send", "--now", now])
    db.session.expire_all()
    return result


def steps() -> list[tuple[str, str]]:
    from app.accounts.models import User
    return list(db.session.execute(
        select(User.email, ReminderDelivery.step).join(User, User.id == ReminderDelivery.juror_id)
        .order_by(ReminderDelivery.id)))


def test_the_due_step_goes_to_the_juror_behind_only(app, work, outbox):
    result = run(app, SEVEN_DAYS)
    assert result.exit_code == 0, result.output
    assert [m["To"] for m in outbox()] == ["behind@example.org"]
    assert steps() == [("behind@example.org", "before-7d")]
    assert "1 sent" in result.output


def test_a_second_run_sends_nothing(app, work, outbox):
    run(app, SEVEN_DAYS)
    result = run(app, "2026-11-17T20:00:00Z")
    assert result.exit_code == 0, result.output
    assert "0 sent, 0 already sent" in result.output
    assert len(outbox()) == 1 and len(steps()) == 1


def test_each_step_is_sent_once_as_the_deadline_comes_and_goes(app, work, outbox):
    for now in (SEVEN_DAYS, "2026-11-18T14:00:00Z", TWO_DAYS, "2026-11-23T14:00:00Z",
                "2026-11-24T14:00:00Z", "2026-11-25T14:00:00Z", "2026-11-25T22:00:00Z",
                "2026-11-26T14:00:00Z"):
        run(app, now)
    assert [step for _email, step in steps()] == [
        "before-7d", "before-2d", "before-1d", "overdue-2026-11-25", "overdue-2026-11-26"]
    assert len(outbox()) == 5


def test_the_delivery_points_at_the_recorded_mail(app, work):
    run(app, SEVEN_DAYS)
    delivery = db.session.scalar(select(ReminderDelivery))
    message = db.session.get(MailMessage, delivery.mail_message_id)
    assert (message.kind, message.recipient_id, message.to_address) == (
        "judging_reminder", work["behind"].id, "behind@example.org")
    assert (message.object_type, message.object_id) == ("rounds", str(work["round"].id))


def test_the_jurors_own_time_zone_decides_when_a_step_is_due(app, work, outbox):
    madrid = work["behind"]
    madrid.timezone = "Europe/Madrid"  # the deadline is 25 November, 05:59 there
    db.session.commit()
    run(app, SEVEN_DAYS)  # 15:00 on the 17th in Madrid: still 8 days
    assert outbox() == []
    run(app, "2026-11-18T07:00:00Z")  # 08:00 on the 18th in Madrid; 02:00 in Lima
    assert steps() == [("behind@example.org", "before-7d")]


def test_an_unknown_time_zone_falls_back_to_the_editions(app, work, outbox):
    work["behind"].timezone = "Mars/Olympus_Mons"
    db.session.commit()
    run(app, SEVEN_DAYS)
    assert steps() == [("behind@example.org", "before-7d")]


def test_a_juror_with_everything_submitted_gets_nothing(app, work, make_review, outbox):
    from app.judging.models import Assignment, Review
    for assignment in db.session.scalars(select(Assignment).where(
            Assignment.juror_id == work["behind"].id)):
        if assignment.review is None:
            make_review(assignment, [5, 5])
        else:
            assignment.review.status, assignment.review.submitted_at = "submitted", DEADLINE
    db.session.commit()
    assert db.session.scalar(select(Review).where(Review.status == "draft")) is None
    run(app, SEVEN_DAYS)
    assert outbox() == [] and steps() == []


def test_a_closed_round_gets_nothing(app, work, outbox):
    work["round"].closed_at = DEADLINE
    db.session.commit()
    run(app, "2026-11-26T14:00:00Z")
    assert outbox() == []


def test_an_edition_past_judging_gets_nothing(app, work, judging_edition, outbox):
    judging_edition.status = "deliberation"
    db.session.commit()
    run(app, TWO_DAYS)
    assert outbox() == []


def test_a_step_claimed_by_a_concurrent_run_is_not_sent_again(app, work, judging_edition, outbox):
    now = datetime(2026, 11, 17, 14, tzinfo=timezone.utc)
    [stale] = services.due_reminders(judging_edition, now)  # read before the other run commits
    assert len(services.send_due_reminders(now).sent) == 1
    assert services.send_reminder(stale, external_url("reviews.dashboard")) == "taken"
    assert len(outbox()) == 1 and len(steps()) == 1


def test_two_runs_at_the_same_time_send_one_mail(app, work, outbox):
    import threading
    now = datetime(2026, 11, 17, 14, tzinfo=timezone.utc)
    start, results = threading.Barrier(2), []

    def run_in_thread():
        with app.app_context():
            start.wait(timeout=10)
            results.append(services.send_due_reminders(now))
    threads = [threading.Thread(target=run_in_thread) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(len(result.sent) for result in results) == [0, 1]
    assert len(outbox()) == 1 and len(steps()) == 1


def test_the_mail_is_in_the_jurors_language_with_the_days_left(app, work, outbox):
    work["behind"].locale = "en"
    db.session.commit()
    run(app, TWO_DAYS)
    [message] = outbox()
    body = parts(message)[0]
    assert message["Subject"] == "2 days left to submit your reviews for Premios Safe City 2026"
    assert "Category INN: 0 of 2 reviews submitted." in body
    assert "in 2 days" in body and "(Peru Time)" in body and "/jury" in body


def test_an_overdue_mail_says_so_in_spanish(app, work, outbox):
    run(app, "2026-11-26T14:00:00Z")
    [message] = outbox()
    assert message["Subject"].startswith("Atrasado")
    assert "ya pasó y todavía faltan algunas" in parts(message)[0]


def test_the_reminder_reaches_a_real_smtp_server_with_an_html_part(app, work, smtp):
    run(app, SEVEN_DAYS)
    (recipients, message), = smtp.messages
    plain, html = parts(message)
    assert recipients == ["behind@example.org"]
    assert "0 de 2 evaluaciones enviadas" in plain and "0 de 2 evaluaciones enviadas" in html
    assert db.session.scalar(select(MailMessage.status)) == "sent"


def test_a_bad_now_is_refused(app):
    result = app.test_cli_runner().invoke(args=["reminders", "send", "--now", "yesterday"])
    assert result.exit_code == 2 and "ISO 8601" in result.output
