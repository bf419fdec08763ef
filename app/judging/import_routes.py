"""Organisers import a category's paper or meeting scores (upload → preview → confirm) and
download its submitted reviews as CSV or XLSX."""
from __future__ import annotations

import io
import re

from flask import Blueprint, abort, flash, redirect, render_template, send_file, url_for
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from sqlalchemy import select
from wtforms import HiddenField
from wtforms.validators import DataRequired, Length, Regexp

from app import storage
from app.accounts.permissions import organiser_required
from app.audit.models import AuditEvent
from app.editions.models import Category, Edition
from app.extensions import db
from app.judging import imports
from app.previews import previewed_file

bp = Blueprint("review_imports", __name__,
               url_prefix="/organiser/editions/<int:year>/categories/<code>/reviews")

class UploadForm(FlaskForm):
    file = FileField(_l("Scores file (CSV or XLSX)"),
                     validators=[FileRequired(_l("Choose the file to import."))])


class ConfirmForm(FlaskForm):
    """The preview's file, kept in storage under its checksum until the organiser confirms."""
    sha256 = HiddenField(validators=[DataRequired(), Regexp(r"^[0-9a-f]{64}$")])
    filename = HiddenField(validators=[DataRequired(), Length(max=200)])


def _category_or_404(year: int, code: str) -> Category:
    category = db.session.scalar(
        select(Category).join(Edition, Edition.id == Category.edition_id)
        .where(Edition.year == year, Category.code == code.upper()))
    if category is None or not category.is_jury:
        abort(404)
    return category


def _earlier_imports(category: Category) -> list[AuditEvent]:
    return list(db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "reviews.imported",
                                 AuditEvent.object_type == Category.__tablename__,
                                 AuditEvent.object_id == str(category.id))
        .order_by(AuditEvent.occurred_at.desc()).limit(20)))


def _render(category: Category, upload: UploadForm, plan: imports.Plan | None = None,
            status: int = 200):
    confirm = (ConfirmForm(formdata=None, sha256=plan.sha256, filename=plan.filename)
               if plan else None)
    return render_template(
        "judging/organiser/review_import.html", category=category, edition=category.edition,
        upload=upload, plan=plan, confirm=confirm, blocker=imports.category_problem(category),
        describe=imports.describe, earlier=_earlier_imports(category),
        max_mb=imports.MAX_BYTES // (1024 * 1024)), status


@bp.get("/import")
@organiser_required
def show_import(year: int, code: str):
    return _render(_category_or_404(year, code), UploadForm())


def _filename(name: str) -> str:
    """Only the last part of a path a browser may send, at most 120 characters."""
    return re.split(r"[/\\]", name or "")[-1].strip()[:120] or "scores"


def _too_large(category: Category, upload: UploadForm):
    upload.file.errors = [str(imports.describe(imports.Problem(
        None, "too_large", {"mb": imports.MAX_BYTES // (1024 * 1024)})))]
    return _render(category, upload, status=413)


@bp.post("/import")
@organiser_required
def preview_import(year: int, code: str):
    """Check the uploaded file and show what it would record; nothing is written but the file."""
    category = _category_or_404(year, code)
    upload = UploadForm()
    if not upload.validate_on_submit():
        return _render(category, upload, status=400)
    data = upload.file.data.stream.read(imports.MAX_BYTES + 1)
    if len(data) > imports.MAX_BYTES:
        return _too_large(category, upload)
    plan = imports.preview(category, data, _filename(upload.file.data.filename))
    if plan.ok:
        storage.store(data)
    return _render(category, UploadForm(formdata=None), plan, 200 if plan.ok else 422)


@bp.post("/import/confirm")
@organiser_required
def confirm_import(year: int, code: str):
    """Import the previewed file; the rows are checked again, as anything may have changed."""
    category = _category_or_404(year, code)
    form = ConfirmForm()
    data = previewed_file(form)
    if data is None:
        return redirect(url_for(".show_import", year=year, code=category.code))
    try:
        plan = imports.import_reviews(category, data, _filename(form.filename.data),
                                      actor_id=current_user.id)
    except imports.ImportRefused as refused:
        return _render(category, UploadForm(formdata=None), refused.plan, 409)
    flash(ngettext("%(num)d review imported from %(file)s.",
                   "%(num)d reviews imported from %(file)s.", len(plan.reviews),
                   file=plan.filename), "success")
    return redirect(url_for(".show_import", year=year, code=category.code))


def _download(category: Category, extension: str, content: bytes, mimetype: str):
    response = send_file(io.BytesIO(content), mimetype=mimetype, as_attachment=True,
                         download_name=imports.export_filename(category, extension), max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/export.csv")
@organiser_required
def export_csv(year: int, code: str):
    category = _category_or_404(year, code)
    return _download(category, "csv", imports.to_csv(imports.export_rows(category)),
                     "text/csv; charset=utf-8")


@bp.get("/export.xlsx")
@organiser_required
def export_xlsx(year: int, code: str):
    category = _category_or_404(year, code)
    return _download(category, "xlsx", imports.to_xlsx(imports.export_rows(category)),
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
