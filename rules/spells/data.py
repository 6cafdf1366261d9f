"""A spell's game data beyond its name, level and text: stored as ``spells.data``."""

from typing import Literal, get_args

from pydantic import Field

from rules.model import FrozenModel

Component = Literal["V", "S", "M"]
School = Literal[
    "Abjuration",
    "Conjuration",
    "Divination",
    "Enchantment",
    "Evocation",
    "Illusion",
    "Necromancy",
    "Transmutation",
]
SCHOOLS: tuple[School, ...] = get_args(School)


class SpellArea(FrozenModel):
    """The area a spell covers, e.g. a 20-foot-radius sphere."""

    shape: str = Field(max_length=40)
    size: int | None = Field(default=None, ge=0, description="In feet")


class SpellData(FrozenModel):
    """``spells.data``: everything the seed's columns do not hold (docs/architecture.md, Data model)."""

    material: str | None = Field(default=None, max_length=1000)
    damage_type: str | None = Field(default=None, max_length=40)
    # Every type the spell can deal: some let the caster pick among up to seven, too many for damage_type.
    damage_types: list[str] = Field(default_factory=list)
    # Each roll with its type when one cast deals several at once, e.g. ["20d6 Fire", "20d6 Bludgeoning"].
    damage_parts: list[str] = Field(default_factory=list)
    # Keys are slot levels ("3".."9") or character levels ("1", "5", "11", "17").
    damage_at_slot_level: dict[str, str] = Field(default_factory=dict)
    damage_at_character_level: dict[str, str] = Field(default_factory=dict)
    heal_at_slot_level: dict[str, str] = Field(default_factory=dict)
    area: SpellArea | None = None
    attack_type: Literal["melee", "ranged"] | None = None
    source: str = Field(default="homebrew", max_length=100, description="e.g. 'SRD 5.1', 'SRD 5.2'")
    license: str | None = Field(default=None, max_length=100)
    slug: str | None = Field(default=None, max_length=100, description="The source package's key")
    notes: list[str] = Field(default_factory=list, description="Corrections applied to upstream data")
