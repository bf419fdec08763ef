"""The one place PDFs are rendered (WeasyPrint), on a closed network and with fonts we ship.

Templates include `FONT_FACE_CSS` and use the families "Body" (DejaVu Sans, four faces) and
"BodyMono" (DejaVu Sans Mono, for checksums). Every face used is declared with @font-face, so nothing
depends on what fontconfig would pick on the host, and the PDF embeds exactly these fonts.

Resources are fetched only from the fonts directory: no http(s), no data:, no other local file,
whatever the HTML contains. One FontConfiguration serves the whole process (creating one scans
every installed font); rendering is serialised by a lock because Pango/fontconfig objects are not
safe to share between threads.
"""
from __future__ import annotations

import functools
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markupsafe import Markup

# Debian's fonts-dejavu-core and fonts-dejavu-extra (the oblique faces; see README, "System packages").
FONTS_DIR = Path("/usr/share/fonts/truetype/dejavu")

# (family, weight, style, file)
FONT_FACES = (
    ("Body", "normal", "normal", "DejaVuSans.ttf"),
    ("Body", "bold", "normal", "DejaVuSans-Bold.ttf"),
    ("Body", "normal", "italic", "DejaVuSans-Oblique.ttf"),
    ("Body", "bold", "italic", "DejaVuSans-BoldOblique.ttf"),
    ("BodyMono", "normal", "normal", "DejaVuSansMono.ttf"),
)


class FontsMissing(RuntimeError):
    """The font files PDFs are drawn with are not installed."""


def font_files(faces=FONT_FACES) -> list[Path]:
    return [FONTS_DIR / filename for *_, filename in faces]


def check_fonts(faces=FONT_FACES) -> None:
    missing = [str(path) for path in font_files(faces) if not path.is_file()]
    if missing:
        raise FontsMissing("Font files for PDFs are missing: " + ", ".join(missing)
                           + " (install Debian's fonts-dejavu-core and fonts-dejavu-extra).")


def font_face_css(faces=FONT_FACES) -> Markup:
    """One @font-face rule per face used, from the installed files (nothing is fetched)."""
    rules = []
    for family, weight, style, filename in faces:
        url = (FONTS_DIR / filename).as_uri()
        rules.append(f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
                     f'font-style: {style}; src: url("{url}") format("truetype"); }}')
    return Markup("\n".join(rules) + "\n")


FONT_FACE_CSS = font_face_css()

_font_config = None
_lock = threading.Lock()


@functools.cache
def _fetcher_class():
    from weasyprint.urls import URLFetcher

    class FontsOnlyFetcher(URLFetcher):
        """Fetches file: URLs of the font files and refuses everything else."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols=("file",), allow_redirects=False)
            self._allowed = {path.resolve() for path in font_files()}

        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
                raise ValueError(f"refused non-local URL in a PDF: {url}")
            path = Path(unquote(parts.path)).resolve()
            if path not in self._allowed:
                raise ValueError(f"refused file outside the PDF fonts: {url}")
            return super().fetch(path.as_uri(), headers)

    return FontsOnlyFetcher


def url_fetcher():
    """A fetcher that only reads the declared font files."""
    return _fetcher_class()()


def _shared_font_config():
    global _font_config
    if _font_config is None:
        from weasyprint.text.fonts import FontConfiguration
        _font_config = FontConfiguration()
    return _font_config


def render_pdf(html: str, url_fetcher=None) -> bytes:
    """The PDF of a self-contained HTML document (styles inline, no images by URL); a caller
    that serves its own assets passes a fetcher as strict as ours (certificates do)."""
    from weasyprint import HTML

    if url_fetcher is None:
        check_fonts()
    fetch = url_fetcher or _fetcher_class()()
    with _lock:
        font_config = _shared_font_config()
        document = HTML(string=html, base_url=None, url_fetcher=fetch)
        return document.write_pdf(font_config=font_config)
