"""The public results of a published edition, and the organisers' closing and seal check."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from app.accounts.permissions import require
from app.awards.labels import PLACE_LABELS
from app.editions import closing, seal
from app.editions import services as editions
from app.editions.lookups import edition_or_404
from app.editions.models import Edition, EditionStatus
from app.editions.services import EditionError
from app.nominations.uploads import photo_response
from app.publication import permissions, services
from app.publication.forms import CloseForm

bp = Blueprint("results_public", __name__, url_prefix="/editions/<int:year>/results")
organiser_bp = Blueprint("closing", __name__, url_prefix="/organiser/editions/<int:year>")
closer_required = require(permissions.can_close)


def _published_or_404(year: int) -> Edition:
    edition = edition_or_404(year)
    if not permissions.results_are_public(edition):
        abort(404)
    return edition


# -- public -----------------------------------------------------------------------------------

@bp.get("")
def results(year: int):
    edition = _published_or_404(year)
    return render_template("editions/public/results.html", edition=edition,
                           blocks=services.category_results(edition), place_labels=PLACE_LABELS,
                           method=seal.method(edition), photos=services.result_photos(edition))


@bp.get("/photos/<int:attachment_id>")
def result_photo(year: int, attachment_id: int):
    """An awarded programme's public photo, shown inline (an image, never a document)."""
    photo = services.result_photo(_published_or_404(year), attachment_id)
    if photo is None:
        abort(404)
    return photo_response(photo)


@bp.get("/scores.csv")
def score_matrix_csv(year: int):
    edition = _published_or_404(year)
    return Response(services.matrix_csv(edition), mimetype="text/csv", headers={
        "Content-Disposition": f"attachment; filename=scores-{edition.year}.csv"})


@bp.get("/seal.json")
def seal_document(year: int):
    """The sealed document byte for byte: its SHA-256 is the published seal."""
    edition = _published_or_404(year)
    return Response(edition.seal_document.encode("utf-8"), mimetype="application/json",
                    headers={"Content-Disposition":
                             f"attachment; filename=seal-{edition.year}.json"})


# -- organisers -------------------------------------------------------------------------------

def closing_context(edition: Edition, close_form: CloseForm | None = None) -> dict:
    """What the edition page's closing section needs (the checklist only in deliberation)."""
    deliberating = edition.status == EditionStatus.DELIBERATION.value
    return {"checklist": closing.checklist(edition) if deliberating else None,
            "close_form": close_form or CloseForm(formdata=None)}


def _render_edition(edition: Edition, status: int = 200, **context):
    transitions = [(t, editions.transition_problems(edition, t.name))
                   for t in editions.available_transitions(edition)]
    return render_template("editions/organiser/edition.html", edition=edition,
                           transitions=transitions, statuses=list(EditionStatus),
                           **closing_context(edition, context.pop("close_form", None)),
                           **context), status


@organiser_bp.post("/close")
@closer_required
def close_edition(year: int):
    edition = edition_or_404(year)
    form = CloseForm()
    if not form.validate_on_submit():
        return _render_edition(edition, 400, close_form=form)
    try:
        closing.close_edition(edition, excuse_drafts=form.excuse)
    except EditionError as error:
        flash(str(error), "error")
        return _render_edition(edition, 400, close_form=form)
    flash(_("The edition is closed and its results are sealed."), "success")
    return redirect(url_for("editions.show_edition", year=year))


@organiser_bp.post("/seal/verify")
@closer_required
def verify_seal(year: int):
    edition = edition_or_404(year)
    return _render_edition(edition, verification=closing.verify(edition))
