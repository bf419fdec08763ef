"""What a published edition shows: its places per category and the sealed score matrix."""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.awards.models import Award, AwardStatus
from app.editions.models import Category, Edition
from app.extensions import db
from app.nominations.models import Attachment, Nomination
from app.nominations.uploads import JPEG, PNG

PHOTO_TYPES = (JPEG, PNG)

MATRIX_COLUMNS = ("category", "reference", "competing", "juror", "criterion", "tie_breaker",
                  "weight", "scale_min", "scale_max", "score")


@dataclass(frozen=True)
class CategoryResults:
    category: Category
    places: list[Award]

    @property
    def void(self) -> bool:
        return self.category.declared_void_at is not None


def category_results(edition: Edition) -> list[CategoryResults]:
    """Every category in order with its confirmed places (nominee and municipality loaded), in
    one query however many places there are."""
    awards = db.session.scalars(
        select(Award).join(Category, Category.id == Award.category_id)
        .where(Category.edition_id == edition.id, Award.status == AwardStatus.CONFIRMED.value)
        .options(joinedload(Award.nomination).joinedload(Nomination.municipality),
                 joinedload(Award.municipality))
        .order_by(Award.position, Award.id)).all()
    by_category: dict[int, list[Award]] = {}
    for award in awards:
        by_category.setdefault(award.category_id, []).append(award)
    return [CategoryResults(c, by_category.get(c.id, [])) for c in edition.categories]


def _awarded_nominations(edition: Edition):
    return (select(Award.nomination_id).join(Category, Category.id == Award.category_id)
            .where(Category.edition_id == edition.id, Award.status == AwardStatus.CONFIRMED.value,
                   Award.nomination_id.is_not(None)))


def result_photos(edition: Edition) -> dict[int, Attachment]:
    """Per awarded nomination, its first image the submitter marked public, in one query."""
    images = db.session.scalars(
        select(Attachment).where(Attachment.nomination_id.in_(_awarded_nominations(edition)),
                                 Attachment.content_type.in_(PHOTO_TYPES),
                                 Attachment.is_public.is_(True))
        .order_by(Attachment.id)).all()
    photos: dict[int, Attachment] = {}
    for image in images:
        photos.setdefault(image.nomination_id, image)
    return photos


def result_photo(edition: Edition, attachment_id: int) -> Attachment | None:
    """The photo if it is one that the edition's results page shows, else None."""
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None:
        return None
    shown = result_photos(edition).get(attachment.nomination_id)
    return attachment if shown is not None and shown.id == attachment.id else None


def matrix_rows(edition: Edition) -> list[dict]:
    """The sealed score matrix, one row per score, with each criterion's weight and whether it
    breaks ties (from the sealed rubric); every value as the seal wrote it."""
    document = json.loads(edition.seal_document)
    criteria = {(c["code"], criterion["position"]): criterion
                for c in document["categories"] for criterion in c.get("criteria", [])}
    rows = []
    for score in document["score_matrix"]:
        criterion = criteria[(score["category"], score["criterion"])]
        rows.append({**score, "weight": criterion["weight"],
                     "tie_breaker": criterion["tie_breaker"]})
    return rows


def _cell(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def matrix_csv(edition: Edition) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(MATRIX_COLUMNS)
    for row in matrix_rows(edition):
        writer.writerow([_cell(row[column]) for column in MATRIX_COLUMNS])
    return buffer.getvalue().encode("utf-8")
