"""Homebrew monsters in the database: guild-scoped, replaced by name, and imports racing on one name."""

import asyncio

from sqlalchemy import func, select

from db.models import HomebrewMonster
from db.services import HomebrewMonsterService
from rules.compendium import srd_monsters
from rules.compendium.cache import Compendium
from rules.errors import ConflictError

GUILD, OTHER = 1, 2


def brew(name: str, hp: int = 30):
    base = next(m for m in srd_monsters("2014") if m.slug == "ogre")
    return base.model_copy(
        update={"name": name, "slug": name.lower().replace(" ", "-"), "source": "homebrew", "hit_points": hp}
    )


async def count(db, guild_id: int) -> int:
    async with db.transaction(write=False) as session:
        query = select(func.count()).select_from(HomebrewMonster).where(HomebrewMonster.guild_id == guild_id)
        return int((await session.execute(query)).scalar_one())


async def test_import_is_guild_scoped_and_replaces_by_name(db):
    compendium = Compendium()
    service = HomebrewMonsterService(db, compendium)
    await service.import_monsters(GUILD, [brew("Bog Ogre")])
    await service.import_monsters(GUILD, [brew("BOG OGRE", hp=99)])
    assert await count(db, GUILD) == 1 and await count(db, OTHER) == 0
    fresh = Compendium()
    assert await HomebrewMonsterService(db, fresh).load_all() == 1
    [mine] = fresh.search("monster", "bog ogre", guild_id=GUILD, ruleset="2014")
    assert mine.guild_id == GUILD and fresh.get(mine.id, GUILD).hit_points == 99  # type: ignore[union-attr]
    assert fresh.get(mine.id, OTHER) is None
    assert fresh.search("monster", "bog ogre", guild_id=OTHER, ruleset="2014") == []


async def test_two_imports_of_one_new_name_at_once_keep_one_row(db):
    service = HomebrewMonsterService(db, Compendium())
    for round_ in range(10):
        name = f"Marsh Ogre {round_}"
        results = await asyncio.gather(
            service.import_monsters(GUILD, [brew(name)]), service.import_monsters(GUILD, [brew(name)]),
            return_exceptions=True,
        )  # fmt: skip
        errors = [r for r in results if isinstance(r, BaseException)]
        assert all(isinstance(e, ConflictError) for e in errors), errors
        async with db.transaction(write=False) as session:
            rows = await session.scalars(
                select(HomebrewMonster).where(func.lower(HomebrewMonster.name) == name.lower())
            )
            assert len(list(rows)) == 1
