"""A certificate as HTML and PDF, from plain values only (strings, numbers, lists, dicts).

Everything here runs without Flask, so the bulk run can render in a pool of processes. The HTML
comes from `templates/certificates/pdf/` through a *sandboxed*, autoescaping Jinja environment;
the organisers' wording is itself a sandboxed template whose only names are the placeholders.
WeasyPrint fetches through `CertificateFetcher`, which serves the declared font files and the
named assets (the emblem, the organiser's logo) and refuses every other URL: no `file://`, no
network, no `data:`.
"""
from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from app import pdf
from app.pdf import render_pdf

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "templates" / "certificates" / "pdf"
TEMPLATE = "certificate.html"
EMBLEM = TEMPLATE_DIR / "emblem.svg"
WORDING_MAX_OUTPUT = 2000

# Only faces of Debian's fonts-dejavu-core, each declared: (family, weight, style, file).
FONT_FACES = (
    ("CertSerif", "normal", "normal", "DejaVuSerif.ttf"),
    ("CertSerif", "bold", "normal", "DejaVuSerif-Bold.ttf"),
    ("CertSans", "normal", "normal", "DejaVuSans.ttf"),
    ("CertSans", "bold", "normal", "DejaVuSans-Bold.ttf"),
    ("CertMono", "normal", "normal", "DejaVuSansMono.ttf"),
)


def font_files() -> list[Path]:
    return pdf.font_files(FONT_FACES)


def check_fonts() -> None:
    pdf.check_fonts(FONT_FACES)


@functools.cache
def font_face_css() -> Markup:
    return pdf.font_face_css(FONT_FACES)


# -- the URL fetcher ----------------------------------------------------------------------------

@functools.cache
def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class CertificateFetcher(URLFetcher):
        """Serves `asset:<name>` from the given files and the declared font files; refuses the
        rest before any I/O. `served` and `refused` list what was asked, for tests and logs."""

        def __init__(self, assets: dict[str, tuple[str, str]]):
            super().__init__(allowed_protocols=(), allow_redirects=False)
            self.assets = dict(assets)
            self.fonts = {path.resolve() for path in font_files()}
            self.served: list[str] = []
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            scheme = parts.scheme.lower()
            if scheme == "asset" and parts.path in self.assets:
                path, mimetype = self.assets[parts.path]
                return self._serve(url, Path(path), mimetype)
            if scheme == "file" and parts.netloc in ("", "localhost"):
                path = Path(unquote(parts.path)).resolve()
                if path in self.fonts:
                    return self._serve(url, path, "font/ttf")
            self.refused.append(url)
            raise ValueError(f"refused URL in a certificate: {url}")

        def _serve(self, url, path: Path, mimetype: str):
            self.served.append(url)
            return URLFetcherResponse(url, body=path.read_bytes(),
                                      headers={"Content-Type": mimetype})

    return CertificateFetcher


def fetcher(assets: dict[str, tuple[str, str]] | None = None):
    """A fetcher for one document: the emblem always, plus the given assets (name → (path, type))."""
    return _fetcher_class()({"emblem.svg": (str(EMBLEM), "image/svg+xml"), **(assets or {})})


# -- the sandbox --------------------------------------------------------------------------------

class CertificateSandbox(ImmutableSandboxedEnvironment):
    """The sandbox, also refusing `**` and `*` on anything but numbers (a wording that builds
    a gigabyte string would stall the workers)."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context, operator, left, right):
        numbers = (int, float)
        if operator == "**" or not (isinstance(left, numbers) and isinstance(right, numbers)):
            raise SecurityError(f"the operator {operator!r} is not allowed here")
        return super().call_binop(context, operator, left, right)


@functools.cache
def environment() -> CertificateSandbox:
    """For the certificate page: autoescaping, unknown names are errors."""
    return CertificateSandbox(loader=FileSystemLoader(str(TEMPLATE_DIR)), autoescape=True,
                              undefined=StrictUndefined)


@functools.cache
def wording_environment() -> CertificateSandbox:
    """For the organisers' wording, which is plain text: rendered as text, then escaped whole,
    so markup typed into it is shown, never interpreted."""
    return CertificateSandbox(autoescape=False, undefined=StrictUndefined)


def render_wording(source: str, placeholders: dict[str, str]) -> Markup:
    """The organiser's wording filled in and escaped, line breaks kept. Raises Jinja's errors
    (SecurityError for a sandbox escape, UndefinedError for an unknown placeholder, ...)."""
    text = wording_environment().from_string(source).render(**placeholders)
    if len(text) > WORDING_MAX_OUTPUT:
        raise SecurityError(f"the wording is longer than {WORDING_MAX_OUTPUT} characters")
    return Markup("<br>").join(escape(line) for line in text.split("\n"))


# -- QR code --------------------------------------------------------------------------------------

def qr_svg(url: str) -> Markup:
    """The QR code of `url` as inline SVG (sized by CSS; its quiet zone is the page around it)."""
    import segno
    return Markup(segno.make(url, error="m").svg_inline(scale=1, border=0, omitsize=True,
                                                        svgclass="qr", dark="#000"))


# -- documents ----------------------------------------------------------------------------------

def certificate_html(context: dict) -> str:
    """The certificate page. `context` holds plain values only (see services.certificate_context)."""
    values = dict(context)
    values["wording"] = render_wording(context["wording_source"], context["placeholders"])
    values["qr_svg"] = qr_svg(context["check_url"])
    values["font_face_css"] = font_face_css()
    return environment().get_template(TEMPLATE).render(**values)


def _assets(context: dict) -> dict[str, tuple[str, str]]:
    if context.get("logo_path"):
        return {"logo": (context["logo_path"], context["logo_type"])}
    return {}


def render_html_pdf(html: str, context: dict, document_fetcher=None) -> bytes:
    check_fonts()
    return render_pdf(html, url_fetcher=document_fetcher or fetcher(_assets(context)))


def render_certificate(context: dict) -> bytes:
    return render_html_pdf(certificate_html(context), context)


@dataclass(frozen=True)
class Rendered:
    certificate_id: int
    pdf: bytes
    sha256: str


def render_for_pool(item: tuple[int, dict]) -> Rendered:
    """The pool's work unit: (certificate id, context) → the PDF and its SHA-256."""
    certificate_id, context = item
    pdf = render_certificate(context)
    return Rendered(certificate_id, pdf, hashlib.sha256(pdf).hexdigest())


def warm_up() -> None:
    """Load WeasyPrint, the fonts and the emblem in a fresh process before real work arrives."""
    html = (f"<style>{font_face_css()} body {{ font-family: CertSerif }} b {{ font-family: CertSans }}"
            f"</style><img src='asset:emblem.svg'><p>Á <b>ñ</b></p>")
    render_html_pdf(html, {})
