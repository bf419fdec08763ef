"""The organiser imports survey files from the browser: upload, preview, confirm (or cancel).

The uploaded file waits in a staging folder under an unguessable token that only the session
which uploaded it knows; the import itself is `staging.import_staged`, the same all-or-nothing
import as the CLI's, run with exactly the choices shown in the last preview.
"""
from __future__ import annotations

from datetime import date

from flask import (Blueprint, abort, current_app, flash, redirect, render_template, request,
                   session, url_for)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from app.accounts.permissions import organiser_required
from app.extensions import db
from app.perception import forms, services, staging
from app.perception.periods import parse_period

bp = Blueprint("perception_admin", __name__, url_prefix="/organiser/perception")

SESSION_KEY = "perception_uploads"
SESSION_UPLOADS = 5  # staged files one session keeps; older ones are deleted
DEFAULT_MAX_UPLOAD_BYTES = 100 * 1024 * 1024
PROBLEMS_SHOWN = 100


def _max_upload_bytes() -> int:
    return int(current_app.config.get("PERCEPTION_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES))


@bp.get("")
@organiser_required
def list_imports():
    return render_template("perception/organiser/list.html", history=services.import_history(),
                           shape_labels=forms.SHAPE_LABELS)


@bp.route("/import", methods=["GET", "POST"])
@organiser_required
def upload():
    limit = _max_upload_bytes()
    # Up to the limit the file is checked with the typed fields kept; far beyond it the request
    # is not even read.
    request.max_content_length = 2 * limit + 1024 * 1024
    try:
        form = forms.UploadForm()
        submitted = form.validate_on_submit()
    except RequestEntityTooLarge:
        form = forms.UploadForm(formdata=None)
        flash(_("The file is larger than %(mb)d MB; nothing was uploaded.", mb=limit // (1024 * 1024)),
              "error")
        return _render_upload(form, limit, 413)
    if submitted:
        upload_file = form.file.data
        try:
            staged = staging.stage_upload(upload_file.stream, forms.base_filename(upload_file.filename),
                                           current_user.id, forms.details_of(form), limit)
        except staging.UploadRefused as refusal:
            form.file.errors.append(str(refusal.message))
        else:
            _remember(staged.token)
            return redirect(url_for(".preview", token=staged.token))
    return _render_upload(form, limit, 400 if request.method == "POST" else 200)


def _render_upload(form: forms.UploadForm, limit: int, status: int):
    return render_template("perception/organiser/upload.html", form=form,
                           max_mb=limit // (1024 * 1024)), status


@bp.get("/import/<token>")
@organiser_required
def preview(token: str):
    staged = _staged_or_404(token)
    form = forms.PreviewForm(formdata=None, data=_form_data(staged.settings))
    return _render_preview(staged, form, staged.settings)


@bp.post("/import/<token>")
@organiser_required
def confirm(token: str):
    """"Update the preview" or "Import", from the preview form."""
    staged = _staged_or_404(token)
    form = forms.PreviewForm()
    if not form.validate_on_submit():
        return _render_preview(staged, form, forms.settings_of(form), status=400)
    settings = forms.settings_of(form)
    staged = staging.save_staged_settings(staged, settings)
    if request.form.get("action") != "import":
        return _render_preview(staged, form, settings)
    if form.previewed.data != forms.fingerprint(settings):
        return _render_preview(staged, form, settings, status=409, notice=_(
            "The choices changed since this preview was shown. Check the preview below, then "
            "import again."))
    quarter = str(parse_period(settings["period"]))
    if services.active_import(quarter) is not None and not form.replace.data:
        form.replace.errors.append(_(
            "%(period)s already has data: tick this box to replace it, or choose another quarter.",
            period=quarter))
        return _render_preview(staged, form, settings, status=409)
    try:
        survey_import = staging.import_staged(
            staged, quarter, _source(settings, staged.filename), replace=form.replace.data,
            roles=settings["roles"], sheet=_sheet(settings), encoding=settings["encoding"],
            separator=settings["separator"], decimal=settings["decimal"], actor_id=current_user.id)
    except services.ImportRefused:
        db.session.rollback()
        return _render_preview(staged, form, settings, status=422,
                               notice=_("Nothing was imported: the file has the problems listed below."))
    _forget(staged.token)
    flash(_("%(period)s imported: %(districts)d municipalities from %(rows)d rows.",
            period=survey_import.period, districts=len(survey_import.figures),
            rows=survey_import.rows_read), "success")
    return redirect(url_for(".list_imports"))


@bp.post("/import/<token>/cancel")
@organiser_required
def cancel(token: str):
    staged = _staged_or_404(token)
    staging.discard_upload(staged.token)
    _forget(staged.token)
    flash(_("Import cancelled; the uploaded file was deleted."), "info")
    return redirect(url_for(".list_imports"))


def _render_preview(staged: staging.StagedUpload, form: forms.PreviewForm, settings: dict,
                    status: int = 200, notice: str | None = None):
    """Compute the preview with these choices, and set the form to what it shows."""
    try:
        quarter = str(parse_period(settings.get("period") or ""))
    except ValueError:
        quarter = None
    result = staging.preview_staged(
        staged, quarter, roles=settings.get("roles"), sheet=_sheet(settings),
        encoding=settings.get("encoding"), separator=settings.get("separator"),
        decimal=settings.get("decimal"))
    forms.show_dialect(form, result.dialect)
    forms.show_roles(form, result.headers, result.roles)
    form.previewed.data = forms.fingerprint(forms.settings_of(form))
    return render_template(
        "perception/organiser/preview.html", staged=staged, form=form, result=result,
        quarter=quarter, problems=result.problems[:PROBLEMS_SHOWN], notice=notice,
        role_labels=forms.ROLE_LABELS, shape_labels=forms.SHAPE_LABELS), status


def _form_data(settings: dict) -> dict:
    data = {name: settings.get(name) for name in forms.DETAIL_FIELDS}
    for name in ("fieldwork_start", "fieldwork_end"):
        data[name] = date.fromisoformat(data[name]) if data[name] else None
    return data


def _source(settings: dict, filename: str) -> services.Source:
    def day(name: str) -> date | None:
        return date.fromisoformat(settings[name]) if settings.get(name) else None
    return services.Source(
        name=(settings.get("source_name") or "").strip() or filename,
        organisation=(settings.get("organisation") or "").strip(),
        fieldwork_start=day("fieldwork_start"), fieldwork_end=day("fieldwork_end"),
        method_notes=(settings.get("method_notes") or "").strip(),
        public_note=(settings.get("public_note") or "").strip(),
        synthetic=bool(settings.get("synthetic")))


def _sheet(settings: dict) -> str | None:
    return (settings.get("sheet") or "").strip() or None


def _staged_or_404(token: str) -> staging.StagedUpload:
    """Only the session that uploaded a file, signed in as its organiser, reaches it."""
    if token not in session.get(SESSION_KEY, []):
        abort(404)
    staged = staging.staged_upload(token, current_user.id)
    if staged is None:
        _forget(token)
        abort(404)
    return staged


def _remember(token: str) -> None:
    tokens = [t for t in session.get(SESSION_KEY, []) if t != token] + [token]
    for old in tokens[:-SESSION_UPLOADS]:
        staging.discard_upload(old)
    session[SESSION_KEY] = tokens[-SESSION_UPLOADS:]


def _forget(token: str) -> None:
    session[SESSION_KEY] = [t for t in session.get(SESSION_KEY, []) if t != token]
