"""The organiser imports a quarter of survey microdata from the browser and the ranking appears.

Issue 5, "Tests that must exist": the web import preview → confirm journey in a browser. The
organiser uploads the synthetic INEI-shaped file (Latin-1, `;`, decimal comma), sees how it is
read and the role of each column, confirms, and the public ranking of 2026-T3 shows its rows.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from app.municipalities.services import seed_districts
from tests.conftest import PASSWORD
from tests.e2e.support import es, log_in

MICRODATA = Path(__file__).resolve().parents[2] / "app" / "data" / "perception_microdata_synthetic_2026T3.csv"
SOURCE = "Encuesta sintética de percepción"


@pytest.fixture
def districts(app):
    seed_districts()


def test_an_organiser_previews_and_imports_microdata_and_the_ranking_shows_it(
        browsing, districts, organiser):
    page = browsing.desktop()

    browsing.at("1-upload")
    log_in(page, organiser.email, PASSWORD)
    page.goto("/organiser/perception")
    expect(page.locator("#no-imports")).to_be_visible()
    page.get_by_role("link", name=es("Import a file")).click()
    page.locator("#file").set_input_files(MICRODATA)
    page.locator("#period").fill("T3 2026")
    page.locator("#source_name").fill(SOURCE)
    page.locator("#synthetic").check()
    page.get_by_role("button", name=es("Upload and preview")).click()

    browsing.at("2-preview")
    expect(page.locator("h1")).to_have_text(es("Check the import"))
    expect(page.locator("#encoding")).to_have_value("cp1252")
    expect(page.locator("#separator")).to_have_value("semicolon")
    expect(page.locator("#decimal")).to_have_value("comma")
    expect(page.locator("#shape")).to_have_text(es("Microdata (one row per respondent)"))
    expect(page.locator("#quarter")).to_have_text("2026-T3")
    roles = page.locator("#roles")
    expect(roles.locator('tr[data-column="FACTOR"] select')).to_have_value("weight")
    expect(roles.locator('tr[data-column="P611"] select')).to_have_value("answer")
    expect(roles.locator('tr[data-column="CCDD"] select')).to_have_value("ccdd")
    expect(page.locator("#preview-rows tbody tr")).to_have_count(10)
    expect(page.locator("#problem-count")).to_have_text(es("No problems found: the file can be imported."))
    expect(page.locator("#source_name")).to_have_value(SOURCE)

    browsing.at("3-confirm")
    page.get_by_role("button", name=es("Import"), exact=True).click()
    expect(page.locator("#main .alert-success")).to_contain_text("2026-T3")
    row = page.locator("#imports tbody tr").first
    expect(row).to_contain_text(SOURCE)
    expect(row).to_contain_text(es("synthetic"))
    expect(row).to_contain_text(es("active"))

    browsing.at("4-public-ranking")
    public = browsing.desktop()
    public.goto("/ranking/2026-T3")
    expect(public.locator("h1")).to_contain_text("2026-T3")
    expect(public.locator("main .alert-warning")).to_contain_text(es("Synthetic data."))
    expect(public.locator("main table tbody tr").first).to_be_visible()
    assert public.locator("main table tbody tr").count() > 10
    expect(public.locator("main table")).to_contain_text("Miraflores")
