"""The bot's lifecycle: inert construction, setup_hook, command sync only on change, close."""

import asyncio
import contextlib
from pathlib import Path

import discord
import pytest
from discord import app_commands
from simcord import assert_error

from bot.app import create_bot, extension_names
from bot.checks import NotGMError, is_gm
from bot.config import Settings
from bot.sync import sync_if_changed, tree_hash
from db.engine import Database, create_engine
from db.services import BotStateService
from tests.conftest import bot_settings
from tests.helpers import make_table


def command_syncs(env) -> list:
    return [r for r in env.http_requests if r.method == "PUT" and r.path.endswith("/commands")]


def test_construction_does_nothing(tmp_path: Path):
    settings = Settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{tmp_path}/never/bot.db")
    bot = create_bot(settings)
    with pytest.raises(RuntimeError):
        _ = bot.db
    assert not (tmp_path / "never").exists()
    assert bot.allowed_mentions.everyone is False and bot.intents.members is False


async def test_setup_hook_migrates_loads_every_cog_and_syncs(env):
    assert set(env.bot.extensions) == set(extension_names())
    assert {"cogs.about", "cogs.config"} <= set(extension_names())
    assert len(command_syncs(env)) == 1
    state = await env.bot.services.bot_state.get("command_tree_hash:global")
    assert state == tree_hash(env.bot.tree)


async def test_restart_with_an_unchanged_tree_does_not_sync_again(env, settings):
    await env.restart_bot(create_bot(settings))
    assert len(command_syncs(env)) == 1
    table = make_table(env)
    result = await table.player.slash(table.channel, "about")  # commands still answer
    assert result.response.embeds
    await env.bot.close()


async def test_close_disposes_the_engine(env):
    bot = env.bot
    await bot.close()
    with pytest.raises(RuntimeError):
        _ = bot.db


async def test_is_gm_allows_the_gm_role_and_admins_and_denies_players(env):
    @app_commands.command(name="gm-only", description="for GMs")
    @is_gm()
    async def gm_only(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("ok", ephemeral=True)

    env.bot.tree.add_command(gm_only)
    await env.bot.tree.sync()
    table = make_table(env)
    await table.admin.slash(table.channel, "config gm-role", role=table.gm_role)
    assert (await table.gm.slash(table.channel, "gm-only")).response.content == "ok"
    assert (await table.admin.slash(table.channel, "gm-only")).response.content == "ok"
    denied = await table.player.slash(table.channel, "gm-only")
    assert denied.ephemeral and "game master" in denied.response.content
    assert_error(env, NotGMError)


class RecordingTree(app_commands.CommandTree):
    """A real tree whose sync records what would reach Discord instead of sending it."""

    def __init__(self, *commands: app_commands.Command) -> None:
        super().__init__(discord.Client(intents=discord.Intents.none()))
        for item in commands:
            self.add_command(item)
        self.synced: list[int | None] = []
        self.copied: list[int] = []

    def copy_global_to(self, *, guild):
        self.copied.append(guild.id)

    async def sync(self, *, guild=None):
        self.synced.append(guild.id if guild else None)
        return self.get_commands()


def command(name: str) -> app_commands.Command:
    async def callback(interaction: discord.Interaction) -> None: ...

    return app_commands.Command(name=name, description="d", callback=callback)


async def test_sync_happens_only_when_the_tree_changes(db):
    state = BotStateService(db)
    tree = RecordingTree(command("a"))
    assert await sync_if_changed(tree, state, None) is True
    assert await sync_if_changed(tree, state, None) is False
    tree.add_command(command("b"))
    assert await sync_if_changed(tree, state, None) is True
    assert tree.synced == [None, None]


async def test_dev_guild_syncs_to_that_guild_only(db):
    tree = RecordingTree(command("a"))
    assert await sync_if_changed(tree, BotStateService(db), 1234) is True
    assert (tree.copied, tree.synced) == ([1234], [1234])


class SlowTree(RecordingTree):
    """Discord's sync modelled as a 300 ms round trip, as when shards start together."""

    async def sync(self, *, guild=None):
        await asyncio.sleep(0.3)
        return await super().sync(guild=guild)


async def test_processes_starting_together_sync_once(database_url):
    """Two processes (each its own engine) start with a new tree at once: one syncs, none crashes."""
    databases = [Database(create_engine(database_url)) for _ in range(2)]
    try:
        for round_ in range(5):
            trees = [SlowTree(command(f"v{round_}")) for _ in databases]
            results = await asyncio.gather(
                *(
                    sync_if_changed(tree, BotStateService(db), None)
                    for tree, db in zip(trees, databases, strict=True)
                )
            )
            assert sorted(results) == [False, True], f"round {round_}"
            assert sum(len(tree.synced) for tree in trees) == 1
    finally:
        for db in databases:
            await db.dispose()


class FailingTree(RecordingTree):
    async def sync(self, *, guild=None):
        raise discord.HTTPException(_Response(), "Discord is down")


class _Response:
    status, reason = 503, "Service Unavailable"


async def test_a_failed_sync_is_tried_again_at_the_next_start(db):
    state = BotStateService(db)
    with pytest.raises(discord.HTTPException):
        await sync_if_changed(FailingTree(command("a")), state, None)
    assert await state.get("command_tree_hash:global") is None
    assert await sync_if_changed(RecordingTree(command("a")), state, None) is True


async def test_three_processes_start_together_on_a_fresh_database_all_come_up_and_sync_once(
    empty_database_url,
):
    """Three bots (each its own engine, as three processes) run setup_hook at once on an empty
    database: each migrates under the lock, finds the SRD seeded, loads its caches and cogs;
    one of them syncs the commands."""
    bots = [create_bot(bot_settings(empty_database_url)) for _ in range(3)]
    synced: list[int] = []

    def recording(index: int, tree: app_commands.CommandTree):
        async def sync(*, guild=None):
            await asyncio.sleep(0.3)  # Discord's round trip: the others start meanwhile
            synced.append(index)
            return tree.get_commands()

        return sync

    for index, bot in enumerate(bots):
        bot.tree.sync = recording(index, bot.tree)  # type: ignore[method-assign]
    async with contextlib.AsyncExitStack() as stack:
        for bot in bots:
            await stack.enter_async_context(bot)  # closes each bot at the end
        await asyncio.gather(*(bot.setup_hook() for bot in bots))
        for bot in bots:
            assert set(bot.extensions) == set(extension_names())
            assert len(bot.services.spells.cache) == 319 + 339
            assert bot.services.invalidation.listening
        assert len(synced) == 1
        assert await bots[0].services.bot_state.get("command_tree_hash:global") == tree_hash(bots[0].tree)
