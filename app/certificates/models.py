"""Certificates: what each one says, its verification codes and PDF, and the bulk runs that make them."""
from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db_types import UTCDateTime, enum_check, utcnow
from app.editions.models import Edition
from app.extensions import db


class CertificateKind(str, enum.Enum):
    AWARD = "award"
    MENTION = "mention"
    FINALIST = "finalist"
    JURY = "jury"


class CertificateStatus(str, enum.Enum):
    PENDING = "pending"
    ISSUED = "issued"
    REVOKED = "revoked"


class JobStatus(str, enum.Enum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class CertificateSettings(db.Model):
    """What an edition's certificates say beyond the facts: wording per kind and language,
    signatories, logo, place and date."""

    __tablename__ = "certificate_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), unique=True)
    # {"award": {"es": "...", "en": "..."}, ...}; a missing entry uses the default wording.
    wording: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # [{"name": "...", "title_es": "...", "title_en": "..."}]
    signatories: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    logo_sha256: Mapped[str | None] = mapped_column(String(64))
    logo_content_type: Mapped[str | None] = mapped_column(String(40))
    city: Mapped[str] = mapped_column(String(120), default="Lima")
    issue_date: Mapped[date | None] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    edition: Mapped[Edition] = relationship()


class Certificate(db.Model):
    """One certificate. `code` (≥ 80 bits) is the unguessable key of the check page; `short_code`
    is its typable form. A re-issue revokes the old row and points to the new one."""

    __tablename__ = "certificates"
    __table_args__ = (
        CheckConstraint(enum_check("kind", CertificateKind), name="kind_known"),
        CheckConstraint(enum_check("status", CertificateStatus), name="status_known"),
        CheckConstraint("status != 'issued' OR pdf_sha256 IS NOT NULL", name="issued_has_pdf"),
        CheckConstraint("status != 'revoked' OR revoked_at IS NOT NULL", name="revoked_has_time"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    award_id: Mapped[int | None] = mapped_column(ForeignKey("awards.id"), index=True)
    nomination_id: Mapped[int | None] = mapped_column(ForeignKey("nominations.id"), index=True)
    juror_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    recipient_name: Mapped[str] = mapped_column(String(250))
    recipient_detail: Mapped[str] = mapped_column(String(250), default="")
    locale: Mapped[str] = mapped_column(String(5), default="es")
    code: Mapped[str] = mapped_column(String(40), unique=True)
    short_code: Mapped[str] = mapped_column(String(16), unique=True)
    status: Mapped[str] = mapped_column(String(10), default=CertificateStatus.PENDING.value,
                                        index=True)
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoke_reason: Mapped[str] = mapped_column(Text, default="")
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("certificates.id"))
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    edition: Mapped[Edition] = relationship()


class CertificateJob(db.Model):
    """A bulk generation run, driven by database state so a crashed worker's run resumes."""

    __tablename__ = "certificate_jobs"
    __table_args__ = (CheckConstraint(enum_check("status", JobStatus), name="status_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(10), default=JobStatus.QUEUED.value)
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    error: Mapped[str] = mapped_column(Text, default="")
