"""Organisers' jury pages: a category's rounds and judging settings, who reviews what (by hand
and automatically), the load table, and the progress of every juror with reminders."""
from __future__ import annotations

import secrets

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import (BooleanField, DateTimeLocalField, IntegerField, SelectField,
                     SelectMultipleField)
from wtforms.validators import InputRequired, NumberRange, Optional

from app.accounts.models import User
from app.accounts.permissions import organiser_required
from app.db_types import utcnow
from app.editions.forms import DATETIME_FORMAT
from app.editions.lookups import edition_or_404
from app.editions.models import Category, Edition, ReviewVisibility
from app.extensions import db
from app.i18n import to_local, to_utc
from app.judging import assignments, rounds
from app.judging.assign import ShortfallReason
from app.judging.models import Assignment, Round
from app.nominations.models import Nomination

bp = Blueprint("assignments", __name__, url_prefix="/organiser/editions/<int:year>")

VISIBILITY_LABELS = {
    ReviewVisibility.NEVER.value: _l("Never"),
    ReviewVisibility.AFTER_OWN.value: _l("After submitting their own review"),
    ReviewVisibility.AFTER_PUBLISHED.value: _l("After the results are published"),
}
SHORTFALL_LABELS = {
    ShortfallReason.TOO_FEW_JURORS: _l("fewer jurors than reviews per nomination"),
    ShortfallReason.CONFLICTS: _l("too many conflicts of interest"),
    ShortfallReason.CAP: _l("the jurors who could review it reached the cap"),
}
STATE_LABELS = {assignments.NOT_STARTED: _l("not started"), assignments.DRAFT: _l("draft"),
                assignments.SUBMITTED: _l("submitted")}
ROUND_KIND_LABELS = {"single": _l("Single round"), "screening": _l("Screening round"),
                     "final": _l("Final round")}
MAX_SEED = 2 ** 31 - 1


class SettingsForm(FlaskForm):
    review_visibility = SelectField(_l("Jurors see the other jurors' reviews"),
                                    choices=list(VISIBILITY_LABELS.items()))
    blind_submitter = BooleanField(_l("Blind judging: hide who submitted the nomination"))
    blind_nominee = BooleanField(_l("Also hide the nominee (people and institutions only)"))
    overall_comment_required = BooleanField(_l("The overall comment is required"))


class RoundForm(FlaskForm):
    opens_at = DateTimeLocalField(_l("Opens"), format=DATETIME_FORMAT, validators=[Optional()])
    closes_at = DateTimeLocalField(_l("Closes"), format=DATETIME_FORMAT, validators=[Optional()])


class AutomaticForm(FlaskForm):
    k = IntegerField(_l("Reviews per nomination"),
                     validators=[InputRequired(), NumberRange(1, assignments.MAX_K)])
    cap = IntegerField(_l("At most per juror (optional)"), validators=[Optional(), NumberRange(1, 10000)])
    seed = IntegerField(_l("Seed"), validators=[InputRequired(), NumberRange(0, MAX_SEED)])
    top_up = BooleanField(_l("Top up only: keep every existing assignment"), default=True)
    jurors = SelectMultipleField(_l("Jurors"), coerce=int)


class ManualForm(FlaskForm):
    juror_ids = SelectMultipleField(_l("Jurors"), coerce=int)
    nomination_ids = SelectMultipleField(_l("Nominations"), coerce=int)


def _category_or_404(year: int, code: str) -> Category:
    category = db.session.scalar(select(Category).join(Edition).where(
        Edition.year == year, Category.code == code.upper()))
    if category is None or not category.is_jury:
        abort(404)
    return category


def _round_or_404(category: Category, round_id: int) -> Round:
    round_ = db.session.get(Round, round_id)
    if round_ is None or round_.category_id != category.id:
        abort(404)
    return round_


def _selected_round(category: Category) -> Round | None:
    round_id = request.args.get("round", type=int)
    if round_id is not None:
        return _round_or_404(category, round_id)
    return rounds.current_round(category)


def _back(category: Category, round_: Round | None = None, anchor: str | None = None):
    return redirect(url_for(".jury", year=category.edition.year, code=category.code,
                            round=round_.id if round_ is not None else None, _anchor=anchor))


def _local_form(round_: Round | None, edition: Edition) -> RoundForm:
    form = RoundForm(formdata=None)
    if round_ is not None:
        for name in ("opens_at", "closes_at"):
            local = to_local(getattr(round_, name), edition.timezone)
            form[name].data = local.replace(tzinfo=None) if local else None
    return form


def _choices(board: assignments.JuryBoard):
    jurors = [(j.id, j.name) for j in board.active_jurors]
    nominations = [(row.nomination.id, f"{row.nomination.reference} · {row.nomination.title}")
                   for row in board.rows]
    return jurors, nominations


def _render(category: Category, round_: Round | None, *, settings: SettingsForm | None = None,
            automatic: AutomaticForm | None = None, manual: ManualForm | None = None,
            status: int = 200):
    board = assignments.jury_board(category, round_)
    jurors, nominations = _choices(board)
    if settings is None:
        settings = SettingsForm(obj=category, formdata=None)
    if automatic is None:
        automatic = AutomaticForm(formdata=None, k=category.min_reviews,
                                  seed=secrets.randbelow(MAX_SEED), top_up=True,
                                  jurors=[j for j, _name in jurors])
    automatic.jurors.choices = jurors
    if manual is None:
        manual = ManualForm(formdata=None)
    manual.juror_ids.choices, manual.nomination_ids.choices = jurors, nominations
    return render_template(
        "judging/organiser/jury.html", category=category, edition=category.edition, board=board,
        round_=round_, settings=settings, automatic=automatic, manual=manual,
        new_round=RoundForm(formdata=None),
        round_forms={r.id: _local_form(r, category.edition) for r in board.rounds},
        can_blind_nominee=rounds.can_blind_nominee(category), now=utcnow(),
        deadline=rounds.round_deadline(round_) if round_ else None,
        labels_visibility=VISIBILITY_LABELS, labels_state=STATE_LABELS,
        labels_round=ROUND_KIND_LABELS), status


@bp.get("/categories/<code>/jury")
@organiser_required
def jury(year: int, code: str):
    category = _category_or_404(year, code)
    return _render(category, _selected_round(category))


def _refused(category: Category, round_: Round | None, error: Exception, **forms):
    db.session.rollback()
    flash(str(error), "error")
    return _render(category, round_, status=409, **forms)


def _form_problems(form: FlaskForm) -> str:
    return " ".join(str(m) for messages in form.errors.values() for m in messages)


@bp.post("/categories/<code>/jury/settings")
@organiser_required
def update_settings(year: int, code: str):
    category = _category_or_404(year, code)
    form = SettingsForm()
    if not form.validate_on_submit():
        flash(_form_problems(form), "error")
        return _render(category, rounds.current_round(category), settings=form, status=400)
    try:
        changes = rounds.update_judging_settings(current_user, category, {
            name: form[name].data for name in rounds.SETTINGS_FIELDS})
    except rounds.RoundError as error:
        return _refused(category, rounds.current_round(category), error, settings=form)
    flash(_("Judging settings saved.") if changes else _("Nothing changed."), "success")
    return _back(category, anchor="settings")


def _round_dates(form: RoundForm, edition: Edition):
    return (to_utc(form.opens_at.data, edition.timezone),
            to_utc(form.closes_at.data, edition.timezone))


@bp.post("/categories/<code>/jury/rounds")
@organiser_required
def add_round(year: int, code: str):
    category = _category_or_404(year, code)
    form = RoundForm()
    if not form.validate_on_submit():
        flash(_form_problems(form), "error")
        return _back(category, anchor="rounds")
    try:
        round_ = rounds.add_final_round(current_user, category, *_round_dates(form, category.edition))
    except rounds.RoundError as error:
        return _refused(category, rounds.current_round(category), error)
    flash(_("Final round added. Move nominations into it from the leaderboard."), "success")
    return _back(category, round_, anchor="rounds")


@bp.post("/categories/<code>/jury/rounds/<int:round_id>/dates")
@organiser_required
def edit_round_dates(year: int, code: str, round_id: int):
    category = _category_or_404(year, code)
    round_ = _round_or_404(category, round_id)
    form = RoundForm()
    if not form.validate_on_submit():
        flash(_form_problems(form), "error")
        return _back(category, round_, anchor="rounds")
    try:
        rounds.update_round_dates(current_user, round_, *_round_dates(form, category.edition))
    except rounds.RoundError as error:
        return _refused(category, round_, error)
    flash(_("Round dates saved."), "success")
    return _back(category, round_, anchor="rounds")


@bp.post("/categories/<code>/jury/rounds/<int:round_id>/close")
@organiser_required
def close_round(year: int, code: str, round_id: int):
    category = _category_or_404(year, code)
    round_ = _round_or_404(category, round_id)
    try:
        rounds.close_round(current_user, round_)
    except rounds.RoundError as error:
        return _refused(category, round_, error)
    flash(_("Round closed: jurors can no longer score in it."), "success")
    return _back(category, round_, anchor="rounds")


@bp.post("/categories/<code>/jury/rounds/<int:round_id>/reopen")
@organiser_required
def reopen_round(year: int, code: str, round_id: int):
    category = _category_or_404(year, code)
    round_ = _round_or_404(category, round_id)
    try:
        rounds.reopen_round(current_user, round_)
    except rounds.RoundError as error:
        return _refused(category, round_, error)
    flash(_("Round reopened: its dates apply again."), "success")
    return _back(category, round_, anchor="rounds")


def _shortfall_message(result: assignments.AutomaticResult) -> str:
    parts = [_("%(ref)s lacks %(missing)d (%(reason)s)", ref=nomination.reference,
               missing=shortfall.missing, reason=SHORTFALL_LABELS[shortfall.reason])
             for nomination, shortfall in result.shortfalls]
    return _("Not every nomination could get its reviewers: %(list)s.", list="; ".join(parts))


@bp.post("/categories/<code>/jury/rounds/<int:round_id>/automatic")
@organiser_required
def automatic(year: int, code: str, round_id: int):
    category = _category_or_404(year, code)
    round_ = _round_or_404(category, round_id)
    form = AutomaticForm()
    form.jurors.choices = [(j.id, j.name) for j, _p in assignments.jurors_with_profiles()]
    if not form.validate_on_submit():
        flash(_form_problems(form), "error")
        return _render(category, round_, automatic=form, status=400)
    try:
        result = assignments.run_automatic(current_user, round_, k=form.k.data, cap=form.cap.data,
                                           seed=form.seed.data, top_up=form.top_up.data,
                                           juror_ids=form.jurors.data)
    except rounds.RoundError as error:
        return _refused(category, round_, error, automatic=form)
    flash(ngettext("%(num)d assignment added.", "%(num)d assignments added.", result.added)
          + (" " + ngettext("%(num)d unstarted assignment replaced.",
                            "%(num)d unstarted assignments replaced.", result.removed)
             if result.removed else ""), "success")
    if result.shortfalls:
        flash(_shortfall_message(result), "warning")
    return _back(category, round_, anchor="assignments")


def _users(ids: list[int]) -> list[User]:
    found = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids)))} if ids else {}
    return [found[i] for i in ids if i in found]


def _nominations(category: Category, ids: list[int]) -> list[Nomination]:
    if not ids:
        return []
    found = {n.id: n for n in db.session.scalars(select(Nomination).where(
        Nomination.id.in_(ids), Nomination.category_id == category.id))}
    return [found[i] for i in ids if i in found]


@bp.post("/categories/<code>/jury/rounds/<int:round_id>/assignments")
@organiser_required
def add_assignments(year: int, code: str, round_id: int):
    """By hand: every chosen juror to every chosen nomination (one of each, or one juror to
    several nominations, or several jurors to one nomination)."""
    category = _category_or_404(year, code)
    round_ = _round_or_404(category, round_id)
    juror_ids = request.form.getlist("juror_ids", type=int)
    nomination_ids = request.form.getlist("nomination_ids", type=int)
    jurors, nominations = _users(juror_ids), _nominations(category, nomination_ids)
    if len(jurors) != len(set(juror_ids)) or len(nominations) != len(set(nomination_ids)):
        flash(_("Some of the chosen jurors or nominations do not exist in this category."), "error")
        return _back(category, round_, anchor="assignments")
    try:
        created = assignments.add_assignments(current_user, round_,
                                              [(j, n) for j in jurors for n in nominations])
    except rounds.RoundError as error:
        manual = ManualForm(formdata=None, juror_ids=juror_ids, nomination_ids=nomination_ids)
        return _refused(category, round_, error, manual=manual)
    flash(ngettext("%(num)d assignment added.", "%(num)d assignments added.", len(created)),
          "success")
    return _back(category, round_, anchor="assignments")


@bp.post("/assignments/<int:assignment_id>/delete")
@organiser_required
def remove_assignment(year: int, assignment_id: int):
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None or assignment.round.category.edition.year != year:
        abort(404)
    category, round_ = assignment.round.category, assignment.round
    try:
        assignments.remove_assignment(current_user, assignment)
    except rounds.RoundError as error:
        return _refused(category, round_, error)
    flash(_("Assignment removed."), "success")
    return _back(category, round_, anchor="assignments")


@bp.post("/categories/<code>/jury/rounds/<int:round_id>/jurors/<int:juror_id>/remove-unstarted")
@organiser_required
def remove_unstarted(year: int, code: str, round_id: int, juror_id: int):
    category = _category_or_404(year, code)
    round_ = _round_or_404(category, round_id)
    juror = db.session.get(User, juror_id)
    if juror is None:
        abort(404)
    try:
        count = assignments.remove_unstarted(current_user, round_, juror)
    except rounds.RoundError as error:
        return _refused(category, round_, error)
    flash(ngettext("%(num)d unstarted assignment removed.", "%(num)d unstarted assignments removed.",
                   count), "success")
    return _back(category, round_, anchor="load")


def _reminded_message(result: assignments.ReminderResult) -> tuple[str, str]:
    return ngettext("Reminder sent to %(num)d juror.", "Reminder sent to %(num)d jurors.",
                    len(result.sent)), "success"


@bp.post("/categories/<code>/jury/reminders")
@organiser_required
def remind_category(year: int, code: str):
    category = _category_or_404(year, code)
    try:
        result = assignments.send_reminders(current_user, category.edition, category)
    except rounds.RoundError as error:
        db.session.rollback()
        flash(str(error), "warning")
        return _back(category, anchor="progress")
    flash(*_reminded_message(result))
    return _back(category, anchor="progress")


@bp.get("/jury-progress")
@organiser_required
def progress(year: int):
    edition = edition_or_404(year)
    return render_template("judging/organiser/progress.html", edition=edition,
                           blocks=assignments.edition_progress(edition), now=utcnow())


@bp.post("/jury-progress/reminders")
@organiser_required
def remind_edition(year: int):
    edition = edition_or_404(year)
    try:
        result = assignments.send_reminders(current_user, edition)
    except rounds.RoundError as error:
        db.session.rollback()
        flash(str(error), "warning")
    else:
        flash(*_reminded_message(result))
    return redirect(url_for(".progress", year=year))
