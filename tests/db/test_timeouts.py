"""The engine's time limits reach the database; migrations wait for one another without them."""

import asyncio
import sqlite3
import time

import asyncpg
from sqlalchemy import text
from sqlalchemy.engine import make_url

from db import migrate
from db.engine import Database, Timeouts, create_engine

SMALL = Timeouts(connect=0.5, statement=0.3, lock=0.2, pool=0.2)
HELD = 1.0  # seconds another process keeps the migration lock: longer than any SMALL limit


async def settings_seen(url: str, timeouts: Timeouts | None = None) -> dict[str, object]:
    engine = create_engine(url) if timeouts is None else create_engine(url, timeouts=timeouts)
    try:
        async with engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                return {"busy_timeout": (await conn.exec_driver_sql("PRAGMA busy_timeout")).scalar()}
            raw = await conn.get_raw_connection()
            return {
                "statement_timeout": (await conn.execute(text("SHOW statement_timeout"))).scalar(),
                "lock_timeout": (await conn.execute(text("SHOW lock_timeout"))).scalar(),
                "pool_timeout": engine.pool.timeout(),
                # asyncpg's client-side backstop (no public reader).
                "command_timeout": raw.driver_connection._config.command_timeout,
            }
    finally:
        await engine.dispose()


async def test_the_default_limits_keep_a_reply_within_discords_three_seconds(database_url, backend):
    seen = await settings_seen(database_url)
    if backend == "sqlite":
        assert seen == {"busy_timeout": 1500}
    else:
        assert seen == {
            "statement_timeout": "2s",
            "lock_timeout": "1500ms",
            "pool_timeout": 30.0,  # tasks of a test or bench queueing for the pool are load
            "command_timeout": 2.5,
        }
    assert Database(create_engine(database_url)).lock_timeout == 1.5


async def test_chosen_limits_are_applied(database_url, backend):
    seen = await settings_seen(database_url, SMALL)
    if backend == "sqlite":
        assert seen == {"busy_timeout": 200}
    else:
        assert seen == {
            "statement_timeout": "300ms",
            "lock_timeout": "200ms",
            "pool_timeout": 0.2,
            "command_timeout": 0.8,
        }
    assert Database(create_engine(database_url, timeouts=SMALL)).lock_timeout == 0.2


async def hold_the_migration_lock(url: str, backend: str, held: asyncio.Event) -> None:
    """As another process migrating the same database for HELD seconds."""
    if backend == "sqlite":
        conn = sqlite3.connect(make_url(url).database, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            held.set()
            await asyncio.sleep(HELD)
            conn.execute("ROLLBACK")
        finally:
            conn.close()
        return
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(
            "SELECT pg_advisory_lock($1, hashtext(current_database()))", migrate.MIGRATION_LOCK
        )
        held.set()
        await asyncio.sleep(HELD)
    finally:
        await conn.close()  # releases the lock


async def test_migrations_wait_for_another_migrating_process_longer_than_any_limit(database_url, backend):
    engine = create_engine(database_url, timeouts=SMALL)
    try:
        held = asyncio.Event()
        other = asyncio.create_task(hold_the_migration_lock(database_url, backend, held))
        await held.wait()
        started = time.monotonic()
        await migrate.upgrade(engine)  # at head already: it only waits for the lock, then checks
        assert time.monotonic() - started >= HELD * 0.8
        await other
        assert await migrate.current_revision(engine) == migrate.head_revision()
        # ... and the connection it used has its limits back.
        seen = {"busy_timeout": 200} if backend == "sqlite" else {"command_timeout": 0.8}
        async with engine.connect() as conn:
            raw = await conn.get_raw_connection()
            if backend == "sqlite":
                now = {"busy_timeout": (await conn.exec_driver_sql("PRAGMA busy_timeout")).scalar()}
            else:
                now = {"command_timeout": raw.driver_connection._config.command_timeout}
        assert now == seen
    finally:
        await engine.dispose()
