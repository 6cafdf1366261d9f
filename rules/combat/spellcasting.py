"""Casting from a sheet: save DC and attack bonus, and the dice a spell rolls at a slot level."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from rules.errors import InvalidInputError

EffectKind = Literal["damage", "healing"]


def spell_attack_bonus(proficiency: int, modifier: int) -> int:
    return proficiency + modifier


def spell_save_dc(proficiency: int, modifier: int) -> int:
    return 8 + proficiency + modifier


@dataclass(frozen=True, slots=True)
class SpellEffect:
    kind: EffectKind
    expression: str  # d20 notation, the spellcasting modifier filled in


def _at_or_below(table: Mapping[str, str], level: int) -> str | None:
    """The entry for the highest key not above ``level`` (the tables list only where the dice change)."""
    keys = sorted((int(k) for k in table if k.isdigit() and int(k) <= level), reverse=True)
    return table[str(keys[0])] if keys else None


def effect(
    *,
    spell_level: int,
    slot_level: int,
    character_level: int,
    modifier: int,
    damage_at_slot_level: Mapping[str, str],
    damage_at_character_level: Mapping[str, str],
    heal_at_slot_level: Mapping[str, str],
    damage_dice: str | None,
) -> SpellEffect | None:
    """What the spell rolls when cast with a slot of ``slot_level`` (cantrips: by character level)."""
    if spell_level == 0 and damage_at_character_level:
        dice = _at_or_below(damage_at_character_level, character_level)
        return SpellEffect("damage", _filled(dice, modifier)) if dice else None
    if heal_at_slot_level:
        dice = _at_or_below(heal_at_slot_level, slot_level)
        if dice:
            return SpellEffect("healing", _filled(dice, modifier))
    if damage_at_slot_level:
        dice = _at_or_below(damage_at_slot_level, slot_level)
        if dice:
            return SpellEffect("damage", _filled(dice, modifier))
    if damage_dice:
        return SpellEffect("damage", _filled(damage_dice, modifier))
    return None


def _filled(dice: str, modifier: int) -> str:
    """The tables write the caster's modifier as MOD ("1d8 + MOD")."""
    return dice.replace("MOD", f"({modifier})") if "MOD" in dice else dice


def slot_level_for(spell_level: int, level: int | None, ritual: bool, can_ritual: bool) -> int | None:
    """The slot a cast spends (None: none), or a clear refusal of an impossible level."""
    if spell_level == 0:
        if level not in (None, 0):
            raise InvalidInputError("A cantrip uses no spell slot: leave the level out.")
        return None
    if ritual:
        if not can_ritual:
            raise InvalidInputError("That spell has no ritual tag: cast it with a slot.")
        if level not in (None, spell_level):
            raise InvalidInputError("A ritual is cast at the spell's own level, with no slot.")
        return None
    chosen = spell_level if level is None else level
    if not spell_level <= chosen <= 9:
        raise InvalidInputError(f"This spell needs a slot of level {spell_level} to 9, not {chosen}.")
    return chosen
