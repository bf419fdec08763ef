"""Translated names of statuses, transitions and kinds, for templates."""
from flask_babel import lazy_gettext as _l

STATUS_LABELS = {
    "draft": _l("Draft"),
    "nominations_open": _l("Nominations open"),
    "screening": _l("Screening"),
    "judging": _l("Judging"),
    "deliberation": _l("Deliberation"),
    "closed": _l("Closed"),
    "published": _l("Published"),
}

TRANSITION_LABELS = {
    "open_nominations": _l("Open nominations"),
    "close_nominations": _l("Close nominations and start screening"),
    "reopen_nominations": _l("Reopen nominations"),
    "open_judging": _l("Open judging"),
    "open_deliberation": _l("Close judging and start deliberation"),
    "close": _l("Close the edition"),
    "publish": _l("Publish the results"),
}

KIND_LABELS = {"jury": _l("Jury"), "ranking": _l("Perception ranking")}

NOMINEE_LABELS = {
    "municipality": _l("Municipality"),
    "person": _l("Person"),
    "institution": _l("Institution"),
}
