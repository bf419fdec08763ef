"""Nomination rules needed so far: reference codes (the full workflow comes with the nominations issue)."""
from __future__ import annotations

from sqlalchemy import func, select

from app.editions.models import Category
from app.extensions import db
from app.nominations.models import Nomination


def next_reference(category: Category) -> str:
    """SCA-<year>-<CODE>-<NNNN>, numbered per category in submission order."""
    prefix = f"SCA-{category.edition.year}-{category.code}-"
    used = db.session.scalar(select(func.count()).select_from(Nomination).where(
        Nomination.reference.like(f"{prefix}%")))
    return f"{prefix}{used + 1:04d}"
