"""The seed's `spells` table: SRD spells of both rulesets and each guild's homebrew.

Columns and additions: docs/architecture.md (Data model); where the SRD rows come from:
docs/data-sources.md.
"""

from sqlalchemy import BigInteger, Boolean, CheckConstraint, Index, Integer, String, Text, false, func, text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, sql_values
from db.schemas import Component, SpellData
from db.types import PydanticJSON
from rules import limits
from rules.ruleset import RULESETS


class Spell(Base):
    __tablename__ = "spells"

    # SRD ids are stable ("srd2024:fireball"); homebrew ids are UUIDs.
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(limits.NAME), nullable=False, index=True)
    level: Mapped[int] = mapped_column(Integer, nullable=False)
    school: Mapped[str] = mapped_column(String(20), nullable=False)
    casting_time: Mapped[str] = mapped_column(String(limits.SPELL_CASTING_TIME), nullable=False)
    range: Mapped[str] = mapped_column(String(limits.SPELL_RANGE), nullable=False)
    components: Mapped[list[Component]] = mapped_column(PydanticJSON(list[Component]), nullable=False)
    duration: Mapped[str] = mapped_column(String(limits.SPELL_DURATION), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False)
    higher_levels: Mapped[str | None] = mapped_column(Text, nullable=True)
    ritual: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False, server_default=false())
    concentration: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=False, server_default=false()
    )
    damage_dice: Mapped[str | None] = mapped_column(String(limits.SPELL_DAMAGE_DICE), nullable=True)
    save_type: Mapped[str | None] = mapped_column(String(3), nullable=True)
    spell_lists: Mapped[list[str]] = mapped_column(
        PydanticJSON(list[str]), nullable=False, default=list, server_default=text("'[]'")
    )
    data: Mapped[SpellData] = mapped_column(PydanticJSON(SpellData), nullable=False, default=SpellData)
    # NULL for homebrew, which belongs to no ruleset (it shows under both).
    ruleset: Mapped[str | None] = mapped_column(String(4), nullable=True)
    source: Mapped[str] = mapped_column(String(20), nullable=False)
    # NULL for SRD spells, the owning guild for homebrew.
    guild_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True, index=True)

    __table_args__ = (
        CheckConstraint("level BETWEEN 0 AND 9", name="level"),
        CheckConstraint(f"ruleset IN ({sql_values(RULESETS)})", name="ruleset"),
        CheckConstraint(
            "save_type IS NULL OR save_type IN ('STR', 'DEX', 'CON', 'INT', 'WIS', 'CHA')", name="save_type"
        ),
        # SRD spells have a ruleset; homebrew (guild_id set) has none.
        CheckConstraint("(guild_id IS NULL) = (ruleset IS NOT NULL)", name="srd_ruleset"),
        # A guild's homebrew names are unique whatever their case.
        Index("uq_spells_guild_id_lower_name", "guild_id", func.lower(name), unique=True),
    )
