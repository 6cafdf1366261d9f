"""The dice roll history (the seed's "future" table; docs/architecture.md, Data model)."""

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    false,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, UUIDPrimaryKey
from db.types import UTCDateTime, utcnow
from rules import limits


class DiceRoll(UUIDPrimaryKey, Base):
    __tablename__ = "dice_rolls"

    guild_id: Mapped[int] = mapped_column(BigInteger, nullable=False)
    channel_id: Mapped[int] = mapped_column(BigInteger, nullable=False)
    user_id: Mapped[int] = mapped_column(BigInteger, nullable=False)
    character_id: Mapped[str | None] = mapped_column(
        String(limits.ID), ForeignKey("characters.id", ondelete="SET NULL"), nullable=True, index=True
    )
    expression: Mapped[str] = mapped_column(String(limits.STORED_EXPRESSION), nullable=False)
    total: Mapped[int] = mapped_column(Integer, nullable=False)
    detail: Mapped[str] = mapped_column(Text, nullable=False)
    reason: Mapped[str | None] = mapped_column(String(limits.ROLL_REASON), nullable=True)
    # Shown only to its roller: /rolls leaves it out for everyone else.
    private: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False, server_default=false())
    # "critical" (natural 20) or "fumble" (natural 1) when one d20 decided the roll: a recap tells them.
    crit: Mapped[str | None] = mapped_column(String(8), nullable=True)
    # Rolled for the GM: posted to the GM channel, and /rolls shows it to GMs only.
    secret: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False, server_default=false())
    rolled_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), nullable=False, default=utcnow, server_default=func.now()
    )

    __table_args__ = (
        CheckConstraint("crit IS NULL OR crit IN ('critical', 'fumble')", name="crit"),
        # /rolls reads a guild's (or one member's) latest rolls.
        Index("ix_dice_rolls_guild_id_rolled_at", "guild_id", "rolled_at"),
        Index("ix_dice_rolls_guild_id_user_id_rolled_at", "guild_id", "user_id", "rolled_at"),
    )
