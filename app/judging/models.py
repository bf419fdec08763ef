"""Jury judging: jurors, their conflict declarations, rounds, assignments and reviews."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.db_types import UTCDateTime, enum_check, utcnow
from app.editions.models import Category, RubricCriterion
from app.extensions import db
from app.municipalities.models import Municipality
from app.nominations.models import Nomination


class ConflictKind(str, enum.Enum):
    DECLARED = "declared"
    AUTOMATIC = "automatic"


class RoundKind(str, enum.Enum):
    SCREENING = "screening"
    FINAL = "final"
    SINGLE = "single"


class AssignmentSource(str, enum.Enum):
    MANUAL = "manual"
    AUTOMATIC = "automatic"
    IMPORT = "import"


class ReviewStatus(str, enum.Enum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class ReviewSource(str, enum.Enum):
    ONLINE = "online"
    IMPORT = "import"


class JurorProfile(db.Model):
    """What organisers need to know about a juror; the municipality makes conflicts automatic."""

    __tablename__ = "juror_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    organisation: Mapped[str] = mapped_column(String(200), default="")
    country: Mapped[str] = mapped_column(String(2), default="")
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id"))
    expertise: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship()
    municipality: Mapped[Municipality | None] = relationship()


class ConflictDeclaration(db.Model):
    """A juror has gone through a category's nominee list; until then they see none of it."""

    __tablename__ = "conflict_declarations"
    __table_args__ = (UniqueConstraint("juror_id", "category_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    juror_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id", ondelete="CASCADE"),
                                             index=True)
    declared_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Conflict(db.Model):
    """A juror who may not judge a nomination, declared by them or detected; organisers may
    dismiss an automatic one with a reason."""

    __tablename__ = "conflicts"
    __table_args__ = (
        UniqueConstraint("juror_id", "nomination_id"),
        CheckConstraint(enum_check("kind", ConflictKind), name="kind_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    juror_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nominations.id", ondelete="CASCADE"),
                                               index=True)
    kind: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    dismissed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    dismissed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    dismissal_reason: Mapped[str] = mapped_column(Text, default="")

    juror: Mapped[User] = relationship(foreign_keys=[juror_id])
    nomination: Mapped[Nomination] = relationship()

    @property
    def is_active(self) -> bool:
        return self.dismissed_at is None


class Round(db.Model):
    """A judging round of one jury category; the first round holds every eligible nomination,
    later ones those an organiser moved into them."""

    __tablename__ = "rounds"
    __table_args__ = (
        UniqueConstraint("category_id", "position"),
        CheckConstraint(enum_check("kind", RoundKind), name="kind_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id", ondelete="CASCADE"),
                                             index=True)
    position: Mapped[int] = mapped_column(Integer, default=1)
    kind: Mapped[str] = mapped_column(String(10), default=RoundKind.SINGLE.value)
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    category: Mapped[Category] = relationship()

    def is_open(self, now: datetime) -> bool:
        if self.closed_at is not None:
            return False
        if self.opens_at is not None and now < self.opens_at:
            return False
        return self.closes_at is None or now < self.closes_at


class RoundEntry(db.Model):
    """A nomination moved into a later round (shortlist / finalists), recorded with who did it."""

    __tablename__ = "round_entries"
    __table_args__ = (UniqueConstraint("round_id", "nomination_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nominations.id", ondelete="CASCADE"),
                                               index=True)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Assignment(db.Model):
    """A juror asked to review a nomination in a round; `order_key` fixes the juror's own
    random order of their list (order-bias mitigation)."""

    __tablename__ = "assignments"
    __table_args__ = (
        UniqueConstraint("round_id", "juror_id", "nomination_id"),
        CheckConstraint(enum_check("source", AssignmentSource), name="source_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    juror_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nominations.id", ondelete="CASCADE"),
                                               index=True)
    source: Mapped[str] = mapped_column(String(10), default=AssignmentSource.MANUAL.value)
    order_key: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    round: Mapped[Round] = relationship()
    juror: Mapped[User] = relationship(foreign_keys=[juror_id])
    nomination: Mapped[Nomination] = relationship()
    review: Mapped["Review | None"] = relationship(back_populates="assignment", uselist=False,
                                                   cascade="all, delete-orphan")


class Review(db.Model):
    """One juror's scores for one assignment; `version` refuses a stale tab's save."""

    __tablename__ = "reviews"
    __table_args__ = (
        CheckConstraint(enum_check("status", ReviewStatus), name="status_known"),
        CheckConstraint(enum_check("source", ReviewSource), name="source_known"),
        CheckConstraint("status != 'submitted' OR submitted_at IS NOT NULL",
                        name="submitted_has_time"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"),
                                               unique=True)
    status: Mapped[str] = mapped_column(String(10), default=ReviewStatus.DRAFT.value, index=True)
    source: Mapped[str] = mapped_column(String(10), default=ReviewSource.ONLINE.value)
    source_note: Mapped[str] = mapped_column(String(200), default="")
    overall_comment: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reopened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reopen_reason: Mapped[str] = mapped_column(Text, default="")

    assignment: Mapped[Assignment] = relationship(back_populates="review")
    scores: Mapped[list["ReviewScore"]] = relationship(
        back_populates="review", cascade="all, delete-orphan", lazy="selectin")

    @property
    def is_submitted(self) -> bool:
        return self.status == ReviewStatus.SUBMITTED.value


class ReviewScore(db.Model):
    """A score on one criterion; the scale is copied so the database itself keeps it in range."""

    __tablename__ = "review_scores"
    __table_args__ = (
        UniqueConstraint("review_id", "criterion_id"),
        CheckConstraint("scale_min < scale_max", name="scale_ordered"),
        CheckConstraint("score IS NULL OR (score >= scale_min AND score <= scale_max)",
                        name="score_in_scale"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("rubric_criteria.id"), index=True)
    score: Mapped[int | None] = mapped_column(Integer)
    scale_min: Mapped[int] = mapped_column(Integer)
    scale_max: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")

    review: Mapped[Review] = relationship(back_populates="scores")
    criterion: Mapped[RubricCriterion] = relationship()
