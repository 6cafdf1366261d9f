"""Autocomplete callbacks shared by several cogs, and the guard every autocomplete callback wears.

An autocomplete never raises to Discord. An expected domain error (e.g. no active campaign)
offers nothing; so does a database that does not answer (its outage is logged once, not
per keystroke); anything else is a bug: it is logged, and offers nothing too.
"""

import functools
import logging
import time
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, cast

import discord
from discord import app_commands

from bot.checks import guild_id_of, is_gm_member
from bot.tree import note_unavailable
from db.health import is_unavailable
from rules.errors import DomainError

if TYPE_CHECKING:
    from bot.app import TableBot

log = logging.getLogger(__name__)

Choices = list[app_commands.Choice[str]]


def guarded[**P](
    what: str,
) -> Callable[[Callable[P, Coroutine[Any, Any, Choices]]], Callable[P, Coroutine[Any, Any, Choices]]]:
    """Wrap an autocomplete callback (function or cog method) so that it never raises."""

    def wrap(
        callback: Callable[P, Coroutine[Any, Any, Choices]],
    ) -> Callable[P, Coroutine[Any, Any, Choices]]:
        @functools.wraps(callback)  # discord.py reads the wrapped signature and qualified name
        async def run(*args: P.args, **kwargs: P.kwargs) -> Choices:
            started = time.perf_counter()
            try:
                return await callback(*args, **kwargs)
            except DomainError:
                return []  # expected, e.g. no active campaign: nothing to offer
            except Exception as error:
                if not is_unavailable(error):
                    log.exception("%s autocomplete failed", what)
                    return []
                interaction = next((a for a in args if isinstance(a, discord.Interaction)), None)
                if interaction is not None:
                    note_unavailable(interaction.client, error)
                return []
            finally:
                _observe(args, what, time.perf_counter() - started)

        return run

    return wrap


def _observe(args: tuple[Any, ...], what: str, seconds: float) -> None:
    interaction = next((a for a in args if isinstance(a, discord.Interaction)), None)
    metrics = getattr(interaction.client, "metrics", None) if interaction is not None else None
    if metrics is not None:
        metrics.autocomplete_seconds.labels(what).observe(seconds)


def _services(interaction: discord.Interaction):  # returns Services
    return cast("TableBot", interaction.client).services  # cast: the client is always our TableBot


@guarded("Campaign")
async def campaigns(interaction: discord.Interaction, current: str) -> Choices:
    """This guild's campaigns (the active one marked)."""
    found = await _services(interaction).campaigns.autocomplete(guild_id_of(interaction), current)
    return [
        app_commands.Choice(name=(f"{c.name} (active)" if c.active else c.name)[:100], value=c.id)
        for c in found
    ]


@guarded("Template")
async def templates(interaction: discord.Interaction, current: str) -> Choices:
    """Built-in templates and this guild's own."""
    found = await _services(interaction).campaigns.templates(guild_id_of(interaction))
    wanted = current.strip().lower()
    return [
        app_commands.Choice(name=(t.name if t.guild_id else f"{t.name} (built-in)")[:100], value=t.id)
        for t in found
        if wanted in t.name.lower()
    ][:25]


@guarded("Quest")
async def open_quests(interaction: discord.Interaction, current: str) -> Choices:
    """Open quests of the active campaign (none without one)."""
    campaign = await _services(interaction).campaigns.get(guild_id_of(interaction), None)
    wanted = current.strip().lower()
    return [
        app_commands.Choice(name=q.title[:100], value=q.id)
        for q in campaign.open_quests
        if wanted in q.title.lower()
    ][:25]


@guarded("Character")
async def characters(interaction: discord.Interaction, current: str) -> Choices:
    """This guild's characters, with their campaign to tell namesakes apart."""
    return await _characters(interaction, current, owner_id=None)


@guarded("Own character")
async def own_characters(interaction: discord.Interaction, current: str) -> Choices:
    """The member's own characters in this guild."""
    return await _characters(interaction, current, owner_id=interaction.user.id)


@guarded("Changeable character")
async def changeable_characters(interaction: discord.Interaction, current: str) -> Choices:
    """The characters the member may change: every one for a GM, their own for a player."""
    owner_id = None if await is_gm_member(interaction) else interaction.user.id
    return await _characters(interaction, current, owner_id=owner_id)


async def _characters(interaction: discord.Interaction, current: str, *, owner_id: int | None) -> Choices:
    found = await _services(interaction).characters.autocomplete(
        guild_id_of(interaction), current, owner_id=owner_id
    )
    return [
        app_commands.Choice(
            name=(f"{c.name} ({c.campaign_name})" if c.campaign_name else c.name)[:100], value=c.id
        )
        for c in found
    ]


@guarded("NPC")
async def npcs(interaction: discord.Interaction, current: str) -> Choices:
    """This guild's NPCs, with their campaign to tell namesakes apart."""
    found = await _services(interaction).npcs.autocomplete(guild_id_of(interaction), current)
    return [app_commands.Choice(name=f"{n.name} ({n.campaign_name})"[:100], value=n.id) for n in found]


@guarded("NPC location")
async def npc_locations(interaction: discord.Interaction, current: str) -> Choices:
    """Where the active campaign's NPCs are (nowhere without one)."""
    found = await _services(interaction).npcs.locations(guild_id_of(interaction), current)
    return [app_commands.Choice(name=place[:100], value=place[:100]) for place in found]


@guarded("World fact")
async def world_facts(interaction: discord.Interaction, current: str) -> Choices:
    """The active campaign's facts, for GMs only: a secret fact's name is GM-only too."""
    if not await is_gm_member(interaction):
        return []
    world = await _services(interaction).world.show(guild_id_of(interaction), gm=True)
    wanted = current.strip().casefold()
    return [
        app_commands.Choice(name=(f"🔒 {f.fact}" if f.secret else f.fact)[:100], value=f.fact)
        for f in world.facts
        if wanted in f.fact.casefold()
    ][:25]


@guarded("Spell")
async def spells(interaction: discord.Interaction, current: str) -> Choices:
    """Spells this guild sees, its ruleset first."""
    found = _services(interaction).spells.autocomplete(current, guild_id_of(interaction))
    return [app_commands.Choice(name=e.label[:100], value=e.id) for e in found[:25]]
