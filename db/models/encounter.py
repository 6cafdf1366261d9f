"""Encounters: one fight per channel, and its combatants (docs/architecture.md, Combat)."""

from sqlalchemy import BigInteger, Boolean, CheckConstraint, ForeignKey, Index, Integer, String, false, text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, Timestamps, UUIDPrimaryKey, sql_values
from db.schemas import StatBlock
from db.schemas.encounter import ActiveCondition
from db.types import PydanticJSON
from rules import limits
from rules.combat.initiative import COMBATANT_KINDS


class Encounter(UUIDPrimaryKey, Timestamps, Base):
    __tablename__ = "encounters"

    guild_id: Mapped[int] = mapped_column(BigInteger, nullable=False, index=True)
    # One encounter at a time per channel: the unique index decides a race of two /init start.
    channel_id: Mapped[int] = mapped_column(BigInteger, nullable=False, unique=True)
    campaign_id: Mapped[str | None] = mapped_column(
        String(limits.ID), ForeignKey("campaigns.id", ondelete="SET NULL"), nullable=True, index=True
    )
    started_by: Mapped[int] = mapped_column(BigInteger, nullable=False)
    round: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default="0")
    # Whose turn it is, by their place in the order (rules/combat/initiative.py order_key), so a
    # combatant added or removed between turns never shifts who is next. NULL before round 1.
    turn_initiative: Mapped[int | None] = mapped_column(Integer, nullable=True)
    turn_dex: Mapped[int | None] = mapped_column(Integer, nullable=True)
    turn_seq: Mapped[int | None] = mapped_column(Integer, nullable=True)
    next_seq: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default="0")


class Combatant(UUIDPrimaryKey, Base):
    """One side of a fight. A PC's hit points are its sheet's (``characters.data``), not copied here."""

    __tablename__ = "encounter_combatants"

    encounter_id: Mapped[str] = mapped_column(
        String(limits.ID), ForeignKey("encounters.id", ondelete="CASCADE"), nullable=False
    )
    seq: Mapped[int] = mapped_column(Integer, nullable=False)  # the order of joining: the last tie-break
    name: Mapped[str] = mapped_column(String(limits.NAME), nullable=False)
    kind: Mapped[str] = mapped_column(String(10), nullable=False)
    character_id: Mapped[str | None] = mapped_column(
        String(limits.ID), ForeignKey("characters.id", ondelete="SET NULL"), nullable=True, index=True
    )
    npc_id: Mapped[str | None] = mapped_column(
        String(limits.ID), ForeignKey("npcs.id", ondelete="SET NULL"), nullable=True, index=True
    )
    owner_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)  # a PC's player
    monster: Mapped[str | None] = mapped_column(String(limits.NAME), nullable=True)
    initiative: Mapped[int] = mapped_column(Integer, nullable=False)
    dex_modifier: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default="0")
    # NULL for PCs: theirs are on the sheet.
    hp: Mapped[int | None] = mapped_column(Integer, nullable=True)
    max_hp: Mapped[int | None] = mapped_column(Integer, nullable=True)
    temp_hp: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default="0")
    ac: Mapped[int | None] = mapped_column(Integer, nullable=True)
    hidden: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False, server_default=false())
    # Kept after /init remove, so the summary and the NPCs' memories still know who fought.
    removed: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False, server_default=false())
    went_down: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False, server_default=false())
    concentration: Mapped[str | None] = mapped_column(String(limits.NAME), nullable=True)
    conditions: Mapped[list[ActiveCondition]] = mapped_column(
        PydanticJSON(list[ActiveCondition]), nullable=False, default=list, server_default=text("'[]'")
    )
    stats: Mapped[StatBlock | None] = mapped_column(PydanticJSON(StatBlock), nullable=True)

    __table_args__ = (
        CheckConstraint(f"kind IN ({sql_values(COMBATANT_KINDS)})", name="kind"),
        Index("uq_encounter_combatants_encounter_id_seq", "encounter_id", "seq", unique=True),
    )
