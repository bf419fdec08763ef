"""Organisers' downloads of an edition's data as CSV or XLSX."""
from __future__ import annotations

from flask import Blueprint, render_template, request

from app.accounts.permissions import require
from app.editions.lookups import edition_or_404
from app.exports import tables
from app.exports.datasets import DATASETS
from app.exports.downloads import send_table
from app.exports.permissions import can_export

bp = Blueprint("exports", __name__, url_prefix="/organiser/editions/<int:year>/exports")
export_required = require(can_export)


@bp.get("")
@export_required
def index(year: int):
    return render_template("exports/organiser/index.html", edition=edition_or_404(year),
                           datasets=DATASETS.values(), formats=tables.FORMATS)


@bp.get(f"/<any({', '.join(DATASETS)}):dataset>.<any({', '.join(tables.FORMATS)}):fmt>")
@export_required
def download(year: int, dataset: str, fmt: str):
    """The dataset in the reader's language; the audit log takes the viewer's filters."""
    edition = edition_or_404(year)
    return send_table(DATASETS[dataset].build(edition, request.args), fmt,
                      f"{dataset}-{edition.year}")
