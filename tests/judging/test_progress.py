"""The progress dashboard: per category and juror assigned / drafted / submitted, overdue, the
reminder to those behind, and bounded query counts on the jury and progress pages."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from app.extensions import db
from app.judging import assignments
from app.judging.rounds import RoundError, current_round

JURY = "/organiser/editions/2026/categories/INN/jury"
PROGRESS = "/organiser/editions/2026/jury-progress"


@pytest.fixture(autouse=True)
def english(app):
    """Service refusals read in English here; the pages' tests check the Spanish default."""
    with force_locale("en"):
        yield


@pytest.fixture
def work(jury_category, make_nomination, make_juror, make_user, make_assignment, make_review):
    """Three jurors: `done` submitted both reviews, `halfway` has a draft and an unstarted one,
    `idle` (English-speaking) has not started either."""
    nominations = [make_nomination(jury_category) for _ in range(2)]
    done, halfway, idle = make_juror(), make_juror(), make_juror()
    idle.locale = "en"
    db.session.commit()
    for nomination in nominations:
        make_review(make_assignment(done, nomination), [8, 7])
        make_assignment(idle, nomination)
    make_review(make_assignment(halfway, nominations[0]), [6, None], submitted=False)
    make_assignment(halfway, nominations[1])
    return {"done": done, "halfway": halfway, "idle": idle, "nominations": nominations}


def _row(page: str, email: str) -> dict[str, int]:
    row = re.search(rf'<tr data-juror="{re.escape(email)}">.*?</tr>', page, re.S).group(0)
    return {name: int(value) for name, value in re.findall(r'data-count="(\w+)">(\d+)<', row)}


def _progress_of(category, email):
    board = assignments.jury_board(category, current_round(category))
    return next(p for p in board.progress if p.juror.email == email)


def test_each_jurors_work_is_counted_by_state(jury_category, work):
    halfway = _progress_of(jury_category, work["halfway"].email)
    assert (halfway.assigned, halfway.not_started, halfway.drafted, halfway.submitted) == (2, 1, 1, 0)
    assert _progress_of(jury_category, work["done"].email).submitted == 2


def test_an_opened_but_never_saved_review_counts_as_not_started(jury_category, work):
    from app.judging.models import Assignment, Review
    assignment_id = db.session.scalar(select(Assignment.id).where(
        Assignment.juror_id == work["idle"].id).limit(1))
    db.session.add(Review(assignment_id=assignment_id, version=0, status="draft"))
    db.session.commit()
    idle = _progress_of(jury_category, work["idle"].email)
    assert (idle.not_started, idle.drafted) == (2, 0)


def test_a_conflicted_assignment_is_left_out_of_the_counts(jury_category, work):
    from app.judging.models import Conflict
    db.session.add(Conflict(juror_id=work["idle"].id, nomination_id=work["nominations"][0].id,
                            kind="declared", reason="Asesoré el programa"))
    db.session.commit()
    idle = _progress_of(jury_category, work["idle"].email)
    assert (idle.assigned, idle.conflicted) == (1, 1)


def test_jurors_behind_are_overdue_once_the_deadline_passed(jury_category, first_round, work):
    first_round.closes_at = datetime.now(timezone.utc) - timedelta(hours=1)
    db.session.commit()
    assert _progress_of(jury_category, work["idle"].email).overdue
    assert not _progress_of(jury_category, work["done"].email).overdue


def test_nobody_is_overdue_before_the_deadline(jury_category, work):
    assert not _progress_of(jury_category, work["idle"].email).overdue


def test_jury_page_shows_the_load_table(as_organiser, work):
    page = as_organiser.get(JURY).get_data(as_text=True)
    assert _row(page, work["halfway"].email) == {"assigned": 2, "not_started": 1, "drafted": 1,
                                                 "submitted": 0, "conflicted": 0}


def test_progress_page_shows_each_category_and_juror(as_organiser, work):
    page = as_organiser.get(PROGRESS).get_data(as_text=True)
    category = re.search(r'<tr data-category="INN">.*?</tr>', page, re.S).group(0)
    assert 'data-count="assigned">6<' in category and 'data-count="submitted">2<' in category
    assert _row(page, work["idle"].email)["assigned"] == 2


# -- reminders ----------------------------------------------------------------------------------

def test_reminders_go_only_to_jurors_behind(as_organiser, work, outbox):
    response = as_organiser.post(JURY + "/reminders")
    assert response.status_code == 302
    assert sorted(m["To"] for m in outbox()) == sorted([work["halfway"].email, work["idle"].email])


def test_a_reminder_is_in_the_jurors_language_and_says_what_is_left(as_organiser, work, outbox):
    as_organiser.post(PROGRESS + "/reminders")
    english = next(m for m in outbox() if m["To"] == work["idle"].email)
    body = english.get_body(("plain",)).get_content()
    assert english["Subject"].startswith("Reminder: reviews to finish")
    assert "0 of 2 reviews submitted" in body and "/jury" in body


def test_reminders_are_audited(organiser, judging_edition, work, audit_events):
    result = assignments.send_reminders(organiser, judging_edition)
    [event] = audit_events("judging.reminders_sent")
    assert len(result.sent) == 2
    assert event.summary["outstanding"] == {work["halfway"].email: 2, work["idle"].email: 2}


def test_a_closed_round_gets_no_reminders(organiser, judging_edition, first_round, work, outbox):
    from app.judging.rounds import close_round
    close_round(organiser, first_round)
    with pytest.raises(assignments.AssignmentError, match="Nobody is behind"):
        assignments.send_reminders(organiser, judging_edition)
    assert outbox() == []


def test_nobody_behind_is_said_on_the_page(as_organiser, jury_category, first_round, outbox):
    response = as_organiser.post(JURY + "/reminders", follow_redirects=True)
    assert "Nadie está atrasado" in response.get_data(as_text=True)
    assert outbox() == []


def test_reminders_are_refused_once_the_edition_is_closed(organiser, judging_edition, work):
    judging_edition.status = "closed"
    db.session.commit()
    with pytest.raises(RoundError, match="until the edition closes"):
        assignments.send_reminders(organiser, judging_edition)


# -- query counts -------------------------------------------------------------------------------

@pytest.mark.parametrize("url", [JURY, PROGRESS])
def test_pages_run_the_same_number_of_queries_for_1_and_50_nominations(
        as_organiser, jury_category, first_round, make_nomination, make_juror, make_assignment,
        make_review, count_queries, url):
    jurors = [make_juror() for _ in range(3)]

    def add(count: int) -> None:
        for i in range(count):
            nomination = make_nomination(jury_category)
            for j, juror in enumerate(jurors):
                assignment = make_assignment(juror, nomination)
                if (i + j) % 3 == 0:
                    make_review(assignment, [7, 7], submitted=(i % 2 == 0))

    add(1)
    few = count_queries(as_organiser, url)
    add(49)
    db.session.expire_all()
    assert count_queries(as_organiser, url) == few
