"""The public library of experiences, and the organisers' import of earlier editions' awards."""
from __future__ import annotations

import re
from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_currency, format_date
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app import storage
from app.accounts.permissions import require
from app.extensions import db
from app.judging.imports import MAX_BYTES
from app.library import history, queries, services
from app.library.forms import HistoryConfirmForm, HistoryUploadForm
from app.library.labels import template_labels
from app.library.models import HistoricalAward, LibraryEntry
from app.library.permissions import can_manage_history
from app.nominations.uploads import attachment_response
from app.previews import previewed_file

bp = Blueprint("library", __name__, url_prefix="/experiencias")
admin_bp = Blueprint("library_admin", __name__, url_prefix="/organiser/library")
bp.context_processor(template_labels)
admin_bp.context_processor(template_labels)
history_managers = require(can_manage_history)

PERIOD_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


# -- public ------------------------------------------------------------------------------------

@bp.get("")
def index():
    filters = queries.filters_from(request.args)
    return render_template("library/public/index.html", filters=filters,
                           pagination=queries.page(filters), options=queries.options())


def _entry_or_404(entry_id: int) -> LibraryEntry:
    entry = queries.visible_entry(entry_id)
    if entry is None:
        abort(404)
    return entry


def _month(text: str) -> str:
    match = PERIOD_RE.match(text or "")
    if not match:
        return text or ""
    return format_date(date(int(match[1]), int(match[2]), 1), "MMMM y")


@bp.get("/<int:entry_id>")
def entry(entry_id: int):
    entry = _entry_or_404(entry_id)
    budget = (format_currency(entry.budget_amount, entry.budget_currency)
              if entry.budget_amount is not None and entry.budget_currency else "")
    return render_template("library/public/entry.html", entry=entry,
                           documents=queries.public_documents(entry),
                           period=(_month(entry.period_start), _month(entry.period_end)),
                           budget=budget)


@bp.get("/<int:entry_id>/documentos/<int:attachment_id>")
def document(entry_id: int, attachment_id: int):
    """A document its submitter marked public, of a programme in the library; 404 otherwise."""
    attachment = queries.public_document(_entry_or_404(entry_id), attachment_id)
    if attachment is None:
        abort(404)
    return attachment_response(attachment)


# -- organisers: history -----------------------------------------------------------------------

def _render_history(upload: HistoryUploadForm, plan: history.Plan | None = None,
                    status: int = 200):
    confirm = (HistoryConfirmForm(formdata=None, sha256=plan.sha256, filename=plan.filename)
               if plan and plan.ok else None)
    return render_template(
        "library/organiser/history.html", upload=upload, plan=plan, confirm=confirm,
        describe=history.describe, awards=services.historical_awards(),
        first_year=history.FIRST_YEAR, last_year=history.LAST_YEAR,
        max_mb=MAX_BYTES // (1024 * 1024)), status


def _filename(name: str) -> str:
    """Only the last part of a path a browser may send, at most 120 characters."""
    return re.split(r"[/\\]", name or "")[-1].strip()[:120] or "history"


@admin_bp.get("/history")
@history_managers
def show_history():
    return _render_history(HistoryUploadForm())


@admin_bp.post("/history")
@history_managers
def preview_history():
    """Check the uploaded file and show what it would record; nothing is written but the file."""
    upload = HistoryUploadForm()
    if not upload.validate_on_submit():
        return _render_history(upload, status=400)
    data = upload.file.data.stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        upload.file.errors = [history.describe(history.Problem(
            None, "too_large", {"mb": MAX_BYTES // (1024 * 1024)}))]
        return _render_history(upload, status=413)
    plan = services.preview_history(data, _filename(upload.file.data.filename))
    if plan.ok:
        storage.store(data)
    return _render_history(HistoryUploadForm(formdata=None), plan, 200 if plan.ok else 422)


@admin_bp.post("/history/confirm")
@history_managers
def confirm_history():
    """Import the previewed file; its rows are checked again, as anything may have changed."""
    form = HistoryConfirmForm()
    data = previewed_file(form)
    if data is None:
        return redirect(url_for(".show_history"))
    try:
        plan = services.import_history(data, _filename(form.filename.data),
                                       actor_id=current_user.id)
    except services.HistoryImportRefused as refused:
        return _render_history(HistoryUploadForm(formdata=None), refused.plan, 409)
    flash(ngettext("%(num)d award imported from %(file)s.",
                   "%(num)d awards imported from %(file)s.", len(plan.awards), file=plan.filename)
          + (" " + ngettext("%(num)d row was imported before and was skipped.",
                            "%(num)d rows were imported before and were skipped.",
                            len(plan.skipped)) if plan.skipped else ""), "success")
    return redirect(url_for(".show_history"))


@admin_bp.post("/history/<int:award_id>/delete")
@history_managers
def delete_history(award_id: int):
    award = db.session.get(HistoricalAward, award_id)
    if award is None:
        abort(404)
    try:
        services.delete_historical_award(award, actor_id=current_user.id)
    except services.LibraryError as error:
        flash(str(error), "error")
    else:
        flash(_("The award “%(title)s” (%(year)d) was deleted.", title=award.title,
                year=award.year), "info")
    return redirect(url_for(".show_history"))
