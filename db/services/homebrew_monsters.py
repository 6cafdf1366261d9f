"""Homebrew monsters of a guild: stored in ``homebrew_monsters``, served from the compendium cache.

An import replaces monsters of the same name (and ruleset) and adds the others, in one unit of
work; the cache learns them after the commit, so they autocomplete at once. ``load_guild``
reloads one guild's monsters from the database (for another process's changes).
"""

from sqlalchemy import func, select

from db.engine import Database
from db.invalidation import MONSTERS, publish
from db.models import HomebrewMonster
from db.services.base import Service
from db.services.lookups import flush_unique
from rules.compendium.cache import Compendium
from rules.compendium.models import Monster


class HomebrewMonsterService(Service):
    def __init__(self, db: Database, compendium: Compendium) -> None:
        super().__init__(db)
        self.compendium = compendium

    async def import_monsters(self, guild_id: int, monsters: list[Monster]) -> list[Monster]:
        """Store the file's monsters for this guild (a name already there is replaced)."""
        async with self.db.transaction() as session:
            names = [m.name.casefold() for m in monsters]
            existing = {
                (row.ruleset, row.name.casefold()): row
                for row in await session.scalars(
                    select(HomebrewMonster)
                    .where(HomebrewMonster.guild_id == guild_id, func.lower(HomebrewMonster.name).in_(names))
                    .with_for_update()
                )
            }
            for monster in monsters:
                row = existing.get((monster.ruleset, monster.name.casefold()))
                if row is None:
                    session.add(
                        HomebrewMonster(
                            guild_id=guild_id, name=monster.name, ruleset=monster.ruleset, data=monster
                        )
                    )
                else:
                    row.name, row.data = monster.name, monster
            await flush_unique(
                session, "Another import added one of these monsters at the same time: try again."
            )
            await publish(session, MONSTERS, guild_id)  # the other processes' compendiums, at commit
        self.compendium.add_homebrew(guild_id, monsters)
        return monsters

    async def load_all(self) -> int:
        """Every guild's homebrew monsters into the cache (at start)."""
        async with self.db.transaction(write=False) as session:
            rows = list(await session.scalars(select(HomebrewMonster)))
        by_guild: dict[int, list[Monster]] = {}
        for row in rows:
            by_guild.setdefault(row.guild_id, []).append(row.data)
        for guild_id, monsters in by_guild.items():
            self.compendium.add_homebrew(guild_id, monsters)
        return len(rows)

    async def refresh(self, guild_id: int | None) -> None:
        """The handler of MONSTERS announcements (db/invalidation.py): read the guild's (or all) again."""
        if guild_id is not None:
            await self.load_guild(guild_id)
            return
        async with self.db.transaction(write=False) as session:
            guilds = set(await session.scalars(select(HomebrewMonster.guild_id).distinct()))
        for known in guilds:  # homebrew monsters are never deleted, so no guild loses them all
            await self.load_guild(known)

    async def load_guild(self, guild_id: int) -> int:
        """Forget the guild's cached homebrew monsters and read them again."""
        async with self.db.transaction(write=False) as session:
            rows = list(
                await session.scalars(select(HomebrewMonster).where(HomebrewMonster.guild_id == guild_id))
            )
        self.compendium.drop_guild(guild_id, "monster")
        self.compendium.add_homebrew(guild_id, [row.data for row in rows])
        return len(rows)
