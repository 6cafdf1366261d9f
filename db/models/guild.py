"""Per-guild configuration, and the bot's own small key-value state."""

from typing import Final

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, Timestamps, sql_values
from rules import limits
from rules.ruleset import RULESETS

DEFAULT_RULESET: Final = "2024"


class GuildSettings(Timestamps, Base):
    __tablename__ = "guild_settings"

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    # Deleting the active campaign leaves the guild with none, not with a dangling id.
    active_campaign_id: Mapped[str | None] = mapped_column(
        String(limits.ID), ForeignKey("campaigns.id", ondelete="SET NULL"), nullable=True, index=True
    )
    gm_role_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    # Where secret rolls are posted (/config gm-channel).
    gm_channel_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    ruleset: Mapped[str] = mapped_column(
        String(4), nullable=False, default=DEFAULT_RULESET, server_default=DEFAULT_RULESET
    )
    spell_visibility: Mapped[str] = mapped_column(
        String(10), nullable=False, default="public", server_default="public"
    )

    __table_args__ = (
        CheckConstraint(f"ruleset IN ({sql_values(RULESETS)})", name="ruleset"),
        CheckConstraint("spell_visibility IN ('public', 'private')", name="spell_visibility"),
    )


class BotState(Timestamps, Base):
    """Values the bot remembers between starts, e.g. the hash of the last synced command tree."""

    __tablename__ = "bot_state"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)
