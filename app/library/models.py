"""Awards of earlier editions, and the catalogue entries the public library searches."""
from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (JSON, CheckConstraint, ForeignKey, Integer, Numeric, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db_types import UTCDateTime, enum_check, utcnow
from app.extensions import db
from app.municipalities.models import Municipality


class HistoricalAward(db.Model):
    """An award of an edition run before this platform (2019–2025), imported from a file."""

    __tablename__ = "historical_awards"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    category_name: Mapped[str] = mapped_column(String(200))
    place: Mapped[str] = mapped_column(String(20))
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id"), index=True)
    recipient_name: Mapped[str] = mapped_column(String(250), default="")
    country: Mapped[str] = mapped_column(String(2), default="")
    title: Mapped[str] = mapped_column(String(250))
    summary: Mapped[str] = mapped_column(Text, default="")
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    municipality: Mapped[Municipality | None] = relationship()


class LibrarySource(str, enum.Enum):
    AWARD = "award"
    HISTORY = "history"


class LibraryEntry(db.Model):
    """One programme in the public library, copied from a published award (with consent) or from
    history. `search_text` is lower-case without accents so search is accent-insensitive on every
    database."""

    __tablename__ = "library_entries"
    __table_args__ = (
        CheckConstraint(enum_check("source", LibrarySource), name="source_known"),
        CheckConstraint("(source = 'award') = (award_id IS NOT NULL)", name="award_source_has_award"),
        CheckConstraint("(source = 'history') = (historical_award_id IS NOT NULL)",
                        name="history_source_has_history"),
        UniqueConstraint("award_id"),
        UniqueConstraint("historical_award_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(10))
    award_id: Mapped[int | None] = mapped_column(ForeignKey("awards.id", ondelete="CASCADE"))
    historical_award_id: Mapped[int | None] = mapped_column(
        ForeignKey("historical_awards.id", ondelete="CASCADE"))
    nomination_id: Mapped[int | None] = mapped_column(ForeignKey("nominations.id"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    category_name: Mapped[str] = mapped_column(String(200))  # Spanish, as the award was given
    category_name_en: Mapped[str] = mapped_column(String(200), default="", server_default="")
    category_code: Mapped[str] = mapped_column(String(10), default="")
    place: Mapped[str] = mapped_column(String(20), index=True)
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id"), index=True)
    recipient_name: Mapped[str] = mapped_column(String(250), default="")
    country: Mapped[str] = mapped_column(String(2), default="", index=True)
    title: Mapped[str] = mapped_column(String(250))
    summary: Mapped[str] = mapped_column(Text, default="")
    problem: Mapped[str] = mapped_column(Text, default="")
    intervention: Mapped[str] = mapped_column(Text, default="")
    results: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    period_start: Mapped[str] = mapped_column(String(7), default="")
    period_end: Mapped[str] = mapped_column(String(7), default="")
    budget_amount: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    budget_currency: Mapped[str] = mapped_column(String(3), default="")
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    municipality: Mapped[Municipality | None] = relationship()

    @property
    def category_name_es(self) -> str:
        """So `localized(entry, "category_name")` shows the English name where there is one."""
        return self.category_name
