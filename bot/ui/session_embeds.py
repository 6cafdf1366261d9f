"""Sessions of play and their recaps as embeds, and the replies to session commands."""

import discord

from bot.ui.embeds import success_embed
from bot.ui.paginator import number_pages, split_text
from bot.ui.text import escape
from db.schemas import SessionEntry
from db.services.sessions import SessionChange, SessionList
from rules.recap import Recap

COLOUR = discord.Colour.dark_gold()
LIST_LIMIT = 4000


def session_name(entry: SessionEntry) -> str:
    return f"Session {entry.number}" + (f": {entry.title}" if entry.title else "")


def started_embed(change: SessionChange) -> discord.Embed:
    return success_embed(
        f"{change.campaign_name}: {session_name(change.session)} begins"[:256],
        "Everything logged from now on belongs to this session: interactions, rolls, quests. "
        "GMs: /session note, then /session end. Anyone: /session recap.",
    )


def ended_embed(change: SessionChange) -> discord.Embed:
    return success_embed(
        f"{change.campaign_name}: {session_name(change.session)} ends"[:256],
        "Read what happened with /session recap.",
    )


def noted_text(change: SessionChange, secret: bool) -> str:
    where = f"{escape(session_name(change.session))} of **{escape(change.campaign_name)}**"
    return f"Noted in {where}" + (" (GM-only)." if secret else ".")


def session_list_pages(listing: SessionList) -> list[discord.Embed]:
    lines = []
    for entry in listing.sessions:
        state = " · running" if entry.is_open else ""
        when = discord.utils.format_dt(entry.started_at, "d") if entry.started_at else entry.date.isoformat()
        lines.append(f"**{escape(session_name(entry))}** · {when}{state}")
    text = "\n".join(lines) or "*No sessions yet: a GM starts one with /session start.*"
    title = f"{listing.campaign_name}: sessions ({len(listing.sessions)})"[:256]
    pages = [
        discord.Embed(title=title, description=part, colour=COLOUR) for part in split_text(text, LIST_LIMIT)
    ]
    return number_pages(pages, "/session recap number:")


def recap_pages(recap: Recap, *, gm: bool) -> list[discord.Embed]:
    """Prose first, then the list; long recaps page rather than being cut."""
    text = escape(recap.prose)
    if recap.items:
        text += "\n\n" + "\n".join(f"• {escape(item)}" for item in recap.items)
    pages = [
        discord.Embed(title=recap.heading[:256], description=part, colour=COLOUR)
        for part in split_text(text, LIST_LIMIT)
    ]
    footer = "GM version: 🔒 marks what players do not see" if gm else "/session recap"
    return number_pages(pages, footer)
