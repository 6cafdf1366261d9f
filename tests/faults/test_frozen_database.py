"""A database that stops answering: a call fails within its bound, writes nothing, is told
in plain words, and the next call after the freeze succeeds.

Frozen three ways: a table locked by another connection (PostgreSQL's lock timeout), a
statement that runs too long (statement timeout), and a server gone silent behind a
loopback proxy (asyncpg's client-side backstop and connect timeout). On SQLite: another
process holding the write lock, and the writers of this process queued too long.
"""

import asyncio
import logging
import sqlite3
import time
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from bot.tree import NOT_ANSWERING, UNCONFIRMED, user_message
from db.engine import Database, Timeouts, create_engine
from db.health import Health, commit_unconfirmed, is_unavailable
from db.models import DiceRoll, NPCInteraction
from tests.conftest import sqlite_copy
from tests.faults.conftest import CHANNEL, GM, GUILD, World, make_world, world_of
from tests.faults.proxy import FreezingProxy

SMALL = Timeouts(connect=0.5, statement=0.3, lock=0.2, pool=0.2)
# What a failure may cost at most with SMALL: the backstop (0.3 + 0.5) plus scheduling slack.
BOUND = 1.5
BOUND_SECONDS = 60


def driver_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def interact(world: World, summary: str = "frozen") -> None:
    await world.npcs.interact(
        GUILD,
        world.npc_id,
        interaction_type="social",
        summary=summary,
        character=world.hero_id,
        change=1,
        logged_by=GM,
    )


async def roll(world: World, reason: str = "frozen") -> None:
    await world.dice.roll(GUILD, CHANNEL, GM, "1d20", reason=reason)


async def fails_in_time(call) -> tuple[Exception, float]:
    started = time.monotonic()
    with pytest.raises(Exception) as raised:
        await call
    return raised.value, time.monotonic() - started


async def counts(db: Database) -> tuple[int, int]:
    async with db.transaction(write=False) as session:
        interactions = await session.scalar(select(func.count()).select_from(NPCInteraction))
        rolls = await session.scalar(select(func.count()).select_from(DiceRoll))
    return interactions or 0, rolls or 0


def assert_told_not_answering(error: Exception) -> None:
    assert is_unavailable(error), repr(error)
    assert not commit_unconfirmed(error)
    assert user_message(error) == NOT_ANSWERING


# --- PostgreSQL -----------------------------------------------------------------------------


@pytest.mark.postgres
async def test_a_locked_table_fails_the_call_within_the_lock_timeout_and_writes_nothing(
    pg_private_url, caplog
):
    db = Database(create_engine(pg_private_url, timeouts=SMALL), health=Health(settle=0))
    holder = await asyncpg.connect(driver_dsn(pg_private_url))
    try:
        world = await make_world(db)
        before = await counts(db)
        async with asyncio.timeout(BOUND_SECONDS):
            transaction = holder.transaction()
            await transaction.start()
            await holder.execute("LOCK TABLE npc_interactions, dice_rolls IN ACCESS EXCLUSIVE MODE")
            with caplog.at_level(logging.WARNING, logger="db.health"):
                for call in (interact(world), roll(world), interact(world)):
                    error, seconds = await fails_in_time(call)
                    assert seconds < BOUND
                    assert_told_not_answering(error)
            await transaction.rollback()
            assert await counts(db) == before  # nothing was written, then or later
            await interact(world, "thawed")
            await roll(world, "thawed")
    finally:
        await holder.close()
        await db.dispose()
    # Three failed calls, two lines: the outage began, and the call after the freeze ended it.
    [began, back] = [r.getMessage() for r in caplog.records if r.name == "db.health"]
    assert "LockNotAvailableError: canceling statement due to lock timeout" in began
    assert back.startswith("Database back after ") and back.endswith("(3 failed calls meanwhile)")
    assert not db.health.down


@pytest.mark.postgres
async def test_a_statement_that_runs_too_long_is_cancelled_by_the_server(pg_private_url):
    db = Database(create_engine(pg_private_url, timeouts=SMALL))
    try:
        started = time.monotonic()
        with pytest.raises(Exception) as raised:
            async with db.transaction() as session:
                await session.execute(text("SELECT pg_sleep(5)"))
        assert time.monotonic() - started < BOUND
        assert_told_not_answering(raised.value)
        assert "statement timeout" in str(raised.value)
    finally:
        await db.dispose()


@pytest.mark.postgres
async def test_a_silent_server_fails_calls_within_the_bound_and_the_bot_recovers(
    pg_private_url, record_property
):
    proxy = await FreezingProxy("127.0.0.1", make_url(pg_private_url).port or 5432).start()
    through_proxy = make_url(pg_private_url).set(host="127.0.0.1", port=proxy.port)
    db = Database(create_engine(through_proxy.render_as_string(hide_password=False), timeouts=SMALL))
    direct = Database(create_engine(pg_private_url))
    try:
        async with asyncio.timeout(BOUND_SECONDS):
            world = world_of(db, await make_world(direct))
            await asyncio.gather(*(roll(world, "warm") for _ in range(4)))  # pooled connections
            before = await counts(direct)

            proxy.freeze()
            # Pooled connections (pre-ping, then the statement) and new ones (connect timeout).
            calls = [interact(world) if i % 2 else roll(world) for i in range(8)]
            started = time.monotonic()
            failures = await asyncio.gather(*(fails_in_time(call) for call in calls))
            for i, (error, seconds) in enumerate(failures):
                assert seconds < BOUND
                if i % 2 and commit_unconfirmed(error):
                    # An interaction by ids is one statement in autocommit: once sent, the server
                    # commits it when it gets it, so the truthful answer is "may have been kept".
                    assert user_message(error) == UNCONFIRMED
                else:
                    assert_told_not_answering(error)
            unconfirmed = sum(commit_unconfirmed(error) for error, _ in failures)
            frozen_for = time.monotonic() - started
            proxy.thaw()

            thawed = time.monotonic()
            await interact(world, "thawed")
            recovery = time.monotonic() - thawed
            await asyncio.gather(*(roll(world, "thawed") for _ in range(8)))
            interactions, rolls = await counts(direct)
    finally:
        await db.dispose()
        await direct.dispose()
        await proxy.close()
    # Nothing written by the calls told "nothing was changed", even with what the proxy held
    # back delivered; an interaction told "may have been kept" may have been.
    assert before[0] + 1 <= interactions <= before[0] + 1 + unconfirmed
    assert rolls == before[1] + 8
    figures = {
        "frozen_calls": len(calls),
        "failed": len(failures),
        "unconfirmed": unconfirmed,
        "slowest_failure_s": round(max(s for _, s in failures), 3),
        "frozen_for_s": round(frozen_for, 3),
        "recovery_first_call_s": round(recovery, 4),
    }
    print(f"\nsilent server: {figures}")
    for name, value in figures.items():
        record_property(name, value)


# --- SQLite ---------------------------------------------------------------------------------


async def sqlite_world(sqlite_template: Path, tmp_path: Path) -> tuple[str, Database, World]:
    url = sqlite_copy(sqlite_template, tmp_path)
    db = Database(create_engine(url, timeouts=SMALL))
    return url, db, await make_world(db)


async def test_another_process_holding_the_sqlite_write_lock_fails_the_call_in_time(
    sqlite_template, tmp_path
):
    _, db, world = await sqlite_world(sqlite_template, tmp_path)
    holder = sqlite3.connect(tmp_path / "bot.db", isolation_level=None)
    try:
        before = await counts(db)
        holder.execute("BEGIN IMMEDIATE")
        for call in (interact(world), roll(world)):
            error, seconds = await fails_in_time(call)
            assert seconds < BOUND
            assert_told_not_answering(error)
            assert "database is locked" in str(error)
        holder.execute("ROLLBACK")
        assert await counts(db) == before
        await interact(world, "thawed")
    finally:
        holder.close()
        await db.dispose()


async def test_writers_of_this_process_queue_for_the_lock_timeout_at_most(sqlite_template, tmp_path):
    _, db, world = await sqlite_world(sqlite_template, tmp_path)
    try:
        before = await counts(db)
        held = asyncio.Event()
        release = asyncio.Event()

        async def slow_writer() -> None:
            async with db.transaction():
                held.set()
                await release.wait()

        slow = asyncio.create_task(slow_writer())
        await held.wait()
        error, seconds = await fails_in_time(roll(world))
        assert seconds < BOUND
        assert isinstance(error, TimeoutError) and "other writers" in str(error)
        assert_told_not_answering(error)
        release.set()
        await slow
        await roll(world, "after")
        assert await counts(db) == (before[0], before[1] + 1)
    finally:
        await db.dispose()
