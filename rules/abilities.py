"""The six abilities and the eighteen skills, and the modifier of a score."""

from typing import Literal

Ability = Literal["STR", "DEX", "CON", "INT", "WIS", "CHA"]
ABILITIES: tuple[Ability, ...] = ("STR", "DEX", "CON", "INT", "WIS", "CHA")
ABILITY_NAMES: dict[Ability, str] = {
    "STR": "Strength", "DEX": "Dexterity", "CON": "Constitution",
    "INT": "Intelligence", "WIS": "Wisdom", "CHA": "Charisma",
}  # fmt: skip

Skill = Literal[
    "acrobatics", "animal_handling", "arcana", "athletics", "deception", "history", "insight",
    "intimidation", "investigation", "medicine", "nature", "perception", "performance", "persuasion",
    "religion", "sleight_of_hand", "stealth", "survival",
]  # fmt: skip
# The 18 skills and the ability each uses.
SKILLS: dict[Skill, Ability] = {
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


# How the Player's Handbook writes each skill ("Sleight of Hand": "of" stays small).
SKILL_NAMES: dict[Skill, str] = {
    skill: " ".join(w if w == "of" else w.capitalize() for w in skill.split("_")) for skill in SKILLS
}


def skill_key(typed: str) -> str:
    """A skill as the sheet keys it, whatever the case and spacing: "Sleight of Hand" -> "sleight_of_hand"."""
    return "_".join(typed.replace("-", " ").replace("_", " ").lower().split())


def ability_modifier(score: int) -> int:
    return (score - 10) // 2
