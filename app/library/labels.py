"""Translated names of the places an entry can have: the platform's, and history's extra two."""
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from app.awards.labels import PLACE_LABELS as AWARD_PLACE_LABELS

PLACE_LABELS = {**AWARD_PLACE_LABELS, "finalist": _l("Finalist"), "winner": _l("Winner")}


def country_names() -> dict[str, str]:
    """Country names by ISO code in the current language ("PE" -> "Perú")."""
    locale = get_locale()
    return dict(locale.territories) if locale else {}


def template_labels() -> dict:
    """Place and country names for every page of the library and the municipality pages."""
    return {"place_labels": PLACE_LABELS, "countries": country_names()}
