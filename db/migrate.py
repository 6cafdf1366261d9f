"""Run Alembic in-process, through a connection of our own engine."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from db.engine import SQLITE_BEGIN_IMMEDIATE, without_time_limits

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Advisory lock class of schema changes (the other key is the database): processes that
# start together on one PostgreSQL database migrate one after the other, and the later
# ones find nothing left to do.
MIGRATION_LOCK = 0x7AB1_E0B0


def alembic_config() -> Config:
    """The project's Alembic configuration, wherever the process was started from."""
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    return config


def _with_connection(connection: Connection) -> Config:
    config = alembic_config()
    # migrations/env.py runs on this connection instead of opening its own.
    config.attributes["connection"] = connection
    return config


@asynccontextmanager
async def _exclusive(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A transaction that waits, without a time limit, for any other process migrating this database.

    PostgreSQL: an advisory lock held until commit. SQLite: the write lock, taken at BEGIN.
    The engine's time limits, meant for commands, are lifted on this connection meanwhile.
    """
    async with engine.connect() as conn, without_time_limits(conn):
        conn = await conn.execution_options(**{SQLITE_BEGIN_IMMEDIATE: True})
        async with conn.begin():
            if conn.dialect.name == "postgresql":
                await conn.execute(text("SET LOCAL statement_timeout = 0"))
                await conn.execute(text("SET LOCAL lock_timeout = 0"))
                await conn.execute(
                    text("SELECT pg_advisory_xact_lock(:app, hashtext(current_database()))"),
                    {"app": MIGRATION_LOCK},
                )
            else:
                # BEGIN IMMEDIATE rides with the first statement (db.sqlite_driver): send one
                # now, so the write lock is held before Alembic sets up its context (which is
                # global to the process, where the tests run several engines).
                await conn.execute(text("SELECT 1"))
            yield conn


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    async with _exclusive(engine) as conn:
        await conn.run_sync(lambda sync: command.upgrade(_with_connection(sync), revision))


async def downgrade(engine: AsyncEngine, revision: str) -> None:
    async with _exclusive(engine) as conn:
        await conn.run_sync(lambda sync: command.downgrade(_with_connection(sync), revision))


async def current_revision(engine: AsyncEngine) -> str | None:
    async with engine.connect() as conn:
        return await conn.run_sync(lambda sync: MigrationContext.configure(sync).get_current_revision())


def is_known_revision(revision: str) -> bool:
    """Whether ``revision`` names a revision (or base, head, a relative step like -1), without a database."""
    if revision in ("base", "head", "heads") or revision[:1] in "+-" or "@" in revision:
        return True
    try:
        return bool(ScriptDirectory.from_config(alembic_config()).get_revisions(revision))
    except CommandError:
        return False


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()
