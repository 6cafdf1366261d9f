"""``characters.data``: a 5e character sheet, as players import it.

The character's name lives in the ``characters.name`` column, not here.
Keys are fixed so an imported file is checked, not guessed at: abilities are
``STR DEX CON INT WIS CHA``, skills are the snake_case names in ``SKILLS``.
"""

from typing import Literal

from pydantic import Field, field_validator, model_validator

from db.schemas.base import JSONModel
from rules import limits
from rules.abilities import SKILLS, Ability, Skill, ability_modifier, skill_key
from rules.model import Name

Proficiency = Literal["none", "proficient", "expertise"]
HitDie = Literal["d6", "d8", "d10", "d12"]
SlotLevel = Literal["1", "2", "3", "4", "5", "6", "7", "8", "9"]

MAX_LEVEL = limits.LEVEL_MAX
MAX_ITEMS = 200  # per list: an imported file cannot store megabytes

_PROFICIENCY_FACTOR: dict[Proficiency, int] = {"none": 0, "proficient": 1, "expertise": 2}


class Abilities(JSONModel):
    """Ability scores, 1-30 each (the 5e bounds for any creature)."""

    STR: int = Field(default=10, ge=1, le=30)
    DEX: int = Field(default=10, ge=1, le=30)
    CON: int = Field(default=10, ge=1, le=30)
    INT: int = Field(default=10, ge=1, le=30)
    WIS: int = Field(default=10, ge=1, le=30)
    CHA: int = Field(default=10, ge=1, le=30)

    def modifier(self, ability: Ability) -> int:
        return ability_modifier(getattr(self, ability))


class ClassLevel(JSONModel):
    """One class and the levels taken in it; several of them make a multiclass character."""

    name: Name
    subclass: Name | None = None
    level: int = Field(ge=1, le=MAX_LEVEL)


class Pool(JSONModel):
    """A resource spent and regained on rests: spell slots, hit dice, a feature's uses."""

    max: int = Field(ge=0, le=MAX_LEVEL)
    used: int = Field(default=0, ge=0, le=MAX_LEVEL)

    @model_validator(mode="after")
    def _used_within_max(self) -> "Pool":
        if self.used > self.max:
            raise ValueError(f"used ({self.used}) exceeds max ({self.max})")
        return self

    @property
    def remaining(self) -> int:
        return self.max - self.used


class HitPoints(JSONModel):
    max: int = Field(default=1, ge=1, le=999)
    current: int = Field(default=1, ge=0, le=999)
    temp: int = Field(default=0, ge=0, le=999)

    @model_validator(mode="after")
    def _current_within_max(self) -> "HitPoints":
        if self.current > self.max:
            raise ValueError(f"current hit points ({self.current}) exceed the maximum ({self.max})")
        return self


class DeathSaves(JSONModel):
    successes: int = Field(default=0, ge=0, le=3)
    failures: int = Field(default=0, ge=0, le=3)


class Item(JSONModel):
    name: Name
    quantity: int = Field(default=1, ge=0, le=100_000)
    weight: float | None = Field(default=None, ge=0, le=10_000, allow_inf_nan=False, description="lb each")
    equipped: bool = False
    notes: str | None = Field(default=None, max_length=1000)


class Currency(JSONModel):
    cp: int = Field(default=0, ge=0, le=10_000_000)
    sp: int = Field(default=0, ge=0, le=10_000_000)
    ep: int = Field(default=0, ge=0, le=10_000_000)
    gp: int = Field(default=0, ge=0, le=10_000_000)
    pp: int = Field(default=0, ge=0, le=10_000_000)


class Spellcasting(JSONModel):
    ability: Ability
    # JSON object keys are strings, hence "1".."9" rather than integers.
    slots: dict[SlotLevel, Pool] = Field(default_factory=dict, description="Slot level -> slots")
    known: list[Name] = Field(default_factory=list, max_length=MAX_ITEMS, description="Spell names")
    prepared: list[Name] = Field(default_factory=list, max_length=MAX_ITEMS, description="Spell names")


class Feature(JSONModel):
    """A class feature, racial trait or feat."""

    name: Name
    description: str | None = Field(default=None, max_length=4000)
    uses: Pool | None = None


class CharacterSheet(JSONModel):
    """A whole sheet. ``CharacterSheet()`` is a fresh level-1 character with all 10s.

    With no classes the character counts as ``unclassed_level``, else level 1.
    """

    classes: list[ClassLevel] = Field(default_factory=list, max_length=MAX_LEVEL)
    # The level of a character made before its class is known (/character create level: alone);
    # the first class given takes it over.
    unclassed_level: int | None = Field(default=None, ge=1, le=MAX_LEVEL)
    race: Name | None = None
    background: Name | None = None
    alignment: str | None = Field(default=None, max_length=50)
    experience: int = Field(default=0, ge=0, le=10_000_000)
    inspiration: bool = False
    abilities: Abilities = Field(default_factory=Abilities)
    armor_class: int = Field(default=10, ge=0, le=50)
    speed: int = Field(default=30, ge=0, le=1000, description="Walking speed in feet")
    initiative_bonus: int = Field(default=0, ge=-20, le=20, description="Beyond the DEX modifier")
    hit_points: HitPoints = Field(default_factory=HitPoints)
    hit_dice: dict[HitDie, Pool] = Field(default_factory=dict, description='e.g. {"d6": {"max": 5}}')
    death_saves: DeathSaves = Field(default_factory=DeathSaves)
    saving_throws: list[Ability] = Field(default_factory=list, max_length=6, description="Proficient saves")
    skills: dict[Skill, Proficiency] = Field(default_factory=dict, description="Missing means none")
    proficiencies: list[Name] = Field(default_factory=list, max_length=100, description="Armor, tools...")
    languages: list[Name] = Field(default_factory=list, max_length=50)
    equipment: list[Item] = Field(default_factory=list, max_length=MAX_ITEMS)
    currency: Currency = Field(default_factory=Currency)
    spellcasting: Spellcasting | None = None
    features: list[Feature] = Field(default_factory=list, max_length=MAX_ITEMS)
    notes: str | None = Field(default=None, max_length=4000)

    @field_validator("classes")
    @classmethod
    def _multiclass(cls, classes: list[ClassLevel]) -> list[ClassLevel]:
        total = sum(c.level for c in classes)
        if total > MAX_LEVEL:
            raise ValueError(f"class levels add up to {total}; the most is {MAX_LEVEL}")
        names = [c.name.casefold() for c in classes]
        if len(set(names)) != len(names):
            raise ValueError("a class is listed twice; give it one entry with the total level")
        return classes

    @model_validator(mode="after")
    def _one_level(self) -> "CharacterSheet":
        if self.classes and self.unclassed_level is not None:
            raise ValueError("unclassed_level is only for a sheet without classes: give the level in classes")
        return self

    @field_validator("skills", mode="before")
    @classmethod
    def _skill_keys(cls, skills: object) -> object:
        # "Stealth", "sleight of hand" and "Animal-Handling" are the sheet's snake_case keys.
        if isinstance(skills, dict):
            return {skill_key(k) if isinstance(k, str) else k: v for k, v in skills.items()}
        return skills

    @field_validator("saving_throws")
    @classmethod
    def _distinct_saves(cls, saves: list[Ability]) -> list[Ability]:
        if len(set(saves)) != len(saves):
            raise ValueError("a saving throw is listed twice")
        return saves

    @field_validator("hit_dice")
    @classmethod
    def _hit_dice_total(cls, pools: dict[HitDie, Pool]) -> dict[HitDie, Pool]:
        total = sum(p.max for p in pools.values())
        if total > MAX_LEVEL:
            raise ValueError(f"hit dice add up to {total}; the most is {MAX_LEVEL}")
        return pools

    @property
    def level(self) -> int:
        return sum(c.level for c in self.classes) or self.unclassed_level or 1

    @property
    def proficiency_bonus(self) -> int:
        return 2 + (self.level - 1) // 4

    def modifier(self, ability: Ability) -> int:
        return self.abilities.modifier(ability)

    def ability_check_modifier(self, ability: Ability) -> int:
        """A raw ability check: no proficiency applies (skills are ``skill_modifier``)."""
        return self.modifier(ability)

    def save_modifier(self, ability: Ability) -> int:
        bonus = self.proficiency_bonus if ability in self.saving_throws else 0
        return self.modifier(ability) + bonus

    def skill_modifier(self, skill: Skill) -> int:
        factor = _PROFICIENCY_FACTOR[self.skills.get(skill, "none")]
        return self.modifier(SKILLS[skill]) + factor * self.proficiency_bonus

    @property
    def initiative_modifier(self) -> int:
        return self.modifier("DEX") + self.initiative_bonus

    @property
    def passive_perception(self) -> int:
        return 10 + self.skill_modifier("perception")

    @property
    def spell_attack_modifier(self) -> int | None:
        if self.spellcasting is None:
            return None
        return self.proficiency_bonus + self.modifier(self.spellcasting.ability)

    @property
    def spell_save_dc(self) -> int | None:
        attack = self.spell_attack_modifier
        return None if attack is None else 8 + attack


class CharacterFile(CharacterSheet):
    """What `/character import` reads: a sheet plus the character's name, in one JSON object."""

    name: Name

    def sheet(self) -> CharacterSheet:
        return CharacterSheet.model_validate(self.model_dump(exclude={"name"}))
