"""Organiser pages of the ranking category: its ranking settings and its deliberation."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.accounts.permissions import require
from app.awards import labels, permissions, services
from app.awards.forms import ConfirmPlacesForm, RankingSettingsForm
from app.editions.models import Category, CategoryKind, Edition, EditionStatus
from app.extensions import db

bp = Blueprint("awards", __name__, url_prefix="/organiser/editions/<int:year>/categories/<code>")
manager_required = require(permissions.can_manage_awards)


def _ranking_category_or_404(year: int, code: str) -> Category:
    edition = db.session.scalar(select(Edition).where(Edition.year == year))
    category = next((c for c in edition.categories if c.code == code.upper()), None) if edition else None
    if category is None or category.kind != CategoryKind.RANKING.value:
        abort(404)
    return category


@bp.route("/ranking", methods=["GET", "POST"])
@manager_required
def ranking_settings(year: int, code: str):
    category = _ranking_category_or_404(year, code)
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


def _show_error(form: RankingSettingsForm, error: services.AwardError) -> None:
    if error.field and error.field in form:
        form[error.field].errors = list(form[error.field].errors) + [str(error)]
    else:
        flash(str(error), "error")


def _render_deliberation(category: Category, form: ConfirmPlacesForm | None = None,
                         problems: list[str] = (), positions: set[int] = frozenset(),
                         status: int = 200):
    view = services.deliberation(category)
    if form is None:
        rows = [{"municipality": a.municipality.official_code, "shared": False, "reason": ""}
                for a in view.awards]
        form = ConfirmPlacesForm(formdata=None, data={"places": rows + [{}]})
    form.set_municipalities([(r.code, r.name) for r in view.rows if r.rank is not None])
    user = current_user
    return render_template(
        "awards/organiser/deliberation.html", category=category, edition=category.edition,
        view=view, form=form, problems=problems, positions=positions, statuses=EditionStatus,
        place_labels=labels.PLACE_LABELS,
        places_by_code={a.municipality.official_code: a for a in view.awards},
        can_recompute=permissions.can_recompute_places(user, category, view.awards),
        can_confirm=permissions.can_confirm_places(user, category, view.awards),
        can_change_settings=permissions.can_change_ranking_settings(user, category, view.awards),
    ), status


@bp.get("/deliberation")
@manager_required
def deliberation(year: int, code: str):
    return _render_deliberation(_ranking_category_or_404(year, code))


@bp.post("/places/recompute")
@manager_required
def recompute_places(year: int, code: str):
    category = _ranking_category_or_404(year, code)
    try:
        awards = services.recompute_provisional_places(category)
    except services.AwardError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        flash(_("Provisional places recomputed; places filled: %(count)d.", count=len(awards)), "success")
    return redirect(url_for(".deliberation", year=year, code=category.code))


@bp.post("/places/confirm")
@manager_required
def confirm_places(year: int, code: str):
    category = _ranking_category_or_404(year, code)
    form = ConfirmPlacesForm()
    if not form.validate_on_submit():
        problems = [str(m) for entry in form.places for messages in entry.form.errors.values()
                    for m in messages] or [_("The form could not be read; reload the page.")]
        return _render_deliberation(category, form, problems, status=400)
    try:
        services.confirm_places(category, current_user, form.choices())
    except services.PlacesRefused as refused:
        db.session.rollback()
        return _render_deliberation(category, form, refused.messages, refused.positions, 400)
    except services.AwardError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        flash(_("Places confirmed."), "success")
    return redirect(url_for(".deliberation", year=year, code=category.code))
