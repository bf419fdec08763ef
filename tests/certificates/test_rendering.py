"""The certificate PDF: what it says, its QR code, its fonts, the sandbox and the URL fetcher."""
from __future__ import annotations

import io
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from jinja2.exceptions import SecurityError
from PIL import Image
from pypdf import PdfReader

from app.certificates import documents, rendering, services
from app.certificates.models import Certificate
from app.extensions import db
from tests.certificates.conftest import INN_EN, INN_ES, pdf_text, qr_payloads


def _planned(world, **match) -> Certificate:
    planned = services.plan_certificates(world.edition)
    db.session.commit()
    return next(c for c in planned if all(getattr(c, k) == v for k, v in match.items()))


def _png(width=120, height=60) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (31, 60, 110)).save(buffer, "PNG")
    return buffer.getvalue()


def test_pdf_names_the_recipient_with_accents_the_category_the_place_and_the_code(world):
    gold = _planned(world, award_id=world.awards[0].id)
    text = pdf_text(services.render_one(gold))
    for expected in ("Municipalidad de Jesús María", "Jesús Gálvez Núñez", INN_ES, "Premio Oro",
                     "CERTIFICADO DE PREMIACIÓN", gold.short_code):
        assert expected in text


def test_a_certificate_in_english_is_worded_in_english(world):
    mention = _planned(world, kind="mention")
    text = pdf_text(services.render_one(mention))
    assert "Municipality of Miraflores" in text
    assert f"For receiving an honourable mention in the category “{INN_EN}”" in text.replace("\n", " ")


def test_the_qr_code_decodes_to_the_check_page_of_the_certificate(world, tmp_path):
    gold = _planned(world, award_id=world.awards[0].id)
    assert qr_payloads(services.render_one(gold), tmp_path) == [
        f"http://awards.test/verify/{gold.code}"]


def test_the_check_page_is_printed_next_to_the_short_code(world):
    jury = _planned(world, kind="jury")
    text = pdf_text(services.render_one(jury)).replace("\n", "")
    assert "awards.test/verify" in text and jury.short_code in text


def test_city_date_and_signatories_follow_the_certificates_language(world, signed_settings):
    planned = services.plan_certificates(world.edition)
    db.session.commit()
    spanish = pdf_text(services.render_one(next(c for c in planned if c.kind == "jury")))
    english = pdf_text(services.render_one(next(c for c in planned if c.kind == "mention")))
    assert "Lima, 4 de diciembre de 2026" in spanish
    assert "Lucía Ángeles" in spanish and "Presidenta del jurado" in spanish
    assert "Lima, December 4, 2026" in english and "Chair of the jury" in english


def test_only_the_declared_faces_are_used_and_all_are_embedded(world):
    pdf = services.render_one(_planned(world, award_id=world.awards[0].id))
    fonts = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"] \
                if "/DescendantFonts" in font else font["/FontDescriptor"]
            fonts[str(font["/BaseFont"]).split("+")[-1]] = "/FontFile2" in descriptor.get_object()
    assert fonts == {"CertSerif-Bold": True, "CertSerif": True, "CertSans": True,
                     "CertSans-Bold": True, "CertMono": True}


def test_the_organisers_wording_fills_its_placeholders_and_escapes_markup(world):
    world.edition.status = "closed"
    services.save_settings(world.edition, services.SettingsInput(
        wording={"jury": {"es": "<b>Gracias</b>, {{ recipient }}, por {{ edition }}."}},
        signatories=[], city="Cusco", issue_date=None))
    text = pdf_text(services.render_one(_planned(world, kind="jury")))
    assert "<b>Gracias</b>, Julio Íñiguez Ñahui, por IV Premios Safe City 2026." in text


def test_an_uploaded_logo_is_drawn_through_the_fetcher(world):
    settings = services.save_settings(world.edition, services.SettingsInput(
        wording={}, signatories=[], city="Lima", issue_date=None), logo=_png())
    assert settings.logo_content_type == "image/png"
    gold = _planned(world, award_id=world.awards[0].id)
    parts = documents.edition_parts(world.edition, settings)
    context = services.contexts([gold], parts)[0]
    fetcher = rendering.fetcher({"logo": (context["logo_path"], context["logo_type"])})
    pdf = rendering.render_html_pdf(rendering.certificate_html(context), context, fetcher)
    assert "asset:logo" in fetcher.served
    images = [name for page in PdfReader(io.BytesIO(pdf)).pages
              for name, obj in page["/Resources"].get("/XObject", {}).items()
              if obj.get_object().get("/Subtype") == "/Image"]
    assert images


@pytest.mark.parametrize("data", [b"<svg xmlns='http://www.w3.org/2000/svg'/>", b"%PDF-1.7\n",
                                  b"GIF89a\x01\x00\x01\x00"])
def test_a_logo_that_is_not_png_or_jpeg_is_refused(app, english, data):
    with pytest.raises(services.CertificateError, match="PNG or JPEG"):
        services.check_logo(data)


# -- the sandbox ------------------------------------------------------------------------------

@pytest.mark.parametrize("source", ["{{ ''.__class__.__mro__ }}", "{{ recipient.__class__ }}",
                                    "{{ recipient|attr('__class__') }}", "{{ recipient.__len__() }}"])
def test_the_sandbox_refuses_attribute_escapes(source):
    with pytest.raises(SecurityError):
        rendering.render_wording(source, {"recipient": "Ana"})


def test_the_organiser_is_told_clearly_why_an_escape_is_refused(app, english):
    problem = documents.wording_problem("{{ ''.__class__.__mro__ }}")
    assert problem.startswith("The wording uses something certificates do not allow")
    assert "__class__" in problem and "{{ recipient }}" in problem


def test_the_sandbox_refuses_to_build_huge_strings(app, english):
    problem = documents.wording_problem("{{ 'x' * 1000000000 }}")
    assert "not allow" in problem and "'*'" in problem


def test_an_unknown_placeholder_is_named_to_the_organiser(app, english):
    assert "'recipent' is undefined" in documents.wording_problem("Para {{ recipent }}")


def test_a_syntax_error_gives_its_line(app, english):
    assert documents.wording_problem("Uno\n{{ recipient ").startswith(
        "The wording could not be read (line 2)")


# -- the URL fetcher ------------------------------------------------------------------------------

class _Counting(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        _Counting.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(_png(4, 4))

    def log_message(self, *args):
        """Quiet: the test reads `hits`."""


@pytest.fixture
def local_server():
    _Counting.hits = []
    server = HTTPServer(("127.0.0.1", 0), _Counting)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_the_fetcher_refuses_local_files_and_network_urls(world, local_server):
    gold = _planned(world, award_id=world.awards[0].id)
    context = services.contexts([gold], documents.edition_parts(
        world.edition, services.queries.settings_for(world.edition)))[0]
    hostile = [f"{local_server}/x.png", "file:///etc/passwd", "http://example.org/x.png",
               f"{local_server}/style.css"]
    html = rendering.certificate_html(context).replace("</body>", (
        f'<img src="{hostile[0]}"><img src="{hostile[1]}"><img src="{hostile[2]}">'
        f'<link rel="stylesheet" href="{hostile[3]}"></body>'))
    fetcher = rendering.fetcher()
    pdf = rendering.render_html_pdf(html, context, fetcher)
    assert pdf.startswith(b"%PDF") and "Jesús María" in pdf_text(pdf)
    assert set(fetcher.refused) == set(hostile)
    assert _Counting.hits == []
    assert "asset:emblem.svg" in fetcher.served
    assert all(url.startswith(("asset:", "file:///usr/share/fonts/")) for url in fetcher.served)


def test_the_fetcher_refuses_a_font_path_that_walks_out_of_the_fonts_folder():
    fetcher = rendering.fetcher()
    with pytest.raises(ValueError, match="refused"):
        fetcher.fetch("file:///usr/share/fonts/truetype/dejavu/../../../../etc/passwd")
    with pytest.raises(ValueError, match="refused"):
        fetcher.fetch("asset:../../etc/passwd")
