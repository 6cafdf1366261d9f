"""The seed's `characters` table, owned by a member of a guild (docs/architecture.md, Data model)."""

from sqlalchemy import BigInteger, ForeignKey, Index, String, func, text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, Timestamps, UUIDPrimaryKey
from db.schemas import CharacterSheet
from db.types import PydanticJSON
from rules import limits


class Character(UUIDPrimaryKey, Timestamps, Base):
    __tablename__ = "characters"

    name: Mapped[str] = mapped_column(String(limits.NAME), nullable=False)
    data: Mapped[CharacterSheet] = mapped_column(
        PydanticJSON(CharacterSheet), nullable=False, default=CharacterSheet
    )
    # A character without a campaign still belongs to one guild.
    guild_id: Mapped[int] = mapped_column(BigInteger, nullable=False, index=True)
    owner_id: Mapped[int] = mapped_column(BigInteger, nullable=False, index=True)
    # Deleting a campaign leaves its players' characters, unassigned.
    campaign_id: Mapped[str | None] = mapped_column(
        String(limits.ID), ForeignKey("campaigns.id", ondelete="SET NULL"), nullable=True, index=True
    )

    __table_args__ = (
        Index("uq_characters_campaign_id_lower_name", "campaign_id", func.lower(name), unique=True),
        # The index above treats NULL campaigns as distinct: unassigned names are unique per guild.
        Index(
            "uq_characters_guild_id_lower_name_unassigned",
            "guild_id",
            func.lower(name),
            unique=True,
            postgresql_where=text("campaign_id IS NULL"),
            sqlite_where=text("campaign_id IS NULL"),
        ),
    )
