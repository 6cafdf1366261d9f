"""The seed's `campaigns` table, bound to a guild (docs/architecture.md, Data model)."""

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, String, Text, false, func, text, true
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, Timestamps, UUIDPrimaryKey
from db.schemas import CampaignData, HomebrewRule, WorldArt
from db.types import PydanticJSON
from rules import limits


class Campaign(UUIDPrimaryKey, Timestamps, Base):
    __tablename__ = "campaigns"

    # NULL only for the global (built-in) templates.
    guild_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True, index=True)
    name: Mapped[str] = mapped_column(String(limits.NAME), nullable=False)
    description: Mapped[str | None] = mapped_column(Text, nullable=True)
    setting: Mapped[str] = mapped_column(Text, nullable=False)
    tone: Mapped[str] = mapped_column(
        String(limits.CAMPAIGN_TONE), nullable=False, default="heroic", server_default="heroic"
    )
    homebrew_rules: Mapped[list[HomebrewRule] | None] = mapped_column(
        PydanticJSON(list[HomebrewRule]), nullable=True, default=list, server_default=text("'[]'")
    )
    world_description: Mapped[str | None] = mapped_column(Text, nullable=True)
    world_art: Mapped[WorldArt | None] = mapped_column(PydanticJSON(WorldArt), nullable=True)
    is_template: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False, server_default=false())
    is_custom: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True, server_default=true())
    # A clone keeps its source; deleting the template must not delete the clones.
    template_id: Mapped[str | None] = mapped_column(
        String(limits.ID), ForeignKey("campaigns.id", ondelete="SET NULL"), nullable=True
    )
    data: Mapped[CampaignData] = mapped_column(
        PydanticJSON(CampaignData), nullable=False, default=CampaignData
    )

    __table_args__ = (
        # Names are unique per guild whatever their case.
        Index("uq_campaigns_guild_id_lower_name", "guild_id", func.lower(name), unique=True),
    )
