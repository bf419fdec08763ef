"""Jurors score their assigned nominations; organisers read a review and may reopen it.

Nothing typed is lost when the session expires: the page's script (static/review.js) keeps an
unsent copy in the browser and offers it back once the juror is signed in again, the autosave
answers 401 JSON rather than a login page, and a plain form post without a session keeps the
posted answers in the new session and sends the juror to log in and back to the page, which shows
them again (saved only when the juror says so).
"""
from __future__ import annotations

from flask import (Blueprint, abort, current_app, flash, jsonify, make_response, redirect,
                   render_template, request, session, url_for)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf.csrf import CSRFError
from werkzeug.datastructures import MultiDict

from app.accounts.permissions import is_organiser, organiser_required, require
from app.extensions import csrf, db
from app.judging import reviews
from app.judging.conflicts import has_declared
from app.judging.models import Assignment, Review
from app.judging.permissions import (can_reopen, can_score, can_see_other_reviews,
                                     can_view_as_juror, can_view_assignment, is_juror,
                                     scoring_closed_reason)
from app.judging.review_forms import ReopenForm, ReviewFormBase, fill, review_form
from app.nominations.models import Attachment, Nomination
from app.nominations.uploads import attachment_response

bp = Blueprint("reviews", __name__)

# Answers posted after the session expired, kept in the (new) session cookie until the juror is
# back on the page: the scores always, the comments cut to what a cookie holds (the page's script
# keeps the full text in the browser as well).
KEPT_KEY = "review_kept"
KEPT_BUDGET = 2500


# -- juror dashboard ----------------------------------------------------------------------------

@bp.get("/jury")
@require(is_juror)
def dashboard():
    return render_template("judging/juror/dashboard.html", blocks=reviews.dashboard(current_user))


# -- the scoring page ---------------------------------------------------------------------------

def _assignment_or_404(assignment_id: int) -> Assignment:
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None:
        abort(404)
    return assignment


def _refuse(assignment: Assignment):
    """403, saying what to do when the juror only has to declare their conflicts first."""
    category = assignment.nomination.category
    if (assignment.juror_id == current_user.id and is_juror(current_user)
            and not has_declared(current_user, category)):
        message = _("Before you see the nominations of this category, declare your conflicts of "
                    "interest on your jury page.")
    else:
        message = _("Your account does not have permission for this page. If you think it should, "
                    "contact the organisers.")
    if request.accept_mimetypes.best == "application/json":
        return make_response(jsonify(ok=False, error="forbidden", message=message), 403)
    return make_response(render_template("errors/error.html", code=403,
                                         title=_("You do not have access to this page"),
                                         message=message), 403)


def _viewable(assignment_id: int) -> Assignment:
    assignment = _assignment_or_404(assignment_id)
    if not can_view_assignment(current_user, assignment):
        abort(_refuse(assignment))
    return assignment


def _scorable(assignment_id: int) -> Assignment:
    """Writes: the assignment's own juror only (organisers read, never score)."""
    assignment = reviews.assignment_for_scoring(assignment_id)
    if assignment is None:
        abort(404)
    if assignment.juror_id != current_user.id or not can_view_as_juror(current_user,
                                                                         assignment.nomination):
        abort(_refuse(assignment))
    return assignment


def _render(assignment: Assignment, form: ReviewFormBase, status: int = 200, problem: str = "",
            kept: bool = False):
    reviews.load_for_page(assignment)
    review = reviews.review_of(assignment)
    organiser_view = assignment.juror_id != current_user.id
    closed_reason = scoring_closed_reason(assignment)
    editable = (not organiser_view and can_score(current_user, assignment)
                and not (review is not None and review.is_submitted))
    show_others = can_see_other_reviews(current_user, assignment, review)
    return render_template(
        "judging/juror/review.html", assignment=assignment, nomination=assignment.nomination,
        category=assignment.nomination.category, review=review, form=form, editable=editable,
        closed_reason=closed_reason, organiser_view=organiser_view, show_others=show_others,
        others=reviews.other_reviews(assignment) if show_others else [],
        problem=problem, kept=kept, state=reviews.review_state(review),
        can_reopen=review is not None and can_reopen(current_user, review),
        reopen_form=ReopenForm()), status


@bp.get("/jury/assignments/<int:assignment_id>")
@login_required
def show_review(assignment_id: int):
    assignment = _viewable(assignment_id)
    review = reviews.review_of(assignment)
    criteria = assignment.nomination.category.criteria
    version = review.version if review is not None else 0
    kept = _take_kept(assignment)
    if kept is not None and can_score(current_user, assignment):
        form = review_form(criteria, formdata=kept)
        form.version.data = str(version)
        return _render(assignment, form, kept=True)
    form = review_form(criteria, formdata=None)
    fill(form, reviews.values_of(review), version)
    return _render(assignment, form)


def _keep_for_after_login(assignment_id: int):
    """The session expired while the juror was scoring: keep what they sent in the new session
    and send them to log in; the page shows it again afterwards (not saved until they say so)."""
    scores = {name: request.form[name][:4] for name in request.form if name.startswith("score_")}
    kept, room = dict(scores), KEPT_BUDGET
    for name in request.form:
        if name == "overall_comment" or name.startswith("comment_"):
            kept[name] = request.form[name][:max(room, 0)]
            room -= len(kept[name])
    session[KEPT_KEY] = {"assignment_id": assignment_id, "fields": kept}
    flash(_("Your session expired, so nothing was saved yet. Log in again: what you sent will be "
            "shown on the review page for you to save."), "warning")
    page = url_for("reviews.show_review", assignment_id=assignment_id)
    return redirect(url_for("accounts.login", next=page))


def _take_kept(assignment: Assignment) -> MultiDict | None:
    kept = session.get(KEPT_KEY)
    if not isinstance(kept, dict) or kept.get("assignment_id") != assignment.id:
        return None
    session.pop(KEPT_KEY)
    fields = kept.get("fields")
    return MultiDict(fields) if isinstance(fields, dict) else None


def _check_csrf() -> None:
    """For the routes exempted so that an expired session is told apart from a forged post."""
    if current_app.config["WTF_CSRF_ENABLED"]:
        csrf.protect()


@bp.post("/jury/assignments/<int:assignment_id>")
@csrf.exempt  # checked in the view, after the session: an expired one also lost its CSRF token
def save_review(assignment_id: int):
    """Save the draft from the plain form (the page works without its script)."""
    if not current_user.is_authenticated:
        return _keep_for_after_login(assignment_id)
    _check_csrf()
    assignment = _scorable(assignment_id)
    form = review_form(assignment.nomination.category.criteria)
    if not form.validate() or form.expected_version() is None:
        return _render(assignment, form, 400, _("Some answers could not be read; please check "
                                                "the marked fields."))
    try:
        reviews.save_draft(assignment, form.values(), form.expected_version())
    except reviews.StaleReview as error:
        return _render(assignment, form, 409, str(error))
    except reviews.ReviewError as error:
        return _render(assignment, form, 403 if isinstance(error, reviews.ScoringClosed) else 409,
                       str(error))
    flash(_("Draft saved."), "success")
    return redirect(url_for("reviews.show_review", assignment_id=assignment.id))


@bp.post("/jury/assignments/<int:assignment_id>/submit")
@csrf.exempt  # checked in the view, after the session
def submit_review(assignment_id: int):
    if not current_user.is_authenticated:
        return _keep_for_after_login(assignment_id)
    _check_csrf()
    assignment = _scorable(assignment_id)
    form = review_form(assignment.nomination.category.criteria)
    if not form.validate() or form.expected_version() is None:
        return _render(assignment, form, 400, _("Some answers could not be read; please check "
                                                "the marked fields."))
    label = assignment.nomination.reference or assignment.nomination.title  # before the commit
    try:
        reviews.submit(assignment, form.values(), form.expected_version())
    except reviews.IncompleteReview as error:
        for problem in error.problems:
            form[problem.field].errors = list(form[problem.field].errors) + [problem.message]
        return _render(assignment, form, 400, _("Your review is not complete yet. Nothing you "
                                                "chose was lost; please complete the marked "
                                                "fields."))
    except reviews.StaleReview as error:
        return _render(assignment, form, 409, str(error))
    except reviews.ReviewError as error:
        return _render(assignment, form, 403 if isinstance(error, reviews.ScoringClosed) else 409,
                       str(error))
    flash(_("Your review of %(ref)s was submitted. Thank you!", ref=label), "success")
    return redirect(url_for("reviews.dashboard"))


@bp.post("/jury/assignments/<int:assignment_id>/draft")
@csrf.exempt  # checked below, after the session: an expired one also lost its CSRF token
def autosave(assignment_id: int):
    """The page's script saves the draft as JSON; answers JSON, also when the session expired."""
    if not current_user.is_authenticated:
        return jsonify(ok=False, error="session_expired", message=_(
            "Your session expired. Your scores are kept in this browser: log in again and "
            "reopen this page to save them.")), 401
    try:
        _check_csrf()
    except CSRFError:
        return jsonify(ok=False, error="csrf", message=_(
            "This page expired. Reload it; your scores are kept in this browser.")), 400
    assignment = _scorable(assignment_id)
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        return jsonify(ok=False, error="invalid", message=_("The request could not be read.")), 400
    formdata = MultiDict({str(k): str(v) for k, v in payload.items()
                          if isinstance(v, (str, int)) and not isinstance(v, bool)})
    form = review_form(assignment.nomination.category.criteria, formdata=formdata,
                       meta={"csrf": False})
    if not form.validate() or form.expected_version() is None:
        return jsonify(ok=False, error="invalid",
                       message=_("Some answers could not be read; please check the marked fields."),
                       fields=sorted(form.errors)), 400
    try:
        review = reviews.save_draft(assignment, form.values(), form.expected_version())
    except reviews.StaleReview as error:
        return jsonify(ok=False, error="conflict", message=str(error)), 409
    except reviews.ReviewLocked as error:
        return jsonify(ok=False, error="locked", message=str(error)), 409
    except reviews.ScoringClosed as error:
        return jsonify(ok=False, error="closed", message=str(error)), 403
    except reviews.ReviewError as error:
        return jsonify(ok=False, error="invalid", message=str(error)), 400
    return jsonify(ok=True, version=review.version, saved_at=review.updated_at.isoformat())


@bp.get("/jury/nominations/<int:nomination_id>/attachments/<int:attachment_id>")
@login_required
def download_attachment(nomination_id: int, attachment_id: int):
    """A nomination's file, for the jurors who may see it (and organisers)."""
    nomination = db.session.get(Nomination, nomination_id)
    if nomination is None:
        abort(404)
    if not (is_organiser(current_user) or can_view_as_juror(current_user, nomination)):
        abort(403)
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or attachment.nomination_id != nomination.id:
        abort(404)
    return attachment_response(attachment)


# -- organisers -------------------------------------------------------------------------------

@bp.post("/organiser/reviews/<int:review_id>/reopen")
@organiser_required
def reopen_review(review_id: int):
    review = db.session.get(Review, review_id)
    if review is None:
        abort(404)
    form = ReopenForm()
    if not form.validate_on_submit():
        flash(" ".join(str(e) for e in form.reason.errors)
              or _("Give a reason for reopening the review."), "error")
    else:
        try:
            reviews.reopen(current_user, review, form.reason.data)
        except reviews.ReviewError as error:
            flash(str(error), "error")
        else:
            flash(_("The review was reopened; its juror can change it again."), "success")
    return redirect(url_for("reviews.show_review", assignment_id=review.assignment_id))
