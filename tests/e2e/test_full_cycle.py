"""The whole award cycle of an edition through the real UI, on a fresh database, in Spanish.

Set up by factories (not part of the journey): the 2026 edition in draft with its dates, INN (jury,
municipalities), ESP (jury, people and institutions), PER (perception ranking of 2026-T3), the
districts of Lima and Callao, and the organiser's account. Everything else is done in the browser:

1. the organiser opens nominations;
2. a municipal official registers, confirms the address from the mail, asks to represent San
   Miguel, is confirmed by the organiser and submits an INN nomination with a PDF, on a phone;
3. a citizen registers and nominates an institution in ESP;
4. the organiser closes nominations, screens both eligible, opens judging and invites a juror;
5. the juror accepts on a phone, fills the profile, is assigned both nominations, declares no
   conflicts, scores (autosaved) and submits;
6. the organiser imports the 2026-T3 survey microdata;
7. the organiser deliberates INN, ESP and PER, closes the edition, publishes the results and
   generates the certificates;
8. the representative downloads San Miguel's certificate, and anyone can check it.

axe-core audits the main page of every step; serious or critical findings fail the test at the end.
"""
from __future__ import annotations

import io
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from app.municipalities.services import seed_districts
from tests.conftest import PASSWORD
from tests.e2e.support import (DESKTOP, PHONE, AxeAudit, Browsing, es, expect_signed_in_as,
                               log_in, mailed_path, open_menu)
from tests.nominations.factories import PDF_BYTES

YEAR = 2026
EDITION = f"/organiser/editions/{YEAR}"
MICRODATA = (Path(__file__).resolve().parents[2] / "app" / "data"
             / "perception_microdata_synthetic_2026T3.csv")

REP_NAME = "Rosa Quispe Huamán"
REP_EMAIL = "rosa.quispe@munisanmiguel.gob.pe"
REP_PASSWORD = "un faro en la niebla de Lima"
INN_TITLE = "Centro Integrado de Seguridad de San Miguel"
INN_REFERENCE = f"SCA-{YEAR}-INN-0001"

CITIZEN_NAME = "Carlos Mendoza Ríos"
CITIZEN_EMAIL = "carlos.mendoza@example.org"
CITIZEN_PASSWORD = "la garúa de invierno en Lima"
INSTITUTION = "Observatorio de Seguridad Ciudadana de Lima"
ESP_TITLE = "Datos abiertos del delito por cuadra"
ESP_REFERENCE = f"SCA-{YEAR}-ESP-0001"

JUROR_NAME = "Lucía Ramos Quispe"
JUROR_EMAIL = "lucia.ramos@example.org"


@pytest.fixture
def cycle(app, make_edition, make_category, organiser):
    """The 2026 edition in draft with INN, ESP (institutions and people) and PER (ranking of
    2026-T3), one place each for the jury categories, and the districts of Lima and Callao."""
    # Render the few certificates in the server's process rather than spawning a pool of
    # fresh interpreters (CERTIFICATE_PROCESSES is the setting for it); same rendering code.
    app.config["CERTIFICATE_PROCESSES"] = 1
    seed_districts()
    edition = make_edition(YEAR, status="draft")
    one_place = {"places_gold": 1, "places_silver": 0, "places_bronze": 0, "min_reviews": 1}
    inn = make_category(edition, "INN", **one_place)
    esp = make_category(edition, "ESP", admits_municipality=False, admits_person=True,
                        admits_institution=True, **one_place)
    per = make_category(edition, "PER", kind="ranking", criteria=0, min_reviews=0,
                        ranking_period="2026-T3")
    return SimpleNamespace(
        organiser=organiser,
        criteria={"INN": [c.id for c in inn.criteria], "ESP": [c.id for c in esp.criteria]},
        names={code: category.name_es for code, category in
               (("INN", inn), ("ESP", esp), ("PER", per))})


# -- page actions --------------------------------------------------------------------------------

def open_as(browsing: Browsing, who: str, device: dict) -> Page:
    """A page in a context of its own, named after the person (failure screenshots are named
    <test>-<step>-<person>-1.png, so no two contexts overwrite each other's)."""
    return browsing.context(who, **device).new_page()


def accept_dialogs(page: Page) -> Page:
    """Forms marked data-confirm ask with window.confirm; the organiser says yes."""
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def apply_transition(page: Page, name: str, status_msgid: str) -> None:
    """On the edition page, press the transition's button; the status moves on."""
    page.goto(EDITION)
    page.locator(f'form[action="{EDITION}/transitions/{name}"] button').click()
    expect(page.locator('#main [aria-current="step"]')).to_have_text(es(status_msgid))
    expect(page.locator("#main > .alert-success")).to_have_text(es("Status changed."))


def register(page: Page, name: str, email: str, password: str) -> None:
    page.goto("/register")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.locator("#name").fill(name)
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("#password_again").fill(password)
    page.get_by_role("button", name=es("Create account")).click()
    expect(page.locator("#main > .alert-success")).to_have_text(
        es("Welcome! We sent you an email to confirm your address."))
    expect_signed_in_as(page, name)


def start_nomination(page: Page, category: str, nominee_type: str,
                     municipality: str | None = None) -> int:
    """From "My nominations", start a draft; the id of the nomination being edited."""
    open_menu(page)
    page.locator('#nav a[href="/my/nominations"]').click()
    page.wait_for_url(re.compile(r"/my/nominations$"))
    page.get_by_role("link", name=es("New nomination")).click()
    page.locator("#category").select_option(category)
    page.locator(f'input[name="nominee_type"][value="{nominee_type}"]').check()
    if municipality is not None:
        page.locator("#municipality").select_option(label=municipality)
    page.get_by_role("button", name=es("Start"), exact=True).click()
    edit_url = re.compile(r"/nominations/(\d+)/edit$")
    page.wait_for_url(edit_url)
    return int(edit_url.search(page.url).group(1))


def fill_programme(page: Page, values: dict[str, str]) -> None:
    """Type the nomination's fields (ids as in the form); the currency is a select."""
    for field_id, value in values.items():
        if field_id == "budget_currency":
            page.locator("#budget_currency").select_option(value)
        else:
            page.locator(f"#{field_id}").fill(value)


def submit_nomination(page: Page, nomination_id: int, reference: str) -> None:
    page.get_by_role("button", name=es("Submit nomination")).click()
    page.wait_for_url(re.compile(rf"/nominations/{nomination_id}(#.*)?$"))
    expect(page.locator("#main > .alert-success")).to_contain_text(reference)


def add_juror(page: Page, category: str, reference: str) -> None:
    """On the category's jury page, add the juror to the nomination's reviewers."""
    page.goto(f"{EDITION}/categories/{category}/jury")
    row = page.locator(f'tr[data-nomination="{reference}"]')
    row.locator('select[name="juror_ids"]').select_option(label=JUROR_NAME)
    row.get_by_role("button", name=es("Add"), exact=True).click()
    expect(page.locator(f'tr[data-nomination="{reference}"] li[data-juror="{JUROR_EMAIL}"]')
           ).to_contain_text(JUROR_NAME)


def declare_and_score(phone: Page, category: str, title: str, criteria: list[int],
                      scores: list[int], comment: str, audit: AxeAudit) -> None:
    """From the juror's dashboard: declare no conflict in the category, then score its
    nomination, wait for the autosave, comment and submit."""
    phone.goto("/jury")
    block = phone.locator("section.card", has=phone.locator("h2", has_text=f"{category} ·"))
    block.get_by_role("link", name=es("Declare conflicts of interest")).click()
    card = phone.locator("article", has_text=title)
    card.locator("label", has_text=es("No conflict")).click()
    expect(card.locator("input[value=none]")).to_be_checked()
    phone.locator("#confirm").check()
    phone.get_by_role("button", name=es("Send my declaration")).click()
    phone.wait_for_url(re.compile(r"/jury$"))
    expect(phone.locator("#main > .alert-success")).to_have_text(
        es("Thank you: your declaration was recorded."))

    block.get_by_role("link", name=title).click()
    review_url = re.compile(r"/jury/assignments/(\d+)$")
    phone.wait_for_url(review_url)
    assignment_id = int(review_url.search(phone.url).group(1))
    expect(phone.locator("h1")).to_contain_text(title)
    audit.check(phone)
    for criterion_id, score in zip(criteria, scores):
        phone.locator(f'label[for="score_{criterion_id}-{score}"]').click()
    expect(phone.locator("#autosave-status")).to_contain_text(es("Draft saved at"))
    phone.wait_for_function(
        f"() => localStorage.getItem('review-{assignment_id}') === null")
    phone.locator("#overall_comment").fill(comment)
    phone.locator("#submit-button").click()
    phone.wait_for_url(re.compile(r"/jury$"))
    row = phone.locator(f'li[data-assignment="{assignment_id}"]')
    expect(row.locator(".badge")).to_have_text(es("Submitted"))


def confirm_places(page: Page, category: str, places: int, first: str | None = None,
                   reason: str | None = None) -> None:
    """Confirm the `places` provisional places of a category as the order filled them (the
    first going to `first`); `reason` goes on every place (statistical ties in a ranking need
    one). The form has one more row, optional, to share the last place."""
    page.goto(f"{EDITION}/categories/{category}/deliberation")
    rows = page.locator("#provisional-places tbody tr")
    expect(rows).to_have_count(places + 1)
    if first is not None:
        expect(rows.first).to_contain_text(first)
    if reason is not None:
        for index in range(places):
            page.locator(f"#places-{index}-reason").fill(reason)
    page.get_by_role("button", name=es("Confirm the places")).click()
    expect(page.locator("#main > .alert-success")).to_have_text(es("Places confirmed."))
    confirmed = page.locator("#confirmed-places tbody tr")
    expect(confirmed).to_have_count(places)
    if first is not None:
        expect(confirmed.first).to_contain_text(first)


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF"), data[:20]
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


# -- the journey ---------------------------------------------------------------------------------

def test_an_edition_goes_from_draft_to_published_certificates_through_the_ui(
        browsing, cycle, outbox, tmp_path):
    audit = AxeAudit()
    # What the certificates call the winning nominee: San Miguel, as "Municipalidad de …".
    winner = es("Municipality of %(name)s") % {"name": "San Miguel"}

    browsing.at("1-open-nominations")
    desktop = accept_dialogs(open_as(browsing, "organiser", DESKTOP))
    log_in(desktop, cycle.organiser.email, PASSWORD)
    desktop.goto(EDITION)
    expect(desktop.locator('#main [aria-current="step"]')).to_have_text(es("Draft"))
    audit.check(desktop)
    apply_transition(desktop, "open_nominations", "Nominations open")
    public = open_as(browsing, "public", DESKTOP)
    public.goto(f"/editions/{YEAR}")
    expect(public.locator("#main")).to_contain_text(cycle.names["INN"])
    audit.check(public)

    browsing.at("2-representative-registers")
    phone = open_as(browsing, "representative", PHONE)
    register(phone, REP_NAME, REP_EMAIL, REP_PASSWORD)
    phone.goto(mailed_path(outbox(), REP_EMAIL, "/confirm/"))
    expect(phone.locator("#main > .alert-success")).to_have_text(
        es("Thank you: your email address is confirmed."))

    browsing.at("2-representation")
    phone.goto("/my/municipality")
    phone.locator("#municipality").select_option(label="San Miguel (PE)")
    phone.locator("#position").fill("Gerente de Seguridad Ciudadana")
    phone.locator("#office_phone").fill("01 263 2222")
    phone.get_by_role("button", name=es("Send request")).click()
    request_item = phone.locator("#main .list-group-item", has_text="San Miguel")
    expect(request_item).to_contain_text(es("waiting for confirmation"))
    audit.check(phone)
    desktop.goto("/organiser/representations")
    card = desktop.locator("article.card", has_text=REP_EMAIL)
    card.get_by_role("button", name=es("Confirm"), exact=True).click()
    expect(desktop.locator("article.card", has_text=REP_EMAIL).locator(".badge")).to_have_text(
        es("confirmed"))
    audit.check(desktop)
    phone.reload()
    expect(request_item).to_contain_text(es("confirmed"))

    browsing.at("2-municipal-nomination")
    inn_id = start_nomination(phone, "INN", "municipality", municipality="San Miguel")
    fill_programme(phone, {
        "title": INN_TITLE,
        "summary": "Una central única integra cámaras, serenazgo y policía en San Miguel.",
        "problem": "Respuestas lentas a las emergencias en parques y paraderos.",
        "intervention": "Central de videovigilancia y despacho conectada con la comisaría.",
        "results-0-indicator": "Tiempo de respuesta", "results-0-baseline": "18",
        "results-0-result": "7", "results-0-unit": "minutos",
        "results-0-source": "Central municipal", "results-0-period": "2024–2025",
        "period_start": "2024-01", "period_end": "2025-12",
        "budget_amount": "1250000", "budget_currency": "PEN",
        "partners": "Policía Nacional del Perú",
    })
    report = tmp_path / "informe.pdf"
    report.write_bytes(PDF_BYTES)
    phone.locator("#file").set_input_files(report)
    phone.locator("#upload-form button").click()  # autosaves the form first, then uploads
    expect(phone.locator("#attachments .list-group-item a", has_text="informe.pdf")).to_be_visible()
    expect(phone.locator("#title")).to_have_value(INN_TITLE)
    audit.check(phone)
    submit_nomination(phone, inn_id, INN_REFERENCE)
    expect(phone.locator("h1")).to_contain_text(INN_TITLE)
    audit.check(phone)

    browsing.at("3-citizen-nominates-an-institution")
    citizen = open_as(browsing, "citizen", DESKTOP)
    register(citizen, CITIZEN_NAME, CITIZEN_EMAIL, CITIZEN_PASSWORD)
    esp_id = start_nomination(citizen, "ESP", "institution")
    fill_programme(citizen, {
        "nominee_name": INSTITUTION, "nominee_country": "PE",
        "nominee_role": "Observatorio universitario",
        "nominee_contact": "observatorio@example.org",
        "contribution": "Publica cada mes el mapa del delito por cuadra, con datos abiertos.",
        "title": ESP_TITLE,
        "summary": "Mapas abiertos que orientan el patrullaje de seis distritos.",
        "problem": "Patrullaje sin datos sobre dónde ocurren los delitos.",
        "intervention": "Datos abiertos, talleres con juntas vecinales y serenazgo.",
        "results-0-indicator": "Distritos que usan los mapas", "results-0-baseline": "0",
        "results-0-result": "6", "results-0-unit": "distritos",
        "results-0-source": "Observatorio", "results-0-period": "2023–2025",
        "period_start": "2023-03", "period_end": "2025-09",
        "budget_amount": "80000", "budget_currency": "PEN",
    })
    audit.check(citizen)
    submit_nomination(citizen, esp_id, ESP_REFERENCE)
    expect(citizen.locator("#main")).to_contain_text(INSTITUTION)
    audit.check(citizen)

    browsing.at("4-screening")
    apply_transition(desktop, "close_nominations", "Screening")
    desktop.goto("/organiser/nominations")
    for reference in (INN_REFERENCE, ESP_REFERENCE):
        desktop.get_by_role("checkbox", name=es("Select %(ref)s") % {"ref": reference}).check()
    desktop.locator("#bulk-eligible").check()
    desktop.get_by_role("button", name=es("Apply to the ticked nominations")).click()
    for reference in (INN_REFERENCE, ESP_REFERENCE):
        expect(desktop.locator("#nominations tr", has_text=reference).locator(".badge")
               ).to_have_text(es("Eligible"))
    audit.check(desktop)
    apply_transition(desktop, "open_judging", "Judging")

    browsing.at("4-invite-a-juror")
    desktop.goto("/people")
    desktop.locator("#name").fill("Lucía Ramos")
    desktop.locator("#email").fill(JUROR_EMAIL)
    desktop.locator("#role").select_option("juror")
    desktop.get_by_role("button", name=es("Send invitation")).click()
    expect(desktop.locator("#main > .alert-success")).to_have_text(
        es("Invitation sent to %(email)s.") % {"email": JUROR_EMAIL})
    expect(desktop.locator("#main li", has_text=JUROR_EMAIL)).to_be_visible()
    audit.check(desktop)

    browsing.at("5-juror-accepts")
    juror = open_as(browsing, "juror", PHONE)
    response = juror.goto(mailed_path(outbox(), JUROR_EMAIL, "/invitations/"))
    assert response.status == 200
    expect(juror.locator("h1")).to_have_text(es("You are invited"))
    audit.check(juror)
    juror.locator("#name").fill(JUROR_NAME)
    juror.locator("#password").fill(PASSWORD)
    juror.locator("#password_again").fill(PASSWORD)
    juror.get_by_role("button", name=es("Create account and accept")).click()
    juror.wait_for_url(re.compile(r"/jury/profile$"))
    expect(juror.locator("#main > .alert-success")).to_have_text(
        es("Welcome! Your invitation was accepted."))
    juror.locator("#organisation").fill("Pontificia Universidad Católica del Perú")
    juror.locator("#country").select_option("PE")
    juror.locator("#expertise").fill("Prevención del delito y analítica de datos")
    juror.get_by_role("button", name=es("Save my profile")).click()
    expect(juror.locator("#main > .alert-success")).to_have_text(
        es("Your juror profile was saved."))
    audit.check(juror)

    browsing.at("5-organiser-assigns")
    add_juror(desktop, "INN", INN_REFERENCE)
    audit.check(desktop)
    add_juror(desktop, "ESP", ESP_REFERENCE)

    browsing.at("5-juror-scores")
    declare_and_score(juror, "INN", INN_TITLE, cycle.criteria["INN"], [9, 8],
                      "Programa replicable, con resultados medidos por la central.", audit)
    declare_and_score(juror, "ESP", ESP_TITLE, cycle.criteria["ESP"], [8, 9],
                      "Contribución sostenida y verificable.", audit)
    audit.check(juror)

    browsing.at("6-perception-import")
    desktop.goto("/organiser/perception/import")
    desktop.locator("#file").set_input_files(MICRODATA)
    desktop.locator("#period").fill("T3 2026")
    desktop.locator("#source_name").fill("Encuesta sintética de percepción")
    desktop.locator("#synthetic").check()
    desktop.get_by_role("button", name=es("Upload and preview")).click()
    expect(desktop.locator("#quarter")).to_have_text("2026-T3")
    expect(desktop.locator("#problem-count")).to_have_text(
        es("No problems found: the file can be imported."))
    audit.check(desktop)
    desktop.get_by_role("button", name=es("Import"), exact=True).click()
    expect(desktop.locator("#main > .alert-success")).to_contain_text("2026-T3")
    expect(desktop.locator("#imports tbody tr").first).to_contain_text(es("active"))
    audit.check(desktop)

    browsing.at("7-deliberation")
    apply_transition(desktop, "open_deliberation", "Deliberation")
    confirm_places(desktop, "INN", 1, first=INN_REFERENCE)
    audit.check(desktop)
    confirm_places(desktop, "ESP", 1, first=ESP_REFERENCE)
    confirm_places(desktop, "PER", 3, reason="Orden del ranking de percepción 2026-T3.")
    audit.check(desktop)

    browsing.at("7-close-and-publish")
    desktop.goto(EDITION)
    checklist = desktop.locator("#closing-checklist")
    expect(checklist).to_contain_text(
        es("Every category is decided: its places are confirmed or it is declared void."))
    expect(checklist).to_contain_text(es("No review is left in draft."))
    audit.check(desktop)
    desktop.locator("#closing form").get_by_role("button", name=es("Close the edition")).click()
    expect(desktop.locator('#main [aria-current="step"]')).to_have_text(es("Closed"))
    expect(desktop.locator("#main > .alert-success")).to_have_text(
        es("The edition is closed and its results are sealed."))
    expect(desktop.locator("#seal-hash")).to_have_text(re.compile(r"^[0-9a-f]{64}$"))
    apply_transition(desktop, "publish", "Published")
    desktop.get_by_role("button", name=es("Verify now")).click()
    expect(desktop.locator("#verification")).to_have_class(re.compile(r"\balert-success\b"))
    public.goto(f"/editions/{YEAR}/results")
    expect(public.locator("#main")).to_contain_text(INN_TITLE)
    expect(public.locator("#main")).to_contain_text(INSTITUTION)
    audit.check(public)

    browsing.at("7-certificates")
    desktop.goto(f"{EDITION}/certificates")
    desktop.get_by_role("button", name=es("Generate certificates")).click()
    # The page refreshes itself (Refresh header) while the run is going on.
    expect(desktop.locator("#job-status")).to_have_attribute("data-status", "done",
                                                              timeout=60_000)
    expect(desktop.locator("#certificates tbody tr", has_text=winner)).to_be_visible()
    audit.check(desktop)

    browsing.at("8-winner-downloads-the-certificate")
    phone.goto("/my/nominations")
    own = phone.locator("#own-certificates li", has_text=cycle.names["INN"])
    expect(own).to_contain_text(winner)
    audit.check(phone)
    short_code = own.get_attribute("data-certificate")
    with phone.expect_download() as download_info:
        own.get_by_role("link", name=es("Download PDF")).click()
    download = download_info.value
    assert download.failure() is None
    with open(download.path(), "rb") as handle:
        text = pdf_text(handle.read())
    assert winner in text, text
    assert cycle.names["INN"] in text, text
    assert short_code in text, text

    browsing.at("8-public-check")
    anonymous = open_as(browsing, "anonymous", PHONE)
    anonymous.goto("/verify")
    anonymous.locator("#code").fill(short_code.lower())
    anonymous.locator("#main form").get_by_role("button", name=es("Check"), exact=True).click()
    expect(anonymous.locator("#verdict")).to_have_attribute("data-status", "valid")
    expect(anonymous.locator("#facts")).to_contain_text(winner)
    expect(anonymous.locator("#facts")).to_contain_text(cycle.names["INN"])
    audit.check(anonymous)

    audit.assert_clean()
