"""Award places of a category: provisional from the leaderboard or ranking, then confirmed."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.db_types import UTCDateTime, enum_check, utcnow
from app.editions.models import Category
from app.extensions import db
from app.municipalities.models import Municipality
from app.nominations.models import Nomination


class Place(str, enum.Enum):
    GOLD = "gold"
    SILVER = "silver"
    BRONZE = "bronze"
    MENTION = "mention"


class AwardStatus(str, enum.Enum):
    PROVISIONAL = "provisional"
    CONFIRMED = "confirmed"


class Award(db.Model):
    """One place given in a category, to a nomination (jury) or a municipality (ranking).

    `position` is the order on the page; a shared place repeats its `place`. `score` and the
    interval are what the place rests on (a jury score, or a ranking index with its interval).
    One award per position and one per recipient in a category, enforced by the database too.
    """

    __tablename__ = "awards"
    __table_args__ = (
        CheckConstraint(enum_check("place", Place), name="place_known"),
        CheckConstraint(enum_check("status", AwardStatus), name="status_known"),
        CheckConstraint("(nomination_id IS NOT NULL) != (municipality_id IS NOT NULL)",
                        name="one_recipient"),
        UniqueConstraint("category_id", "position"),
        UniqueConstraint("category_id", "nomination_id"),
        UniqueConstraint("category_id", "municipality_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id", ondelete="CASCADE"),
                                             index=True)
    place: Mapped[str] = mapped_column(String(10))
    position: Mapped[int] = mapped_column(Integer)
    nomination_id: Mapped[int | None] = mapped_column(ForeignKey("nominations.id"))
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id"))
    score: Mapped[float | None] = mapped_column(Float)
    ci_low: Mapped[float | None] = mapped_column(Float)
    ci_high: Mapped[float | None] = mapped_column(Float)
    rank: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12), default=AwardStatus.PROVISIONAL.value)
    shared: Mapped[bool] = mapped_column(default=False)
    tied_with_next: Mapped[bool] = mapped_column(default=False)
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    category: Mapped[Category] = relationship()
    nomination: Mapped[Nomination | None] = relationship()
    municipality: Mapped[Municipality | None] = relationship()
    confirmed_by: Mapped[User | None] = relationship()
