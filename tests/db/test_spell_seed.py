"""SRD seeding on every backend: complete, idempotent, and blind to homebrew."""

from collections.abc import AsyncIterator

import pytest_asyncio
from sqlalchemy import func, select

from db import migrate
from db.engine import Database, create_engine
from db.models import BotState, Spell
from db.spells.seed import seed_srd


@pytest_asyncio.fixture
async def fresh_db(empty_database_url: str) -> AsyncIterator[Database]:
    database = Database(create_engine(empty_database_url))
    await migrate.upgrade(database.engine)
    try:
        yield database
    finally:
        await database.dispose()


async def srd_counts(db: Database) -> dict[str, int]:
    async with db.transaction(write=False) as session:
        rows = await session.execute(
            select(Spell.ruleset, func.count()).where(Spell.guild_id.is_(None)).group_by(Spell.ruleset)
        )
        return dict(rows.all())


async def test_seeds_both_rulesets_then_skips(fresh_db):
    first = await seed_srd(fresh_db)
    assert [(r.ruleset, r.added) for r in first] == [("2014", 319), ("2024", 339)]
    assert await srd_counts(fresh_db) == {"2014": 319, "2024": 339}
    again = await seed_srd(fresh_db)
    assert all(r.skipped for r in again)


async def test_forced_reseed_changes_nothing(fresh_db):
    await seed_srd(fresh_db)
    forced = await seed_srd(fresh_db, force=True)
    assert [(r.added, r.updated, r.removed) for r in forced] == [(0, 0, 0), (0, 0, 0)]


async def test_a_new_package_version_reseeds_mends_and_keeps_homebrew(fresh_db):
    await seed_srd(fresh_db)
    async with fresh_db.transaction() as session:
        fireball = await session.get(Spell, "srd2024:fireball")
        fireball.range = "150 yards"  # drifted
        session.add(
            Spell(
                id="hb-1",
                guild_id=9,
                ruleset=None,
                source="homebrew",
                name="Fireball",
                level=3,
                school="Evocation",
                casting_time="1 action",
                range="Self",
                components=["V"],
                duration="Instantaneous",
                description="Mine.",
            )
        )
        state = await session.get(BotState, "srd_fingerprint:2024")
        state.value = "an older package"
    results = await seed_srd(fresh_db)
    assert results[0].skipped and not results[1].skipped
    assert (results[1].added, results[1].updated, results[1].removed) == (0, 1, 0)
    async with fresh_db.transaction(write=False) as session:
        assert (await session.get(Spell, "srd2024:fireball")).range == "150 feet"
        assert (await session.get(Spell, "hb-1")).description == "Mine."


async def test_only_one_ruleset_can_be_seeded(fresh_db):
    await seed_srd(fresh_db, ("2014",))
    assert await srd_counts(fresh_db) == {"2014": 319}
