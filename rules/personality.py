"""Personality text as a GM types it, made structured.

"traits: gruff, loyal; ideals: honour; flaws: drinks; motivations: revenge" fills
those lists; text without such labels is kept whole as the summary.
"""

import re

from pydantic import Field

from rules import limits
from rules.errors import InvalidInputError
from rules.model import FrozenModel, Short


class Personality(FrozenModel):
    """An NPC's personality, stored as ``npcs.personality`` (the column default is empty)."""

    traits: list[Short] = Field(default_factory=list, max_length=20)
    ideals: list[Short] = Field(default_factory=list, max_length=20)
    bonds: list[Short] = Field(default_factory=list, max_length=20)
    flaws: list[Short] = Field(default_factory=list, max_length=20)
    motivations: list[Short] = Field(default_factory=list, max_length=20)
    summary: str | None = Field(
        default=None, max_length=limits.PERSONALITY, description="Free text as the GM typed it"
    )


FIELDS = {
    "trait": "traits",
    "traits": "traits",
    "ideal": "ideals",
    "ideals": "ideals",
    "bond": "bonds",
    "bonds": "bonds",
    "flaw": "flaws",
    "flaws": "flaws",
    "motivation": "motivations",
    "motivations": "motivations",
    "goal": "motivations",
    "goals": "motivations",
}
_LABEL = re.compile(r"^\s*([A-Za-z]+)\s*:\s*(.*)$", re.DOTALL)


def parse_personality(text: str | None) -> Personality:
    if text is None or not text.strip():
        return Personality()
    lists: dict[str, list[str]] = {}
    rest: list[str] = []
    for part in re.split(r"[;\n]", text):
        match = _LABEL.match(part)
        field = FIELDS.get(match.group(1).lower()) if match else None
        if match is None or field is None:
            if part.strip():
                rest.append(part.strip())
            continue
        items = [item.strip() for item in match.group(2).split(",") if item.strip()]
        lists.setdefault(field, []).extend(items)
    summary = "; ".join(rest) or None
    if not lists:
        summary = text.strip()
    try:
        return Personality(summary=summary, **lists)
    except ValueError as error:
        raise InvalidInputError(f"That personality is too long or has too many entries ({error}).") from None
