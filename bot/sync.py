"""Sync slash commands only when the command tree changed since the last sync."""

import hashlib
import json
import logging

import discord
from discord import app_commands

from db.services import BotStateService

log = logging.getLogger(__name__)


def tree_hash(tree: app_commands.CommandTree, guild: discord.abc.Snowflake | None = None) -> str:
    payload = sorted(
        (command.to_dict(tree) for command in tree.get_commands(guild=guild)),
        key=lambda c: (c.get("type", 1), c["name"]),
    )
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


async def sync_commands(tree: app_commands.CommandTree, dev_guild_id: int | None) -> int:
    """Sync to the dev guild (instant) or globally; returns how many commands were synced."""
    if dev_guild_id is not None:
        guild = discord.Object(id=dev_guild_id)
        tree.copy_global_to(guild=guild)
        synced = await tree.sync(guild=guild)
    else:
        synced = await tree.sync()
    return len(synced)


async def sync_if_changed(
    tree: app_commands.CommandTree, state: BotStateService, dev_guild_id: int | None
) -> bool:
    """Sync when the tree's hash differs from the stored one; returns whether it synced.

    The new hash is swapped in before syncing, atomically: of several processes starting
    with the same new tree, exactly one syncs. A failed sync puts the old hash back, so the
    next start tries again.
    """
    scope = f"guild:{dev_guild_id}" if dev_guild_id is not None else "global"
    key = f"command_tree_hash:{scope}"
    changed, previous = await state.swap(key, tree_hash(tree))
    if not changed:
        log.info("Slash commands unchanged since the last sync (%s); not syncing", scope)
        return False
    try:
        count = await sync_commands(tree, dev_guild_id)
    except BaseException:
        await state.restore(key, previous)
        raise
    log.info("Synced %d slash commands (%s)", count, scope)
    return True
