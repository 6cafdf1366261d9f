"""Small text helpers every reply shares: markdown escaping and signed numbers."""

import discord


def escape(text: str) -> str:
    """Member-typed text shown as is, never as Discord markdown."""
    return discord.utils.escape_markdown(text)


def plural(count: int, noun: str, many: str | None = None) -> str:
    """ "1 NPC", "2 NPCs", "0 NPCs" (``many`` for an irregular plural)."""
    return f"{count} {noun if count == 1 else many or noun + 's'}"


def modifier_text(value: int) -> str:
    """A modifier or bonus, always signed: "+2", "+0", "-1"."""
    return f"+{value}" if value >= 0 else str(value)


def change_text(value: int) -> str:
    """A change, signed when it moves: "+2", "0", "-1"."""
    return f"+{value}" if value > 0 else str(value)
