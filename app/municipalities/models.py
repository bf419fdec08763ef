"""Municipalities that take part in the awards or the perception ranking."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db_types import UTCDateTime, utcnow
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
