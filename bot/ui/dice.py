"""Dice rolls as messages and embeds."""

import discord

from bot.ui.embeds import info_embed
from bot.ui.paginator import EMBED_DESCRIPTION_MAX, number_pages, split_text
from bot.ui.text import escape
from db.services.dice import RollEntry

CRIT_LINES = {"critical": "💥 **Natural 20: critical!**", "fumble": "💀 **Natural 1: fumble!**"}


def roll_message(name: str, roll: RollEntry) -> str:
    """The reply to /roll: who, why, every die (or a summary) and the total, the crit if any.

    At most ~1,550 characters: name 32 and reason 200 (both doubled at worst by escaping),
    detail 1,000 (the engine's cap), a note of at most ~300, under Discord's 2,000.
    """
    head = f"🎲 **{escape(name)}** rolls"
    if roll.reason:
        head += f" for *{escape(roll.reason)}*"
    lines = [f"{head}:", roll.detail]
    if roll.crit is not None:
        lines.append(CRIT_LINES[roll.crit])
    if roll.note is not None:
        lines.append(f"-# {roll.note}")
    return "\n".join(lines)


def secret_roll_message(name: str, roll: RollEntry) -> str:
    """What the GM channel reads of a secret roll: the roll, marked secret, and where it was made."""
    return f"🔒 Secret roll from <#{roll.channel_id}>\n{roll_message(name, roll)}"


def secret_roll_reply(channel_id: int) -> str:
    """What the roller reads: rolled, but only the GMs see the result."""
    return f"🔒 Rolled in secret: the result went to the GM channel (<#{channel_id}>)."


def history_line(roll: RollEntry) -> str:
    mark = "🔒 " if roll.secret else ""
    when = f"<t:{int(roll.rolled_at.timestamp())}:R>"
    line = f"{mark}{when} <@{roll.user_id}> `{roll.expression}` → **{roll.total}**"
    if roll.reason:
        line += f" · {escape(roll.reason)}"
    return line


def history_pages(title: str, rolls: list[RollEntry]) -> list[discord.Embed]:
    text = "\n".join(history_line(r) for r in rolls)
    pages = [info_embed(title, chunk) for chunk in split_text(text, EMBED_DESCRIPTION_MAX)]
    return number_pages(pages, "Newest first · /roll to roll")


def no_rolls_text(member_name: str | None) -> str:
    """The reply to /rolls when there is nothing to list (of one member, or in the whole server)."""
    if member_name is not None:
        return f"{escape(member_name)} has not rolled in this server yet."
    return "Nobody has rolled in this server yet: try `/roll 1d20`."


def history_title(count: int, member_name: str | None) -> str:
    whose = f" of {escape(member_name)}" if member_name is not None else " in this server"
    return f"Last {count} roll{'s' if count != 1 else ''}{whose}"
