"""Translated names of the statuses of requests and agreements, for templates and messages."""
from flask_babel import lazy_gettext as _l

from app.cooperation import status

AGREEMENT_STATUS_LABELS = {
    status.REQUESTED: _l("Requested"),
    status.IN_TALKS: _l("In talks"),
    status.SIGNED: _l("Signed"),
    status.IN_EXECUTION: _l("In execution"),
    status.CONCLUDED: _l("Concluded"),
    status.WITHDRAWN: _l("Called off"),
}

# What the organiser's button says for each target status.
TRANSITION_LABELS = {
    status.IN_TALKS: _l("Talks started"),
    status.SIGNED: _l("Agreement signed"),
    status.IN_EXECUTION: _l("Execution started"),
    status.CONCLUDED: _l("Concluded"),
    status.WITHDRAWN: _l("The parties called it off"),
}

REQUEST_STATUS_LABELS = {
    "new": _l("New"),
    "brokered": _l("Agreement opened"),
    "declined": _l("Declined"),
}

DATE_LABELS = {
    status.REQUESTED: _l("Requested on"),
    status.SIGNED: _l("Signed on"),
    status.IN_EXECUTION: _l("Execution started on"),
    status.CONCLUDED: _l("Concluded on"),
    status.WITHDRAWN: _l("Called off on"),
}

# The agreement's history: what each audited action and field is called.
ACTION_LABELS = {
    "agreement.created": _l("Agreement opened"),
    "agreement.status_changed": _l("Status changed"),
    "agreement.updated": _l("Details corrected"),
    "agreement.signed_pdf_attached": _l("Signed PDF attached"),
}

FIELD_LABELS = {
    "status": _l("Status"),
    "signatories": _l("Signatories"),
    "notes": _l("Notes"),
    "requested_on": DATE_LABELS[status.REQUESTED],
    "signed_on": DATE_LABELS[status.SIGNED],
    "started_on": DATE_LABELS[status.IN_EXECUTION],
    "concluded_on": DATE_LABELS[status.CONCLUDED],
    "withdrawn_on": DATE_LABELS[status.WITHDRAWN],
    "signed_pdf_filename": _l("Signed PDF"),
    "signed_pdf_sha256": _l("SHA-256 of the signed PDF"),
    "signed_pdf_size": _l("Size of the signed PDF (bytes)"),
    "request_id": _l("Request"),
    "programme": _l("Programme"),
    "host_municipality": _l("Host municipality"),
    "partner_municipality": _l("Municipality that replicates it"),
}
