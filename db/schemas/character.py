"""``characters.data``: a 5e character sheet, as players import it."""

from typing import Literal

from pydantic import Field, model_validator

from db.schemas.base import JSONModel
from db.schemas.spell import Ability

ABILITIES: tuple[Ability, ...] = ("STR", "DEX", "CON", "INT", "WIS", "CHA")
# The 18 skills and the ability each uses.
SKILLS: dict[str, Ability] = {
    "acrobatics": "DEX",
    "animal_handling": "WIS",
    "arcana": "INT",
    "athletics": "STR",
    "deception": "CHA",
    "history": "INT",
    "insight": "WIS",
    "intimidation": "CHA",
    "investigation": "INT",
    "medicine": "WIS",
    "nature": "INT",
    "perception": "WIS",
    "performance": "CHA",
    "persuasion": "CHA",
    "religion": "INT",
    "sleight_of_hand": "DEX",
    "stealth": "DEX",
    "survival": "WIS",
}
Skill = Literal[
    "acrobatics", "animal_handling", "arcana", "athletics", "deception", "history", "insight",
    "intimidation", "investigation", "medicine", "nature", "perception", "performance", "persuasion",
    "religion", "sleight_of_hand", "stealth", "survival",
]  # fmt: skip
Proficiency = Literal["none", "proficient", "expertise"]
Name = Field(min_length=1, max_length=100)
MAX_ITEMS = 200


def ability_modifier(score: int) -> int:
    return (score - 10) // 2


class Abilities(JSONModel):
    STR: int = Field(default=10, ge=1, le=30)
    DEX: int = Field(default=10, ge=1, le=30)
    CON: int = Field(default=10, ge=1, le=30)
    INT: int = Field(default=10, ge=1, le=30)
    WIS: int = Field(default=10, ge=1, le=30)
    CHA: int = Field(default=10, ge=1, le=30)


class ClassLevel(JSONModel):
    name: str = Name
    subclass: str | None = Field(default=None, max_length=100)
    level: int = Field(ge=1, le=20)


class HitPoints(JSONModel):
    max: int = Field(default=1, ge=1, le=999)
    current: int = Field(default=1, ge=0, le=999)
    temp: int = Field(default=0, ge=0, le=999)

    @model_validator(mode="after")
    def _current_within_max(self) -> "HitPoints":
        if self.current > self.max:
            raise ValueError(f"current hit points ({self.current}) exceed the maximum ({self.max})")
        return self


class Item(JSONModel):
    name: str = Name
    quantity: int = Field(default=1, ge=0, le=100_000)
    weight: float | None = Field(default=None, ge=0, le=10_000, description="Pounds, per item")
    equipped: bool = False
    notes: str | None = Field(default=None, max_length=1000)


class Currency(JSONModel):
    cp: int = Field(default=0, ge=0, le=10_000_000)
    sp: int = Field(default=0, ge=0, le=10_000_000)
    ep: int = Field(default=0, ge=0, le=10_000_000)
    gp: int = Field(default=0, ge=0, le=10_000_000)
    pp: int = Field(default=0, ge=0, le=10_000_000)


class SpellSlots(JSONModel):
    max: int = Field(ge=0, le=20)
    used: int = Field(default=0, ge=0, le=20)

    @model_validator(mode="after")
    def _used_within_max(self) -> "SpellSlots":
        if self.used > self.max:
            raise ValueError(f"used slots ({self.used}) exceed the maximum ({self.max})")
        return self


SlotLevel = Literal["1", "2", "3", "4", "5", "6", "7", "8", "9"]


class Spellcasting(JSONModel):
    ability: Ability
    slots: dict[SlotLevel, SpellSlots] = Field(default_factory=dict, description="Slot level -> slots")
    known: list[str] = Field(default_factory=list, max_length=MAX_ITEMS)
    prepared: list[str] = Field(default_factory=list, max_length=MAX_ITEMS)


class Feature(JSONModel):
    name: str = Name
    description: str | None = Field(default=None, max_length=4000)


class CharacterSheet(JSONModel):
    """A whole sheet. ``CharacterSheet()`` is a fresh level-1 character with all 10s.

    The character's name lives in ``characters.name``, not here.
    """

    classes: list[ClassLevel] = Field(default_factory=list, max_length=12)
    race: str | None = Field(default=None, max_length=100)
    background: str | None = Field(default=None, max_length=100)
    alignment: str | None = Field(default=None, max_length=50)
    experience: int = Field(default=0, ge=0, le=10_000_000)
    abilities: Abilities = Field(default_factory=Abilities)
    armor_class: int = Field(default=10, ge=0, le=50)
    speed: int = Field(default=30, ge=0, le=1000, description="Feet per round")
    initiative_bonus: int = Field(default=0, ge=-20, le=20, description="Beyond the DEX modifier")
    hit_points: HitPoints = Field(default_factory=HitPoints)
    hit_dice: str | None = Field(default=None, max_length=50, description='e.g. "5d6"')
    saving_throws: list[Ability] = Field(default_factory=list, max_length=6, description="Proficient saves")
    skills: dict[Skill, Proficiency] = Field(default_factory=dict)
    equipment: list[Item] = Field(default_factory=list, max_length=MAX_ITEMS)
    currency: Currency = Field(default_factory=Currency)
    spellcasting: Spellcasting | None = None
    features: list[Feature] = Field(default_factory=list, max_length=MAX_ITEMS)
    languages: list[str] = Field(default_factory=list, max_length=50)
    notes: str | None = Field(default=None, max_length=4000)

    @model_validator(mode="after")
    def _total_level(self) -> "CharacterSheet":
        if self.level > 20:
            raise ValueError(f"class levels add up to {self.level}; the most is 20")
        if len(set(self.saving_throws)) != len(self.saving_throws):
            raise ValueError("a saving throw is listed twice")
        return self

    @property
    def level(self) -> int:
        return sum(c.level for c in self.classes) or 1

    @property
    def proficiency_bonus(self) -> int:
        return 2 + (self.level - 1) // 4

    def modifier(self, ability: Ability) -> int:
        return ability_modifier(getattr(self.abilities, ability))

    def ability_check_modifier(self, ability: Ability) -> int:
        return self.modifier(ability)

    def save_modifier(self, ability: Ability) -> int:
        bonus = self.proficiency_bonus if ability in self.saving_throws else 0
        return self.modifier(ability) + bonus

    def skill_modifier(self, skill: Skill) -> int:
        rank = self.skills.get(skill, "none")
        factor = {"none": 0, "proficient": 1, "expertise": 2}[rank]
        return self.modifier(SKILLS[skill]) + factor * self.proficiency_bonus
