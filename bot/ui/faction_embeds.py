"""Factions as embeds: the list, and a faction's members with its standing toward each character."""

import discord

from bot.ui.paginator import number_pages, split_text
from bot.ui.text import escape
from db.services.factions import FactionDetails, FactionSummary
from rules.relationships import label

COLOUR = discord.Colour.dark_purple()


def faction_list_pages(campaign_name: str, factions: list[FactionSummary]) -> list[discord.Embed]:
    lines = [f"**{escape(f.name)}**: {f.members} member{'' if f.members == 1 else 's'}" for f in factions]
    text = "\n".join(lines) or "*No factions yet: give an NPC one with /npc edit faction:.*"
    title = f"{campaign_name}: factions ({len(factions)})"[:256]
    pages = [discord.Embed(title=title, description=part, colour=COLOUR) for part in split_text(text, 4000)]
    return number_pages(pages, "/faction show faction:")


def faction_pages(faction: FactionDetails) -> list[discord.Embed]:
    members = ", ".join(escape(m) for m in faction.members)
    standings = (
        "\n".join(f"**{escape(s.character_name)}**: {s.score} ({label(s.score)})" for s in faction.standings)
        or "*This campaign has no characters yet.*"
    )
    text = f"**Members ({len(faction.members)}):** {members}\n\n**Standing with each character**\n{standings}"
    title = f"{faction.name} ({faction.campaign_name})"[:256]
    pages = [discord.Embed(title=title, description=part, colour=COLOUR) for part in split_text(text, 4000)]
    return number_pages(pages, "A faction's standing is the mean of its members' scores toward the character")
