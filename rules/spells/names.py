"""What a typed spell name may be besides a name: an autocomplete label, or a renamed spell's name."""

import re
from dataclasses import dataclass

from rules.ruleset import Ruleset

# SRD 5.2 renamed these SRD 5.1 spells (names only: facts, not rules text). They are the only
# spells each ruleset lacks that the other has under another name at the same level, school
# aside; tests/unit/spells/test_names.py derives the pairs from the packages' data and checks them.
RENAMED_IN_2024: dict[str, str] = {
    "Branding Smite": "Shining Smite",
    "Feeblemind": "Befuddlement",
}

# "Fireball - 3rd-level Evocation (2014)", "Mend - Transmutation cantrip (homebrew)": SpellEntry.label.
_LABEL = re.compile(
    r"^(?P<name>.+?) - (?:\w+ cantrip|\d+(?:st|nd|rd|th)-level \w+) \((?P<tag>2014|2024|homebrew)\)\s*$"
)


@dataclass(frozen=True, slots=True)
class TypedLabel:
    """A choice's label typed (or pasted) by hand: the name, and the ruleset it named (None: homebrew)."""

    name: str
    ruleset: Ruleset | None


def parse_label(text: str) -> TypedLabel | None:
    match = _LABEL.match(text.strip())
    if match is None:
        return None
    tag = match.group("tag")
    return TypedLabel(match.group("name"), None if tag == "homebrew" else tag)  # type: ignore[arg-type]


def renamed(name: str, ruleset: str) -> str | None:
    """The name that ``ruleset`` gives a spell the other ruleset calls ``name`` (case ignored), if renamed."""
    folded = name.casefold().strip()
    pairs = (
        RENAMED_IN_2024.items() if ruleset == "2024" else ((new, old) for old, new in RENAMED_IN_2024.items())
    )
    return next((there for here, there in pairs if here.casefold() == folded), None)
