"""Per-guild configuration: active campaign, GM role, ruleset, spell visibility.

The GM role, ruleset and spell visibility are read through a cache held in process memory
(``GuildSettingsCache``), so a GM check or a /spell card costs no round trip once a guild's
settings were read. The active campaign is not cached: it is read where it is used.
"""

import weakref
from dataclasses import dataclass
from datetime import datetime
from typing import Final, Literal, get_args

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from db.engine import Database
from db.invalidation import GUILD_SETTINGS, publish
from db.models import Campaign, GuildSettings
from db.models.guild import DEFAULT_RULESET
from db.services.base import Service
from rules.errors import InvalidInputError
from rules.ruleset import RULESETS, Ruleset

SpellVisibility = Literal["public", "private"]


@dataclass(frozen=True, slots=True)
class GuildConfig:
    guild_id: int
    active_campaign_id: str | None
    gm_role_id: int | None
    ruleset: Ruleset
    spell_visibility: SpellVisibility
    updated_at: datetime | None
    active_campaign_name: str | None = None
    gm_channel_id: int | None = None

    @classmethod
    def default(cls, guild_id: int) -> "GuildConfig":
        return cls(guild_id, None, None, DEFAULT_RULESET, "public", None)

    @classmethod
    def of(cls, row: GuildSettings, active_campaign_name: str | None = None) -> "GuildConfig":
        return cls(
            guild_id=row.guild_id,
            active_campaign_id=row.active_campaign_id,
            gm_role_id=row.gm_role_id,
            # The columns are str; their CHECK constraints keep them to the Literals' values.
            ruleset=row.ruleset,  # type: ignore[arg-type]
            spell_visibility=row.spell_visibility,  # type: ignore[arg-type]
            updated_at=row.updated_at,
            active_campaign_name=active_campaign_name,
            gm_channel_id=row.gm_channel_id,
        )


@dataclass(frozen=True, slots=True)
class CachedSettings:
    """What ``GuildSettingsCache`` holds of a guild: all but the active campaign."""

    gm_role_id: int | None
    ruleset: Ruleset
    spell_visibility: SpellVisibility
    gm_channel_id: int | None = None  # where secret rolls go

    @classmethod
    def of(cls, row: GuildSettings | None) -> "CachedSettings":
        if row is None:
            return DEFAULT_SETTINGS
        # The columns are str; their CHECK constraints keep them to the Literals' values.
        return cls(row.gm_role_id, row.ruleset, row.spell_visibility, row.gm_channel_id)  # type: ignore[arg-type]


DEFAULT_SETTINGS: Final = CachedSettings(None, DEFAULT_RULESET, "public")


class GuildSettingsCache:
    """Each guild's GM role, ruleset and spell visibility, as this process read them.

    Filled on a guild's first read; emptied for a guild by ``invalidate`` after each of this
    process's writes of its ``guild_settings`` row commits (the next read fills it again), and
    wholly by ``clear``. A read that began before an invalidation of its guild does not fill the
    cache (``fill`` checks the generation taken before the read), so a reader racing a writer
    never puts the old value back. Per process for now: another process's writes are not seen
    until this one invalidates the guild (docs/architecture.md, Caches); that hook is
    ``invalidate``/``clear``. One cache per ``Database`` (``of``), shared by its services.
    """

    _of_database: "weakref.WeakKeyDictionary[Database, GuildSettingsCache]" = weakref.WeakKeyDictionary()

    def __init__(self) -> None:
        self._entries: dict[int, CachedSettings] = {}
        self._generation = 0
        self._invalidated: dict[int, int] = {}  # guild -> generation of its last invalidation
        self._cleared = 0  # generation of the last clear

    @classmethod
    def of(cls, db: Database) -> "GuildSettingsCache":
        """The cache of this database's guild settings in this process."""
        cache = cls._of_database.get(db)
        if cache is None:
            cache = cls._of_database[db] = cls()
        return cache

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, guild_id: int) -> CachedSettings | None:
        return self._entries.get(guild_id)

    def generation(self) -> int:
        """Taken before reading a guild's settings, and handed to ``fill`` with what was read."""
        return self._generation

    def fill(self, guild_id: int, settings: CachedSettings, since: int) -> None:
        """Keep what a read that began at generation ``since`` found, unless invalidated since."""
        if self._invalidated.get(guild_id, 0) <= since and self._cleared <= since:
            self._entries[guild_id] = settings

    def invalidate(self, guild_id: int) -> None:
        self._generation += 1
        self._invalidated[guild_id] = self._generation
        self._entries.pop(guild_id, None)

    def clear(self) -> None:
        self._generation += 1
        self._cleared = self._generation
        self._entries.clear()


class GuildSettingsService(Service):
    def __init__(self, db: Database) -> None:
        super().__init__(db)
        self.cache = GuildSettingsCache.of(db)
        # Each guild's ruleset as last read or written here, kept through invalidations:
        # autocomplete orders by it without a query. Stale at worst, which only changes order.
        self._rulesets: dict[int, str] = {}

    def known_ruleset(self, guild_id: int) -> str:
        cached = self.cache.get(guild_id)
        return cached.ruleset if cached is not None else self._rulesets.get(guild_id, DEFAULT_RULESET)

    def cached(self, guild_id: int) -> CachedSettings | None:
        """The guild's settings if this process holds them (no query), else None."""
        return self.cache.get(guild_id)

    async def get(self, guild_id: int) -> GuildConfig:
        """The guild's settings; defaults (nothing written) when it never configured anything.

        Always read (the active campaign and its name are not cached); fills the cache.
        """
        since = self.cache.generation()
        async with self.db.transaction(write=False) as session:
            row = await session.get(GuildSettings, guild_id)
            config = GuildConfig.default(guild_id) if row is None else await self._describe(session, row)
        self._remember(guild_id, CachedSettings.of(row), since)
        return config

    async def settings(self, guild_id: int) -> CachedSettings:
        """The guild's GM role, ruleset and spell visibility: no query once cached, else one read."""
        cached = self.cache.get(guild_id)
        if cached is not None:
            return cached
        async with self.db.transaction(write=False) as session:
            return await self.read(session, guild_id)

    async def gm_role(self, guild_id: int) -> int | None:
        """The GM role's id (None when unset): all a GM check needs. No query once cached."""
        return (await self.settings(guild_id)).gm_role_id

    async def read(self, session: AsyncSession, guild_id: int) -> CachedSettings:
        """The settings inside another service's unit of work: from the cache, else one read."""
        cached = self.cache.get(guild_id)
        if cached is not None:
            return cached
        since = self.cache.generation()
        settings = CachedSettings.of(await session.get(GuildSettings, guild_id))
        self._remember(guild_id, settings, since)
        return settings

    async def set_gm_role(self, guild_id: int, role_id: int | None) -> GuildConfig:
        async with self.db.transaction() as session:
            row = await get_or_create(session, guild_id)
            row.gm_role_id = role_id
            await session.flush()
            await publish(session, GUILD_SETTINGS, guild_id)  # the other processes' caches, at commit
            config = await self._describe(session, row)
        self.cache.invalidate(guild_id)
        return config

    async def set_gm_channel(self, guild_id: int, channel_id: int | None) -> GuildConfig:
        async with self.db.transaction() as session:
            row = await get_or_create(session, guild_id)
            row.gm_channel_id = channel_id
            await session.flush()
            await publish(session, GUILD_SETTINGS, guild_id)  # the other processes' caches, at commit
            config = await self._describe(session, row)
        self.cache.invalidate(guild_id)
        return config

    async def set_ruleset(self, guild_id: int, ruleset: str) -> GuildConfig:
        if ruleset not in RULESETS:
            raise InvalidInputError(f"The ruleset must be 2014 or 2024, not {ruleset!r}.")
        async with self.db.transaction() as session:
            row = await get_or_create(session, guild_id)
            row.ruleset = ruleset
            await session.flush()
            await publish(session, GUILD_SETTINGS, guild_id)  # the other processes' caches, at commit
            config = await self._describe(session, row)
        self.cache.invalidate(guild_id)
        self._rulesets[guild_id] = config.ruleset
        return config

    async def set_spell_visibility(self, guild_id: int, visibility: str) -> GuildConfig:
        if visibility not in get_args(SpellVisibility):
            raise InvalidInputError(f"Spell visibility must be public or private, not {visibility!r}.")
        async with self.db.transaction() as session:
            row = await get_or_create(session, guild_id)
            row.spell_visibility = visibility
            await session.flush()
            await publish(session, GUILD_SETTINGS, guild_id)  # the other processes' caches, at commit
            config = await self._describe(session, row)
        self.cache.invalidate(guild_id)
        return config

    async def refresh(self, guild_id: int | None) -> None:
        """Forget what another process changed: one guild's settings (read again at once, so
        autocomplete orders by the new ruleset), or (None) every guild's.

        The handler of GUILD_SETTINGS announcements (db/invalidation.py).
        """
        if guild_id is None:
            self.cache.clear()
            self._rulesets.clear()
            return
        # known_ruleset keeps the last value until the read below replaces it: dropping it
        # first would order this guild's autocomplete by the default meanwhile.
        self.cache.invalidate(guild_id)
        await self.settings(guild_id)

    def _remember(self, guild_id: int, settings: CachedSettings, since: int) -> None:
        self.cache.fill(guild_id, settings, since)
        self._rulesets[guild_id] = settings.ruleset

    async def _describe(self, session: AsyncSession, row: GuildSettings) -> GuildConfig:
        campaign = await session.get(Campaign, row.active_campaign_id) if row.active_campaign_id else None
        return GuildConfig.of(row, campaign.name if campaign is not None else None)


async def get_or_create(session: AsyncSession, guild_id: int) -> GuildSettings:
    """The guild's settings row, created with defaults if missing, locked for this transaction.

    Only writers ask for it: the lock (see db/services/lookups.py) queues concurrent
    changes of one guild's settings. An insert that ignores a conflict makes creation
    safe when two commands of a new guild race (or two shards share one PostgreSQL).
    Every writer invalidates the guild in ``GuildSettingsCache`` once its transaction commits.
    """
    row = await session.get(GuildSettings, guild_id, with_for_update=True)
    if row is not None:
        return row
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    await session.execute(insert(GuildSettings).values(guild_id=guild_id).on_conflict_do_nothing())
    locked = select(GuildSettings).where(GuildSettings.guild_id == guild_id).with_for_update()
    return (await session.execute(locked)).scalar_one()
