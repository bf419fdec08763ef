"""Certificates: the organisers' pages, recipients' downloads and the public check."""
from __future__ import annotations

import io

from flask import (Blueprint, Response, abort, current_app, flash, jsonify, redirect,
                   render_template, request, send_file, url_for)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app import storage
from app.accounts.permissions import require
from app.certificates import (codes, documents, export, jobs, permissions, queries, rendering,
                              services)
from app.certificates.forms import (GenerateForm, ReissueForm, RevokeForm, SettingsForm,
                                    VerifyForm)
from app.certificates.models import Certificate, CertificateKind, CertificateStatus
from app.editions.freeze import is_frozen
from app.editions.lookups import edition_or_404
from app.editions.models import Edition
from app.extensions import db, limiter
from app.ops.security import same_origin_frames

bp = Blueprint("certificates", __name__)
manager_required = require(permissions.can_manage_certificates)
ORGANISER_PREFIX = "/organiser/editions/<int:year>/certificates"
REFRESH_SECONDS = 3


def _check_limit() -> str:
    return current_app.config.get("CERTIFICATE_CHECK_RATE_LIMIT", "60 per minute")


@bp.app_context_processor
def _template_helpers() -> dict:
    return {"own_certificates": queries.own_certificates,
            "certificate_kind_labels": documents.KIND_LABELS}


def _certificate_or_404(edition: Edition, certificate_id: int) -> Certificate:
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None or certificate.edition_id != edition.id:
        abort(404)
    return certificate


def _base_url() -> str:
    """Links in certificates: PUBLIC_BASE_URL when set, else the host this request came to."""
    return current_app.config.get("SERVER_NAME_FOR_MAIL") or request.host_url


# -- the organisers' list and the bulk run ----------------------------------------------------

@bp.get(ORGANISER_PREFIX)
@manager_required
def overview(year: int):
    edition = edition_or_404(year)
    filters = queries.Filters(status=request.args.get("status", ""),
                              kind=request.args.get("kind", ""),
                              text=request.args.get("q", "")[:100],
                              page=request.args.get("page", 1, type=int))
    job = queries.latest_job(edition)
    view = queries.listing(edition, filters)
    response = Response(render_template(
        "certificates/organiser/overview.html", edition=edition, view=view, filters=filters,
        job=job, job_stale=job is not None and jobs.is_stale(job), frozen=is_frozen(edition),
        generate_form=GenerateForm(), kinds=CertificateKind, statuses=CertificateStatus,
        status_labels=documents.STATUS_LABELS, place_labels=documents.PLACE_DISTINCTIONS,
        refresh_seconds=REFRESH_SECONDS))
    if job is not None and job.status in ("queued", "running") and not jobs.is_stale(job):
        response.headers["Refresh"] = str(REFRESH_SECONDS)
    return response


@bp.post(f"{ORGANISER_PREFIX}/generate")
@manager_required
def generate(year: int):
    edition = edition_or_404(year)
    if not GenerateForm().validate_on_submit():
        abort(400)
    try:
        job = jobs.request_generation(edition, current_user)
    except services.CertificateError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for(".overview", year=year))
    if job.status == "running" and not jobs.is_stale(job):
        flash(_("Certificates are being generated already; the progress is shown below."), "info")
    else:
        jobs.launch(current_app._get_current_object(), job.id, current_user.id,
                    request.remote_addr, _base_url())
        flash(_("Generation started: the certificates are made in the background and mailed to "
                "their recipients. You may leave this page."), "success")
    return redirect(url_for(".overview", year=year))


@bp.get(f"{ORGANISER_PREFIX}/job.json")
@manager_required
def job_status(year: int):
    edition = edition_or_404(year)
    job = queries.latest_job(edition)
    if job is None:
        return jsonify(status="none", done=0, total=0, percent=0, stale=False, error="")
    percent = round(100 * job.done / job.total) if job.total else (100 if job.status == "done" else 0)
    return jsonify(status=job.status, done=job.done, total=job.total, percent=percent,
                   stale=jobs.is_stale(job), error=job.error,
                   heartbeat_at=job.heartbeat_at.isoformat() if job.heartbeat_at else None,
                   finished_at=job.finished_at.isoformat() if job.finished_at else None)


@bp.get(f"{ORGANISER_PREFIX}/all.zip")
@manager_required
def download_zip(year: int):
    edition = edition_or_404(year)
    files = export.issued_pdfs(edition)
    if not files:
        flash(_("No certificate has been issued yet."), "warning")
        return redirect(url_for(".overview", year=year))
    # The paths are resolved here; the generator only reads files, so it needs no context.
    response = Response(export.zip_chunks(files), mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="certificates-{year}.zip"'
    return response


# -- revoking and re-issuing ------------------------------------------------------------------

@bp.route(f"{ORGANISER_PREFIX}/<int:certificate_id>/revoke", methods=["GET", "POST"])
@manager_required
def revoke(year: int, certificate_id: int):
    edition = edition_or_404(year)
    certificate = _certificate_or_404(edition, certificate_id)
    form = RevokeForm()
    status = 200
    if form.validate_on_submit():
        try:
            services.revoke(certificate, form.reason.data)
        except services.CertificateError as error:
            db.session.rollback()
            form.reason.errors = list(form.reason.errors) + [str(error)]
        else:
            flash(_("Certificate %(code)s revoked; the check page now says so.",
                    code=certificate.short_code), "success")
            return redirect(url_for(".overview", year=year))
    if form.errors:
        status = 400
    return render_template("certificates/organiser/revoke.html", edition=edition,
                           certificate=certificate, form=form), status


@bp.route(f"{ORGANISER_PREFIX}/<int:certificate_id>/reissue", methods=["GET", "POST"])
@manager_required
def reissue(year: int, certificate_id: int):
    edition = edition_or_404(year)
    certificate = _certificate_or_404(edition, certificate_id)
    form = ReissueForm()
    if not form.is_submitted():
        form.recipient_name.data = certificate.recipient_name
        form.recipient_detail.data = certificate.recipient_detail
        form.locale.data = certificate.locale
    elif form.validate_on_submit():
        try:
            replacement = services.reissue(certificate, services.Correction(
                form.recipient_name.data, form.recipient_detail.data or "", form.locale.data,
                form.reason.data), _base_url())
        except services.CertificateError as error:
            db.session.rollback()
            target = form[error.field] if error.field in ("recipient_name", "reason") else form.reason
            target.errors = list(target.errors) + [str(error)]
        else:
            flash(_("Certificate re-issued as %(new)s; %(old)s is revoked and points to it.",
                    new=replacement.short_code, old=certificate.short_code), "success")
            return redirect(url_for(".overview", year=year))
    status = 400 if form.errors else 200
    return render_template("certificates/organiser/reissue.html", edition=edition,
                           certificate=certificate, form=form), status


# -- settings and preview ---------------------------------------------------------------------

def _settings_page(edition: Edition, form: SettingsForm, status: int = 200):
    settings = queries.settings_for(edition)
    return render_template("certificates/organiser/settings.html", edition=edition, form=form,
                           settings=settings, placeholders=documents.PLACEHOLDERS), status


def _show_error(form: SettingsForm, error: services.CertificateError) -> None:
    field = form._fields.get(error.field or "")
    if field is not None and not field.type == "FieldList":
        field.errors = list(field.errors) + [str(error)]
    else:
        flash(str(error), "error")


@bp.route(f"{ORGANISER_PREFIX}/settings", methods=["GET", "POST"])
@manager_required
def settings(year: int):
    edition = edition_or_404(year)
    form = SettingsForm()
    if not form.is_submitted():
        form.fill(queries.settings_for(edition))
        return _settings_page(edition, form)
    if not form.validate_on_submit():
        return _settings_page(edition, form, 400)
    try:
        services.save_settings(edition, form.values(), form.logo_bytes(), form.remove_logo.data)
    except services.CertificateError as error:
        db.session.rollback()
        _show_error(form, error)
        return _settings_page(edition, form, 400)
    flash(_("Certificate settings saved. Certificates issued from now on use them."), "success")
    return redirect(url_for(".settings", year=year))


@bp.route(f"{ORGANISER_PREFIX}/preview.pdf", methods=["GET", "POST"])
@manager_required
@same_origin_frames
def preview(year: int):
    """A sample certificate: GET from the saved settings, POST from the settings form as typed
    (the settings page targets its preview frame), nothing saved."""
    edition = edition_or_404(year)
    form = SettingsForm()
    kind = request.values.get("preview_kind", CertificateKind.AWARD.value)
    locale = request.values.get("preview_locale", "es")
    if kind not in documents.KIND_LABELS or locale not in documents.LOCALES:
        abort(404)
    settings_ = queries.settings_for(edition)
    if form.is_submitted():
        if not form.validate_on_submit():
            return render_template("certificates/organiser/preview_error.html",
                                   messages=[m for ms in form.errors.values() for m in ms
                                             if isinstance(m, str)]), 400
        try:
            settings_ = services.settings_with(edition, form.values(), form.logo_bytes(),
                                               form.remove_logo.data)
        except services.CertificateError as error:
            db.session.rollback()
            return render_template("certificates/organiser/preview_error.html",
                                   messages=[str(error)]), 400
    pdf = rendering.render_certificate(_sample_context(edition, settings_, kind, locale))
    response = send_file(io.BytesIO(pdf), mimetype="application/pdf",
                         download_name=f"preview-{kind}-{locale}.pdf")
    response.headers["Content-Disposition"] = f'inline; filename="preview-{kind}-{locale}.pdf"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _sample_context(edition: Edition, settings_, kind: str, locale: str) -> dict:
    category = next((c for c in edition.categories if c.is_jury), None) or next(
        iter(edition.categories), None)
    if kind == CertificateKind.JURY.value:
        name, detail, place, category = "Ana María Núñez Peña", "", None, None
    else:
        name = documents.municipality_title("San Miguel", locale)
        detail = documents.mayor_line("Eduardo Bless Cabrejas", locale)
        place = {CertificateKind.AWARD.value: "gold", CertificateKind.MENTION.value: "mention"}.get(kind)
    facts = documents.Facts(kind=kind, locale=locale, recipient_name=name, recipient_detail=detail,
                            short_code=codes.new_short_code(), code=codes.new_code(), place=place,
                            category_es=category.name_es if category else "",
                            category_en=(category.name_en or "") if category else "",
                            nomination_title="Centro Integrado de Seguridad")
    parts = documents.edition_parts(edition, settings_, _base_url())
    return documents.certificate_context(facts, parts, sample=True)


@bp.get(f"{ORGANISER_PREFIX}/logo")
@manager_required
def logo(year: int):
    settings_ = queries.settings_for(edition_or_404(year))
    if not settings_.logo_sha256:
        abort(404)
    return send_file(storage.path_for(settings_.logo_sha256), mimetype=settings_.logo_content_type)


# -- downloads ----------------------------------------------------------------------------------

@bp.get("/certificates/<int:certificate_id>.pdf")
@login_required
def download(certificate_id: int):
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None:
        abort(404)
    if not permissions.can_download_certificate(current_user, certificate):
        abort(403)
    return send_file(storage.path_for(certificate.pdf_sha256), mimetype="application/pdf",
                     as_attachment=True, download_name=services.pdf_filename(certificate))


# -- the public check ---------------------------------------------------------------------------

@bp.get("/verify")
@limiter.limit(_check_limit)
def verify():
    form = VerifyForm(request.args)
    if "code" not in request.args:
        return render_template("certificates/public/verify.html", form=VerifyForm(formdata=None))
    parsed = codes.parse(form.code.data or "") if form.validate() else None
    if parsed is None:
        form.code.errors = list(form.code.errors) + [
            _("That is not a valid code. It looks like SCA-7K2M-9QXP: check each character.")]
        return render_template("certificates/public/verify.html", form=form), 400
    return redirect(url_for(".verify_code", code=parsed[1]))


@bp.get("/verify/<code>")
@limiter.limit(_check_limit)
def verify_code(code: str):
    certificate = queries.find_for_check(code)
    if certificate is None:
        return render_template("certificates/public/verify.html", form=VerifyForm(formdata=None),
                               not_found=code), 404
    return render_template("certificates/public/check.html", **_check_view(certificate))


def _check_view(certificate: Certificate) -> dict:
    subject = queries.subjects_for([certificate])[0]
    replacement = (db.session.get(Certificate, certificate.replaced_by_id)
                   if certificate.replaced_by_id else None)
    return {"certificate": certificate, "subject": subject, "replacement": replacement,
            "edition": db.session.get(Edition, certificate.edition_id),
            "kind_labels": documents.KIND_LABELS, "place_labels": documents.PLACE_DISTINCTIONS}
