"""The compendium's records: monsters, conditions and items of both SRDs, normalised.

Stable API (live play builds initiative and NPC attacks on it): ``Monster.name``, ``.ruleset``,
``.size``, ``.creature_type``, ``.armor_class``, ``.hit_points``, ``.hit_dice`` (e.g. "19d12 + 133"),
``.abilities`` (six scores), ``.dex_modifier``, ``.initiative_modifier``, ``.actions`` (every
entry of the stat block, each with ``attack_bonus``, ``damage`` and ``save_dc`` where it has them)
and ``.attacks()``. Records are frozen: copy with ``model_copy(update=...)`` for overrides.
"""

from fractions import Fraction
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from rules.abilities import ABILITIES, Ability, ability_modifier
from rules.compendium.challenge import cr_label, lair_xp_for, proficiency_bonus, xp_for
from rules.ruleset import Ruleset

Size = Literal["Tiny", "Small", "Medium", "Large", "Huge", "Gargantuan"]
SIZES: tuple[Size, ...] = ("Tiny", "Small", "Medium", "Large", "Huge", "Gargantuan")
# Where an entry sits in the stat block, in stat-block order.
ActionKind = Literal["trait", "action", "bonus_action", "reaction", "legendary", "lair"]
ACTION_KINDS: tuple[ActionKind, ...] = ("trait", "action", "bonus_action", "reaction", "legendary", "lair")
Source = Literal["SRD 5.1", "SRD 5.2", "homebrew"]


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DamageRoll(Record):
    """One damage part of an attack or effect: "1d6 + 2" slashing."""

    dice: str = Field(min_length=1, description='Roll formula as the stat block prints it, e.g. "2d10 + 8"')
    damage_type: str = Field(default="", description='Lower case, e.g. "slashing"; "" when not typed')
    average: int | None = None


class MonsterAction(Record):
    """A trait, action, bonus action, reaction, legendary or lair action, with its numbers when it has any."""

    name: str = Field(min_length=1)
    kind: ActionKind
    text: str = Field(description="Plain Discord markdown, no source markup")
    attack_bonus: int | None = None
    attack_type: Literal["melee", "ranged", "melee or ranged"] | None = None
    reach: str | None = None  # "10 ft."
    range: str | None = None  # "80/320 ft."
    damage: tuple[DamageRoll, ...] = ()
    save_ability: Ability | None = None
    save_dc: int | None = None
    recharge: str | None = None  # "5-6"
    uses: str | None = None  # "3/Day"
    legendary_cost: int = 1

    @property
    def is_attack(self) -> bool:
        return self.attack_bonus is not None


class Monster(Record):
    """One stat block."""

    slug: str = Field(min_length=1, max_length=100)
    name: str = Field(min_length=1, max_length=100)
    ruleset: Ruleset
    source: Source
    size: Size
    size_label: str = Field(description='As printed: "Medium or Small", "Medium Swarm of Tiny Beasts"')
    creature_type: str = Field(min_length=1, description='Lower case, e.g. "humanoid"')
    subtype: str | None = None  # "goblinoid"
    alignment: str = ""
    armor_class: int = Field(ge=0, le=40)
    armor_sources: tuple[str, ...] = ()  # "Leather Armor", "Shield"; empty when the source has none
    hit_points: int = Field(ge=0)
    hit_dice: str = ""  # "19d12 + 133"; "" for summons whose HP depends on the spell
    speeds: dict[str, int] = Field(default_factory=dict)  # "walk", "fly", ... in feet
    hover: bool = False
    abilities: dict[Ability, int]
    saving_throws: dict[Ability, int] = Field(default_factory=dict)
    skills: dict[str, int] = Field(default_factory=dict)  # "Perception": +13
    damage_vulnerabilities: tuple[str, ...] = ()
    damage_resistances: tuple[str, ...] = ()
    damage_immunities: tuple[str, ...] = ()
    condition_immunities: tuple[str, ...] = ()
    senses: dict[str, int] = Field(default_factory=dict)  # "darkvision": 120, in feet
    passive_perception: int = 10
    languages: str = ""
    challenge: Fraction
    xp_override: int | None = Field(default=None, description="Only where the SRD prints another XP")
    initiative: int | None = Field(default=None, description="2024 initiative modifier as printed")
    legendary_uses: int | None = None
    legendary_intro: str = ""
    summon: bool = Field(default=False, description="A spell's or item's stat block: no CR of its own")
    actions: tuple[MonsterAction, ...] = ()

    # -- derived values ---------------------------------------------------------------------------
    @property
    def cr(self) -> str:
        return cr_label(self.challenge)

    @property
    def xp(self) -> int:
        return self.xp_override if self.xp_override is not None else xp_for(self.challenge)

    @property
    def lair_xp(self) -> int:
        return lair_xp_for(self.challenge)

    @property
    def proficiency_bonus(self) -> int:
        return proficiency_bonus(self.challenge)

    def modifier(self, ability: Ability) -> int:
        return ability_modifier(self.abilities[ability])

    @property
    def dex_modifier(self) -> int:
        return self.modifier("DEX")

    @property
    def initiative_modifier(self) -> int:
        """What to add to a d20 for initiative: the printed 2024 initiative, else the DEX modifier."""
        return self.initiative if self.initiative is not None else self.dex_modifier

    @property
    def walk_speed(self) -> int:
        return self.speeds.get("walk", 0)

    def entries(self, kind: ActionKind) -> list[MonsterAction]:
        return [action for action in self.actions if action.kind == kind]

    def attacks(self) -> list[MonsterAction]:
        """Entries with a to-hit bonus, in stat-block order (what /npc attack and /init roll)."""
        return [action for action in self.actions if action.is_attack]

    def action(self, name: str) -> MonsterAction | None:
        folded = name.casefold().strip()
        return next((a for a in self.actions if a.name.casefold() == folded), None)

    def with_overrides(self, *, hit_points: int | None = None, armor_class: int | None = None) -> "Monster":
        """A copy with the GM's hit points and armor class (for an NPC built on this monster)."""
        update = {
            k: v for k, v in (("hit_points", hit_points), ("armor_class", armor_class)) if v is not None
        }
        return self.model_copy(update=update) if update else self

    @property
    def ability_scores(self) -> list[tuple[Ability, int, int]]:
        return [(ability, self.abilities[ability], self.modifier(ability)) for ability in ABILITIES]


class Condition(Record):
    slug: str = Field(min_length=1)
    name: str = Field(min_length=1)
    ruleset: Ruleset
    source: Source
    text: str = Field(min_length=1)


ItemCategory = Literal["magic item", "weapon", "armor", "gear"]


class Item(Record):
    slug: str = Field(min_length=1)
    name: str = Field(min_length=1)
    ruleset: Ruleset
    source: Source
    category: ItemCategory
    kind: str = Field(default="", description='"Wondrous item", "Martial Melee Weapon", "Heavy Armor", ...')
    rarity: str | None = None  # magic items only
    attunement: str | None = None  # "requires attunement", "requires attunement by a wizard"
    cost: str | None = None  # "15 gp"
    weight: str | None = None  # "3 lb."
    damage: str | None = None  # "1d8 Slashing"
    properties: tuple[str, ...] = ()
    armor_class: str | None = None  # "11 + Dex modifier"
    text: str = ""

    @property
    def is_magic(self) -> bool:
        return self.category == "magic item"
