"""Per-guild configuration: active campaign, GM role, ruleset, spell visibility."""

from dataclasses import dataclass
from datetime import datetime
from typing import Literal, get_args

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from db.engine import Database
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
        )


class GuildSettingsService(Service):
    def __init__(self, db: Database) -> None:
        super().__init__(db)
        # Each guild's ruleset as last read or written here: autocomplete orders by it
        # without a query. At worst stale for another shard's change, which only affects order.
        self._rulesets: dict[int, str] = {}

    def known_ruleset(self, guild_id: int) -> str:
        return self._rulesets.get(guild_id, DEFAULT_RULESET)

    async def get(self, guild_id: int) -> GuildConfig:
        """The guild's settings; defaults (nothing written) when it never configured anything."""
        async with self.db.transaction(write=False) as session:
            row = await session.get(GuildSettings, guild_id)
            if row is None:
                return GuildConfig.default(guild_id)
            return await self._describe(session, row)

    async def gm_role(self, guild_id: int) -> int | None:
        """The GM role's id (None when unset): all a GM check needs, without the active campaign."""
        async with self.db.transaction(write=False) as session:
            return await session.scalar(
                select(GuildSettings.gm_role_id).where(GuildSettings.guild_id == guild_id)
            )

    async def read(self, session: AsyncSession, guild_id: int) -> GuildConfig:
        """The settings inside another service's unit of work; the active campaign's name is not loaded."""
        row = await session.get(GuildSettings, guild_id)
        if row is None:
            return GuildConfig.default(guild_id)
        self._rulesets[guild_id] = row.ruleset
        return GuildConfig.of(row)

    async def set_gm_role(self, guild_id: int, role_id: int | None) -> GuildConfig:
        async with self.db.transaction() as session:
            row = await get_or_create(session, guild_id)
            row.gm_role_id = role_id
            await session.flush()
            return await self._describe(session, row)

    async def set_ruleset(self, guild_id: int, ruleset: str) -> GuildConfig:
        if ruleset not in RULESETS:
            raise InvalidInputError(f"The ruleset must be 2014 or 2024, not {ruleset!r}.")
        async with self.db.transaction() as session:
            row = await get_or_create(session, guild_id)
            row.ruleset = ruleset
            await session.flush()
            return await self._describe(session, row)

    async def set_spell_visibility(self, guild_id: int, visibility: str) -> GuildConfig:
        if visibility not in get_args(SpellVisibility):
            raise InvalidInputError(f"Spell visibility must be public or private, not {visibility!r}.")
        async with self.db.transaction() as session:
            row = await get_or_create(session, guild_id)
            row.spell_visibility = visibility
            await session.flush()
            return await self._describe(session, row)

    async def _describe(self, session: AsyncSession, row: GuildSettings) -> GuildConfig:
        self._rulesets[row.guild_id] = row.ruleset
        campaign = await session.get(Campaign, row.active_campaign_id) if row.active_campaign_id else None
        return GuildConfig.of(row, campaign.name if campaign is not None else None)


async def get_or_create(session: AsyncSession, guild_id: int) -> GuildSettings:
    """The guild's settings row, created with defaults if missing, locked for this transaction.

    Only writers ask for it: the lock (see db/services/lookups.py) queues concurrent
    changes of one guild's settings. An insert that ignores a conflict makes creation
    safe when two commands of a new guild race (or two shards share one PostgreSQL).
    """
    row = await session.get(GuildSettings, guild_id, with_for_update=True)
    if row is not None:
        return row
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    await session.execute(insert(GuildSettings).values(guild_id=guild_id).on_conflict_do_nothing())
    locked = select(GuildSettings).where(GuildSettings.guild_id == guild_id).with_for_update()
    return (await session.execute(locked)).scalar_one()
