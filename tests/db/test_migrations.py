"""Migrations: up, down, up again on an empty database; no drift from the models."""

import asyncio
from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import DateTime, bindparam, inspect, text

from db import migrate
from db.engine import create_engine
from db.models import Base

TABLES = {
    "alembic_version",
    "bot_state",
    "campaigns",
    "characters",
    "dice_rolls",
    "guild_settings",
    "npc_interactions",
    "npcs",
    "spells",
}


async def table_names(engine) -> set[str]:
    async with engine.connect() as conn:
        return set(await conn.run_sync(lambda sync: inspect(sync).get_table_names()))


async def test_upgrade_downgrade_upgrade(empty_database_url):
    engine = create_engine(empty_database_url)
    try:
        await migrate.upgrade(engine)
        assert await table_names(engine) == TABLES
        assert await migrate.current_revision(engine) == migrate.head_revision()

        await migrate.downgrade(engine, "base")
        assert await table_names(engine) == {"alembic_version"}
        assert await migrate.current_revision(engine) is None

        await migrate.upgrade(engine)
        assert await table_names(engine) == TABLES
    finally:
        await engine.dispose()


# SQLite cannot reflect the lower(name) unique indexes, so Alembic skips them there (and
# says so); PostgreSQL compares them, and test_models proves they work on both.
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based index")
async def test_autogenerate_finds_no_difference_between_models_and_migrations(empty_database_url):
    engine = create_engine(empty_database_url)
    try:
        await migrate.upgrade(engine)
        async with engine.connect() as conn:
            diff = await conn.run_sync(
                lambda sync: compare_metadata(
                    MigrationContext.configure(sync, opts={"compare_type": True}), Base.metadata
                )
            )
        assert diff == []
    finally:
        await engine.dispose()


async def test_upgrade_at_head_is_a_no_op(empty_database_url):
    engine = create_engine(empty_database_url)
    try:
        await migrate.upgrade(engine)
        await migrate.upgrade(engine)
        assert await migrate.current_revision(engine) == migrate.head_revision()
    finally:
        await engine.dispose()


async def test_processes_starting_together_on_a_fresh_database_all_migrate(empty_database_url):
    """Three engines (as three processes) migrate one empty database at once: all succeed, once."""
    engines = [create_engine(empty_database_url) for _ in range(3)]
    try:
        await asyncio.gather(*(migrate.upgrade(engine) for engine in engines))
        for engine in engines:
            assert await migrate.current_revision(engine) == migrate.head_revision()
        assert await table_names(engines[0]) == TABLES
    finally:
        for engine in engines:
            await engine.dispose()


async def test_0004_tells_apart_unassigned_characters_that_share_a_name(empty_database_url):
    engine = create_engine(empty_database_url)
    try:
        await migrate.upgrade(engine, "0003")
        async with engine.begin() as conn:
            for number, name in enumerate(("Tess", "tess", "Tess", "Other")):
                await conn.execute(
                    text(
                        "INSERT INTO characters (id, name, data, guild_id, owner_id, created_at, updated_at) "
                        "VALUES (:id, :name, '{}', 1, 10, :at, :at)"
                    ).bindparams(bindparam("at", type_=DateTime(timezone=True))),
                    {"id": f"c{number}", "name": name, "at": datetime(2026, 1, 1, 0, number, tzinfo=UTC)},
                )
        await migrate.upgrade(engine)
        async with engine.connect() as conn:
            names = (await conn.execute(text("SELECT name FROM characters ORDER BY id"))).scalars().all()
        assert names == ["Tess", "tess (2)", "Tess (3)", "Other"]
    finally:
        await engine.dispose()
