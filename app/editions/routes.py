"""Organisers set up editions, their categories and rubrics; the public sees the edition page."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from app.accounts.permissions import require
from app.editions import services
from app.editions.forms import CategoryForm, CriterionForm, EditionForm
from app.editions.lookups import edition_or_404
from app.editions.models import Category, Edition, EditionStatus, RubricCriterion
from app.editions.permissions import can_manage_editions, is_public
from app.extensions import db
from app.db_types import utcnow
from app.i18n import to_local, to_utc
from app.nominations.permissions import nominations_are_open
from app.publication.routes import closing_context

bp = Blueprint("editions", __name__)
manager_required = require(can_manage_editions)

DATETIME_FIELDS = ("nominations_open_at", "nominations_close_at", "judging_close_at", "ceremony_at")


def _category_or_404(edition: Edition, code: str) -> Category:
    category = next((c for c in edition.categories if c.code == code.upper()), None)
    if category is None:
        abort(404)
    return category


def _edition_values(form: EditionForm) -> dict:
    values = {name: form[name].data for name in services.EDITION_FIELDS}
    values["name"] = values["name"].strip()
    values["ceremony_place"] = (values["ceremony_place"] or "").strip()
    for name in DATETIME_FIELDS:
        values[name] = to_utc(values[name], form.timezone.data)
    return values


def _fill_local_times(form: EditionForm, edition: Edition) -> None:
    for name in DATETIME_FIELDS:
        local = to_local(getattr(edition, name), edition.timezone)
        form[name].data = local.replace(tzinfo=None) if local else None


@bp.get("/organiser/editions")
@manager_required
def list_editions():
    editions = db.session.scalars(select(Edition).order_by(Edition.year.desc())).all()
    return render_template("editions/organiser/list.html", editions=editions)


@bp.route("/organiser/editions/new", methods=["GET", "POST"])
@manager_required
def create_edition():
    form = EditionForm()
    if form.validate_on_submit():
        try:
            edition = services.create_edition(_edition_values(form))
        except services.EditionError as error:
            flash(str(error), "error")
        else:
            flash(_("Edition created."), "success")
            return redirect(url_for("editions.show_edition", year=edition.year))
    return render_template("editions/organiser/edition_form.html", form=form, edition=None)


@bp.get("/organiser/editions/<int:year>")
@manager_required
def show_edition(year: int):
    edition = edition_or_404(year)
    transitions = [(t, services.transition_problems(edition, t.name))
                   for t in services.available_transitions(edition)]
    return render_template("editions/organiser/edition.html", edition=edition,
                           transitions=transitions, statuses=list(EditionStatus),
                           **closing_context(edition))


@bp.route("/organiser/editions/<int:year>/edit", methods=["GET", "POST"])
@manager_required
def edit_edition(year: int):
    edition = edition_or_404(year)
    form = EditionForm(obj=edition)
    if not form.is_submitted():
        _fill_local_times(form, edition)
    if form.validate_on_submit():
        try:
            services.update_edition(edition, _edition_values(form))
        except services.EditionError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            flash(_("Edition saved."), "success")
            return redirect(url_for("editions.show_edition", year=edition.year))
    return render_template("editions/organiser/edition_form.html", form=form, edition=edition)


@bp.post("/organiser/editions/<int:year>/transitions/<name>")
@manager_required
def transition(year: int, name: str):
    edition = edition_or_404(year)
    if name not in services.TRANSITIONS:
        abort(404)
    try:
        services.apply_transition(edition, name)
    except services.EditionError as error:
        flash(str(error), "error")
    else:
        flash(_("Status changed."), "success")
    return redirect(url_for("editions.show_edition", year=year))


def _category_values(form: CategoryForm) -> dict:
    values = {name: form[name].data for name in services.CATEGORY_FIELDS}
    if values["position"] is None:
        values.pop("position")
    for name in ("name_es", "name_en", "description_es", "description_en"):
        values[name] = (values[name] or "").strip()
    return values


@bp.route("/organiser/editions/<int:year>/categories/new", methods=["GET", "POST"])
@manager_required
def create_category(year: int):
    edition = edition_or_404(year)
    form = CategoryForm()
    if not form.is_submitted():
        form.admits_municipality.data = True
    if form.validate_on_submit():
        try:
            category = services.create_category(edition, _category_values(form))
        except services.EditionError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            flash(_("Category created."), "success")
            return redirect(url_for("editions.show_category", year=year, code=category.code))
    return render_template("editions/organiser/category_form.html", form=form, edition=edition,
                           category=None)


@bp.get("/organiser/editions/<int:year>/categories/<code>")
@manager_required
def show_category(year: int, code: str):
    edition = edition_or_404(year)
    category = _category_or_404(edition, code)
    return render_template("editions/organiser/category.html", edition=edition, category=category,
                           form=CriterionForm())


@bp.route("/organiser/editions/<int:year>/categories/<code>/edit", methods=["GET", "POST"])
@manager_required
def edit_category(year: int, code: str):
    edition = edition_or_404(year)
    category = _category_or_404(edition, code)
    form = CategoryForm(obj=category)
    if form.validate_on_submit():
        try:
            services.update_category(category, _category_values(form))
        except services.EditionError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            flash(_("Category saved."), "success")
            return redirect(url_for("editions.show_category", year=year, code=category.code))
    return render_template("editions/organiser/category_form.html", form=form, edition=edition,
                           category=category)


def _criterion_values(form: CriterionForm) -> dict:
    values = {name: form[name].data for name in services.CRITERION_FIELDS}
    if values["position"] is None:
        values.pop("position")
    for name in ("name_es", "name_en", "guidance_es", "guidance_en"):
        values[name] = (values[name] or "").strip()
    return values


@bp.post("/organiser/editions/<int:year>/categories/<code>/criteria")
@manager_required
def add_criterion(year: int, code: str):
    edition = edition_or_404(year)
    category = _category_or_404(edition, code)
    form = CriterionForm()
    if form.validate_on_submit():
        try:
            services.add_criterion(category, _criterion_values(form))
        except services.EditionError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            flash(_("Criterion added."), "success")
            return redirect(url_for("editions.show_category", year=year, code=category.code))
    return render_template("editions/organiser/category.html", edition=edition, category=category,
                           form=form), 400


def _criterion_or_404(category: Category, criterion_id: int) -> RubricCriterion:
    criterion = db.session.get(RubricCriterion, criterion_id)
    if criterion is None or criterion.category_id != category.id:
        abort(404)
    return criterion


@bp.route("/organiser/editions/<int:year>/categories/<code>/criteria/<int:criterion_id>/edit",
          methods=["GET", "POST"])
@manager_required
def edit_criterion(year: int, code: str, criterion_id: int):
    edition = edition_or_404(year)
    category = _category_or_404(edition, code)
    criterion = _criterion_or_404(category, criterion_id)
    form = CriterionForm(obj=criterion)
    if form.validate_on_submit():
        try:
            services.update_criterion(criterion, _criterion_values(form))
        except services.EditionError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            flash(_("Criterion saved."), "success")
            return redirect(url_for("editions.show_category", year=year, code=category.code))
    return render_template("editions/organiser/criterion_form.html", form=form, edition=edition,
                           category=category, criterion=criterion)


@bp.post("/organiser/editions/<int:year>/categories/<code>/criteria/<int:criterion_id>/delete")
@manager_required
def delete_criterion(year: int, code: str, criterion_id: int):
    edition = edition_or_404(year)
    category = _category_or_404(edition, code)
    criterion = _criterion_or_404(category, criterion_id)
    try:
        services.delete_criterion(criterion)
    except services.EditionError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        flash(_("Criterion removed."), "info")
    return redirect(url_for("editions.show_category", year=year, code=category.code))


@bp.get("/editions/<int:year>")
def public_edition(year: int):
    """The call for nominations: categories, who may be nominated, rubrics, timeline."""
    edition = edition_or_404(year)
    if not is_public(edition):
        abort(404)
    open_now = nominations_are_open(edition)
    days_left = (edition.nominations_close_at - utcnow()).days if open_now else 0
    return render_template("editions/public/edition.html", edition=edition, open_now=open_now,
                           days_left=days_left)
