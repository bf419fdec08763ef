"""Cooperation pages: asking to replicate a library programme, a request's and an agreement's
pages (the two parties and organisers), a representative's own list, the public list of signed
agreements, and the organisers' queue, dashboard and actions."""
from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from app.accounts.permissions import organiser_required
from app.cooperation import labels, permissions, queries, services, status
from app.cooperation.forms import (AgreementDetailsForm, BrokerForm, DeclineForm, ReplicateForm,
                                   SignedPdfForm, TransitionForm)
from app.cooperation.models import Agreement, CooperationRequest, RequestStatus
from app.extensions import db
from app.library.models import LibraryEntry
from app.library.queries import visible_entry
from app.municipalities.models import Municipality
from app.nominations.uploads import PDF, UploadRejected, attachment_response

bp = Blueprint("cooperation", __name__)
organiser_bp = Blueprint("organiser_cooperation", __name__, url_prefix="/organiser/cooperation")
# The library's entry page includes the "replicate" button, which asks this permission.
bp.add_app_template_global(permissions.can_request_cooperation, "can_request_cooperation")
bp.add_app_template_global(labels, "cooperation_labels")


def _form_problems(form) -> str:
    return " ".join(str(message) for messages in form.errors.values() for message in messages)


# -- asking -----------------------------------------------------------------------------------

def _entry_or_404(entry_id: int) -> LibraryEntry:
    """Only a programme the public may see in the library (its submitter's consent holds)."""
    entry = visible_entry(entry_id)
    if entry is None:
        abort(404)
    return entry


@bp.route("/experiencias/<int:entry_id>/replicar", methods=["GET", "POST"])
@login_required
def replicate(entry_id: int):
    entry = _entry_or_404(entry_id)
    allowed = permissions.requesting_municipality_ids(current_user, entry)
    if not allowed:
        abort(403)
    form = ReplicateForm()
    form.municipality.choices = [(m.id, m.name) for m in db.session.scalars(
        select(Municipality).where(Municipality.id.in_(allowed)).order_by(Municipality.name))]
    if request.method == "GET":
        form.contact_name.data = current_user.name
        form.contact_email.data = current_user.email
    code = 200
    if form.validate_on_submit():
        try:
            cooperation_request = services.create_request(
                current_user, entry, form.municipality.data, form.learning_goals.data,
                form.contact_name.data, form.contact_email.data, form.contact_phone.data or "")
        except services.CooperationError as error:
            db.session.rollback()
            flash(str(error), "error")
            code = 409
        else:
            flash(_("Your request was sent. The organisers will contact you to arrange the "
                    "cooperation."), "success")
            return redirect(url_for(".show_request", request_id=cooperation_request.id))
    return render_template("cooperation/municipality/replicate.html", entry=entry, form=form), \
        400 if form.errors else code


@bp.get("/cooperacion/mis-solicitudes")
@login_required
def my_requests():
    return render_template("cooperation/municipality/my_requests.html", own=queries.own(current_user))


# -- a request's page -------------------------------------------------------------------------

def _request_or_404(request_id: int) -> CooperationRequest:
    cooperation_request = queries.request_by_id(request_id)
    if cooperation_request is None:
        abort(404)
    return cooperation_request


def _host_choices(cooperation_request: CooperationRequest) -> list[tuple[int, str]]:
    return [(m.id, m.name) for m in db.session.scalars(
        select(Municipality).where(Municipality.id != cooperation_request.requesting_municipality_id)
        .order_by(Municipality.name))]


def _render_request(cooperation_request: CooperationRequest, broker_form: BrokerForm | None = None,
                    decline_form: DeclineForm | None = None, code: int = 200):
    context = {"cooperation_request": cooperation_request,
               "agreement": queries.agreement_of(cooperation_request),
               "entry_visible": visible_entry(cooperation_request.library_entry_id) is not None,
               "decline_reason": queries.decline_reason(cooperation_request)}
    if (permissions.can_manage_cooperation(current_user)
            and cooperation_request.status == RequestStatus.NEW.value):
        broker_form = broker_form or BrokerForm(formdata=None, requested_on=services.today())
        if cooperation_request.host_municipality_id is None:
            broker_form.host_municipality.choices = [(0, "—")] + _host_choices(cooperation_request)
        context.update(broker_form=broker_form, decline_form=decline_form or DeclineForm(formdata=None))
    return render_template("cooperation/request.html", **context), code


@bp.get("/cooperacion/solicitudes/<int:request_id>")
@login_required
def show_request(request_id: int):
    cooperation_request = _request_or_404(request_id)
    if not permissions.can_view_request(current_user, cooperation_request):
        abort(403)
    return _render_request(cooperation_request)


@organiser_bp.post("/requests/<int:request_id>/broker")
@organiser_required
def broker(request_id: int):
    cooperation_request = _request_or_404(request_id)
    form = BrokerForm()
    if cooperation_request.host_municipality_id is None:
        form.host_municipality.choices = [(0, "—")] + _host_choices(cooperation_request)
    else:
        del form.host_municipality
    if not form.validate_on_submit():
        flash(_form_problems(form), "error")
        return _render_request(cooperation_request, broker_form=form, code=400)
    host_id = form.host_municipality.data if "host_municipality" in form else None
    try:
        agreement = services.broker_request(current_user, cooperation_request,
                                            form.requested_on.data, host_id or None)
    except services.CooperationError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _render_request(cooperation_request, broker_form=form, code=409)
    flash(_("Agreement opened between %(host)s and %(partner)s.",
            host=agreement.host_municipality.name, partner=agreement.partner_municipality.name),
          "success")
    return redirect(url_for("cooperation.show_agreement", agreement_id=agreement.id))


@organiser_bp.post("/requests/<int:request_id>/decline")
@organiser_required
def decline(request_id: int):
    cooperation_request = _request_or_404(request_id)
    form = DeclineForm()
    if not form.validate_on_submit():
        flash(_form_problems(form), "error")
        return _render_request(cooperation_request, decline_form=form, code=400)
    try:
        services.decline_request(current_user, cooperation_request, form.reason.data)
    except services.CooperationError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _render_request(cooperation_request, decline_form=form, code=409)
    flash(_("Request declined."), "success")
    return redirect(url_for(".queue"))


# -- an agreement's page ----------------------------------------------------------------------

def _agreement_or_404(agreement_id: int) -> Agreement:
    agreement = queries.agreement_by_id(agreement_id)
    if agreement is None:
        abort(404)
    return agreement


def _render_agreement(agreement: Agreement, forms: dict | None = None, code: int = 200):
    context = {"agreement": agreement, "history": queries.history(agreement),
               "status_date_fields": status.DATE_FIELDS,
               "entry_visible": agreement.library_entry_id is not None
               and visible_entry(agreement.library_entry_id) is not None}
    if permissions.can_manage_cooperation(current_user):
        forms = forms or {}
        transition_forms = {target: forms.get(target) or TransitionForm(
            formdata=None, prefix=target, on=services.today(), signatories=agreement.signatories)
            for target in status.next_statuses(agreement.status)}
        for target, form in transition_forms.items():
            form.on.label.text = labels.DATE_LABELS.get(target, form.on.label.text)
        context.update(
            transition_forms=transition_forms,
            details_form=forms.get("details") or AgreementDetailsForm(formdata=None, obj=agreement),
            reached=status.reached(agreement.status, services.dates_of(agreement)),
            pdf_form=forms.get("pdf") or SignedPdfForm(formdata=None),
            may_attach_pdf=agreement.status in status.SIGNED_PDF_STATUSES)
    return render_template("cooperation/agreement.html", **context), code


@bp.get("/cooperacion/convenios/<int:agreement_id>")
@login_required
def show_agreement(agreement_id: int):
    agreement = _agreement_or_404(agreement_id)
    if not permissions.can_view_agreement(current_user, agreement):
        abort(403)
    return _render_agreement(agreement)


@dataclass(frozen=True)
class _SignedPdf:
    """The agreement's signed PDF in the shape the attachment download response reads."""

    sha256: str
    filename: str
    content_type: str = PDF


@bp.get("/cooperacion/convenios/<int:agreement_id>/convenio-firmado")
@login_required
def signed_pdf(agreement_id: int):
    agreement = _agreement_or_404(agreement_id)
    if not permissions.can_view_agreement(current_user, agreement):
        abort(403)
    if agreement.signed_pdf_sha256 is None:
        abort(404)
    return attachment_response(_SignedPdf(agreement.signed_pdf_sha256,
                                          agreement.signed_pdf_filename))


@organiser_bp.post("/agreements/<int:agreement_id>/status/<target>")
@organiser_required
def move(agreement_id: int, target: str):
    agreement = _agreement_or_404(agreement_id)
    if target not in status.TRANSITIONS:
        abort(404)
    form = TransitionForm(prefix=target)
    if not form.validate_on_submit():
        flash(_form_problems(form), "error")
        return _render_agreement(agreement, {target: form}, 400)
    try:
        services.move_agreement(current_user, agreement, target, form.on.data, form.signatories.data)
    except services.CooperationError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _render_agreement(agreement, {target: form}, 409)
    flash(_("Status changed."), "success")
    return redirect(url_for("cooperation.show_agreement", agreement_id=agreement.id))


@organiser_bp.post("/agreements/<int:agreement_id>/details")
@organiser_required
def update_details(agreement_id: int):
    agreement = _agreement_or_404(agreement_id)
    form = AgreementDetailsForm()
    if not form.validate_on_submit():
        flash(_form_problems(form), "error")
        return _render_agreement(agreement, {"details": form}, 400)
    try:
        changes = services.update_agreement(current_user, agreement, form.data)
    except services.CooperationError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _render_agreement(agreement, {"details": form}, 409)
    flash(_("Agreement saved.") if changes else _("Nothing changed."), "success" if changes else "info")
    return redirect(url_for("cooperation.show_agreement", agreement_id=agreement.id))


@organiser_bp.post("/agreements/<int:agreement_id>/signed-pdf")
@organiser_required
def upload_signed_pdf(agreement_id: int):
    agreement = _agreement_or_404(agreement_id)
    form = SignedPdfForm()
    if not form.validate_on_submit():
        flash(_form_problems(form), "error")
        return _render_agreement(agreement, {"pdf": form}, 400)
    upload = form.file.data
    try:
        services.attach_signed_pdf(current_user, agreement, upload.filename or "", upload.read())
    except UploadRejected as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return _render_agreement(agreement, {"pdf": form}, 400)
    except services.CooperationError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _render_agreement(agreement, {"pdf": form}, 409)
    flash(_("Signed agreement attached."), "success")
    return redirect(url_for("cooperation.show_agreement", agreement_id=agreement.id))


# -- lists ------------------------------------------------------------------------------------

@bp.get("/convenios")
def public_agreements():
    return render_template("cooperation/public/agreements.html",
                           agreements=queries.public_agreements())


@organiser_bp.get("")
@organiser_required
def queue():
    request_status = request.args.get("request_status", "")
    agreement_status = request.args.get("agreement_status", "")
    request_status = request_status if request_status in queries.REQUEST_STATUSES else ""
    agreement_status = agreement_status if agreement_status in status.TRANSITIONS else ""
    return render_template("cooperation/organiser/queue.html",
                           requests=queries.requests(request_status or None),
                           agreements=queries.agreements(agreement_status or None),
                           request_status=request_status, agreement_status=agreement_status)


@organiser_bp.get("/dashboard")
@organiser_required
def dashboard():
    return render_template("cooperation/organiser/dashboard.html", dashboard=queries.dashboard())
