"""A juror on a phone, in Spanish (issue 4, "Tests that must exist"): from the invitation mail
→ account → juror profile → declare conflicts (one automatic) → score with an autosave → reload
shows the draft → submit; or declining the invitation instead. A signed-in juror's scoring
journey, and the promises around it: a stale tab is told so, never overwriting the other; scores
chosen while the session expired are offered back after logging in again."""
from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from playwright.sync_api import Page, expect

from app import storage
from app.accounts import services as accounts
from app.accounts.models import User
from app.extensions import db
from app.judging import assignments
from app.judging.models import Review
from app.nominations.models import Attachment
from tests.conftest import PASSWORD
from tests.e2e.support import es, fits_phone_width, log_in, mailed_path
from tests.judging.conftest import (declare, first_round, judging_edition,  # noqa: F401  (fixtures)
                                    jury_category, make_assignment, make_juror, make_nomination,
                                    scoring)
from tests.nominations.factories import PDF_BYTES

TITLE = "Cámaras con analítica en paraderos"
COMMENT = "Programa replicable, con resultados medidos por el observatorio municipal."
HOME_TITLE = "Serenazgo en bicicleta para parques"
INVITED = "lucia.ramos@example.org"


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
    choose_id(page, criterion.id, score)


def choose_id(page: Page, criterion_id: int, score: int) -> None:
    page.locator(f'label[for="score_{criterion_id}-{score}"]').click()


def wait_for_review_saved(page: Page, assignment_id: int) -> None:
    """The status says the draft was saved, and the browser keeps no copy the server lacks."""
    expect(page.locator("#autosave-status")).to_contain_text(es("Draft saved at"))
    page.wait_for_function(
        f"() => localStorage.getItem('review-{assignment_id}') === null")


@pytest.fixture
def invited(jury_category, first_round, make_nomination, make_municipality, organiser):
    """INN in its open first round with two nominees, and a juror invited by mail who has no
    account yet; one nominee is the municipality the juror will say they work for."""
    nomination = make_nomination(jury_category, title=TITLE,
                                 municipality=make_municipality("Miraflores", "150122"))
    home = make_nomination(jury_category, title=HOME_TITLE,
                           municipality=make_municipality("San Borja", "150130"))
    accounts.invite(organiser, INVITED, "Lucía Ramos", "juror")
    return SimpleNamespace(category=jury_category, round=first_round, organiser=organiser,
                           nomination=nomination, home=home,
                           criteria=[c.id for c in jury_category.criteria])


def assign_once_accepted(invited) -> dict[int, int]:
    """The organiser assigns both nominees to the new juror (before the juror's profile says
    where they work); the assignment id per nomination id."""
    juror = db.session.scalar(db.select(User).where(User.email == INVITED))
    created = assignments.add_assignments(invited.organiser, invited.round,
                                          [(juror, invited.nomination), (juror, invited.home)])
    ids = {a.nomination_id: a.id for a in created}
    db.session.rollback()  # read nothing more: the server thread writes next
    return ids


def test_an_invited_juror_accepts_declares_scores_and_submits_on_a_phone(browsing, invited,
                                                                          outbox):
    phone = browsing.phone()

    browsing.at("1-open-the-invitation")
    response = phone.goto(mailed_path(outbox(), INVITED, "/invitations/"))
    assert response.status == 200
    expect(phone.locator("h1")).to_have_text(es("You are invited"))
    expect(phone.locator("#name")).to_have_value("Lucía Ramos")
    assert fits_phone_width(phone)

    browsing.at("2-create-the-account")
    phone.locator("#name").fill("Lucía Ramos Quispe")
    phone.locator("#password").fill(PASSWORD)
    phone.locator("#password_again").fill(PASSWORD)
    phone.locator("#locale").select_option("es")
    phone.get_by_role("button", name=es("Create account and accept")).click()
    phone.wait_for_url(re.compile(r"/jury/profile$"))
    expect(phone.locator("#main .alert-success")).to_have_text(
        es("Welcome! Your invitation was accepted."))
    by_nomination = assign_once_accepted(invited)
    scoring_url = f"/jury/assignments/{by_nomination[invited.nomination.id]}"
    home_url = f"/jury/assignments/{by_nomination[invited.home.id]}"

    browsing.at("3-fill-the-profile")
    assert fits_phone_width(phone)
    phone.locator("#organisation").fill("Municipalidad de San Borja")
    phone.locator("#country").select_option("PE")
    phone.locator("#municipality").select_option(label="San Borja (PE)")
    phone.locator("#expertise").fill("Prevención del delito en espacios públicos")
    phone.get_by_role("button", name=es("Save my profile")).click()
    expect(phone.locator("#main .alert-info")).to_have_text(es(
        "You work for a nominated municipality: you will not judge its nominations."))

    browsing.at("4-dashboard-asks-to-declare")
    phone.goto("/jury")
    expect(phone.locator("h1")).to_have_text(es("My reviews"))
    expect(phone.locator("#main")).not_to_contain_text(TITLE)
    phone.get_by_role("link", name=es("Declare conflicts of interest")).click()

    browsing.at("5-declare-conflicts")
    home_card = phone.locator("article", has_text=HOME_TITLE)
    expect(home_card.locator(".badge")).to_have_text(es("Automatic conflict"))
    expect(home_card.locator("input[type=radio]")).to_have_count(0)
    card = phone.locator("article", has_text=TITLE)
    card.locator("label", has_text=es("No conflict")).click()
    expect(card.locator("input[value=none]")).to_be_checked()
    assert fits_phone_width(phone)
    phone.locator("#confirm").check()
    phone.get_by_role("button", name=es("Send my declaration")).click()
    phone.wait_for_url(re.compile(r"/jury$"))
    expect(phone.locator("#main .alert-success")).to_have_text(
        es("Thank you: your declaration was recorded."))

    browsing.at("6-only-the-unconflicted-nomination-is-listed")
    expect(phone.locator("li[data-assignment]")).to_have_count(1)
    expect(phone.locator("#main")).not_to_contain_text(HOME_TITLE)
    phone.get_by_role("link", name=TITLE).click()
    phone.wait_for_url(re.compile(re.escape(scoring_url) + "$"))
    assert fits_phone_width(phone)

    browsing.at("7-score-every-criterion-with-autosave")
    first, second = invited.criteria
    choose_id(phone, first, 9)
    choose_id(phone, second, 7)
    assignment_id = by_nomination[invited.nomination.id]
    wait_for_review_saved(phone, assignment_id)
    assert stored_review(assignment_id) == ("draft", "", {first: 9, second: 7})

    browsing.at("8-reload-keeps-the-draft")
    phone.reload()
    expect(phone.locator(f"#score_{first}-9")).to_be_checked()
    expect(phone.locator(f"#score_{second}-7")).to_be_checked()
    expect(phone.locator("#restore-banner")).to_be_hidden()

    browsing.at("9-comment-and-submit")
    phone.locator("#overall_comment").fill(COMMENT)
    phone.locator("#submit-button").click()
    phone.wait_for_url(re.compile(r"/jury$"))
    expect(phone.locator("li[data-assignment] .badge")).to_have_text(es("Submitted"))
    assert stored_review(assignment_id) == ("submitted", COMMENT, {first: 9, second: 7})

    browsing.at("10-the-review-is-locked")
    phone.goto(scoring_url)
    expect(phone.locator("#locked-notice")).to_be_visible()
    expect(phone.locator(f"#score_{first}-9")).to_be_disabled()
    expect(phone.locator("#overall_comment")).not_to_be_editable()

    browsing.at("11-the-conflicted-nomination-is-refused")
    response = phone.goto(home_url)
    assert response.status == 403
    expect(phone.locator("#main")).to_contain_text(es(
        "Your account does not have permission for this page. If you think it should, contact "
        "the organisers."))
    expect(phone.locator("#main")).not_to_contain_text(HOME_TITLE)


def test_an_invited_juror_declines_and_the_organiser_sees_it(browsing, invited, outbox):
    phone = browsing.phone()
    path = mailed_path(outbox(), INVITED, "/invitations/")
    phone.goto(path)

    browsing.at("decline")
    dialogs = []
    phone.once("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    phone.get_by_role("button", name=es("Decline the invitation")).click()
    phone.wait_for_url(lambda url: url.rstrip("/") == browsing.base_url)
    assert dialogs == [es("Decline this invitation? The link will stop working.")]
    expect(phone.locator("#main .alert-info")).to_have_text(es(
        "You declined the invitation. The organisers will see it; thank you for letting them "
        "know."))
    assert db.session.scalar(db.select(User.id).where(User.email == INVITED)) is None
    db.session.rollback()
    assert phone.goto(path).status == 410

    browsing.at("organiser-sees-declined")
    desktop = browsing.desktop()
    log_in(desktop, invited.organiser.email, PASSWORD)
    desktop.goto("/people")
    row = desktop.locator("li", has_text=INVITED)
    expect(row.locator(".badge")).to_have_text(es("declined"))
    expect(desktop.locator("tbody")).not_to_contain_text(INVITED)


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
