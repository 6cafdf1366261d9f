"""The bot class and its factory. Nothing here runs at import or on construction."""

import asyncio
import importlib.util
import logging
import pkgutil
import time
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import Settings
from bot.metrics import Metrics
from bot.namesakes import TableTree
from bot.sync import sync_if_changed
from bot.tree import STARTED
from db.engine import Database, Timeouts, create_engine
from db.health import Health
from db.services import Services
from db.startup import prepare_database

log = logging.getLogger(__name__)


COGS_PACKAGE = "cogs"


def extension_names() -> list[str]:
    """Every feature module under cogs/, each one extension.

    Found by name, not imported: cogs sit above bot in the layers.
    """
    spec = importlib.util.find_spec(COGS_PACKAGE)
    paths = spec.submodule_search_locations if spec else None
    if not paths:
        raise RuntimeError("The cogs package is missing")
    modules = pkgutil.iter_modules(list(paths))
    return sorted(f"{COGS_PACKAGE}.{m.name}" for m in modules if not m.name.startswith("_"))


def _sharding(settings: Settings) -> dict[str, Any]:
    return {"shard_count": settings.shard_count, "shard_ids": settings.shard_id_list}


class TableBot(commands.AutoShardedBot):
    """The bot: one process serving its shards (all of them unless SHARD_IDS names some).

    Several processes may share one database: each migrates under a lock, one syncs the
    commands, and each one's caches follow the others' changes (db/invalidation.py).
    """

    def __init__(self, settings: Settings, *, auto_sync: bool = True) -> None:
        super().__init__(
            # None for either: Discord's recommended count, every shard in this process.
            **_sharding(settings),
            command_prefix=commands.when_mentioned,  # slash commands only; no message-content intent
            intents=discord.Intents.default(),
            allowed_mentions=discord.AllowedMentions.none(),
            tree_cls=TableTree,
            allowed_contexts=app_commands.AppCommandContext(guild=True),
            allowed_installs=app_commands.AppInstallationType(guild=True),
            help_command=None,
        )
        self.settings = settings
        self.auto_sync = auto_sync
        self._db: Database | None = None
        self._services: Services | None = None
        self.started_at: float | None = None
        self.metrics_port: int | None = None  # the bound port, when METRICS_PORT is set
        # Whether the database answers; logs an outage once. Outlives the engine (restarts).
        self.health = Health()
        self.metrics = Metrics()
        self.metrics.watch(self)

    @property
    def db(self) -> Database:
        if self._db is None:
            raise RuntimeError("The database is opened in setup_hook; the bot has not started")
        return self._db

    @property
    def services(self) -> Services:
        if self._services is None:
            raise RuntimeError("Services are built in setup_hook; the bot has not started")
        return self._services

    @property
    def services_or_none(self) -> Services | None:
        return self._services

    async def setup_hook(self) -> None:
        self.started_at = time.monotonic()
        settings = self.settings
        self._db = Database(engine_for(settings), health=self.health)
        await prepare_database(self._db, run_migrations=settings.auto_migrate)
        self._services = Services.build(self._db)
        # Listening before the caches fill: a change committed from here on reaches them.
        await self.services.invalidation.start()
        spells = await self.services.spells.load_cache()
        log.info("Spell cache ready: %d spells", spells)
        records = await asyncio.to_thread(self.services.compendium.load)
        homebrew = await self.services.homebrew_monsters.load_all()
        log.info("Compendium ready: %d SRD records, %d homebrew monsters", records, homebrew)
        for name in extension_names():
            await self.load_extension(name)
        if self.auto_sync:
            await sync_if_changed(self.tree, self.services.bot_state, settings.dev_guild_id)
        if settings.metrics_port is not None:
            self.metrics_port = self.metrics.serve(settings.metrics_port, settings.metrics_host)

    async def on_app_command_completion(
        self, interaction: discord.Interaction, command: app_commands.Command | app_commands.ContextMenu
    ) -> None:
        self.metrics.command_done(command.qualified_name, interaction.extras.get(STARTED), failed=False)

    async def close(self) -> None:
        try:
            await super().close()
        finally:
            self.metrics.close()
            if self._services is not None:
                await self._services.invalidation.stop()
            if self._db is not None:
                await self._db.dispose()
                self._db = None


def engine_for(settings: Settings, *, for_commands: bool = True) -> AsyncEngine:
    """The engine the settings describe, every wait bounded by them.

    ``for_commands=False`` (the command line's migrations and SRD import): connecting and the
    pool stay bounded, so a database that does not answer is said at once, but a statement or
    lock may take as long as an administrator's one-off job needs.
    """
    timeouts = Timeouts(
        connect=settings.db_connect_timeout,
        statement=settings.db_statement_timeout if for_commands else None,
        lock=settings.db_lock_timeout if for_commands else None,
        pool=settings.db_pool_timeout,
    )
    return create_engine(
        settings.database_url,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        timeouts=timeouts,
    )


def create_bot(settings: Settings, *, auto_sync: bool = True) -> TableBot:
    return TableBot(settings, auto_sync=auto_sync)
