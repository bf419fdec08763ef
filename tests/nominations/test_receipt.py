"""The PDF receipt of a nomination: what was submitted, with checksums, in the submitter's language."""
from __future__ import annotations

import hashlib
import io
import logging
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from pypdf import PdfReader

from app import pdf
from app.extensions import db
from app.nominations.models import Attachment, Nomination, NominationVersion
from app.nominations.receipt import (format_budget, format_cell, human_size, receipt_html,
                                     receipt_pdf)

SPANISH_PO = Path(__file__).resolve().parents[2] / "translations" / "es" / "LC_MESSAGES" / "messages.po"
REFERENCE = "SCA-2026-INN-0001"
SHA_REPORT = hashlib.sha256(b"informe final").hexdigest()
SHA_PHOTOS = hashlib.sha256(b"fotos").hexdigest()


def _spanish(msgid: str) -> str | None:
    with SPANISH_PO.open("rb") as fh:
        message = read_po(fh).get(msgid)
    return message.string if message is not None and message.string else None


@pytest.fixture(autouse=True, scope="module")
def fonts_installed():
    missing = [str(p) for p in pdf.font_files() if not p.is_file()]
    if missing:
        pytest.fail("PDF fonts missing (apt-get install fonts-dejavu-core): " + ", ".join(missing),
                    pytrace=False)


@pytest.fixture
def nomination(make_user, make_edition, make_category, make_municipality):
    edition = make_edition(year=2026, status="nominations_open")
    category = make_category(edition, code="INN")
    submitter = make_user("nominator", email="ana@example.org", name="Ana Pérez")
    nomination = Nomination(
        reference=REFERENCE, category=category, submitter_id=submitter.id, status="submitted",
        nominee_type="municipality", municipality=make_municipality("Miraflores"),
        title="Serenazgo conectado", summary="Cámaras y patrullaje coordinado.",
        problem="Robos en la vía pública.", intervention="Central única de monitoreo.",
        results=[
            {"indicator": "Robos por 1000 habitantes", "baseline": 12.5, "result": 8,
             "unit": "tasa", "source": "PNP", "period": "2025"},
            {"indicator": "Tiempo de respuesta", "baseline": "15", "result": "6",
             "unit": "minutos", "source": "Serenazgo", "period": "2025-T4"},
        ],
        period_start="2024-03", period_end="2025-06", budget_amount=Decimal("1234567.50"),
        budget_currency="PEN", partners="PNP, juntas vecinales",
        evidence_links=["https://example.org/informe"],
        submitted_at=datetime(2026, 3, 12, 15, 4, tzinfo=timezone.utc))
    nomination.attachments = [
        Attachment(filename="informe.pdf", content_type="application/pdf", size=1258291,
                   sha256=SHA_REPORT),
        Attachment(filename="fotos.png", content_type="image/png", size=5000, sha256=SHA_PHOTOS),
    ]
    db.session.add(nomination)
    db.session.commit()
    return nomination


def _text(pdf_bytes: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf_bytes))
    return "\n".join(page.extract_text() for page in reader.pages)


def _compact(text: str) -> str:
    return "".join(text.split())


def test_spanish_receipt_shows_the_submission_and_full_checksums(nomination, caplog):
    caplog.set_level(logging.WARNING, logger="weasyprint")
    document = receipt_pdf(nomination, "es")

    assert document.startswith(b"%PDF-")
    text = _text(document)
    assert REFERENCE in text
    assert "Serenazgo conectado" in text
    assert "Robos por 1000 habitantes" in text
    assert "Premios Safe City 2026" in text
    assert "Ana Pérez" in text and "ana@example.org" in text
    assert "Miraflores" in text and "Perú" in text
    assert "10:04" in text and "hora de Perú" in text       # 15:04 UTC in the edition's zone
    assert "1,2 MB" in text and "12,5" in text               # Spanish number notation
    assert "1.234.567,50 PEN" in text
    assert "2024-03 – 2025-06" in text
    assert "https://example.org/informe" in text
    assert SHA_REPORT in _compact(text) and SHA_PHOTOS in _compact(text)
    assert (_spanish("Nomination receipt") or "Nomination receipt") in text
    # WeasyPrint warns when it falls back to fontTools (libharfbuzz-subset0 missing), cannot
    # load a font face, or meets unsupported CSS: none of that may happen.
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []


def test_english_receipt_in_english_with_the_version_number(nomination):
    for number in (1, 2):
        db.session.add(NominationVersion(nomination=nomination, number=number,
                                         author_id=nomination.submitter_id, content={}))
    db.session.commit()

    text = _text(receipt_pdf(nomination, "en"))

    assert "Nomination receipt" in text
    assert "Category INN" in text                            # the category's English name
    assert "1.2 MB" in text and "Peru" in text
    assert "it is not an evaluation" in text
    assert "Version 2 of the nomination." in text
    spanish = _spanish("Nomination receipt")
    if spanish:
        assert spanish not in text


def test_user_text_is_escaped_and_long_text_wraps(nomination):
    nomination.title = 'Plan <script>alert("x")</script> & <b>más</b>'
    nomination.summary = "x" * 600                           # no break opportunity at all
    nomination.evidence_links = []
    db.session.commit()

    html = receipt_html(nomination, "es")
    assert "<script>" not in html and "<b>más</b>" not in html
    assert "&lt;script&gt;" in html

    reader = PdfReader(io.BytesIO(receipt_pdf(nomination, "es")))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert 'Plan <script>alert("x")</script> & <b>más</b>' in text
    assert "x" * 600 in _compact(text)
    longest = max(len(line) for line in text.splitlines())
    assert longest < 150                                     # wrapped, not run off the page
    assert all(page.mediabox.width < page.mediabox.height for page in reader.pages)  # portrait


def test_pdf_embeds_only_the_declared_dejavu_fonts(nomination):
    from fontTools.ttLib import TTFont

    nomination.evidence_links = []                           # "None given." is italic
    db.session.commit()
    reader = PdfReader(io.BytesIO(receipt_pdf(nomination, "es")))

    embedded = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            base_name = str(font["/BaseFont"]).split("+", 1)[-1]
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            program = TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data()))
            embedded.add((base_name, program["name"].getDebugName(6)))
    assert embedded, "no fonts embedded"
    assert all(base.startswith("Body") for base, _ in embedded), embedded
    assert all(postscript.startswith("DejaVuSans") for _, postscript in embedded), embedded
    assert {"DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique", "DejaVuSansMono"} <= {
        postscript for _, postscript in embedded}


def test_font_face_css_declares_every_face_from_local_files():
    css = str(pdf.FONT_FACE_CSS)
    assert css.count("@font-face") == len(pdf.FONT_FACES)
    for family, weight, style, filename in pdf.FONT_FACES:
        assert (pdf.FONTS_DIR / filename).as_uri() in css
    assert "http" not in css


def test_fetcher_reads_only_the_font_files():
    fetcher = pdf.url_fetcher()
    font = pdf.font_files()[0]
    response = fetcher.fetch(font.as_uri())
    try:
        assert response.read(4) in (b"\x00\x01\x00\x00", b"true")
    finally:
        response.close()
    for url in ("http://127.0.0.1:9/logo.png", "https://example.org/font.ttf",
                "data:text/plain,hello", "file:///etc/passwd",
                font.parent.as_uri() + "/../../../../../etc/passwd",
                "file://otherhost" + font.as_posix()):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_render_pdf_does_not_fetch_what_the_html_points_to(monkeypatch):
    fetcher_class = pdf._fetcher_class()
    asked, fetched = [], []
    real_fetch, parent_fetch = fetcher_class.fetch, fetcher_class.__mro__[1].fetch
    monkeypatch.setattr(fetcher_class, "fetch",
                        lambda self, url, headers=None: asked.append(url) or real_fetch(self, url, headers))
    monkeypatch.setattr(fetcher_class.__mro__[1], "fetch",
                        lambda self, url, headers=None: fetched.append(url) or parent_fetch(self, url, headers))
    html = ('<p>x</p><img src="file:///etc/passwd">'
            '<link rel="stylesheet" href="http://127.0.0.1:9/style.css">')
    assert pdf.render_pdf(html).startswith(b"%PDF-")
    assert "file:///etc/passwd" in asked and "http://127.0.0.1:9/style.css" in asked
    assert not any("passwd" in url or "127.0.0.1" in url for url in fetched)


def test_missing_fonts_fail_with_a_clear_message(monkeypatch, tmp_path):
    monkeypatch.setattr(pdf, "FONTS_DIR", tmp_path)
    with pytest.raises(pdf.FontsMissing, match="fonts-dejavu-core"):
        pdf.render_pdf("<p>x</p>")


def test_helpers_format_per_locale():
    assert human_size(999, "es") == "999 B"
    assert human_size(5000, "es") == "4,9 KB"
    assert human_size(1258291, "es") == "1,2 MB"
    assert human_size(1258291, "en") == "1.2 MB"
    assert human_size(10 * 1024 * 1024, "en") == "10 MB"
    assert format_budget(Decimal("1234567.5"), "usd", "en") == "1,234,567.50 USD"
    assert format_budget(None, "PEN", "es") == ""
    assert format_cell(12.5, "es") == "12,5"
    assert format_cell("12.5", "es") == "12.5"               # typed text stays as typed
    assert format_cell(None, "es") == ""
    assert format_cell(0, "es") == "0"
