"""Organisers list, read, screen and export the nominations of an edition."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.accounts.permissions import organiser_required
from app.exports.downloads import send_table
from app.nominations import export, queries, services
from app.nominations.forms import ScreeningForm
from app.nominations.models import Nomination

bp = Blueprint("organiser_nominations", __name__, url_prefix="/organiser/nominations")


@bp.get("")
@organiser_required
def list_nominations():
    filters = queries.parse_filters(request.args)
    edition = queries.edition_for(filters.edition)
    if edition is None and filters.edition is not None:
        abort(404)
    form = ScreeningForm(decision=request.args.get("decision"), reason=request.args.get("reason", ""))
    context = {"edition": edition, "filters": filters, "form": form,
               "editions": queries.edition_years(), "screenable": services.SCREENABLE,
               "selected": set(request.args.getlist("selected", type=int))}
    if edition is not None:
        context.update(pagination=queries.page(edition, filters), counts=queries.counts(edition),
                       countries=queries.countries(edition),
                       municipalities=queries.municipalities(edition))
    return render_template("nominations/organiser/list.html", **context)


def _render_detail(nomination: Nomination, form: ScreeningForm, status: int = 200):
    return render_template(
        "nominations/organiser/show.html", nomination=nomination, form=form,
        history=queries.version_history(nomination), screenings=queries.screening_history(nomination),
        duplicates=services.likely_duplicates(nomination), screenable=services.SCREENABLE), status


@bp.get("/<int:nomination_id>")
@organiser_required
def show_nomination(nomination_id: int):
    nomination = queries.with_history(nomination_id)
    if nomination is None:
        abort(404)
    return _render_detail(nomination, ScreeningForm())


def _screened_message(count: int, eligible: bool) -> str:
    if eligible:
        return ngettext("%(num)d nomination marked eligible; its submitter was emailed.",
                        "%(num)d nominations marked eligible; their submitters were emailed.", count)
    return ngettext("%(num)d nomination marked ineligible; its submitter was emailed.",
                    "%(num)d nominations marked ineligible; their submitters were emailed.", count)


def _form_problems(form: ScreeningForm) -> str:
    return " ".join(str(message) for messages in form.errors.values() for message in messages)


@bp.post("/<int:nomination_id>/screening")
@organiser_required
def screen_nomination(nomination_id: int):
    nomination = queries.with_history(nomination_id)
    if nomination is None:
        abort(404)
    form = ScreeningForm()
    if not form.validate_on_submit():
        flash(_form_problems(form), "error")
        return _render_detail(nomination, form, 400)
    eligible = form.decision.data == "eligible"
    try:
        services.screen(current_user, [nomination], eligible, form.reason.data or "")
    except services.NominationError as error:
        flash(str(error), "error")
        return _render_detail(nomination, form, 409)
    flash(_screened_message(1, eligible), "success")
    return redirect(url_for(".show_nomination", nomination_id=nomination.id))


@bp.post("/screening")
@organiser_required
def screen_selected():
    """Bulk screening from the list; a refusal goes back to the list with the ticks and reason kept."""
    filters = queries.parse_filters(request.form)
    ids = request.form.getlist("ids", type=int)
    form = ScreeningForm()
    if not ids:
        flash(_("Tick at least one nomination to screen."), "warning")
        return redirect(url_for(".list_nominations", **filters.args()))
    problem = None if form.validate_on_submit() else _form_problems(form)
    if problem is None:
        eligible = form.decision.data == "eligible"
        try:
            count = services.screen(current_user, queries.by_ids(ids), eligible, form.reason.data or "")
        except services.NominationError as error:
            problem = str(error)
        else:
            flash(_screened_message(count, eligible), "success")
            return redirect(url_for(".list_nominations", **filters.args()))
    flash(problem, "error")
    return redirect(url_for(".list_nominations", **filters.args(), selected=ids,
                            decision=form.decision.data or "", reason=form.reason.data or ""))


def _export(fmt: str):
    filters = queries.parse_filters(request.args)
    edition = queries.edition_for(filters.edition)
    if edition is None:
        abort(404)
    return send_table(export.table(edition, filters), fmt, export.file_stem(edition))


@bp.get("/export.csv")
@organiser_required
def export_csv():
    return _export("csv")


@bp.get("/export.xlsx")
@organiser_required
def export_xlsx():
    return _export("xlsx")
