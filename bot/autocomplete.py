"""Autocomplete callbacks shared by several cogs. They never raise: a failure offers nothing."""

import logging
from typing import TYPE_CHECKING, cast

import discord
from discord import app_commands

from bot.checks import guild_id_of

if TYPE_CHECKING:
    from bot.app import TableBot

log = logging.getLogger(__name__)


def _services(interaction: discord.Interaction):  # returns Services
    return cast("TableBot", interaction.client).services  # cast: the client is always our TableBot


async def campaigns(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    """This guild's campaigns (the active one marked)."""
    try:
        found = await _services(interaction).campaigns.autocomplete(guild_id_of(interaction), current)
    except Exception:
        log.exception("Campaign autocomplete failed")
        return []
    return [
        app_commands.Choice(name=(f"{c.name} (active)" if c.active else c.name)[:100], value=c.id)
        for c in found
    ]


async def templates(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    """Built-in templates and this guild's own."""
    try:
        found = await _services(interaction).campaigns.templates(guild_id_of(interaction))
    except Exception:
        log.exception("Template autocomplete failed")
        return []
    wanted = current.strip().lower()
    return [
        app_commands.Choice(name=(t.name if t.guild_id else f"{t.name} (built-in)")[:100], value=t.id)
        for t in found
        if wanted in t.name.lower()
    ][:25]


async def open_quests(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    """Open quests of the active campaign."""
    try:
        campaign = await _services(interaction).campaigns.get(guild_id_of(interaction), None)
    except Exception:
        return []  # no active campaign: nothing to offer
    wanted = current.strip().lower()
    return [
        app_commands.Choice(name=q.title[:100], value=q.id)
        for q in campaign.open_quests
        if wanted in q.title.lower()
    ][:25]


async def characters(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    """This guild's characters, with their campaign to tell namesakes apart."""
    return await _characters(interaction, current, owner_id=None)


async def own_characters(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    """The member's own characters in this guild."""
    return await _characters(interaction, current, owner_id=interaction.user.id)


async def _characters(
    interaction: discord.Interaction, current: str, *, owner_id: int | None
) -> list[app_commands.Choice[str]]:
    try:
        found = await _services(interaction).characters.autocomplete(
            guild_id_of(interaction), current, owner_id=owner_id
        )
    except Exception:
        log.exception("Character autocomplete failed")
        return []
    return [
        app_commands.Choice(
            name=(f"{c.name} ({c.campaign_name})" if c.campaign_name else c.name)[:100], value=c.id
        )
        for c in found
    ]


async def npcs(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    """This guild's NPCs, with their campaign to tell namesakes apart."""
    try:
        found = await _services(interaction).npcs.autocomplete(guild_id_of(interaction), current)
    except Exception:
        log.exception("NPC autocomplete failed")
        return []
    return [app_commands.Choice(name=f"{n.name} ({n.campaign_name})"[:100], value=n.id) for n in found]


async def npc_locations(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    """Where the active campaign's NPCs are."""
    try:
        found = await _services(interaction).npcs.locations(guild_id_of(interaction), current)
    except Exception:
        return []  # no active campaign: nothing to offer
    return [app_commands.Choice(name=place[:100], value=place[:100]) for place in found]
