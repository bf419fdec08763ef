"""Jurors' onboarding (profile, conflict declarations) and the organisers' list of conflicts."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.accounts.permissions import is_juror, require
from app.editions.lookups import edition_or_404
from app.editions.models import Category, Edition
from app.extensions import db
from app.judging import conflicts, profiles
from app.judging.juror_forms import (AddConflictForm, DeclarationForm, DismissConflictForm,
                                     JurorProfileForm)
from app.judging.models import Conflict
from app.municipalities.models import Municipality
from app.nominations.models import Nomination

bp = Blueprint("jurors", __name__)
juror_required = require(is_juror)
manager_required = require(conflicts.can_manage_conflicts)

PROBLEM_MESSAGES = {
    conflicts.REASON_REQUIRED: lambda: _("Give the reason for this conflict."),
    conflicts.UNANSWERED: lambda: _("This nominee was added to the list meanwhile: answer for it too."),
    conflicts.NOT_LISTED: lambda: _("This nomination is not on the list any more."),
}


# -- profile ----------------------------------------------------------------------------------

def _profile_form(profile) -> JurorProfileForm:
    form = JurorProfileForm(obj=profile) if request.method == "GET" else JurorProfileForm()
    if request.method == "GET" and profile is not None:
        form.municipality.data = profile.municipality_id or 0
    if request.method == "GET":
        form.timezone.data = current_user.timezone or ""
    form.country.choices = [("", _("Choose…"))] + profiles.country_choices(str(get_locale() or "es"))
    form.timezone.choices = [("", _("Same as the edition"))] + profiles.timezone_choices(
        str(get_locale() or "es"), current_user.timezone)
    form.municipality.choices = [(0, _("None: I do not work for a municipality"))] + [
        (m.id, f"{m.name} ({m.country})") for m in db.session.scalars(
            select(Municipality).order_by(Municipality.country, Municipality.name))]
    return form


@bp.route("/jury/profile", methods=["GET", "POST"])
@juror_required
def profile():
    form = _profile_form(profiles.profile_of(current_user))
    status = 200
    if form.validate_on_submit():
        try:
            saved = profiles.save_profile(current_user, form.organisation.data, form.country.data,
                                          form.municipality.data, form.expertise.data,
                                          form.timezone.data)
        except profiles.ProfileError as error:
            form[error.field].errors.append(str(error))
        else:
            flash(_("Your juror profile was saved."), "success")
            if saved.new_conflicts:
                flash(_("You work for a nominated municipality: you will not judge its "
                        "nominations."), "info")
            return redirect(url_for(".profile"))
    if form.errors:
        status = 400
    return render_template("judging/juror/profile.html", form=form,
                           categories=conflicts.declarable_categories(current_user)), status


# -- declaration ------------------------------------------------------------------------------

def _declarable_category_or_404(category_id: int) -> Category:
    """The category, if the signed-in juror may declare in it (anonymous: login; others: 403)."""
    category = db.get_or_404(Category, category_id)
    if not conflicts.can_declare(current_user, category):
        abort(403)
    return category


def _blank_declaration(page: conflicts.DeclarationPage) -> DeclarationForm:
    form = DeclarationForm(formdata=None)
    for nomination in page.open_nominations:
        form.answers.append_entry({"nomination_id": str(nomination.id)})
    return form


def _refilled_declaration(page: conflicts.DeclarationPage, posted: DeclarationForm,
                          problems: dict[int, str]) -> DeclarationForm:
    """The posted answers again, over the current list, with each row's problem beside it."""
    answers = {int(e.form.nomination_id.data): e.form for e in posted.answers
               if (e.form.nomination_id.data or "").isdigit()}
    form = DeclarationForm(formdata=None, confirm=posted.confirm.data)
    form.confirm.errors = list(posted.confirm.errors)
    for nomination in page.open_nominations:
        previous = answers.get(nomination.id)
        data = {"nomination_id": str(nomination.id)}
        if previous is not None:
            data.update(answer=previous.answer.data, reason=previous.reason.data)
        entry = form.answers.append_entry(data)
        if previous is not None:
            entry.form.reason.errors = list(previous.reason.errors)
            entry.form.answer.errors = list(previous.answer.errors)
        problem = problems.get(nomination.id)
        if problem == conflicts.REASON_REQUIRED:
            entry.form.reason.errors = [PROBLEM_MESSAGES[problem]()]
        elif problem is not None:
            entry.form.answer.errors = [PROBLEM_MESSAGES[problem]()]
    return form


def _render_declaration(category: Category, page: conflicts.DeclarationPage,
                        form: DeclarationForm, add_forms: dict | None = None, status: int = 200):
    add_forms = add_forms or {}
    for nomination in page.open_nominations:
        add_forms.setdefault(nomination.id, AddConflictForm(formdata=None))
    return render_template(
        "judging/juror/conflicts.html", category=category, page=page, form=form,
        add_forms=add_forms, by_id={n.id: n for n in page.nominations},
        show_submitter=conflicts.shows_submitter(category)), status


@bp.route("/jury/categories/<int:category_id>/conflicts", methods=["GET", "POST"])
@juror_required
def declare_conflicts(category_id: int):
    category = _declarable_category_or_404(category_id)
    page = conflicts.open_declaration(current_user, category)
    if request.method == "GET":
        return _render_declaration(category, page, _blank_declaration(page))
    if page.declared:
        flash(_("You have already declared your conflicts for this category."), "info")
        return redirect(url_for(".declare_conflicts", category_id=category.id))
    posted = DeclarationForm()
    if not posted.validate_on_submit():
        problems = conflicts.declaration_problems({n.id for n in page.nominations}, page.fixed_ids,
                                                  posted.decisions())
        return _render_declaration(category, page, _refilled_declaration(page, posted, problems),
                                   status=400)
    try:
        conflicts.declare(current_user, category, posted.decisions())
    except conflicts.DeclarationIncomplete as error:
        flash(str(error), "error")
        page = conflicts.open_declaration(current_user, category)
        return _render_declaration(category, page,
                                   _refilled_declaration(page, posted, error.problems), status=400)
    except conflicts.ConflictError as error:
        flash(str(error), "error")
        return redirect(url_for(".declare_conflicts", category_id=category.id))
    flash(_("Thank you: your declaration was recorded."), "success")
    return redirect(url_for("reviews.dashboard"))


@bp.post("/jury/nominations/<int:nomination_id>/conflict")
@juror_required
def add_conflict(nomination_id: int):
    """A conflict found later, e.g. while scoring: declared for one nomination with a reason."""
    nomination = db.get_or_404(Nomination, nomination_id)
    category = _declarable_category_or_404(nomination.category_id)
    form = AddConflictForm()
    if form.validate_on_submit():
        try:
            conflicts.add_declared_conflict(current_user, nomination, form.reason.data)
        except conflicts.ConflictError as error:
            flash(str(error), "error")
        else:
            flash(_("Your conflict with %(title)s was recorded; you will not judge it.",
                    title=nomination.title or nomination.reference or ""), "success")
            return redirect(url_for(".declare_conflicts", category_id=category.id))
    page = conflicts.open_declaration(current_user, category)
    if nomination.id not in {n.id for n in page.open_nominations}:
        return redirect(url_for(".declare_conflicts", category_id=category.id))
    if not page.declared:  # the page shows the declaration form, not the per-nomination ones
        flash(" ".join(str(m) for messages in form.errors.values() for m in messages), "error")
    return _render_declaration(category, page, _blank_declaration(page), {nomination.id: form},
                               status=400)


# -- organisers -------------------------------------------------------------------------------

def _filter_category(edition: Edition, code: str | None) -> Category | None:
    if not code:
        return None
    category = next((c for c in edition.categories if c.code == code.upper()), None)
    if category is None:
        abort(404)
    return category


def _render_conflicts(edition: Edition, category: Category | None,
                      failed: tuple[int, DismissConflictForm] | None = None, status: int = 200):
    rows = conflicts.edition_conflicts(edition, category)
    dismissers = conflicts.users_by_id({c.dismissed_by_id for c in rows if c.dismissed_by_id})
    return render_template(
        "judging/organiser/conflicts.html", edition=edition, category=category, conflicts=rows,
        dismissers=dismissers, declarations=conflicts.edition_declarations(edition, category),
        jury_categories=[c for c in edition.categories if c.is_jury],
        can_dismiss=conflicts.can_dismiss_conflict, failed=failed,
        blank_form=DismissConflictForm(formdata=None)), status


@bp.get("/organiser/editions/<int:year>/conflicts")
@manager_required
def edition_conflicts(year: int):
    edition = edition_or_404(year)
    return _render_conflicts(edition, _filter_category(edition, request.args.get("category")))


@bp.post("/organiser/editions/<int:year>/conflicts/<int:conflict_id>/dismiss")
@manager_required
def dismiss_conflict(year: int, conflict_id: int):
    edition = edition_or_404(year)
    conflict = db.get_or_404(Conflict, conflict_id)
    if conflict.nomination.category.edition_id != edition.id:
        abort(404)
    form = DismissConflictForm()
    category = _filter_category(edition, form.category.data)
    back = url_for(".edition_conflicts", year=year, category=category.code if category else None)
    if not form.validate_on_submit():
        return _render_conflicts(edition, category, (conflict.id, form), 400)
    try:
        conflicts.dismiss_conflict(current_user, conflict, form.reason.data)
    except conflicts.ConflictError as error:
        flash(str(error), "error")
        return redirect(back)
    flash(_("The conflict was dismissed; the juror may now judge this nomination."), "success")
    return redirect(back)
