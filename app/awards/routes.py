"""Organiser pages of deliberation: the edition's overview, each category's deliberation (jury
or ranking), and the ranking category's settings."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.permissions import require
from app.awards import labels, permissions, services
from app.awards.forms import ConfirmPlacesForm, RankingSettingsForm, ReasonForm
from app.editions.lookups import edition_or_404
from app.editions.models import Category, CategoryKind, EditionStatus
from app.extensions import db
from app.judging.results_routes import number_formatter

bp = Blueprint("awards", __name__, url_prefix="/organiser/editions/<int:year>")
manager_required = require(permissions.can_manage_awards)

# The reason forms of the deliberation page, by the prefix of their fields.
VOID, UNDO_VOID, REOPEN = "void", "undo_void", "reopen"


def _category_or_404(year: int, code: str, kind: str | None = None) -> Category:
    edition = edition_or_404(year)
    category = next((c for c in edition.categories if c.code == code.upper()), None)
    if category is None or (kind is not None and category.kind != kind):
        abort(404)
    return category


@bp.get("/deliberation")
@manager_required
def overview(year: int):
    edition = edition_or_404(year)
    return render_template("awards/organiser/overview.html", edition=edition,
                           overview=services.overview(edition), statuses=EditionStatus)


@bp.route("/categories/<code>/ranking", methods=["GET", "POST"])
@manager_required
def ranking_settings(year: int, code: str):
    category = _category_or_404(year, code, CategoryKind.RANKING.value)
    periods = services.imported_periods()
    groups = services.municipality_groups()
    form = RankingSettingsForm()
    form.set_periods(periods, category)
    refused = False
    if not form.is_submitted():
        form.fill(category, periods)
    elif request.form.get("group"):
        form.apply_group(request.form["group"],
                         {province: [m.official_code for m in items] for province, items in groups})
    elif form.validate_on_submit():
        try:
            services.save_ranking_settings(category, form.settings())
        except services.AwardError as error:
            db.session.rollback()
            refused = True
            _show_error(form, error)
        else:
            flash(_("Ranking settings saved."), "success")
            return redirect(url_for(".deliberation", year=year, code=category.code))
    awards = services.category_awards(category)
    status = 400 if refused or form.errors else 200
    return render_template("awards/organiser/ranking_settings.html", form=form, category=category,
                           edition=category.edition, periods=periods, groups=groups,
                           refusal=services.settings_refusal(category, awards),
                           can_change=permissions.can_change_ranking_settings(
                               current_user, category, awards)), status


def _show_error(form, error: services.AwardError) -> None:
    if error.field and error.field in form:
        form[error.field].errors = list(form[error.field].errors) + [str(error)]
    else:
        flash(str(error), "error")


def _reason_forms(submitted: tuple[str, ReasonForm] | None) -> dict[str, ReasonForm]:
    """Empty reason forms, except the one just submitted, which keeps what was typed."""
    forms = {prefix: ReasonForm(prefix=prefix, formdata=None) for prefix in (VOID, UNDO_VOID, REOPEN)}
    if submitted is not None:
        forms[submitted[0]] = submitted[1]
    return forms


def _render_deliberation(category: Category, form: ConfirmPlacesForm | None = None,
                         problems: list[str] = (), positions: set[int] = frozenset(),
                         reason_form: tuple[str, ReasonForm] | None = None, status: int = 200):
    view = services.deliberation(category)
    if form is None:
        rows = [{"candidate": services.award_key(a), "shared": False, "reason": ""}
                for a in view.awards]
        form = ConfirmPlacesForm(formdata=None, data={"places": rows + [{}]})
    form.set_candidates([(c.key, c.name) for c in view.candidates if c.rank is not None])
    user, awards = current_user, view.awards
    return render_template(
        "awards/organiser/deliberation.html", category=category, edition=category.edition,
        view=view, form=form, problems=problems, positions=positions, statuses=EditionStatus,
        place_labels=labels.PLACE_LABELS, reason_forms=_reason_forms(reason_form),
        number=number_formatter(),
        can_recompute=permissions.can_recompute_places(user, category, awards),
        can_confirm=permissions.can_confirm_places(user, category, awards),
        can_reopen=permissions.can_reopen_places(user, category, awards),
        can_declare_void=permissions.can_declare_void(user, category, awards),
        can_undo_void=permissions.can_undo_void(user, category),
        can_change_settings=(not category.is_jury and permissions.can_change_ranking_settings(
            user, category, awards)),
    ), status


@bp.get("/categories/<code>/deliberation")
@manager_required
def deliberation(year: int, code: str):
    return _render_deliberation(_category_or_404(year, code))


def _back(category: Category):
    return redirect(url_for(".deliberation", year=category.edition.year, code=category.code))


@bp.post("/categories/<code>/places/recompute")
@manager_required
def recompute_places(year: int, code: str):
    category = _category_or_404(year, code)
    try:
        awards = services.recompute_provisional_places(category)
    except services.AwardError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        flash(_("Provisional places recomputed; places filled: %(count)d.", count=len(awards)), "success")
    return _back(category)


@bp.post("/categories/<code>/places/confirm")
@manager_required
def confirm_places(year: int, code: str):
    category = _category_or_404(year, code)
    form = ConfirmPlacesForm()
    if not form.validate_on_submit():
        problems = [str(m) for entry in form.places for messages in entry.form.errors.values()
                    for m in messages] or [_("The form could not be read; reload the page.")]
        return _render_deliberation(category, form, problems, status=400)
    try:
        services.confirm_places(category, current_user, form.choices())
    except services.PlacesRefused as refused:
        db.session.rollback()
        return _render_deliberation(category, form, refused.messages, refused.positions,
                                    status=400)
    except services.AwardError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        flash(_("Places confirmed."), "success")
    return _back(category)


def _decide_with_reason(year: int, code: str, prefix: str, action, done: str):
    """Run a decision that needs only a reason; an empty or refused reason keeps what was typed."""
    category = _category_or_404(year, code)
    form = ReasonForm(prefix=prefix)
    if not form.validate_on_submit():
        return _render_deliberation(category, reason_form=(prefix, form), status=400)
    try:
        action(category, current_user, form.reason.data)
    except services.AwardError as error:
        db.session.rollback()
        if error.field == "reason":
            form.reason.errors = list(form.reason.errors) + [str(error)]
            return _render_deliberation(category, reason_form=(prefix, form), status=400)
        flash(str(error), "error")
    else:
        flash(done, "success")
    return _back(category)


@bp.post("/categories/<code>/places/reopen")
@manager_required
def reopen_places(year: int, code: str):
    return _decide_with_reason(year, code, REOPEN, services.reopen_places,
                               _("The places were reopened; the provisional places follow the "
                                 "order again."))


@bp.post("/categories/<code>/void")
@manager_required
def declare_void(year: int, code: str):
    return _decide_with_reason(year, code, VOID, services.declare_void,
                               _("The category was declared void."))


@bp.post("/categories/<code>/void/undo")
@manager_required
def undo_void(year: int, code: str):
    return _decide_with_reason(year, code, UNDO_VOID, services.undo_void,
                               _("The category is no longer void; its provisional places were "
                                 "filled from the order."))
