"""Start-up: processes preparing one fresh database at once all come up, and seed it once."""

import asyncio

from sqlalchemy import func, select

from db import migrate
from db.engine import Database, create_engine
from db.models import Campaign, Spell
from db.startup import prepare_database


async def test_three_processes_prepare_a_fresh_database_at_once(empty_database_url):
    databases = [Database(create_engine(empty_database_url)) for _ in range(3)]
    try:
        await asyncio.gather(*(prepare_database(db) for db in databases))
        assert await migrate.current_revision(databases[0].engine) == migrate.head_revision()
        async with databases[0].transaction(write=False) as session:
            spells = await session.scalar(select(func.count()).select_from(Spell))
            templates = await session.scalar(
                select(func.count()).select_from(Campaign).where(Campaign.guild_id.is_(None))
            )
        assert (spells, templates) == (319 + 339, 3)
    finally:
        for db in databases:
            await db.dispose()
