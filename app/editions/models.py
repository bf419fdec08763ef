"""Editions of the awards, their categories and each category's weighted rubric."""
from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal

from sqlalchemy import (JSON, Boolean, CheckConstraint, Float, ForeignKey, Index, Integer, Numeric,
                        String, Text, UniqueConstraint, false, text, true)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db_types import UTCDateTime, enum_check, utcnow
from app.extensions import db


class EditionStatus(str, enum.Enum):
    DRAFT = "draft"
    NOMINATIONS_OPEN = "nominations_open"
    SCREENING = "screening"
    JUDGING = "judging"
    DELIBERATION = "deliberation"
    CLOSED = "closed"
    PUBLISHED = "published"


STATUS_ORDER = [s.value for s in EditionStatus]


class Aggregation(str, enum.Enum):
    MEAN = "mean"
    MEDIAN = "median"
    TRIMMED_MEAN = "trimmed_mean"


class CategoryKind(str, enum.Enum):
    JURY = "jury"
    RANKING = "ranking"


class ReviewVisibility(str, enum.Enum):
    """When a juror may read the other jurors' reviews of a nomination they reviewed."""
    NEVER = "never"
    AFTER_OWN = "after_own"
    AFTER_PUBLISHED = "after_published"


class NomineeType(str, enum.Enum):
    MUNICIPALITY = "municipality"
    PERSON = "person"
    INSTITUTION = "institution"


class Edition(db.Model):
    __tablename__ = "editions"
    __table_args__ = (
        CheckConstraint(enum_check("status", EditionStatus), name="status_known"),
        CheckConstraint(enum_check("score_aggregation", Aggregation), name="aggregation_known"),
        CheckConstraint("year BETWEEN 2000 AND 2100", name="year_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, unique=True)
    name: Mapped[str] = mapped_column(String(160))
    timezone: Mapped[str] = mapped_column(String(64), default="America/Lima")
    status: Mapped[str] = mapped_column(String(20), default=EditionStatus.DRAFT.value)
    nominations_open_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    nominations_close_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    judging_close_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ceremony_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ceremony_place: Mapped[str] = mapped_column(String(200), default="")
    score_aggregation: Mapped[str] = mapped_column(String(20), default=Aggregation.MEAN.value)
    juror_normalisation: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The seal computed on closing: SHA-256 of `seal_document` (canonical JSON of the places, the
    # rankings used, the anonymised score matrix and the audit log's head).
    sealed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    seal_sha256: Mapped[str | None] = mapped_column(String(64))
    seal_document: Mapped[str | None] = mapped_column(Text)
    drafts_excused_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    categories: Mapped[list["Category"]] = relationship(
        back_populates="edition", cascade="all, delete-orphan", lazy="selectin",
        order_by="Category.position, Category.code")

    def has_reached(self, status: EditionStatus) -> bool:
        return STATUS_ORDER.index(self.status) >= STATUS_ORDER.index(status.value)


class Category(db.Model):
    __tablename__ = "categories"
    __table_args__ = (
        UniqueConstraint("edition_id", "code"),
        CheckConstraint(enum_check("kind", CategoryKind), name="kind_known"),
        CheckConstraint("places_gold >= 0 AND places_silver >= 0 AND places_bronze >= 0 "
                        "AND mentions >= 0", name="places_non_negative"),
        CheckConstraint("min_reviews >= 0", name="min_reviews_non_negative"),
        CheckConstraint("max_nominations_per_nominee >= 0", name="max_nominations_non_negative"),
        CheckConstraint(enum_check("review_visibility", ReviewVisibility),
                        name="review_visibility_known"),
        CheckConstraint("ranking_min_effective_n > 0", name="ranking_min_effective_n_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(10))
    position: Mapped[int] = mapped_column(Integer, default=0)
    name_es: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    description_es: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(10), default=CategoryKind.JURY.value)
    admits_municipality: Mapped[bool] = mapped_column(Boolean, default=True)
    admits_person: Mapped[bool] = mapped_column(Boolean, default=False)
    admits_institution: Mapped[bool] = mapped_column(Boolean, default=False)
    allows_self_nomination: Mapped[bool] = mapped_column(Boolean, default=True)
    places_gold: Mapped[int] = mapped_column(Integer, default=1)
    places_silver: Mapped[int] = mapped_column(Integer, default=1)
    places_bronze: Mapped[int] = mapped_column(Integer, default=1)
    mentions: Mapped[int] = mapped_column(Integer, default=0)
    min_reviews: Mapped[int] = mapped_column(Integer, default=3)
    max_nominations_per_nominee: Mapped[int] = mapped_column(Integer, default=1)
    review_visibility: Mapped[str] = mapped_column(
        String(16), default=ReviewVisibility.NEVER.value, server_default=ReviewVisibility.NEVER.value)
    blind_submitter: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    blind_nominee: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    overall_comment_required: Mapped[bool] = mapped_column(Boolean, default=True,
                                                           server_default=true())
    # The ranking that decides a ranking category: a quarter, or a window ending there.
    ranking_period: Mapped[str | None] = mapped_column(String(7))
    ranking_window_start: Mapped[str | None] = mapped_column(String(7))
    ranking_min_effective_n: Mapped[float] = mapped_column(Float, default=100.0,
                                                           server_default="100")
    # UBIGEO codes of the eligible municipalities; None means every municipality with data.
    ranking_eligible_codes: Mapped[list[str] | None] = mapped_column(JSON)
    # A category may be declared void ("desierto") in deliberation, with a recorded reason.
    declared_void_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    void_reason: Mapped[str] = mapped_column(Text, default="", server_default="")

    edition: Mapped[Edition] = relationship(back_populates="categories")
    criteria: Mapped[list["RubricCriterion"]] = relationship(
        back_populates="category", cascade="all, delete-orphan", lazy="selectin",
        order_by="RubricCriterion.position, RubricCriterion.id")

    @property
    def is_jury(self) -> bool:
        return self.kind == CategoryKind.JURY.value

    @property
    def admitted_nominee_types(self) -> list[str]:
        flags = [(NomineeType.MUNICIPALITY, self.admits_municipality),
                 (NomineeType.PERSON, self.admits_person),
                 (NomineeType.INSTITUTION, self.admits_institution)]
        return [t.value for t, admitted in flags if admitted]

    @property
    def total_weight(self) -> Decimal:
        return sum((c.weight for c in self.criteria), Decimal(0))

    def weight_percent(self, criterion: "RubricCriterion") -> float:
        total = self.total_weight
        return float(criterion.weight * 100 / total) if total else 0.0


class RubricCriterion(db.Model):
    __tablename__ = "rubric_criteria"
    __table_args__ = (
        CheckConstraint("weight > 0", name="weight_positive"),
        CheckConstraint("scale_min < scale_max", name="scale_ordered"),
        Index("uq_rubric_criteria_tie_breaker", "category_id", unique=True,
              sqlite_where=text("is_tie_breaker"), postgresql_where=text("is_tie_breaker")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name_es: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    guidance_es: Mapped[str] = mapped_column(Text, default="")
    guidance_en: Mapped[str] = mapped_column(Text, default="")
    weight: Mapped[Decimal] = mapped_column(Numeric(8, 3))
    scale_min: Mapped[int] = mapped_column(Integer, default=1)
    scale_max: Mapped[int] = mapped_column(Integer, default=10)
    is_tie_breaker: Mapped[bool] = mapped_column(Boolean, default=False)

    category: Mapped[Category] = relationship(back_populates="criteria")
