"""/about as an embed."""

from datetime import timedelta

import discord

from bot.ui.embeds import info_embed
from rules.compendium import ATTRIBUTION as COMPENDIUM_ATTRIBUTION
from rules.srd import ATTRIBUTION


def format_uptime(seconds: float) -> str:
    return str(timedelta(seconds=int(seconds)))


def about_embed(version: str, backend: str, servers: int, uptime: float) -> discord.Embed:
    """Version, database backend (never its URL), servers, uptime, and the SRD credits."""
    embed = info_embed(
        "D&D table bot",
        "Spells, monsters, dice, characters, campaigns and NPCs with memory, for live 5e play.",
    )
    embed.add_field(name="Version", value=version, inline=True)
    # The backend's name only: never the URL, which may hold a password.
    embed.add_field(name="Database", value=backend, inline=True)
    embed.add_field(name="Servers", value=str(servers), inline=True)
    embed.add_field(name="Uptime", value=format_uptime(uptime), inline=True)
    for ruleset, text in ATTRIBUTION.items():
        embed.add_field(name=f"Spells ({ruleset} rules)", value=text, inline=False)
    for ruleset, text in COMPENDIUM_ATTRIBUTION.items():
        embed.add_field(name=f"Monsters, conditions and items ({ruleset} rules)", value=text, inline=False)
    return embed
