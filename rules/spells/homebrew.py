"""Homebrew spell input: from /homebrew add options, or a JSON file in the 5e-database shape."""

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from rules import limits
from rules.abilities import Ability
from rules.errors import InvalidInputError
from rules.json_file import load_json
from rules.model import Name
from rules.spells.data import School
from rules.text import problems

MAX_IMPORT_BYTES = 512 * 1024
MAX_IMPORT_SPELLS = 500
_DICE = re.compile(r"^\d{1,3}d\d{1,3}( ?[+-] ?\d{1,3})?$")
_COMPONENT = re.compile(r"^\s*([VSM])\b\s*(?:\((.*)\))?\s*$", re.IGNORECASE)


def _default_components() -> list[Literal["V", "S", "M"]]:
    return ["V", "S"]


class HomebrewSpell(BaseModel):
    """A homebrew spell as a GM describes it; becomes one ``spells`` row of the guild."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    name: Name
    level: int = Field(ge=0, le=limits.SPELL_LEVEL_MAX)
    school: School
    description: str = Field(min_length=1, max_length=limits.SPELL_DESCRIPTION)
    casting_time: str = Field(default="1 action", min_length=1, max_length=limits.SPELL_CASTING_TIME)
    range: str = Field(default="Self", min_length=1, max_length=limits.SPELL_RANGE)
    components: list[Literal["V", "S", "M"]] = Field(default_factory=_default_components)
    material: str | None = Field(default=None, max_length=limits.SPELL_MATERIAL)
    duration: str = Field(default="Instantaneous", min_length=1, max_length=limits.SPELL_DURATION)
    ritual: bool = False
    concentration: bool = False
    higher_levels: str | None = Field(default=None, max_length=limits.SPELL_HIGHER_LEVELS)
    classes: list[str] = Field(default_factory=list, max_length=20)
    damage_dice: str | None = Field(default=None, max_length=limits.SPELL_DAMAGE_DICE)
    damage_type: str | None = Field(default=None, max_length=40)
    save_type: Ability | None = None

    @field_validator("school", mode="before")
    @classmethod
    def _school_name(cls, value: Any) -> Any:
        return value.strip().capitalize() if isinstance(value, str) else value

    @field_validator("save_type", mode="before")
    @classmethod
    def _ability_code(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().upper()[:3]
            return value or None
        return value

    @field_validator("damage_dice")
    @classmethod
    def _dice(cls, value: str | None) -> str | None:
        if value and not _DICE.match(value):
            raise ValueError("damage dice look like 8d6 or 2d10 + 4")
        return value or None

    @field_validator("classes")
    @classmethod
    def _class_names(cls, value: list[str]) -> list[str]:
        return sorted({name.strip().title() for name in value if name.strip()})

    @field_validator("components")
    @classmethod
    def _ordered(cls, value: list[str]) -> list[str]:
        return sorted(set(value), key="VSM".index)

    @model_validator(mode="after")
    def _concentration_lasts(self) -> "HomebrewSpell":
        # "Concentration, up to instantaneous" is no duration: concentration needs one that lasts.
        if self.concentration and self.duration.casefold().startswith("instantaneous"):
            raise ValueError("Concentration needs a duration that lasts, e.g. `1 minute`, not instantaneous")
        return self

    @property
    def duration_text(self) -> str:
        if self.concentration and not self.duration.lower().startswith("concentration"):
            return f"Concentration, up to {self.duration[:1].lower()}{self.duration[1:]}"
        return self.duration


def parse_components(text: str) -> tuple[list[str], str | None]:
    """ "V, S, M (a pinch of salt)" -> (["V", "S", "M"], "a pinch of salt")."""
    components: list[str] = []
    material = None
    for part in re.split(r",(?![^(]*\))", text):
        if not part.strip():
            continue
        match = _COMPONENT.match(part)
        if match is None:
            raise InvalidInputError(
                f"Components look like `V, S, M (a feather)`; {part.strip()!r} is not one."
            )
        components.append(match.group(1).upper())
        if match.group(2):
            material = match.group(2).strip()
    return components, material


def parse_classes(text: str) -> list[str]:
    return [name for name in re.split(r"[,/;]", text) if name.strip()]


def describe(error: ValidationError) -> str:
    """pydantic's errors as one line a GM can act on: "`level`: must be at most 9; `school`: ..."."""
    return "; ".join(problems(error, root="spell"))


def homebrew_spell(**fields: Any) -> HomebrewSpell:
    """A spell from /homebrew add's options; a bad one is refused with every problem named."""
    try:
        return HomebrewSpell(**fields)
    except ValidationError as error:
        raise InvalidInputError(f"That spell is not valid: {describe(error)}") from None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return "\n\n".join(str(p).strip() for p in value if str(p).strip()) or None
    return str(value)


def _flag(value: Any) -> Any:
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return value


def _named(value: Any) -> Any:
    return value.get("name", value.get("index")) if isinstance(value, dict) else value


def from_5e_database(entry: Any) -> HomebrewSpell:
    """One spell in the 5e-database (dnd5eapi) shape, as its GM exported it."""
    if not isinstance(entry, dict):
        raise ValueError("each spell must be a JSON object")
    damage = entry.get("damage") or {}
    by_slot = damage.get("damage_at_slot_level") or damage.get("damage_at_character_level") or {}
    first_dice = by_slot[min(by_slot, key=int)] if by_slot else None
    save = (entry.get("dc") or {}).get("dc_type")
    components = entry.get("components", ["V", "S"])
    return HomebrewSpell.model_validate(
        {
            "name": entry.get("name"),
            "level": entry.get("level"),
            "school": _named(entry.get("school")),
            "description": _text(entry.get("desc")),
            "casting_time": entry.get("casting_time", "1 action"),
            "range": entry.get("range", "Self"),
            "components": components,
            "material": entry.get("material"),
            "duration": entry.get("duration", "Instantaneous"),
            "ritual": _flag(entry.get("ritual", False)),
            "concentration": _flag(entry.get("concentration", False)),
            "higher_levels": _text(entry.get("higher_level")),
            "classes": [_named(c) for c in entry.get("classes", [])],
            "damage_dice": first_dice,
            "damage_type": _named(damage.get("damage_type")),
            "save_type": _named(save) if save else None,
        }
    )


def parse_import(payload: bytes) -> list[HomebrewSpell]:
    """A whole import file, validated as a whole: the first bad entry rejects it, with its index."""
    if len(payload) > MAX_IMPORT_BYTES:
        raise InvalidInputError(f"The file is larger than {MAX_IMPORT_BYTES // 1024} KiB.")
    data = load_json(payload)
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise InvalidInputError("The file must hold a JSON list of spells.")
    if not data:
        raise InvalidInputError("The file's list of spells is empty: there is nothing to import.")
    if len(data) > MAX_IMPORT_SPELLS:
        raise InvalidInputError(f"At most {MAX_IMPORT_SPELLS} spells per file; this one has {len(data)}.")
    spells = []
    for index, entry in enumerate(data):
        try:
            spells.append(from_5e_database(entry))
        except ValidationError as error:
            raise InvalidInputError(f"Spell #{index + 1} ({_label(entry)}): {describe(error)}") from None
        except (ValueError, TypeError, AttributeError) as error:
            raise InvalidInputError(f"Spell #{index + 1} ({_label(entry)}): {error}") from None
    names = [spell.name.casefold() for spell in spells]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise InvalidInputError(f"The file names a spell twice: {', '.join(duplicates)}.")
    return spells


def _label(entry: Any) -> str:
    name = entry.get("name") if isinstance(entry, dict) else None
    return repr(str(name)[:50]) if name else "unnamed"
