"""The scoring page with a keyboard only (issue 8, "Accessibility"): Tab reaches every criterion's
scores, Space and the arrow keys choose one, the comment is typed, Enter submits; axe-core finds
nothing serious on the page."""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD
from tests.e2e.support import AxeAudit, es, log_in
from tests.e2e.test_jury_journey import COMMENT, jury, stored_review  # noqa: F401  (fixture)
from tests.judging.conftest import (declare, first_round, judging_edition,  # noqa: F401  (fixtures)
                                    jury_category, make_assignment, make_juror, make_nomination,
                                    scoring)

MAX_TABS = 80


def tab_until(page: Page, condition: str) -> None:
    """Press Tab until the focused element satisfies the JavaScript `condition` on `el`."""
    check = f"() => {{ const el = document.activeElement; return !!el && ({condition}); }}"
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate(check):
            return
    raise AssertionError(f"Tab never reached an element where {condition}")


def test_a_juror_scores_comments_and_submits_with_the_keyboard_only(browsing, jury):
    phone = browsing.phone()
    log_in(phone, jury.juror.email, PASSWORD)
    phone.goto(jury.url)
    audit = AxeAudit()
    audit.check(phone)
    chosen = {jury.first.id: 8, jury.second.id: 5}

    for criterion in (jury.first, jury.second):
        browsing.at(f"score-criterion-{criterion.id}")
        tab_until(phone, f"el.name === 'score_{criterion.id}'")
        phone.keyboard.press("Space")
        expect(phone.locator(f"#score_{criterion.id}-{criterion.scale_min}")).to_be_checked()
        for _ in range(chosen[criterion.id] - criterion.scale_min):
            phone.keyboard.press("ArrowRight")
        expect(phone.locator(f"#score_{criterion.id}-{chosen[criterion.id]}")).to_be_checked()
        expect(phone.locator(f"#score_{criterion.id}-{chosen[criterion.id]}")).to_be_focused()

    browsing.at("overall-comment")
    tab_until(phone, "el.id === 'overall_comment'")
    phone.keyboard.type(COMMENT)

    browsing.at("submit")
    tab_until(phone, "el.id === 'submit-button'")
    phone.keyboard.press("Enter")
    phone.wait_for_url(re.compile(r"/jury$"))
    expect(phone.locator("li[data-assignment] .badge")).to_have_text(es("Submitted"))
    assert stored_review(jury.assignment.id) == ("submitted", COMMENT, chosen)
    audit.check(phone)
    audit.assert_clean()
