"""Language and time-zone helpers: Spanish first, English second, datetimes shown in the edition's zone."""
from __future__ import annotations

import functools
from datetime import datetime, timezone
from zoneinfo import ZoneInfo, available_timezones

from babel import support
from babel.dates import format_date, format_time, get_datetime_format, get_timezone_location
from babel.dates import format_datetime as babel_format_datetime
from flask import current_app, has_request_context, request, session
from flask_babel import get_locale
from flask_login import current_user
from wtforms.i18n import messages_path


def select_locale() -> str:
    """User preference, then the language chosen in this session, then the browser, then Spanish."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    if session.get("locale") in languages:
        return session["locale"]
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def share_wtforms_translations() -> None:
    """Before each request: hand Flask-WTF this process's copy of WTForms' catalogue for the
    request's language; left unset, Flask-WTF reads it from disk again in every request with a
    form (it looks for `request.wtforms_translations` first)."""
    request.wtforms_translations = _wtforms_translations(str(get_locale() or "es"))


@functools.lru_cache(maxsize=8)
def _wtforms_translations(locale: str) -> support.Translations:
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


def localized(obj, field: str) -> str:
    """obj.<field>_<lang> in the current language, falling back to Spanish when empty."""
    lang = str(get_locale() or "es")
    value = getattr(obj, f"{field}_{lang}", "") or ""
    return value or getattr(obj, f"{field}_es", "") or ""


def is_valid_timezone(name: str) -> bool:
    return name in _timezones()


_TIMEZONES: frozenset[str] | None = None


def _timezones() -> frozenset[str]:
    global _TIMEZONES
    if _TIMEZONES is None:
        _TIMEZONES = frozenset(available_timezones())
    return _TIMEZONES


def to_utc(local: datetime | None, tz_name: str) -> datetime | None:
    """A naive wall-clock time in the given zone, as an aware UTC datetime."""
    if local is None:
        return None
    return local.replace(tzinfo=ZoneInfo(tz_name)).astimezone(timezone.utc)


def to_local(value: datetime | None, tz_name: str) -> datetime | None:
    if value is None:
        return None
    return value.astimezone(ZoneInfo(tz_name))


def format_in_zone(value: datetime | None, tz_name: str, fmt: str = "medium") -> str:
    """Format an aware datetime in the given zone and the current language, naming the zone as
    people do ("hora de Perú", "Peru Time"). "medium" shows the date in words and the time to
    the minute ("15 dic 2026, 23:59"): deadlines and ceremonies are never set to the second."""
    if value is None:
        return ""
    zone, locale = ZoneInfo(tz_name), str(get_locale())
    if fmt == "medium":
        text = get_datetime_format("medium", locale=locale).replace("'", "").format(
            format_time(value, "short", tzinfo=zone, locale=locale),
            format_date(value.astimezone(zone), "medium", locale=locale))
    else:
        text = babel_format_datetime(value, format=fmt, tzinfo=zone, locale=locale)
    return f"{text} ({get_timezone_location(zone, locale=locale)})"
