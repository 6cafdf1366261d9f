"""Schemas of the spells table's JSON columns."""

from typing import Literal

from pydantic import Field

from db.schemas.base import JSONModel

Component = Literal["V", "S", "M"]
Ability = Literal["STR", "DEX", "CON", "INT", "WIS", "CHA"]
Ruleset = Literal["2014", "2024"]
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


class SpellArea(JSONModel):
    """The area a spell covers, e.g. a 20-foot-radius sphere."""

    shape: str = Field(max_length=40)
    size: int | None = Field(default=None, ge=0, description="In feet")


class SpellData(JSONModel):
    """``spells.data``: everything the seed's columns do not hold."""

    material: str | None = Field(default=None, max_length=1000)
    damage_type: str | None = Field(default=None, max_length=40)
    # Every type the spell can deal: some let the caster pick among up to seven, too many for damage_type.
    damage_types: list[str] = Field(default_factory=list)
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
