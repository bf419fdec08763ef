"""Template globals and filters shared by every page."""
from __future__ import annotations

from babel.numbers import format_decimal
from flask import Flask
from flask_babel import get_locale

from app.accounts import permissions
from app.editions import labels
from app.editions.services import rubric_is_locked
from app.i18n import format_in_zone, localized


def register(app: Flask) -> None:
    app.jinja_env.globals.update(
        localized=localized,
        current_locale=lambda: str(get_locale() or "es"),
        perm=permissions,
        labels=labels,
        rubric_is_locked=rubric_is_locked,
    )
    app.jinja_env.filters["in_zone"] = format_in_zone
    app.jinja_env.filters["decimal1"] = format_one_decimal


def format_one_decimal(value) -> str:
    """A number with one decimal in the current language (25,0 in Spanish, 25.0 in English)."""
    return format_decimal(value, format="0.0", locale=str(get_locale() or "es"))
