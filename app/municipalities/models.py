"""Municipalities that take part in the awards or the perception ranking."""
from __future__ import annotations

from datetime import datetime

import enum

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db_types import UTCDateTime, enum_check, utcnow
from app.extensions import db


class Municipality(db.Model):
    __tablename__ = "municipalities"
    __table_args__ = (UniqueConstraint("country", "official_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
    official_name: Mapped[str] = mapped_column(String(160), default="")
    country: Mapped[str] = mapped_column(String(2), index=True)
    region: Mapped[str] = mapped_column(String(120), default="")
    province: Mapped[str] = mapped_column(String(120), default="")
    official_code: Mapped[str | None] = mapped_column(String(20))
    mayor_name: Mapped[str] = mapped_column(String(160), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RepresentationStatus(str, enum.Enum):
    REQUESTED = "requested"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


class Representation(db.Model):
    """A person's request to act for a municipality; only confirmed ones may submit for it."""

    __tablename__ = "representations"
    __table_args__ = (
        UniqueConstraint("user_id", "municipality_id"),
        CheckConstraint(enum_check("status", RepresentationStatus), name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    position: Mapped[str] = mapped_column(String(160))
    office_phone: Mapped[str] = mapped_column(String(40))
    official_email: Mapped[str] = mapped_column(String(254), default="")
    status: Mapped[str] = mapped_column(String(20), default=RepresentationStatus.REQUESTED.value)
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    municipality: Mapped[Municipality] = relationship(lazy="joined")
    user = relationship("User", foreign_keys=[user_id], lazy="joined")

    @property
    def is_confirmed(self) -> bool:
        return self.status == RepresentationStatus.CONFIRMED.value
