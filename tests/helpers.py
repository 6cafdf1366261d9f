"""Shared helpers for behaviour tests."""

import hashlib
from dataclasses import dataclass
from typing import Any

import discord
from sqlalchemy import column, select, table

from db.models import Base

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


SEEDED = {"spells", "campaigns"}  # their rows without a guild are the seeded compendium and templates


async def database_fingerprint(env: Any) -> str:
    """Row counts and a hash of every row the test wrote (the seeded compendium aside).

    Equal before and after a refused command: it wrote nothing, not even part of its change.
    """
    digest = hashlib.sha256()
    async with env.bot.db.engine.connect() as conn:
        for model_table in Base.metadata.sorted_tables:
            if model_table.name == "bot_state":
                continue  # the command-sync hash and cache versions, not member data
            query = select(*[column(c.name) for c in model_table.columns]).select_from(
                table(model_table.name)
            )
            if model_table.name in SEEDED:
                query = query.where(column("guild_id").isnot(None))
            rows = sorted(repr(tuple(row)) for row in await conn.execute(query))
            digest.update(f"{model_table.name}:{len(rows)}\n".encode())
            for row in rows:
                digest.update(row.encode("utf-8", "backslashreplace"))
    return digest.hexdigest()


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
