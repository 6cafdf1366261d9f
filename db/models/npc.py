"""The seed's `npcs` and `npc_interactions` tables, and the standings kept beside them.

docs/architecture.md, Data model and Relationships.
"""

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, Integer, String, Text, func, text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, Timestamps, UUIDPrimaryKey, sql_values
from db.schemas import NPCData, NPCInteractionData, Personality, Relationship, StatBlock
from db.types import PydanticJSON, UTCDateTime, utcnow
from rules import limits
from rules.interactions import INTERACTION_TYPES


class NPC(UUIDPrimaryKey, Timestamps, Base):
    __tablename__ = "npcs"

    name: Mapped[str] = mapped_column(String(limits.NAME), nullable=False)
    race: Mapped[str | None] = mapped_column(String(limits.NPC_DETAIL), nullable=True)
    occupation: Mapped[str | None] = mapped_column(String(limits.NPC_DETAIL), nullable=True)
    location: Mapped[str | None] = mapped_column(String(limits.NPC_DETAIL), nullable=True)
    campaign_id: Mapped[str] = mapped_column(
        String(limits.ID), ForeignKey("campaigns.id", ondelete="CASCADE"), nullable=False, index=True
    )
    personality: Mapped[Personality] = mapped_column(
        PydanticJSON(Personality), nullable=False, default=Personality, server_default=text("'{}'")
    )
    stats: Mapped[StatBlock | None] = mapped_column(PydanticJSON(StatBlock), nullable=True)
    # The seed's column, kept empty: standings live in npc_standings (one row per pair, changed by
    # an atomic upsert), since rewriting one JSON list per NPC made its writers queue. Migration
    # 0005 moved every element there; the export format still has the list, built from that table.
    relationships: Mapped[list[Relationship]] = mapped_column(
        PydanticJSON(list[Relationship]), nullable=False, default=list, server_default=text("'[]'")
    )
    data: Mapped[NPCData] = mapped_column(PydanticJSON(NPCData), nullable=False, default=NPCData)

    __table_args__ = (Index("uq_npcs_campaign_id_lower_name", "campaign_id", func.lower(name), unique=True),)


class NPCInteraction(UUIDPrimaryKey, Base):
    __tablename__ = "npc_interactions"

    npc_id: Mapped[str] = mapped_column(
        String(limits.ID), ForeignKey("npcs.id", ondelete="CASCADE"), nullable=False, index=True
    )
    # Deleting a character keeps the log; the entry's data keeps the name.
    character_id: Mapped[str | None] = mapped_column(
        String(limits.ID), ForeignKey("characters.id", ondelete="SET NULL"), nullable=True, index=True
    )
    interaction_type: Mapped[str] = mapped_column(String(20), nullable=False)
    summary: Mapped[str] = mapped_column(Text, nullable=False)
    outcome: Mapped[str | None] = mapped_column(Text, nullable=True)
    relationship_change: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default="0")
    timestamp: Mapped[datetime] = mapped_column(
        UTCDateTime(), nullable=False, default=utcnow, server_default=func.now()
    )
    data: Mapped[NPCInteractionData] = mapped_column(
        PydanticJSON(NPCInteractionData), nullable=False, default=NPCInteractionData
    )
    # The Discord user who logged it.
    logged_by: Mapped[int] = mapped_column(BigInteger, nullable=False)

    __table_args__ = (
        CheckConstraint(
            f"interaction_type IN ({sql_values(INTERACTION_TYPES)})",
            name="interaction_type",
        ),
        # History is read per NPC and per pair, newest first (id breaks ties): each index holds a
        # page's order and ids, so a deep page walks the index alone.
        Index("ix_npc_interactions_npc_id_timestamp_id", "npc_id", "timestamp", "id"),
        # A type filter's page and its capped count (migration 0009).
        Index(
            "ix_npc_interactions_npc_id_interaction_type_timestamp_id",
            "npc_id",
            "interaction_type",
            "timestamp",
            "id",
        ),
        Index(
            "ix_npc_interactions_npc_id_character_id_timestamp_id",
            "npc_id",
            "character_id",
            "timestamp",
            "id",
        ),
    )


class NPCStanding(Base):
    """An NPC's standing toward one character: the running total of the pair's logged changes.

    Changed only by one atomic upsert in the interaction's transaction (``total = total + change``),
    never re-summed from the log; the score shown is ``clamp(total)`` (rules/relationships.py).
    """

    __tablename__ = "npc_standings"

    npc_id: Mapped[str] = mapped_column(
        String(limits.ID), ForeignKey("npcs.id", ondelete="CASCADE"), primary_key=True
    )
    # No foreign key: a deleted character's standing stays readable, under its name snapshot.
    character_id: Mapped[str] = mapped_column(String(limits.ID), primary_key=True)
    # The name when last logged (None only for an old relationship element that had none).
    character_name: Mapped[str | None] = mapped_column(String(limits.NAME), nullable=True)
    # The unclamped sum of the pair's changes, and how many entries the pair logged.
    total: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default="0")
    interactions: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default="0")

    # /character relationships reads a character's standings with every NPC.
    __table_args__ = (Index("ix_npc_standings_character_id", "character_id"),)


class NPCLogCount(Base):
    """How many entries an NPC logged without a character.

    With the pairs' counts in ``npc_standings`` that is the size of the NPC's log, so /npc history
    shows its total without counting rows. Only interactions without a character change it (an
    atomic upsert), so writers on different characters of one NPC never wait for each other here.
    """

    __tablename__ = "npc_log_counts"

    npc_id: Mapped[str] = mapped_column(
        String(limits.ID), ForeignKey("npcs.id", ondelete="CASCADE"), primary_key=True
    )
    without_character: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default="0")
