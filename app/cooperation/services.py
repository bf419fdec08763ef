"""The rules of cooperation: asking to replicate a programme, brokering or declining the request,
and an agreement's life (status, dates, signatories, notes, the signed PDF). Every change audited
with its old and new values; each function is one user action and commits."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app import mail, storage
from app.audit.services import record
from app.cooperation import status
from app.cooperation.labels import AGREEMENT_STATUS_LABELS, DATE_LABELS
from app.cooperation.models import Agreement, CooperationRequest, RequestStatus
from app.cooperation.permissions import can_manage_cooperation, requesting_municipality_ids
from app.extensions import db
from app.library.models import LibraryEntry
from app.municipalities.models import Municipality
from app.nominations import uploads
from app.notifications import events
from app.urls import external_url

AGREEMENT_FIELDS = ("signatories", "notes", *status.DATE_FIELDS.values())


class CooperationError(Exception):
    pass


def today() -> date:
    """Today where the organisers work: the default date of every step."""
    return datetime.now(ZoneInfo(current_app.config["DEFAULT_TIMEZONE"])).date()


def _require_organiser(user) -> None:
    if not can_manage_cooperation(user):
        raise CooperationError(_("Only organisers broker cooperation."))


# -- the request ------------------------------------------------------------------------------

def create_request(user, entry: LibraryEntry, municipality_id: int, learning_goals: str,
                   contact_name: str, contact_email: str, contact_phone: str = "") -> CooperationRequest:
    """A confirmed representative asks, for one of their municipalities, to replicate `entry`;
    the organisers are mailed."""
    if municipality_id not in requesting_municipality_ids(user, entry):
        raise CooperationError(_("You can ask only for a municipality you represent, other than "
                                 "the one whose programme this is."))
    requesting = db.session.get(Municipality, municipality_id)
    cooperation_request = CooperationRequest(
        library_entry_id=entry.id, requester_id=user.id, requesting_municipality=requesting,
        host_municipality_id=entry.municipality_id, learning_goals=learning_goals.strip(),
        contact_name=contact_name.strip(), contact_email=contact_email.strip().lower(),
        contact_phone=contact_phone.strip(), status=RequestStatus.NEW.value)
    db.session.add(cooperation_request)
    record("cooperation_request.created", cooperation_request, summary={
        "library_entry_id": entry.id, "programme": entry.title,
        "requesting_municipality": requesting.name,
        "host_municipality": entry.municipality.name if entry.municipality else None})
    _mail_organisers(cooperation_request, entry)
    db.session.commit()
    return cooperation_request


def _mail_organisers(cooperation_request: CooperationRequest, entry: LibraryEntry) -> None:
    """Each organiser in their language; the mails leave when the request is committed."""
    link = external_url("cooperation.show_request", request_id=cooperation_request.id)
    for organiser in events.organisers():
        mail.mail_user(organiser, "cooperation_request",
                       {"organiser": organiser, "cooperation_request": cooperation_request,
                        "entry": entry, "link": link},
                       kind="cooperation_request", obj=cooperation_request)


def _require_new(cooperation_request: CooperationRequest) -> None:
    """Read the status under a row lock, so two organisers never handle one request twice."""
    db.session.refresh(cooperation_request, with_for_update={"of": CooperationRequest})
    if cooperation_request.status != RequestStatus.NEW.value:
        raise CooperationError(_("This request was already handled."))


def broker_request(user, cooperation_request: CooperationRequest, requested_on: date,
                   host_municipality_id: int | None = None) -> Agreement:
    """Open an agreement between the programme's municipality and the one that asked.

    A programme of a person has no municipality: the organiser names the host then."""
    _require_organiser(user)
    _require_new(cooperation_request)
    host_id = cooperation_request.host_municipality_id or host_municipality_id
    if host_id is None or db.session.get(Municipality, host_id) is None:
        raise CooperationError(_("Choose the host municipality: this programme is not a "
                                 "municipality's."))
    if host_id == cooperation_request.requesting_municipality_id:
        raise CooperationError(_("An agreement needs two different municipalities."))
    _check_step_date({}, status.REQUESTED, requested_on)
    entry = cooperation_request.library_entry
    agreement = Agreement(request_id=cooperation_request.id, library_entry_id=entry.id,
                          programme_title=entry.title, host_municipality_id=host_id,
                          partner_municipality_id=cooperation_request.requesting_municipality_id,
                          status=status.REQUESTED, requested_on=requested_on)
    cooperation_request.status = RequestStatus.BROKERED.value
    cooperation_request.host_municipality_id = host_id
    db.session.add(agreement)
    host_name = db.session.get(Municipality, host_id).name
    record("agreement.created", agreement, summary={
        "request_id": cooperation_request.id, "programme": entry.title,
        "host_municipality": host_name,
        "partner_municipality": cooperation_request.requesting_municipality.name,
        "status": status.REQUESTED, "requested_on": requested_on})
    record("cooperation_request.brokered", cooperation_request,
           summary={"status": [RequestStatus.NEW.value, RequestStatus.BROKERED.value],
                    "agreement_id": agreement.id, "host_municipality": host_name})
    db.session.commit()
    return agreement


def decline_request(user, cooperation_request: CooperationRequest, reason: str) -> None:
    _require_organiser(user)
    _require_new(cooperation_request)
    if not reason.strip():
        raise CooperationError(_("Give the reason why the request is declined."))
    cooperation_request.status = RequestStatus.DECLINED.value
    record("cooperation_request.declined", cooperation_request,
           summary={"status": [RequestStatus.NEW.value, RequestStatus.DECLINED.value],
                    "reason": reason.strip()})
    db.session.commit()


# -- the agreement ----------------------------------------------------------------------------

_DATE_PROBLEMS = {
    "future": _l("%(step)s cannot be in the future."),
    "before_previous": _l("%(step)s cannot be earlier than the date of a previous step."),
}


def dates_of(agreement: Agreement) -> dict[str, date | None]:
    return {field: getattr(agreement, field) for field in status.DATE_FIELDS.values()}


def _check_step_date(dates: dict[str, date | None], target: str, on: date) -> None:
    problem = status.date_problem(dates, target, on, today())
    if problem:
        raise CooperationError(str(_DATE_PROBLEMS[problem] % {"step": DATE_LABELS[target]}))


def move_agreement(user, agreement: Agreement, target: str, on: date | None = None,
                   signatories: str | None = None) -> Agreement:
    """One step along the agreement's life; the step's date is `on` (today by default)."""
    _require_organiser(user)
    db.session.refresh(agreement, with_for_update={"of": Agreement})  # one step after the other
    if not status.can_move(agreement.status, target):
        raise CooperationError(_("An agreement cannot go from %(old)s to %(new)s.",
                                 old=AGREEMENT_STATUS_LABELS.get(agreement.status, agreement.status),
                                 new=AGREEMENT_STATUS_LABELS.get(target, target)))
    on = on or today()
    changes: dict[str, list] = {"status": [agreement.status, target]}
    field = status.DATE_FIELDS.get(target)
    if field:
        _check_step_date(dates_of(agreement), target, on)
        changes[field] = [getattr(agreement, field), on]
    new_signatories = agreement.signatories if signatories is None else signatories.strip()
    if target == status.SIGNED and not new_signatories:
        raise CooperationError(_("Name who signed the agreement."))
    if new_signatories != agreement.signatories:
        changes["signatories"] = [agreement.signatories, new_signatories]
    for name, (_old, new) in changes.items():
        setattr(agreement, name, new)
    record("agreement.status_changed", agreement, summary=changes)
    db.session.commit()
    return agreement


def update_agreement(user, agreement: Agreement, values: dict) -> dict[str, list]:
    """Correct signatories, notes and the dates of the steps reached; returns what changed."""
    _require_organiser(user)
    new_values = {name: values.get(name, getattr(agreement, name)) for name in AGREEMENT_FIELDS}
    for name in ("signatories", "notes"):
        new_values[name] = (new_values[name] or "").strip()
    reached = status.reached(agreement.status, dates_of(agreement))
    for target, field in status.DATE_FIELDS.items():
        if target not in reached and new_values[field] is not None:
            raise CooperationError(_("%(step)s is set only once the agreement gets there.",
                                     step=DATE_LABELS[target]))
        if target in reached and new_values[field] is None:
            raise CooperationError(_("%(step)s cannot be empty.", step=DATE_LABELS[target]))
    problem = status.dates_problem({f: new_values[f] for f in status.DATE_FIELDS.values()}, today())
    if problem:
        step, code = problem
        raise CooperationError(str(_DATE_PROBLEMS[code] % {"step": DATE_LABELS[step]}))
    changes = {name: [getattr(agreement, name), new] for name, new in new_values.items()
               if getattr(agreement, name) != new}
    if changes:
        for name, (_old, new) in changes.items():
            setattr(agreement, name, new)
        record("agreement.updated", agreement, summary=changes)
        db.session.commit()
    return changes


def attach_signed_pdf(user, agreement: Agreement, filename: str, data: bytes) -> Agreement:
    """Store the signed agreement; its content must be a PDF within the attachments' size limit."""
    _require_organiser(user)
    if agreement.status not in status.SIGNED_PDF_STATUSES:
        raise CooperationError(_("The signed PDF can be added once the agreement is signed."))
    if data and uploads.detect_type(data) != uploads.PDF:
        raise uploads.UploadRejected("not_pdf", _l(
            "This file is not a PDF (its content was checked, not its name)."))
    clean_name, _mimetype = uploads.check_upload(filename, data, existing_count=0)
    stored = storage.store(data)
    changes = {"signed_pdf_sha256": [agreement.signed_pdf_sha256, stored.sha256],
               "signed_pdf_filename": [agreement.signed_pdf_filename, clean_name],
               "signed_pdf_size": [agreement.signed_pdf_size, stored.size]}
    agreement.signed_pdf_sha256 = stored.sha256
    agreement.signed_pdf_filename = clean_name
    agreement.signed_pdf_size = stored.size
    record("agreement.signed_pdf_attached", agreement, summary=changes)
    db.session.commit()
    return agreement

