"""Nominators start, fill, submit, withdraw and follow their nominations."""
from __future__ import annotations

import io

from flask import (Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request,
                   send_file, url_for)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import or_, select

from app.editions.models import Edition, EditionStatus
from app.extensions import csrf, db
from app.municipalities.models import Municipality
from app.municipalities.services import confirmed_municipality_ids
from app.nominations import services
from app.nominations.forms import NominationForm, StartNominationForm, WithdrawForm
from app.nominations.models import Attachment, Nomination, NominationStatus
from app.nominations.permissions import (can_edit_nomination, can_view_nomination,
                                         can_withdraw_nomination, is_on_submitting_side,
                                         nominations_are_open)
from app.nominations.receipt import receipt_filename, receipt_pdf
from app.nominations.uploads import UploadRejected, attachment_response

bp = Blueprint("nominations", __name__)


def _nomination_or_404(nomination_id: int) -> Nomination:
    nomination = db.session.get(Nomination, nomination_id)
    if nomination is None:
        abort(404)
    if not can_view_nomination(current_user, nomination):
        abort(403)
    return nomination


def _own_nomination_or_404(nomination_id: int) -> Nomination:
    """For writes: only the submitting side; organisers read but never write a nominee's text."""
    nomination = _nomination_or_404(nomination_id)
    if not is_on_submitting_side(current_user, nomination):
        abort(403)
    return nomination


def _open_edition() -> Edition | None:
    return db.session.scalar(select(Edition).where(
        Edition.status == EditionStatus.NOMINATIONS_OPEN.value).order_by(Edition.year.desc()))


@bp.get("/my/nominations")
@login_required
def my_nominations():
    municipality_ids = confirmed_municipality_ids(current_user)
    nominations = db.session.scalars(
        select(Nomination).where(or_(Nomination.submitter_id == current_user.id,
                                     Nomination.municipality_id.in_(municipality_ids or {0})))
        .order_by(Nomination.created_at.desc())).all()
    return render_template("nominations/nominator/list.html", nominations=nominations,
                           edition=_open_edition(), problems=services.completeness_problems,
                           can_edit=can_edit_nomination)


def _start_form(edition: Edition) -> StartNominationForm:
    form = StartNominationForm()
    form.category.choices = [(c.code, f"{c.code} · {c.name_es}") for c in edition.categories
                             if c.is_jury]
    municipalities = db.session.scalars(select(Municipality).where(
        Municipality.id.in_(confirmed_municipality_ids(current_user) or {0}))).all()
    form.municipality.choices = [(m.id, m.name) for m in municipalities]
    return form


@bp.route("/my/nominations/new", methods=["GET", "POST"])
@login_required
def start_nomination():
    edition = _open_edition()
    if edition is None or not nominations_are_open(edition):
        flash(_("Nominations are not open at the moment."), "warning")
        return redirect(url_for("nominations.my_nominations"))
    form = _start_form(edition)
    if not form.is_submitted() and request.args.get("category"):
        form.category.data = request.args["category"]
    if form.validate_on_submit():
        category = next(c for c in edition.categories if c.code == form.category.data)
        municipality = (db.session.get(Municipality, form.municipality.data)
                        if form.nominee_type.data == "municipality" and form.municipality.data else None)
        try:
            nomination = services.start_nomination(current_user, category, form.nominee_type.data,
                                                   municipality, form.self_nominated.data)
        except services.NominationError as error:
            flash(str(error), "error")
        else:
            return redirect(url_for("nominations.edit_nomination", nomination_id=nomination.id))
    return render_template("nominations/nominator/start.html", form=form, edition=edition)


def _render_form(nomination: Nomination, form: NominationForm, problems=(), status: int = 200):
    return render_template("nominations/nominator/form.html", nomination=nomination, form=form,
                           problems=problems, withdraw_form=WithdrawForm()), status


def _attach_problems(form: NominationForm, problems) -> None:
    for problem in problems:
        field = form._fields.get(problem.field)
        if field is not None and problem.field != "results":
            field.errors = list(field.errors) + [str(problem.message)]


@bp.route("/nominations/<int:nomination_id>/edit", methods=["GET", "POST"])
@login_required
def edit_nomination(nomination_id: int):
    nomination = _own_nomination_or_404(nomination_id)
    refusal = services.edit_refusal(current_user, nomination)
    if refusal and request.method == "GET":
        flash(refusal, "info")
        return redirect(url_for("nominations.show_nomination", nomination_id=nomination.id))
    form = NominationForm(obj=nomination)
    if refusal:  # a late save or submission: say so, and keep what was typed on the page
        flash(_("%(refusal)s Nothing was saved; your text is still below so you can copy it.",
                refusal=refusal), "error")
        return _render_form(nomination, form, status=409)
    if not form.is_submitted():
        form.revision.data = nomination.revision
        form.evidence_links.data = "\n".join(nomination.evidence_links or [])
        form.budget_amount.data = "" if nomination.budget_amount is None else str(nomination.budget_amount)
        while len(form.results.entries) < max(3, len(nomination.results or []) + 1):
            form.results.append_entry()
        return _render_form(nomination, form)
    if not form.validate_on_submit():
        return _render_form(nomination, form, status=400)
    action = request.form.get("action", "save")
    try:
        if action == "submit" or nomination.status == NominationStatus.SUBMITTED.value:
            first = nomination.status == NominationStatus.DRAFT.value
            services.submit(current_user, nomination, form.raw_values(request.form),
                            publication_consent=form.publication_consent.data if first else None)
            flash(_("Your nomination was submitted. Reference: %(ref)s. We sent you a receipt by email.",
                    ref=nomination.reference) if first else _("Your changes were saved as a new version."),
                  "success")
            return redirect(url_for("nominations.show_nomination", nomination_id=nomination.id))
        services.save_draft(current_user, nomination, form.raw_values(request.form), _revision(form))
        flash(_("Draft saved."), "success")
        return redirect(url_for("nominations.edit_nomination", nomination_id=nomination.id))
    except services.IncompleteNomination as error:
        _attach_problems(form, error.problems)
        form.revision.data = nomination.revision
        return _render_form(nomination, form, error.problems, 400)
    except services.NominationError as error:
        flash(str(error), "error")
        return _render_form(nomination, form, status=409)


def _revision(form: NominationForm) -> int | None:
    value = form.revision.data
    return int(value) if value and str(value).isdigit() else None


@bp.post("/nominations/<int:nomination_id>/autosave")
@csrf.exempt  # checked below, after the session: an expired one also lost its CSRF token
def autosave(nomination_id: int):
    """Saves a draft from the page's script; answers JSON, including when the session expired."""
    if not current_user.is_authenticated:
        return jsonify(ok=False, error="session_expired",
                       message=_("Your session expired. Your text is kept in this browser: log in "
                                 "again in another tab and it will be saved.")), 401
    if current_app.config["WTF_CSRF_ENABLED"]:
        csrf.protect()
    nomination = _own_nomination_or_404(nomination_id)
    form = NominationForm()
    if not form.validate_on_submit():
        return jsonify(ok=False, error="invalid", message=_("Some fields are too long."),
                       fields=sorted(form.errors)), 400
    try:
        services.save_draft(current_user, nomination, form.raw_values(request.form), _revision(form))
    except services.DraftConflict as error:
        return jsonify(ok=False, error="conflict", message=str(error)), 409
    except services.IncompleteNomination as error:
        return jsonify(ok=False, error="invalid", message=str(error),
                       fields=[p.field for p in error.problems]), 400
    except services.NominationError as error:
        return jsonify(ok=False, error="refused", message=str(error)), 403
    return jsonify(ok=True, revision=nomination.revision,
                   saved_at=nomination.updated_at.isoformat())


@bp.get("/nominations/<int:nomination_id>")
@login_required
def show_nomination(nomination_id: int):
    nomination = _nomination_or_404(nomination_id)
    return render_template("nominations/nominator/show.html", nomination=nomination,
                           can_edit=can_edit_nomination(current_user, nomination),
                           can_withdraw=can_withdraw_nomination(current_user, nomination),
                           can_publish=is_on_submitting_side(current_user, nomination),
                           withdraw_form=WithdrawForm())


@bp.get("/nominations/<int:nomination_id>/receipt.pdf")
@login_required
def receipt(nomination_id: int):
    """The receipt of what was submitted, in the viewer's language."""
    nomination = _nomination_or_404(nomination_id)
    if nomination.reference is None:
        abort(404)
    pdf = receipt_pdf(nomination, str(get_locale() or "es"))
    response = send_file(io.BytesIO(pdf), mimetype="application/pdf", as_attachment=True,
                         download_name=receipt_filename(nomination), max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/nominations/<int:nomination_id>/attachments")
@login_required
def upload_attachment(nomination_id: int):
    nomination = _own_nomination_or_404(nomination_id)
    files = [f for f in request.files.getlist("file") if f and f.filename]
    if not files:
        flash(_("Choose a file to attach."), "warning")
    for upload in files:
        try:
            services.add_attachment(current_user, nomination, upload.filename, upload.read())
        except UploadRejected as error:
            db.session.rollback()
            flash(str(error.message), "error")
        except services.NominationError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            flash(_("%(name)s attached.", name=nomination.attachments[-1].filename), "success")
    return redirect(url_for("nominations.edit_nomination", nomination_id=nomination.id) + "#attachments")


def _attachment_or_404(nomination: Nomination, attachment_id: int) -> Attachment:
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or attachment.nomination_id != nomination.id:
        abort(404)
    return attachment


@bp.get("/nominations/<int:nomination_id>/attachments/<int:attachment_id>")
@login_required
def download_attachment(nomination_id: int, attachment_id: int):
    nomination = _nomination_or_404(nomination_id)
    attachment = _attachment_or_404(nomination, attachment_id)
    return attachment_response(attachment)


@bp.post("/nominations/<int:nomination_id>/attachments/<int:attachment_id>/delete")
@login_required
def delete_attachment(nomination_id: int, attachment_id: int):
    nomination = _own_nomination_or_404(nomination_id)
    attachment = _attachment_or_404(nomination, attachment_id)
    try:
        services.remove_attachment(current_user, attachment)
    except services.NominationError as error:
        flash(str(error), "error")
    else:
        flash(_("%(name)s removed.", name=attachment.filename), "info")
    return redirect(url_for("nominations.edit_nomination", nomination_id=nomination.id) + "#attachments")


def _yes_or_no(value: str | None) -> bool:
    if value not in ("0", "1"):
        abort(400)
    return value == "1"


@bp.post("/nominations/<int:nomination_id>/publication-consent")
@login_required
def set_publication_consent(nomination_id: int):
    """Give (consent=1) or withdraw (consent=0) consent to publication in the library."""
    nomination = _own_nomination_or_404(nomination_id)
    consent = _yes_or_no(request.form.get("consent"))
    try:
        services.set_publication_consent(current_user, nomination, consent)
    except services.NominationError as error:
        flash(str(error), "error")
    else:
        flash(_("You agreed to publication in the library of experiences.") if consent else
              _("Your consent was withdrawn: the programme is not shown in the library of "
                "experiences."), "info")
    return redirect(url_for("nominations.show_nomination", nomination_id=nomination.id)
                    + "#publication")


@bp.post("/nominations/<int:nomination_id>/attachments/<int:attachment_id>/public")
@login_required
def set_attachment_public(nomination_id: int, attachment_id: int):
    """Mark a document public (public=1) or private (public=0) for the library."""
    nomination = _own_nomination_or_404(nomination_id)
    attachment = _attachment_or_404(nomination, attachment_id)
    try:
        services.set_attachment_public(current_user, attachment,
                                       _yes_or_no(request.form.get("public")))
    except services.NominationError as error:
        flash(str(error), "error")
    return redirect(url_for("nominations.show_nomination", nomination_id=nomination.id)
                    + "#attachments")


@bp.post("/nominations/<int:nomination_id>/withdraw")
@login_required
def withdraw_nomination(nomination_id: int):
    nomination = _own_nomination_or_404(nomination_id)
    form = WithdrawForm()
    if not form.validate_on_submit():
        flash(_("Give a reason for withdrawing."), "error")
        return redirect(url_for("nominations.show_nomination", nomination_id=nomination.id))
    try:
        services.withdraw(current_user, nomination, form.reason.data)
    except services.NominationError as error:
        flash(str(error), "error")
    else:
        flash(_("The nomination was withdrawn."), "info")
    return redirect(url_for("nominations.show_nomination", nomination_id=nomination.id))
