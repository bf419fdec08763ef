"""Finding an edition from a URL, shared by every feature's routes."""
from __future__ import annotations

from flask import abort
from sqlalchemy import select

from app.editions.models import Edition
from app.extensions import db


def edition_or_404(year: int) -> Edition:
    """The edition of that year, or a 404 page."""
    edition = db.session.scalar(select(Edition).where(Edition.year == year))
    if edition is None:
        abort(404)
    return edition
