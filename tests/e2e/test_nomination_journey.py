"""A municipality goes from registration to a submitted nomination, in Spanish, on a phone.

Issue 3, "Tests that must exist": register → request representation → organiser confirms → fill a
nomination in two sittings with an autosave in between → attach a PDF → submit → see the receipt.
And the promises that nothing typed is lost: not by a failed validation, not by an expired session.
"""
from __future__ import annotations

import io
import re
from types import SimpleNamespace

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from app.extensions import db
from app.municipalities import services as municipalities
from app.nominations import services as nominations
from app.nominations.models import Nomination
from tests.conftest import PASSWORD
from tests.e2e.support import (expect_signed_in_as, es, log_in, log_out,
                               wait_for_draft_saved)
from tests.nominations.factories import PDF_BYTES

NAME = "Rosa Quispe Huamán"
EMAIL = "rosa.quispe@munisanmiguel.gob.pe"
NEW_PASSWORD = "un faro en la niebla de Lima"
TITLE = "Red vecinal de alerta temprana"
SUMMARY_START = "Juntas vecinales conectadas con el serenazgo"
SUMMARY = (SUMMARY_START + " por radio y por una aplicación: cada alerta llega a la central en "
           "segundos y una patrulla sale de inmediato.")
EDIT_URL = re.compile(r"/nominations/(\d+)/edit$")


@pytest.fixture
def call(make_edition, make_category, make_municipality, organiser):
    """The 2026 call open, with a jury category (INN), San Miguel, and an organiser."""
    edition = make_edition(2026, status="nominations_open")
    return SimpleNamespace(edition=edition, inn=make_category(edition, "INN"),
                           san_miguel=make_municipality("San Miguel", code="150136"),
                           organiser=organiser)


@pytest.fixture
def draft(call, make_user):
    """A confirmed representative of San Miguel with an empty draft in INN."""
    user = make_user("nominator", email="rep@munisanmiguel.gob.pe", name="Representante SM")
    request = municipalities.request_representation(user, call.san_miguel, "Gerente", "01 555 0101")
    municipalities.decide_representation(call.organiser, request, confirm=True)
    nomination = nominations.start_nomination(user, call.inn, "municipality", call.san_miguel)
    return SimpleNamespace(user=user, nomination_id=nomination.id)


def stored(nomination_id: int) -> Nomination:
    """What the server committed, read fresh from the database."""
    db.session.expire_all()
    nomination = db.session.get(Nomination, nomination_id)
    db.session.rollback()  # read, then let go: the server thread writes next
    return nomination


def on_the_edit_form(page: Page) -> int:
    """Wait for the edit form and its script (autosave, counter); the nomination's id."""
    page.wait_for_url(EDIT_URL)  # waits for the load event: the page's scripts have run
    return int(EDIT_URL.search(page.url).group(1))


def test_a_municipality_goes_from_registration_to_a_submitted_nomination_on_a_phone(
        browsing, call, outbox, tmp_path):
    phone = browsing.phone()

    browsing.at("1-register")
    phone.goto("/register")
    expect(phone.locator("html")).to_have_attribute("lang", "es")
    phone.locator("#name").fill(NAME)
    phone.locator("#email").fill(EMAIL)
    phone.locator("#password").fill(NEW_PASSWORD)
    phone.locator("#password_again").fill(NEW_PASSWORD)
    phone.locator("#main form").get_by_role("button").click()
    expect(phone.locator("#main .alert-success")).to_be_visible()
    expect_signed_in_as(phone, NAME)

    browsing.at("2-representation")
    phone.goto("/my/municipality")
    phone.locator("#municipality").select_option(label="San Miguel (PE)")
    phone.locator("#position").fill("Gerente de Seguridad Ciudadana")
    phone.locator("#office_phone").fill("01 263 2222")
    phone.locator("#main form").get_by_role("button").click()
    request_item = phone.locator(".list-group-item", has_text="San Miguel")
    expect(request_item).to_contain_text(es("waiting for confirmation"))

    browsing.at("3-organiser-confirms")
    desktop = browsing.desktop()
    log_in(desktop, call.organiser.email, PASSWORD)
    desktop.goto("/organiser/representations")
    card = desktop.locator("article.card", has_text=EMAIL)
    expect(card).to_contain_text("San Miguel")
    card.locator('button[name="decision"][value="confirm"]').click()
    expect(desktop.locator("article.card", has_text=EMAIL).locator(".badge")).to_have_text(
        es("confirmed"))
    phone.reload()
    expect(request_item).to_contain_text(es("confirmed"))

    browsing.at("4-start-and-first-sitting")
    phone.goto("/my/nominations/new")
    phone.locator("#category").select_option("INN")
    phone.locator('input[name="nominee_type"][value="municipality"]').check()
    phone.locator("#municipality").select_option(label="San Miguel")
    phone.locator("#main form").get_by_role("button").click()
    nomination_id = on_the_edit_form(phone)
    phone.locator("#title").fill(TITLE)
    # Pasted while the title's autosave is still on its way: must be saved too, not dropped.
    phone.locator("#summary").fill(SUMMARY_START)
    expect(phone.locator("#summary-counter")).to_have_text(f"{len(SUMMARY_START)} / 1500")
    phone.keyboard.press("Tab")  # leaving a field saves the draft
    wait_for_draft_saved(phone)
    nomination = stored(nomination_id)
    assert (nomination.title, nomination.summary) == (TITLE, SUMMARY_START)

    browsing.at("4-second-sitting")
    log_out(phone)
    log_in(phone, EMAIL, NEW_PASSWORD)
    phone.goto("/my/nominations")
    phone.locator(f'a[href="/nominations/{nomination_id}/edit"]').click()
    assert on_the_edit_form(phone) == nomination_id
    expect(phone.locator("#title")).to_have_value(TITLE)
    expect(phone.locator("#summary")).to_have_value(SUMMARY_START)
    expect(phone.locator("#restore-banner")).to_be_hidden()

    browsing.at("5-complete-and-attach")
    phone.locator("#summary").fill(SUMMARY)
    expect(phone.locator("#summary-counter")).to_have_text(f"{len(SUMMARY)} / 1500")
    phone.locator("#problem").fill("Robos al paso en paraderos y parques por la noche.")
    phone.locator("#intervention").fill("Alarmas comunitarias enlazadas con la central de serenazgo.")
    phone.locator("#results-0-indicator").fill("Robos al paso por mes")
    phone.locator("#results-0-baseline").fill("42")
    phone.locator("#results-0-result").fill("17")
    phone.locator("#results-0-unit").fill("casos")
    phone.locator("#results-0-source").fill("Observatorio municipal")
    phone.locator("#results-0-period").fill("2024–2025")
    phone.locator("#period_start").fill("2024-01")
    phone.locator("#period_end").fill("2025-06")
    phone.locator("#budget_amount").fill("350000")
    phone.locator("#budget_currency").select_option("PEN")
    phone.locator("#partners").fill("Policía Nacional del Perú; juntas vecinales")
    phone.locator("#evidence_links").fill("https://www.munisanmiguel.gob.pe/alerta")
    report = tmp_path / "informe.pdf"
    report.write_bytes(PDF_BYTES)
    phone.locator("#file").set_input_files(report)
    phone.locator("#upload-form button").click()  # autosaves first, then uploads
    expect(phone.locator("#attachments .list-group-item a", has_text="informe.pdf")).to_be_visible()
    expect(phone.locator("#intervention")).to_have_value(
        "Alarmas comunitarias enlazadas con la central de serenazgo.")
    expect(phone.locator("#evidence_links")).to_have_value("https://www.munisanmiguel.gob.pe/alerta")
    expect(phone.locator("#period_start")).to_have_value("2024-01")
    expect(phone.locator("#budget_currency")).to_have_value("PEN")
    phone.locator('button[name="action"][value="submit"]').click()

    browsing.at("6-receipt")
    expect(phone).to_have_url(re.compile(rf"/nominations/{nomination_id}(#.*)?$"))
    expect(phone.locator("#main")).to_contain_text("SCA-2026-INN-0001")
    expect(phone.locator("h1")).to_contain_text(TITLE)
    with phone.expect_download() as download_info:
        phone.get_by_role("link", name=es("Download the receipt (PDF)")).click()
    download = download_info.value
    assert download.failure() is None
    assert download.suggested_filename == "SCA-2026-INN-0001.pdf"
    with open(download.path(), "rb") as handle:
        receipt = _pdf_text(handle.read())
    assert "SCA-2026-INN-0001" in receipt
    assert TITLE in receipt
    nomination = stored(nomination_id)
    assert nomination.status == "submitted" and nomination.reference == "SCA-2026-INN-0001"
    assert [a.filename for a in nomination.attachments] == ["informe.pdf"]

    browsing.at("7-email")
    mails = [m for m in outbox() if m["To"] == EMAIL and "SCA-2026-INN-0001" in m["Subject"]]
    assert len(mails) == 1, [m["Subject"] for m in outbox()]
    attachments = list(mails[0].iter_attachments())
    assert [a.get_filename() for a in attachments] == ["SCA-2026-INN-0001.pdf"]
    assert attachments[0].get_content_type() == "application/pdf"
    assert "SCA-2026-INN-0001" in _pdf_text(attachments[0].get_content())


def _pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF"), data[:20]
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


def test_a_validation_failure_keeps_everything_typed_and_focuses_the_first_problem(browsing, draft):
    phone = browsing.phone()
    log_in(phone, draft.user.email, PASSWORD)

    browsing.at("type-a-title-and-submit")
    phone.goto(f"/nominations/{draft.nomination_id}/edit")
    phone.locator("#title").fill(TITLE)
    phone.locator('button[name="action"][value="submit"]').click()

    browsing.at("errors-shown")
    expect(phone.locator("#form-errors")).to_be_visible()
    expect(phone.locator("#form-errors li").first).to_contain_text(es("Write a summary."))
    expect(phone.locator("#title")).to_have_value(TITLE)
    expect(phone.locator("#summary")).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(phone.locator("#summary")).to_be_focused()  # the page's script, once it has run
    assert phone.evaluate("() => document.querySelector('.is-invalid') === document.activeElement")
    assert stored(draft.nomination_id).status == "draft"


def test_text_typed_while_the_session_expired_is_offered_back(browsing, draft):
    phone = browsing.phone()
    log_in(phone, draft.user.email, PASSWORD)
    phone.goto(f"/nominations/{draft.nomination_id}/edit")
    expect(phone.locator("#restore-banner")).to_be_hidden()

    browsing.at("session-expires-while-typing")
    phone.locator("#summary").fill(SUMMARY)
    phone.context.clear_cookies()
    phone.keyboard.press("Tab")  # the autosave is refused: nobody is signed in any more
    expect(phone.locator("#autosave-status")).to_have_text(es(
        "Your session expired. Your text is kept in this browser: log in again in another tab and "
        "it will be saved."))
    assert stored(draft.nomination_id).summary == ""

    browsing.at("log-in-again")
    log_in(phone, draft.user.email, PASSWORD)
    phone.goto(f"/nominations/{draft.nomination_id}/edit")
    expect(phone.locator("#restore-banner")).to_be_visible()
    expect(phone.locator("#summary")).to_have_value("")
    phone.locator("#restore-button").click()
    expect(phone.locator("#restore-banner")).to_be_hidden()
    expect(phone.locator("#summary")).to_have_value(SUMMARY)
    wait_for_draft_saved(phone)
    assert stored(draft.nomination_id).summary == SUMMARY


def test_the_autosave_still_refuses_a_signed_in_post_without_the_csrf_token(browsing, draft):
    """The autosave checks CSRF itself (after telling an expired session apart): still checked."""
    phone = browsing.phone()
    log_in(phone, draft.user.email, PASSWORD)
    url = f"/nominations/{draft.nomination_id}/autosave"
    refused = phone.request.post(url, form={"title": TITLE}, headers={"Accept": "application/json"})
    assert refused.status == 400
    assert stored(draft.nomination_id).title == ""

    phone.goto(f"/nominations/{draft.nomination_id}/edit")
    token = phone.locator('#nomination-form input[name="csrf_token"]').input_value()
    accepted = phone.request.post(url, form={"title": TITLE, "csrf_token": token},
                                  headers={"Accept": "application/json"})
    assert accepted.status == 200 and accepted.json()["ok"] is True
    assert stored(draft.nomination_id).title == TITLE
