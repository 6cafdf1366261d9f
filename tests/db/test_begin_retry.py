"""Without pre-ping: a transaction whose BEGIN finds its connection dead begins once more on
another connection; nothing else is ever retried. Reads run without BEGIN or COMMIT."""

import asyncio

import pytest
from sqlalchemy import func, select, text

from db import engine as engine_module
from db.engine import Database, create_engine
from db.health import is_unavailable
from db.models import DiceRoll
from db.services import DiceService
from tests.roundtrips import RoundTrips

pytestmark = pytest.mark.postgres


@pytest.fixture
def postgres(backend):
    if backend != "postgresql":
        pytest.skip("PostgreSQL's BEGIN, sent by the engine")


async def rolls(db: Database) -> int:
    async with db.transaction(write=False) as session:
        return await session.scalar(select(func.count()).select_from(DiceRoll)) or 0


def failing_begins(monkeypatch, make_error, times: int) -> list[int]:
    """The next ``times`` BEGINs fail after ``make_error(driver)``; returns the calls made."""
    calls: list[int] = []
    original = engine_module._send_begin

    async def begin(conn):
        calls.append(1)
        if len(calls) <= times:
            raw = await conn.get_raw_connection()
            raise make_error(raw.driver_connection)
        await original(conn)

    monkeypatch.setattr(engine_module, "_send_begin", begin)
    return calls


def killed(driver) -> Exception:
    driver.terminate()  # the server's goodbye, as asyncpg sees it once it reads the socket
    return ConnectionResetError("connection reset by peer")


async def test_a_connection_found_dead_at_begin_is_replaced_and_the_write_happens_once(
    postgres, db, monkeypatch
):
    before = await rolls(db)
    calls = failing_begins(monkeypatch, killed, times=1)
    await DiceService(db).roll(1, 2, 3, "1d20", reason="after the kill")
    assert len(calls) == 2  # the dead connection's BEGIN, then a new connection's
    assert await rolls(db) == before + 1


async def test_a_second_dead_connection_fails_the_call_in_plain_words_and_writes_nothing(
    postgres, db, monkeypatch
):
    before = await rolls(db)
    calls = failing_begins(monkeypatch, killed, times=2)
    with pytest.raises(Exception) as raised:
        await DiceService(db).roll(1, 2, 3, "1d20")
    assert len(calls) == 2 and is_unavailable(raised.value)
    assert await rolls(db) == before


async def test_a_begin_that_times_out_is_not_retried(postgres, db, monkeypatch):
    calls = failing_begins(monkeypatch, lambda _driver: TimeoutError(), times=1)
    with pytest.raises(TimeoutError):
        await DiceService(db).roll(1, 2, 3, "1d20")
    assert len(calls) == 1


async def test_a_failure_after_begin_is_never_retried(postgres, database_url):
    db = Database(create_engine(database_url, pool_size=1, max_overflow=0))
    try:
        attempts = 0
        with pytest.raises(Exception) as raised:
            async with db.transaction() as session:
                attempts += 1
                await session.execute(text("SELECT pg_terminate_backend(pg_backend_pid())"))
        assert attempts == 1 and is_unavailable(raised.value)
        await asyncio.sleep(0.05)
        assert await rolls(db) >= 0  # and the pool recovers by itself
    finally:
        await db.dispose()


async def test_reads_send_no_begin_or_commit_and_writes_no_ping(postgres, db):
    await DiceService(db).roll(1, 2, 3, "1d20")
    counter = await RoundTrips.watching(db.engine)
    count, read = await counter.measure(rolls(db))
    assert count >= 1
    assert (read.begins, read.commits, read.rollbacks, read.ping_trips, len(read.statements)) == (
        0,
        0,
        0,
        0,
        1,
    )
    _, write = await counter.measure(DiceService(db).roll(1, 2, 3, "1d20"))
    assert (write.begins, write.commits, write.ping_trips, len(write.statements)) == (1, 1, 0, 1)
