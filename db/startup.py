"""What a process does to the database before it serves: migrate, then seed the compendium and templates.

Processes that start together (shards sharing one PostgreSQL) take turns under an advisory
lock held for the whole preparation, so the later ones find everything done instead of
inserting the same SRD rows at once. On SQLite each step's write transaction already
excludes other writers, and every step re-reads what is there before writing.
"""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from db import migrate
from db.campaigns.templates import seed_templates
from db.engine import Database, without_time_limits
from db.spells.seed import seed_srd

log = logging.getLogger(__name__)

# Advisory lock class of start-up (the other key is the database); not the migration's own
# class, which the migration takes inside this one.
STARTUP_LOCK = 0x7AB1_E0B1


@asynccontextmanager
async def _taking_turns(engine: AsyncEngine) -> AsyncIterator[None]:
    if engine.dialect.name != "postgresql":
        yield
        return
    async with engine.connect() as conn, without_time_limits(conn), conn.begin():
        # However long the process before us takes, wait for it: no statement or lock timeout.
        await conn.execute(text("SET LOCAL statement_timeout = 0"))
        await conn.execute(text("SET LOCAL lock_timeout = 0"))
        await conn.execute(
            text("SELECT pg_advisory_xact_lock(:app, hashtext(current_database()))"), {"app": STARTUP_LOCK}
        )
        yield


async def prepare_database(db: Database, *, run_migrations: bool = True) -> None:
    """Migrate (when asked), seed the SRD spells and the built-in templates; safe to run at once."""
    async with _taking_turns(db.engine):
        if run_migrations:
            await migrate.upgrade(db.engine)
            log.info("Database migrated to %s", migrate.head_revision())
        await seed_srd(db)
        await seed_templates(db)
