"""Homebrew monsters from a JSON file in the 5e-database monster shape, validated as a whole.

Every entry is checked, and every problem of every entry is listed in one refusal: a GM fixes the
file once. A valid file becomes ``Monster`` records normalised as the SRD 5.1 ones are.
"""

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from rules.compendium.challenge import parse_cr
from rules.compendium.models import SIZES, Monster
from rules.compendium.monsters2014 import parse_monster_2014
from rules.errors import InvalidInputError
from rules.json_file import load_json
from rules.ruleset import Ruleset
from rules.text import problems

MAX_IMPORT_BYTES = 1024 * 1024
MAX_IMPORT_MONSTERS = 300
MAX_PROBLEMS = 40  # lines in one refusal (a Discord message holds 2,000 characters)
_DICE = re.compile(r"^\d{1,3}d\d{1,3}$")


def _walk(feet: int) -> dict[str, str | int | bool]:
    return {"walk": f"{feet} ft."}


class _Entry(BaseModel):
    """A trait or action: name and text, with the optional numbers of the 5e-database shape."""

    model_config = ConfigDict(extra="allow")

    name: str = Field(min_length=1, max_length=100)
    desc: str = Field(default="", max_length=4000)
    attack_bonus: int | None = Field(default=None, ge=-10, le=40)


class _ArmorClass(BaseModel):
    model_config = ConfigDict(extra="allow")

    value: int = Field(ge=0, le=40)
    type: str = ""


class MonsterInput(BaseModel):
    """One monster of the file; unknown keys (``index``, ``url``, ``xp``, ``image``) are ignored."""

    model_config = ConfigDict(extra="allow")

    name: str = Field(min_length=1, max_length=100)
    size: str
    type: str = Field(min_length=1, max_length=50)
    subtype: str | None = Field(default=None, max_length=50)
    alignment: str = Field(default="", max_length=100)
    armor_class: int | list[_ArmorClass] = Field(description="5 or [{'type': 'natural', 'value': 15}]")
    hit_points: int = Field(ge=1, le=9999)
    hit_dice: str
    speed: dict[str, str | int | bool] = Field(default_factory=lambda: _walk(30))
    strength: int = Field(ge=1, le=30)
    dexterity: int = Field(ge=1, le=30)
    constitution: int = Field(ge=1, le=30)
    intelligence: int = Field(ge=1, le=30)
    wisdom: int = Field(ge=1, le=30)
    charisma: int = Field(ge=1, le=30)
    challenge_rating: float | str
    languages: str = Field(default="", max_length=500)
    special_abilities: list[_Entry] = Field(default_factory=list, max_length=50)
    actions: list[_Entry] = Field(default_factory=list, max_length=50)
    reactions: list[_Entry] = Field(default_factory=list, max_length=20)
    legendary_actions: list[_Entry] = Field(default_factory=list, max_length=20)

    @field_validator("size")
    @classmethod
    def _size(cls, value: str) -> str:
        if value.strip().capitalize() not in SIZES:
            raise ValueError(f"must be one of {', '.join(SIZES)}")
        return value.strip().capitalize()

    @field_validator("hit_dice")
    @classmethod
    def _dice(cls, value: str) -> str:
        if not _DICE.match(value.replace(" ", "")):
            raise ValueError('must be dice like "4d8" (the bonus is worked out from Constitution)')
        return value.replace(" ", "")

    @field_validator("challenge_rating")
    @classmethod
    def _cr(cls, value: float | str) -> float | str:
        parse_cr(value)  # ValueError: not on the scale
        return value


def parse_monster_import(payload: bytes, ruleset: Ruleset) -> list[Monster]:
    """The file's monsters, or InvalidInputError listing every problem of every entry."""
    if len(payload) > MAX_IMPORT_BYTES:
        raise InvalidInputError(f"The file is larger than {MAX_IMPORT_BYTES // 1024} KiB.")
    data = load_json(payload)
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list) or not data:
        raise InvalidInputError("The file must hold a JSON list of monsters.")
    if len(data) > MAX_IMPORT_MONSTERS:
        raise InvalidInputError(f"At most {MAX_IMPORT_MONSTERS} monsters per file; this one has {len(data)}.")
    found: list[str] = []
    monsters: list[Monster] = []
    for number, entry in enumerate(data, start=1):
        label = _label(entry)
        if not isinstance(entry, dict):
            found.append(f"Monster #{number}: must be a JSON object")
            continue
        try:
            checked = MonsterInput.model_validate(entry)
        except ValidationError as error:
            found += [f"Monster #{number} ({label}): {line}" for line in problems(error, root="monster")]
            continue
        monsters.append(_monster(checked, entry, ruleset))
    names = [m.name.casefold() for m in monsters]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    found += [f"The file names “{name}” more than once" for name in duplicates]
    if found:
        shown = found[:MAX_PROBLEMS]
        more = f"\n…and {len(found) - MAX_PROBLEMS} more" if len(found) > MAX_PROBLEMS else ""
        raise InvalidInputError(
            f"Nothing was imported: {len(found)} problem{'s' if len(found) != 1 else ''}.\n"
            + "\n".join(shown)
            + more
        )
    return monsters


def _monster(checked: MonsterInput, entry: dict[str, Any], ruleset: Ruleset) -> Monster:
    slug = re.sub(r"[^a-z0-9]+", "-", checked.name.casefold()).strip("-") or "monster"
    sources: tuple[str, ...] = ()
    armor = checked.armor_class
    if isinstance(armor, list):
        sources = tuple(a.type for a in armor if a.type)
        armor = armor[0].value if armor else 10
    raw = {**entry, **checked.model_dump(), "index": slug, "armor_class": armor}
    raw["speed"] = {k: v for k, v in checked.speed.items()}
    monster = parse_monster_2014(raw, corrections_apply=False)
    return monster.model_copy(
        update={"ruleset": ruleset, "source": "homebrew", "armor_sources": sources, "slug": slug}
    )


def _label(entry: Any) -> str:
    name = entry.get("name") if isinstance(entry, dict) else None
    return repr(str(name)[:50]) if name else "unnamed"
