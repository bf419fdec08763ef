"""Nominations submitted to a category of an edition."""
from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (JSON, false, BigInteger, Boolean, CheckConstraint, ForeignKey, Integer, Numeric, String,
                        Text, UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db_types import UTCDateTime, enum_check, utcnow
from app.editions.models import Category, NomineeType
from app.extensions import db
from app.municipalities.models import Municipality


class NominationStatus(str, enum.Enum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    SHORTLISTED = "shortlisted"
    FINALIST = "finalist"
    WINNER = "winner"
    NOT_AWARDED = "not_awarded"
    WITHDRAWN = "withdrawn"


# Screened in and still competing: what a round and its leaderboard hold (withdrawn and
# ineligible nominations leave them).
SCREENED_IN_STATUSES = (NominationStatus.ELIGIBLE.value, NominationStatus.SHORTLISTED.value,
                        NominationStatus.FINALIST.value, NominationStatus.WINNER.value,
                        NominationStatus.NOT_AWARDED.value)
# Still before the jury: what jurors declare conflicts against and score.
UNDER_JUDGING_STATUSES = (NominationStatus.ELIGIBLE.value, NominationStatus.SHORTLISTED.value,
                          NominationStatus.FINALIST.value)


class Nomination(db.Model):
    __tablename__ = "nominations"
    __table_args__ = (
        CheckConstraint(enum_check("status", NominationStatus), name="status_known"),
        CheckConstraint(enum_check("nominee_type", NomineeType), name="nominee_type_known"),
        CheckConstraint("nominee_type != 'municipality' OR municipality_id IS NOT NULL",
                        name="municipality_nominee_has_municipality"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str | None] = mapped_column(String(32), unique=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"), index=True)
    submitter_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=NominationStatus.DRAFT.value, index=True)
    nominee_type: Mapped[str] = mapped_column(String(20))
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id"), index=True)
    nominee_name: Mapped[str] = mapped_column(String(200), default="")
    nominee_country: Mapped[str] = mapped_column(String(2), default="")
    nominee_role: Mapped[str] = mapped_column(String(200), default="")
    nominee_contact: Mapped[str] = mapped_column(String(200), default="")
    self_nominated: Mapped[bool] = mapped_column(Boolean, default=False)
    title: Mapped[str] = mapped_column(String(250), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    problem: Mapped[str] = mapped_column(Text, default="")
    intervention: Mapped[str] = mapped_column(Text, default="")
    contribution: Mapped[str] = mapped_column(Text, default="")
    results: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    period_start: Mapped[str] = mapped_column(String(7), default="")
    period_end: Mapped[str] = mapped_column(String(7), default="")
    budget_amount: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    budget_currency: Mapped[str] = mapped_column(String(3), default="")
    partners: Mapped[str] = mapped_column(Text, default="")
    evidence_links: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    screening_reason: Mapped[str] = mapped_column(Text, default="")
    screened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    screened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_reason: Mapped[str] = mapped_column(Text, default="")
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    publication_consent: Mapped[bool | None] = mapped_column(Boolean)
    publication_consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    category: Mapped[Category] = relationship()
    municipality: Mapped[Municipality | None] = relationship()
    submitter = relationship("User", foreign_keys=[submitter_id])
    attachments: Mapped[list["Attachment"]] = relationship(
        back_populates="nomination", cascade="all, delete-orphan", lazy="selectin",
        order_by="Attachment.id")
    versions: Mapped[list["NominationVersion"]] = relationship(
        back_populates="nomination", cascade="all, delete-orphan",
        order_by="NominationVersion.number")

    @property
    def nominee_display_name(self) -> str:
        if self.nominee_type == NomineeType.MUNICIPALITY.value and self.municipality:
            return self.municipality.name
        return self.nominee_name


class Attachment(db.Model):
    """A file attached to a nomination; the bytes live in the storage module under their SHA-256."""

    __tablename__ = "attachments"
    __table_args__ = (CheckConstraint("size > 0", name="size_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nominations.id", ondelete="CASCADE"),
                                               index=True)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    is_public: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    nomination: Mapped[Nomination] = relationship(back_populates="attachments")


class NominationVersion(db.Model):
    """What was submitted, kept each time: the organiser sees the history."""

    __tablename__ = "nomination_versions"
    __table_args__ = (UniqueConstraint("nomination_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nominations.id", ondelete="CASCADE"),
                                               index=True)
    number: Mapped[int] = mapped_column(Integer)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)

    nomination: Mapped[Nomination] = relationship(back_populates="versions")
    author = relationship("User")


class ReferenceCounter(db.Model):
    """The last reference number used per category, locked while a submission takes the next."""

    __tablename__ = "reference_counters"

    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id", ondelete="CASCADE"),
                                             primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class PendingReceipt(db.Model):
    """A receipt owed to a submitter. Written in the submission's transaction and deleted in the
    one that records its mail, so drawing the PDF stays out of the submit request and a receipt
    survives a worker that dies before drawing it (`flask mail retry` sends what is left)."""

    __tablename__ = "pending_receipts"

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nominations.id", ondelete="CASCADE"),
                                               index=True)
    revision: Mapped[int] = mapped_column(Integer)
    first_submission: Mapped[bool] = mapped_column(Boolean, default=False)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    nomination: Mapped[Nomination] = relationship()
