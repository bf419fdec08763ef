"""Imported perception-survey figures: one import per quarter and file, kept when replaced."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db_types import UTCDateTime, utcnow
from app.extensions import db
from app.municipalities.models import Municipality


class PerceptionImport(db.Model):
    """A file imported for one quarter, with its source; a replaced import stays for audit."""

    __tablename__ = "perception_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(7), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    source_name: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(200), default="")
    fieldwork_start: Mapped[date | None] = mapped_column(Date)
    fieldwork_end: Mapped[date | None] = mapped_column(Date)
    method_notes: Mapped[str] = mapped_column(Text, default="")
    public_note: Mapped[str] = mapped_column(Text, default="")
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)
    filename: Mapped[str] = mapped_column(String(200))
    file_sha256: Mapped[str] = mapped_column(String(64))
    shape: Mapped[str] = mapped_column(String(20))
    rows_read: Mapped[int] = mapped_column(Integer)
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    replaced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    figures: Mapped[list["PerceptionFigure"]] = relationship(
        back_populates="survey_import", cascade="all, delete-orphan")


class PerceptionFigure(db.Model):
    """One municipality's figures in one import; microdata keep their sums so windows can pool them."""

    __tablename__ = "perception_figures"
    __table_args__ = (UniqueConstraint("import_id", "municipality_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("perception_imports.id", ondelete="CASCADE"),
                                           index=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    respondents: Mapped[int] = mapped_column(Integer)
    effective_n: Mapped[float] = mapped_column(Float)
    pct: Mapped[float] = mapped_column(Float)
    sum_w: Mapped[float | None] = mapped_column(Float)
    sum_w2: Mapped[float | None] = mapped_column(Float)
    sum_wy: Mapped[float | None] = mapped_column(Float)

    survey_import: Mapped[PerceptionImport] = relationship(back_populates="figures")
    municipality: Mapped[Municipality] = relationship(lazy="joined")
