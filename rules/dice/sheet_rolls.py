"""Rolls a character sheet knows: ability checks, saving throws and skills."""

from typing import Literal, Protocol, cast

from rules.abilities import ABILITIES, ABILITY_NAMES, SKILL_NAMES, SKILLS, Ability, Skill
from rules.errors import InvalidInputError

Advantage = Literal["normal", "advantage", "disadvantage"]


class RollingSheet(Protocol):
    """What a sheet must answer to be rolled from (the stored CharacterSheet does)."""

    def ability_check_modifier(self, ability: Ability) -> int: ...
    def save_modifier(self, ability: Ability) -> int: ...
    def skill_modifier(self, skill: Skill) -> int: ...
    @property
    def initiative_modifier(self) -> int: ...


INITIATIVE = "initiative"  # DEX plus the sheet's initiative bonus

_D20 = {"normal": "1d20", "advantage": "2d20kh1", "disadvantage": "2d20kl1"}

# id -> label, in the order a player looks for them.
SHEET_ROLLS: dict[str, str] = {
    INITIATIVE: "Initiative",
    **{f"check:{a}": f"{ABILITY_NAMES[a]} check" for a in ABILITIES},
    **{f"save:{a}": f"{ABILITY_NAMES[a]} saving throw" for a in ABILITIES},
    **{f"skill:{s}": f"{SKILL_NAMES[s]} ({SKILLS[s]})" for s in SKILLS},
}


def modifier(sheet: RollingSheet, roll_id: str) -> int:
    kind, _, key = roll_id.partition(":")
    if roll_id not in SHEET_ROLLS:
        raise InvalidInputError("Pick a check, saving throw or skill from the list, e.g. Stealth (DEX).")
    if roll_id == INITIATIVE:
        return sheet.initiative_modifier
    # The key is one of SHEET_ROLLS', checked above.
    if kind == "check":
        return sheet.ability_check_modifier(cast(Ability, key))
    if kind == "save":
        return sheet.save_modifier(cast(Ability, key))
    return sheet.skill_modifier(cast(Skill, key))


def resolve_roll_id(typed: str) -> str:
    """An id from autocomplete, or a label or skill name typed by hand ("stealth", "dex save")."""
    if typed in SHEET_ROLLS:
        return typed
    wanted = " ".join(typed.lower().replace("_", " ").split())
    for roll_id, label in SHEET_ROLLS.items():
        kind, _, key = roll_id.partition(":")
        names = {label.lower(), label.lower().split(" (")[0]}
        if kind not in ("skill", INITIATIVE):
            short = "save" if kind == "save" else "check"
            ability = cast(Ability, key)  # the key of a check or save id is an ability
            names |= {f"{key.lower()} {short}", f"{ABILITY_NAMES[ability].lower()} {short}"}
        if wanted in names:
            return roll_id
    raise InvalidInputError(f"“{typed[:50]}” is not a check, save or skill: pick one from the list.")


def sheet_roll(sheet: RollingSheet, roll_id: str, advantage: Advantage = "normal") -> tuple[str, str]:
    """The d20 expression and its label, e.g. ("2d20kh1+7", "Stealth (DEX) with advantage")."""
    bonus = modifier(sheet, roll_id)
    expression = f"{_D20[advantage]}{bonus:+d}" if bonus else _D20[advantage]
    label = SHEET_ROLLS[roll_id] + ("" if advantage == "normal" else f" with {advantage}")
    return expression, label
