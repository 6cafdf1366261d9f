"""The cache bus (db/invalidation.py) between two Databases on one database, as two processes."""

import asyncio

import pytest

from db import invalidation
from db.engine import Database, create_engine
from db.invalidation import CacheBus, publish
from tests.conftest import sqlite_copy
from tests.twobots import eventually


class Recorder:
    def __init__(self) -> None:
        self.seen: list[tuple[str, int | None]] = []
        self.fail_next = 0

    def handler(self, kind: str):
        async def handle(guild_id: int | None) -> None:
            if self.fail_next:
                self.fail_next -= 1
                raise RuntimeError("the handler's database read failed")
            self.seen.append((kind, guild_id))

        return handle


@pytest.fixture
async def listening(database_url):
    """A bus on a Database of its own, listening; yields (bus, recorder)."""
    db = Database(create_engine(database_url))
    bus = CacheBus(db)
    recorder = Recorder()
    bus.on("spells", recorder.handler("spells"))
    bus.on("guild_settings", recorder.handler("guild_settings"))
    await bus.start()
    try:
        yield bus, recorder
    finally:
        await bus.stop()
        await db.dispose()


async def test_committed_changes_arrive_in_order_and_rolled_back_ones_never(db, listening):
    bus, recorder = listening
    assert bus.listening
    async with db.transaction() as session:
        await publish(session, "spells", 7)
        await publish(session, "guild_settings", 7)
    with pytest.raises(RuntimeError):
        async with db.transaction() as session:
            await publish(session, "spells", 8)
            raise RuntimeError("the change failed")
    async with db.transaction() as session:
        await publish(session, "spells", None)

    async def all_three():
        return len(recorder.seen) >= 3

    await eventually(all_three)
    await asyncio.sleep(0.2)  # anything else would have arrived by now
    assert recorder.seen == [("spells", 7), ("guild_settings", 7), ("spells", None)]


async def test_a_failing_handler_runs_again(db, listening):
    _bus, recorder = listening
    recorder.fail_next = 1
    async with db.transaction() as session:
        await publish(session, "spells", 5)

    async def retried():
        return recorder.seen == [("spells", 5)]

    await eventually(retried, within=invalidation.RETRY_FAILED_AFTER + 2)


async def test_sqlite_events_pruned_before_they_were_read_reload_everything(
    sqlite_template, tmp_path, monkeypatch
):
    """SQLite's events table keeps the newest KEEP_EVENTS rows; PostgreSQL delivers each NOTIFY."""
    url = sqlite_copy(sqlite_template, tmp_path)
    writer, reader = Database(create_engine(url)), Database(create_engine(url))
    bus, recorder = CacheBus(reader), Recorder()
    bus.on("spells", recorder.handler("spells"))
    bus.on("guild_settings", recorder.handler("guild_settings"))
    monkeypatch.setattr(invalidation, "KEEP_EVENTS", 3)
    await bus.start()
    try:
        async with writer.transaction() as session:  # ten at once: only the newest three are kept
            for guild in range(10):
                await publish(session, "spells", guild)

        async def reloaded():
            return bus.full_reloads == 1

        await eventually(reloaded)
        assert sorted(recorder.seen, key=str) == [("guild_settings", None), ("spells", None)]
    finally:
        await bus.stop()
        await writer.dispose()
        await reader.dispose()
