"""What a certificate says, as plain values for `rendering`: labels in the certificate's
language, the wording (the organisers' or the default), recipient lines and the check link."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from babel.dates import format_date
from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from jinja2.exceptions import SecurityError, TemplateError, TemplateSyntaxError, UndefinedError

from app import storage
from app.certificates.models import CertificateKind, CertificateSettings
from app.certificates.rendering import render_wording
from app.db_types import utcnow
from app.editions.models import Edition
from app.urls import external_url

LOCALES = ("es", "en")

KIND_TITLES = {
    CertificateKind.AWARD.value: _l("Certificate of award"),
    CertificateKind.MENTION.value: _l("Certificate of honourable mention"),
    CertificateKind.FINALIST.value: _l("Finalist certificate"),
    CertificateKind.JURY.value: _l("Certificate of jury service"),
}
KIND_LABELS = {
    CertificateKind.AWARD.value: _l("Award"),
    CertificateKind.MENTION.value: _l("Honourable mention"),
    CertificateKind.FINALIST.value: _l("Finalist"),
    CertificateKind.JURY.value: _l("Jury service"),
}
PLACE_DISTINCTIONS = {
    "gold": _l("Gold award"),
    "silver": _l("Silver award"),
    "bronze": _l("Bronze award"),
    "mention": _l("Honourable mention"),
}
STATUS_LABELS = {
    "pending": _l("Pending"),
    "issued": _l("Valid"),
    "revoked": _l("Revoked"),
}

# The default wording per kind, in each language through the catalogue; organisers may replace
# it per kind and language. Placeholders are those of PLACEHOLDERS.
DEFAULT_WORDING = {
    CertificateKind.AWARD.value: _l(
        "For winning the {{ place }} in the category “{{ category }}” of the {{ edition }}."),
    CertificateKind.MENTION.value: _l(
        "For receiving an honourable mention in the category “{{ category }}” of the {{ edition }}."),
    CertificateKind.FINALIST.value: _l(
        "For being a finalist in the category “{{ category }}” of the {{ edition }}."),
    CertificateKind.JURY.value: _l(
        "For their valuable service as a member of the jury of the {{ edition }}."),
}

PLACEHOLDERS = {
    "recipient": _l("who receives the certificate"),
    "recipient_detail": _l("the line under the name (the mayor, a role)"),
    "place": _l("the place won, e.g. Gold award"),
    "category": _l("the category"),
    "title": _l("the title of the nomination"),
    "edition": _l("the edition's name"),
    "year": _l("the edition's year"),
    "city": _l("the city of the certificate"),
    "date": _l("the date of the certificate"),
}


class WordingProblem(ValueError):
    """A wording organisers cannot save; the message is for them."""


def default_wording(kind: str, locale: str) -> str:
    with force_locale(locale):
        return str(DEFAULT_WORDING[kind])


def effective_wording(settings: CertificateSettings, kind: str, locale: str) -> str:
    saved = ((settings.wording or {}).get(kind) or {}).get(locale, "")
    return saved.strip() or default_wording(kind, locale)


def sample_placeholders() -> dict[str, str]:
    return {name: f"({name})" for name in PLACEHOLDERS}


def wording_problem(source: str) -> str | None:
    """Why a wording cannot be used (translated for the organiser), or None when it renders."""
    try:
        render_wording(source, sample_placeholders())
    except TemplateSyntaxError as error:
        return _("The wording could not be read (line %(line)d): %(detail)s",
                 line=error.lineno or 1, detail=error.message or "")
    except SecurityError as error:
        return _("The wording uses something certificates do not allow (%(detail)s). Use only "
                 "the placeholders listed, such as {{ recipient }}.", detail=str(error))
    except UndefinedError as error:
        return _("The wording names an unknown placeholder (%(detail)s). Use only the "
                 "placeholders listed, such as {{ recipient }}.", detail=str(error))
    except (TemplateError, TypeError, ValueError, ArithmeticError, LookupError) as error:
        return _("The wording could not be filled in: %(detail)s", detail=str(error))
    return None


# -- recipients -------------------------------------------------------------------------------

def municipality_title(name: str, locale: str) -> str:
    """"Miraflores" → "Municipalidad de Miraflores" (es) / "Municipality of Miraflores" (en)."""
    if name.lower().startswith(("municipalidad", "municipality", "alcaldía", "alcaldia")):
        return name
    with force_locale(locale):
        return _("Municipality of %(name)s", name=name)


def mayor_line(mayor_name: str, locale: str) -> str:
    if not mayor_name.strip():
        return ""
    with force_locale(locale):
        return _("represented by its mayor, %(name)s", name=mayor_name.strip())


# -- the context of one certificate ------------------------------------------------------------

@dataclass(frozen=True)
class Facts:
    """Plain facts about a certificate, however it is stored (a row, or a preview sample)."""

    kind: str
    locale: str
    recipient_name: str
    recipient_detail: str
    short_code: str
    code: str
    place: str | None
    category_es: str
    category_en: str
    nomination_title: str


def verify_base_url(base_url: str | None = None) -> str:
    """The absolute URL of the check page, e.g. https://premios.example.org/verify: from the
    request's host when given, else PUBLIC_BASE_URL (external_url)."""
    if base_url:
        with current_app.test_request_context(base_url=base_url):
            return url_for("certificates.verify", _external=True)
    return external_url("certificates.verify")


def issue_date(settings: CertificateSettings, edition: Edition) -> date:
    return settings.issue_date or utcnow().astimezone(ZoneInfo(edition.timezone)).date()


def logo_asset(settings: CertificateSettings) -> tuple[str | None, str | None]:
    """The stored logo's path and type, for the fetcher; (None, None) without a logo."""
    if not settings.logo_sha256:
        return None, None
    return str(storage.path_for(settings.logo_sha256).resolve()), settings.logo_content_type


@dataclass(frozen=True)
class EditionParts:
    """What every certificate of an edition shares, computed once for a bulk run."""

    edition_name: str
    year: int
    city: str
    date: date
    settings: CertificateSettings
    verify_url: str
    logo_path: str | None
    logo_type: str | None


def edition_parts(edition: Edition, settings: CertificateSettings,
                  base_url: str | None = None) -> EditionParts:
    logo_path, logo_type = logo_asset(settings)
    return EditionParts(edition.name, edition.year, (settings.city or "").strip(),
                        issue_date(settings, edition), settings, verify_base_url(base_url),
                        logo_path, logo_type)


def certificate_context(facts: Facts, parts: EditionParts, sample: bool = False) -> dict:
    """The plain-value context of `rendering.certificate_html`."""
    locale = facts.locale if facts.locale in LOCALES else "es"
    with force_locale(locale):
        category = (facts.category_en if locale == "en" and facts.category_en
                    else facts.category_es)
        place = str(PLACE_DISTINCTIONS[facts.place]) if facts.place in PLACE_DISTINCTIONS else ""
        if facts.kind == CertificateKind.FINALIST.value:
            place = _("Finalist")
        day = format_date(parts.date, format="long", locale=locale)
        date_line = f"{parts.city}, {day}" if parts.city else day
        signatories = [{"name": s.get("name", ""),
                        "title": (s.get(f"title_{locale}") or s.get("title_es") or "")}
                       for s in (parts.settings.signatories or []) if s.get("name")]
        check_url = f"{parts.verify_url}/{facts.code}"
        placeholders = {
            "recipient": facts.recipient_name, "recipient_detail": facts.recipient_detail,
            "place": place, "category": category, "title": facts.nomination_title,
            "edition": parts.edition_name, "year": str(parts.year), "city": parts.city,
            "date": day,
        }
        return {
            "lang": locale,
            "kind": facts.kind,
            "title": str(KIND_TITLES[facts.kind]),
            "organiser_line": _("MIC Latinoamérica — Safe City Awards"),
            "edition": parts.edition_name,
            "awarded_to": _("Awarded to"),
            "recipient": facts.recipient_name,
            "recipient_detail": facts.recipient_detail,
            "distinction": " · ".join(part for part in (place, category) if part),
            "wording_source": effective_wording(parts.settings, facts.kind, locale),
            "placeholders": placeholders,
            "date_line": date_line,
            "signatories": signatories,
            "has_logo": parts.logo_path is not None,
            "logo_path": parts.logo_path,
            "logo_type": parts.logo_type,
            "check_url": check_url,
            "check_page": _display_url(parts.verify_url),
            "short_code": facts.short_code,
            "code_label": _("Verification code"),
            "check_label": _("Check it at"),
            "sample_label": _("SAMPLE") if sample else "",
        }


def _display_url(url: str) -> str:
    """"https://premios.example.org/verify" → "premios.example.org/verify", as printed."""
    parts = urlsplit(url)
    return f"{parts.netloc}{parts.path}"
