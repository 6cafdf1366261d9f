"""``homebrew_monsters``: each guild's own monsters, imported with /homebrew monster-import.

The SRD monsters are not stored: they are read from the packages at start (rules/compendium).
"""

from sqlalchemy import BigInteger, CheckConstraint, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, Timestamps, UUIDPrimaryKey, sql_values
from db.types import PydanticJSON
from rules import limits
from rules.compendium.models import Monster
from rules.ruleset import RULESETS


class HomebrewMonster(UUIDPrimaryKey, Timestamps, Base):
    __tablename__ = "homebrew_monsters"

    guild_id: Mapped[int] = mapped_column(BigInteger, nullable=False)
    name: Mapped[str] = mapped_column(String(limits.NAME), nullable=False)
    ruleset: Mapped[str] = mapped_column(String(4), nullable=False)
    # The whole stat block, normalised as the SRD's are.
    data: Mapped[Monster] = mapped_column(PydanticJSON(Monster), nullable=False)

    __table_args__ = (
        CheckConstraint(f"ruleset IN ({sql_values(RULESETS)})", name="ruleset"),
        # A guild's monster names are unique per ruleset whatever their case; a re-import replaces.
        Index(
            "uq_homebrew_monsters_guild_id_ruleset_lower_name",
            "guild_id",
            "ruleset",
            func.lower(name),
            unique=True,
        ),
    )
