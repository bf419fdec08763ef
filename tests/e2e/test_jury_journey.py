"""A juror scores a nomination on a phone, in Spanish (issue 4, "Tests that must exist"):
sign in → declare conflicts → open the nomination → score with an autosave → reload shows the
draft → submit. And the promises around it: a stale tab is told so, never overwriting the other;
scores chosen while the session expired are offered back after logging in again."""
from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from playwright.sync_api import Page, expect

from app import storage
from app.extensions import db
from app.judging.models import Review
from app.nominations.models import Attachment
from tests.conftest import PASSWORD
from tests.e2e.support import es, log_in
from tests.judging.conftest import (declare, first_round, judging_edition,  # noqa: F401  (fixtures)
                                    jury_category, make_assignment, make_juror, make_nomination,
                                    scoring)
from tests.nominations.factories import PDF_BYTES

TITLE = "Cámaras con analítica en paraderos"
COMMENT = "Programa replicable, con resultados medidos por el observatorio municipal."


@pytest.fixture
def jury(scoring):
    """The `scoring` setup plus an attachment; the juror has not declared yet unless asked."""
    stored = storage.store(PDF_BYTES)
    db.session.add(Attachment(nomination_id=scoring.nomination.id, filename="informe.pdf",
                              content_type="application/pdf", size=stored.size,
                              sha256=stored.sha256))
    db.session.commit()
    first, second = scoring.category.criteria
    return SimpleNamespace(**vars(scoring), first=first, second=second,
                           url=f"/jury/assignments/{scoring.assignment.id}")


@pytest.fixture
def undeclared(jury):
    """The juror has not gone through INN's nominee list yet (the journey does it)."""
    from app.judging.models import ConflictDeclaration
    db.session.query(ConflictDeclaration).delete()
    db.session.commit()
    return jury


def stored_review(assignment_id: int) -> Review | None:
    """What the server committed, read fresh; then let go, the server thread writes next."""
    db.session.expire_all()
    review = db.session.query(Review).filter_by(assignment_id=assignment_id).one_or_none()
    scores = None if review is None else {s.criterion_id: s.score for s in review.scores}
    state = None if review is None else (review.status, review.overall_comment, scores)
    db.session.rollback()
    return state


def choose(page: Page, criterion, score: int) -> None:
    page.locator(f'label[for="score_{criterion.id}-{score}"]').click()


def wait_for_review_saved(page: Page, assignment_id: int) -> None:
    """The status says the draft was saved, and the browser keeps no copy the server lacks."""
    expect(page.locator("#autosave-status")).to_contain_text(es("Draft saved at"))
    page.wait_for_function(
        f"() => localStorage.getItem('review-{assignment_id}') === null")


def test_a_juror_declares_scores_with_an_autosave_and_submits_on_a_phone(browsing, undeclared):
    jury = undeclared
    phone = browsing.phone()

    browsing.at("1-sign-in")
    log_in(phone, jury.juror.email, PASSWORD)
    phone.goto("/jury")
    expect(phone.locator("h1")).to_have_text(es("My reviews"))
    expect(phone.locator("#main")).not_to_contain_text(TITLE)

    browsing.at("2-declare-conflicts")
    phone.get_by_role("link", name=es("Declare conflicts of interest")).click()
    expect(phone.locator("#main")).to_contain_text(TITLE)
    phone.locator("#confirm").check()
    phone.locator("#main form button").last.click()
    phone.wait_for_url(re.compile(r"/jury$"))

    browsing.at("3-open-the-nomination")
    phone.get_by_role("link", name=TITLE).click()
    phone.wait_for_url(re.compile(re.escape(jury.url) + "$"))
    expect(phone.locator("#nomination-content")).to_contain_text("Robos al paso por mes")
    expect(phone.locator("#attachments + ul a")).to_have_text("informe.pdf")
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 375

    browsing.at("4-score-with-autosave")
    choose(phone, jury.first, 8)
    wait_for_review_saved(phone, jury.assignment.id)
    assert stored_review(jury.assignment.id) == ("draft", "", {jury.first.id: 8,
                                                               jury.second.id: None})
    choose(phone, jury.second, 6)
    phone.locator("#overall_comment").fill(COMMENT)
    phone.locator("#overall_comment").blur()
    wait_for_review_saved(phone, jury.assignment.id)
    assert stored_review(jury.assignment.id) == ("draft", COMMENT, {jury.first.id: 8,
                                                                    jury.second.id: 6})

    browsing.at("5-reload-shows-the-draft")
    phone.reload()
    expect(phone.locator(f"#score_{jury.first.id}-8")).to_be_checked()
    expect(phone.locator(f"#score_{jury.second.id}-6")).to_be_checked()
    expect(phone.locator("#overall_comment")).to_have_value(COMMENT)
    expect(phone.locator("#restore-banner")).to_be_hidden()

    browsing.at("6-submit")
    phone.locator("#submit-button").click()
    phone.wait_for_url(re.compile(r"/jury$"))
    row = phone.locator("li[data-assignment]", has_text=TITLE)
    expect(row.locator(".badge")).to_have_text(es("Submitted"))
    assert stored_review(jury.assignment.id)[0] == "submitted"
    phone.goto(jury.url)
    expect(phone.locator("#locked-notice")).to_be_visible()
    expect(phone.locator(f"#score_{jury.first.id}-8")).to_be_disabled()


def test_a_stale_tab_is_told_to_reload_and_overwrites_nothing(browsing, jury):
    phone = browsing.phone()
    log_in(phone, jury.juror.email, PASSWORD)
    first_tab = phone
    first_tab.goto(jury.url)
    second_tab = phone.context.new_page()
    second_tab.goto(jury.url)

    browsing.at("first-tab-saves")
    choose(first_tab, jury.first, 9)
    wait_for_review_saved(first_tab, jury.assignment.id)

    browsing.at("second-tab-refused")
    choose(second_tab, jury.first, 2)
    expect(second_tab.locator("#review-conflict")).to_be_visible()
    expect(second_tab.locator("#review-conflict-message")).to_have_text(es(
        "This review was changed in another tab or device, so nothing was saved here. Reload the "
        "page to see the latest version, then make your change again."))
    assert stored_review(jury.assignment.id)[2][jury.first.id] == 9


def test_scores_chosen_while_the_session_expired_are_offered_back(browsing, jury):
    phone = browsing.phone()
    log_in(phone, jury.juror.email, PASSWORD)
    phone.goto(jury.url)

    browsing.at("session-expires-while-scoring")
    phone.context.clear_cookies()
    choose(phone, jury.first, 7)
    expect(phone.locator("#autosave-status")).to_have_text(es(
        "Your session expired. Your scores are kept in this browser: log in again and reopen "
        "this page to save them."))
    assert stored_review(jury.assignment.id) is None

    browsing.at("log-in-again")
    log_in(phone, jury.juror.email, PASSWORD)
    phone.goto(jury.url)
    expect(phone.locator("#restore-banner")).to_be_visible()
    expect(phone.locator(f"#score_{jury.first.id}-7")).not_to_be_checked()
    phone.locator("#restore-button").click()
    expect(phone.locator(f"#score_{jury.first.id}-7")).to_be_checked()
    wait_for_review_saved(phone, jury.assignment.id)
    assert stored_review(jury.assignment.id)[2][jury.first.id] == 7
