"""A municipality's public page: awards over the years, ranking positions, library programmes.

(The organisers' municipality administration lives under /organiser/municipalities.)
"""
from __future__ import annotations

from flask import Blueprint, abort, render_template

from app.extensions import db
from app.library import municipality_pages, queries
from app.library.labels import template_labels
from app.municipalities.models import Municipality

bp = Blueprint("municipality_pages", __name__, url_prefix="/municipios")
bp.context_processor(template_labels)


@bp.get("/<int:municipality_id>")
def show(municipality_id: int):
    municipality = db.session.get(Municipality, municipality_id)
    if municipality is None:
        abort(404)
    return render_template(
        "municipality_pages/show.html", municipality=municipality,
        awards=municipality_pages.awards_of(municipality),
        ranking=municipality_pages.ranking_history(municipality),
        entries=queries.entries_of_municipality(municipality.id))
