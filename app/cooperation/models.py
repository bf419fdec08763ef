"""A municipality asks to replicate a library programme; the organiser brokers an agreement."""
from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db_types import UTCDateTime, enum_check, utcnow
from app.extensions import db
from app.library.models import LibraryEntry
from app.municipalities.models import Municipality


class RequestStatus(str, enum.Enum):
    NEW = "new"
    BROKERED = "brokered"
    DECLINED = "declined"


class CooperationRequest(db.Model):
    """"Quiero replicar esta experiencia": who asks, for which programme, what they want to learn."""

    __tablename__ = "cooperation_requests"
    __table_args__ = (CheckConstraint(enum_check("status", RequestStatus), name="status_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    library_entry_id: Mapped[int] = mapped_column(ForeignKey("library_entries.id"), index=True)
    requester_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    requesting_municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"),
                                                            index=True)
    host_municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id"),
                                                             index=True)
    learning_goals: Mapped[str] = mapped_column(Text)
    contact_name: Mapped[str] = mapped_column(String(160))
    contact_email: Mapped[str] = mapped_column(String(254))
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    status: Mapped[str] = mapped_column(String(10), default=RequestStatus.NEW.value, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    library_entry: Mapped[LibraryEntry] = relationship()
    requesting_municipality: Mapped[Municipality] = relationship(
        foreign_keys=[requesting_municipality_id])
    host_municipality: Mapped[Municipality | None] = relationship(
        foreign_keys=[host_municipality_id])


class AgreementStatus(str, enum.Enum):
    REQUESTED = "requested"
    IN_TALKS = "in_talks"
    SIGNED = "signed"
    IN_EXECUTION = "in_execution"
    CONCLUDED = "concluded"
    WITHDRAWN = "withdrawn"


class Agreement(db.Model):
    """A technical-cooperation agreement between two municipalities about one programme."""

    __tablename__ = "agreements"
    __table_args__ = (
        CheckConstraint(enum_check("status", AgreementStatus), name="status_known"),
        CheckConstraint("host_municipality_id != partner_municipality_id", name="two_parties"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("cooperation_requests.id"),
                                                   unique=True)
    library_entry_id: Mapped[int | None] = mapped_column(ForeignKey("library_entries.id"),
                                                         index=True)
    programme_title: Mapped[str] = mapped_column(String(250))
    host_municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    partner_municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"),
                                                         index=True)
    status: Mapped[str] = mapped_column(String(15), default=AgreementStatus.REQUESTED.value,
                                        index=True)
    requested_on: Mapped[date | None] = mapped_column(Date)
    signed_on: Mapped[date | None] = mapped_column(Date)
    started_on: Mapped[date | None] = mapped_column(Date)
    concluded_on: Mapped[date | None] = mapped_column(Date)
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    signatories: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    signed_pdf_sha256: Mapped[str | None] = mapped_column(String(64))
    signed_pdf_filename: Mapped[str] = mapped_column(String(200), default="")
    signed_pdf_size: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    host_municipality: Mapped[Municipality] = relationship(foreign_keys=[host_municipality_id])
    partner_municipality: Mapped[Municipality] = relationship(
        foreign_keys=[partner_municipality_id])
