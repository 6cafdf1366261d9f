"""Shared helpers for behaviour tests."""

from dataclasses import dataclass
from typing import Any

import discord

AUTOCOMPLETE_MAX_CHOICES = 25
AUTOCOMPLETE_MAX_LENGTH = 100


def assert_autocomplete_limits(choices: list[dict[str, Any]]) -> None:
    """Discord's autocomplete limits, which simcord does not enforce."""
    assert len(choices) <= AUTOCOMPLETE_MAX_CHOICES, f"{len(choices)} choices (max 25)"
    for choice in choices:
        name, value = choice["name"], choice["value"]
        assert 1 <= len(name) <= AUTOCOMPLETE_MAX_LENGTH, f"choice name of {len(name)} characters: {name!r}"
        if isinstance(value, str):
            assert 1 <= len(value) <= AUTOCOMPLETE_MAX_LENGTH, f"choice value of {len(value)} characters"


@dataclass
class Table:
    """A guild set up for play: an admin, a GM (by role), a player, one channel."""

    guild: Any
    channel: Any
    gm_role: Any
    admin: Any
    gm: Any
    player: Any


def make_table(env: Any, name: str = "Table") -> Table:
    guild = env.create_guild(name)
    channel = guild.create_text_channel("general")
    admin_role = guild.create_role("Admin", permissions=discord.Permissions(manage_guild=True))
    gm_role = guild.create_role("GM")
    return Table(
        guild=guild,
        channel=channel,
        gm_role=gm_role,
        admin=guild.add_member(env.create_user(f"{name}-ada"), roles=[admin_role]),
        gm=guild.add_member(env.create_user(f"{name}-gus"), roles=[gm_role]),
        player=guild.add_member(env.create_user(f"{name}-pip")),
    )


async def make_gm_table(env: Any, name: str = "Table") -> Table:
    """A table whose GM role is configured, through /config as an admin would."""
    table = make_table(env, name)
    await table.admin.slash(table.channel, "config gm-role", role=table.gm_role)
    return table


async def make_campaign_table(env: Any, name: str = "Table", campaign: str = "Saga") -> Table:
    """A GM table with one campaign, which is therefore active."""
    table = await make_gm_table(env, name)
    await table.gm.slash(table.channel, "campaign create", name=campaign, setting="S")
    return table
