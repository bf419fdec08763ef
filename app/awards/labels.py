"""Translated names of award places, for templates."""
from flask_babel import lazy_gettext as _l

PLACE_LABELS = {
    "gold": _l("Gold"),
    "silver": _l("Silver"),
    "bronze": _l("Bronze"),
    "mention": _l("Honourable mention"),
}
