"""What a GM keeps about an NPC beyond its card: the /npc edit details and the two lists."""

from dataclasses import dataclass, fields
from typing import Literal

from rules import limits
from rules.errors import InvalidInputError
from rules.text import clean_text

ListKind = Literal["hook", "item"]
# kind -> (NPCData field, what a member calls an entry, how many an NPC keeps, an entry's length)
LISTS: dict[ListKind, tuple[str, str, int, int]] = {
    "hook": ("quest_hooks", "quest hook", limits.NPC_HOOKS, limits.SHORT),
    "item": ("inventory", "item", limits.NPC_ITEMS, limits.NAME),
}


@dataclass(frozen=True, slots=True)
class NPCDetailsEdit:
    """The /npc edit options stored in ``npcs.data``; None leaves a detail as it is."""

    backstory: str | None = None
    appearance: str | None = None
    voice: str | None = None
    tactics: str | None = None
    avatar: str | None = None
    faction: str | None = None

    @property
    def empty(self) -> bool:
        return all(getattr(self, f.name) is None for f in fields(self))

    def cleaned(self) -> dict[str, str | None]:
        """The given details as NPCData values; blank text or an avatar not on https is refused."""
        texts = {
            "backstory": (self.backstory, limits.NPC_BACKSTORY, False),
            "appearance": (self.appearance, limits.NPC_APPEARANCE, False),
            "voice": (self.voice, limits.NPC_VOICE, False),
            "tactics": (self.tactics, limits.NPC_TACTICS, False),
            "faction": (self.faction, limits.NAME, True),
        }
        update: dict[str, str | None] = {
            field: clean_text(
                value, field, limit, required=True, one_line=one_line, empty=f"The {field} is empty."
            )
            for field, (value, limit, one_line) in texts.items()
            if value is not None
        }
        if self.avatar is not None:
            avatar = self.avatar.strip()
            if not avatar.startswith("https://") or len(avatar) > limits.IMAGE_URL or " " in avatar:
                raise InvalidInputError("The avatar must be an https:// link to an image, without spaces.")
            update["avatar_url"] = avatar
        return update
