"""Small text helpers every reply shares: markdown escaping and signed numbers."""

import discord


def escape(text: str) -> str:
    """Member-typed text shown as is, never as Discord markdown."""
    return discord.utils.escape_markdown(text)


def modifier_text(value: int) -> str:
    """A modifier or bonus, always signed: "+2", "+0", "-1"."""
    return f"+{value}" if value >= 0 else str(value)


def change_text(value: int) -> str:
    """A change, signed when it moves: "+2", "0", "-1"."""
    return f"+{value}" if value > 0 else str(value)
