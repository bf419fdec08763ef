"""axe-core on the public pages, in Spanish and in English (issue 8, "Accessibility"): no serious
or critical violation. Most pages show the demo data set (`flask demo load`, served once for the
module); an edition's results page shows a closed and published edition."""
from __future__ import annotations

import pytest

from app.editions.models import Edition
from app.extensions import db
from app.library.models import LibraryEntry
from app.municipalities.models import Municipality
from tests.conftest import PASSWORD
from tests.e2e.support import DESKTOP, AxeAudit, Browsing, fits_phone_width, serving
from tests.publication.conftest import closable, published  # noqa: F401  (fixtures)

LANGUAGES = {"es": "es-PE", "en": "en-GB"}
UNKNOWN_CODE = "/verify/NOSUCHCODE"  # the check page's answer to a code that was never issued


@pytest.fixture(scope="module")
def demo_server(loaded_demo):
    """The demo's app on a free port for every test of the module; yields the base URL."""
    app, _output = loaded_demo
    with serving(app) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def public_pages(demo_server):
    """Every public page kind, with an entry and a municipality the demo made (its edition is not
    published: the results page is audited on a published edition below)."""
    entry = db.session.scalar(db.select(LibraryEntry.id).order_by(LibraryEntry.id).limit(1))
    municipality = db.session.scalar(db.select(Municipality.id).order_by(Municipality.id).limit(1))
    year = db.session.scalar(db.select(Edition.year).order_by(Edition.year.desc()).limit(1))
    db.session.rollback()
    return ["/", "/ranking", f"/editions/{year}", "/experiencias",
            f"/experiencias/{entry}", f"/municipios/{municipality}", "/convenios", "/verify",
            UNKNOWN_CODE, "/api/v1/docs", "/login", "/register", "/password/forgot"]


def desktop_in(browsing: Browsing, language: str):
    return browsing.context(language, **{**DESKTOP, "locale": LANGUAGES[language]}).new_page()


def audit_pages(browsing: Browsing, language: str, paths: list[str], page=None) -> None:
    """Visit each path in `language`; fail with every serious finding of every page."""
    audit = AxeAudit()
    page = page or desktop_in(browsing, language)
    for path in paths:
        browsing.at(path.strip("/").replace("/", "-") or "home")
        response = page.goto(path)
        expected = 404 if path == UNKNOWN_CODE else 200
        assert response.status == expected, f"{path}: {response.status}"
        assert page.locator("html").get_attribute("lang") == language
        audit.check(page)
    audit.assert_clean()


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_a_published_editions_pages_have_no_serious_accessibility_violations(browsing, published,
                                                                            language):
    year = published.edition.year
    audit_pages(browsing, language, [f"/editions/{year}", f"/editions/{year}/results"])


def _organiser_paths(published) -> list[str]:
    edition = f"/organiser/editions/{published.edition.year}"
    jury, ranking = (f"{edition}/categories/{c.code}" for c in (published.jury, published.ranking))
    return [edition, "/organiser/nominations", "/organiser/representations", "/people", jury,
            f"{jury}/jury", f"{edition}/jury-progress", f"{edition}/conflicts",
            f"{jury}/leaderboard", f"{edition}/deliberation", f"{jury}/deliberation",
            f"{ranking}/deliberation", f"{ranking}/ranking", "/organiser/perception",
            "/organiser/perception/import", f"{edition}/certificates", f"{edition}/exports",
            "/organiser/audit"]


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_the_organisers_pages_of_a_cycle_have_no_serious_accessibility_violations(
        browsing, published, organiser, language):
    """The organiser's side of the whole cycle (screening, jury, leaderboard, deliberation of a
    jury and a ranking category, perception, closing, certificates), on the edition as it ends."""
    organiser.locale = language
    db.session.commit()
    page = desktop_in(browsing, language)
    page.goto("/login")
    page.locator("#email").fill(organiser.email)
    page.locator("#password").fill(PASSWORD)
    page.locator("#main form").get_by_role("button").click()
    page.wait_for_url(lambda url: not url.rstrip("/").endswith("/login"))
    edition = f"/organiser/editions/{published.edition.year}"
    audit_pages(browsing, language, _organiser_paths(published), page)
    page.goto(edition)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= DESKTOP["viewport"][
        "width"], "the organiser's menu runs off the side of a desktop screen"


def test_the_organisers_pages_fit_a_phone(browsing, published, organiser):
    """Wide tables scroll inside their own box; nothing else may push the page sideways."""
    page = browsing.phone()
    page.goto("/login")
    page.locator("#email").fill(organiser.email)
    page.locator("#password").fill(PASSWORD)
    page.locator("#main form").get_by_role("button").click()
    page.wait_for_url(lambda url: not url.rstrip("/").endswith("/login"))
    too_wide = []
    for path in _organiser_paths(published):
        browsing.at(path.strip("/").replace("/", "-"))
        assert page.goto(path).status == 200, path
        if not fits_phone_width(page):
            too_wide.append(path)
    assert not too_wide, "wider than a phone: " + ", ".join(too_wide)


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_public_pages_have_no_serious_accessibility_violations(browser, demo_server, public_pages,
                                                               language, request):
    browsing = Browsing(browser, demo_server)
    try:
        audit_pages(browsing, language, public_pages)
    except BaseException:
        browsing.screenshots(request.node.name)
        raise
    finally:
        browsing.close()


def _demo_password(app, email: str) -> str:
    """The password `flask demo load` gave this demo account (instance/demo-logins.txt)."""
    from pathlib import Path

    from app.demo.services import CREDENTIALS_FILE

    for line in (Path(app.instance_path) / CREDENTIALS_FILE).read_text().splitlines():
        account, _tab, password = line.partition("\t")
        if account == email:
            return password
    raise AssertionError(f"{email} is not among the demo logins")


def _signed_in_page(browsing: Browsing, language: str, app, email: str):
    """Logged in, then in `language` through the menu's switch (it keeps the choice in the
    person's profile, as for anyone who uses it)."""
    page = desktop_in(browsing, language)
    page.goto("/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(_demo_password(app, email))
    page.locator("#main form").get_by_role("button").click()
    page.wait_for_url(lambda url: not url.rstrip("/").endswith("/login"))
    switch = page.locator(f'form[action="/language"] button[value="{language}"]')
    if switch.count():
        with page.expect_navigation():
            switch.click()
    return page


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_the_nominators_and_jurors_pages_have_no_serious_accessibility_violations(
        browser, demo_server, loaded_demo, language, request):
    """The pages a municipality's representative and a juror use in the journey, in both
    languages, on the demo (a representative with nominations; a juror in judging)."""
    from app.accounts.models import User
    from app.judging.models import Assignment, ConflictDeclaration
    from app.nominations.models import Nomination

    app, _output = loaded_demo
    representative = db.session.scalar(db.select(User).where(
        User.email == "sanmiguel@demo.premiossafecity.org"))
    nomination = db.session.scalar(db.select(Nomination.id).where(
        Nomination.submitter_id == representative.id).order_by(Nomination.id).limit(1))
    juror = db.session.scalar(db.select(User).where(
        User.email == "jurado1@demo.premiossafecity.org"))
    assignment = db.session.scalar(db.select(Assignment.id).where(
        Assignment.juror_id == juror.id).order_by(Assignment.id).limit(1))
    declared = db.session.scalar(db.select(ConflictDeclaration.category_id).where(
        ConflictDeclaration.juror_id == juror.id).limit(1))
    emails = (representative.email, juror.email)
    db.session.rollback()
    browsing = Browsing(browser, demo_server)
    try:
        for email, paths in zip(emails, (
                ["/my/nominations", "/my/nominations/new", f"/nominations/{nomination}",
                 "/my/municipality", "/profile"],
                ["/jury", f"/jury/categories/{declared}/conflicts",
                 f"/jury/assignments/{assignment}", "/jury/profile"])):
            audit_pages(browsing, language, paths, _signed_in_page(browsing, language, app, email))
    except BaseException:
        browsing.screenshots(request.node.name)
        raise
    finally:
        browsing.close()


def test_public_pages_fit_a_phone(browser, demo_server, public_pages, request):
    browsing = Browsing(browser, demo_server)
    try:
        page = browsing.phone()
        too_wide = []
        for path in public_pages:
            browsing.at(path.strip("/").replace("/", "-") or "home")
            page.goto(path)
            if not fits_phone_width(page):
                too_wide.append(path)
        assert not too_wide, "wider than a phone: " + ", ".join(too_wide)
    except BaseException:
        browsing.screenshots(request.node.name)
        raise
    finally:
        browsing.close()
