"""``db.engine.one_hop``: a unit of work's synchronous statements in one SQLite thread hop.

On SQLite the block's statements, the BEGIN deferred to it and the COMMIT it asks for are one
hop; a block that fails or does not ask to commit leaves the unit's transaction to the unit,
which rolls back on an error. On PostgreSQL the block runs on the event loop, each statement
one round trip, and the unit commits as usual. Counted, never timed.
"""

import pytest
from sqlalchemy import Connection, func, insert, select

from db.engine import one_hop
from db.models import GuildSettings
from tests.roundtrips import RoundTrips

pytestmark = pytest.mark.usefixtures("backend")


def add_guilds(conn: Connection, *guilds: int) -> tuple[int, bool]:
    """Add the guilds and count them; commit."""
    for guild in guilds:
        conn.execute(insert(GuildSettings).values(guild_id=guild))
    return conn.execute(select(func.count()).select_from(GuildSettings)).scalar_one(), True


def add_guild_open(conn: Connection, guild: int) -> tuple[int, bool]:
    """Add the guild and count them; leave the commit to the unit."""
    count, _ = add_guilds(conn, guild)
    return count, False


async def guilds(db) -> list[int]:
    async with db.transaction(write=False) as session:
        return sorted(await session.scalars(select(GuildSettings.guild_id)))


async def test_a_block_and_its_commit_are_one_hop_on_sqlite(db, backend):
    counter = await RoundTrips.watching(db.engine)

    async def unit() -> int:
        async with db.transaction() as session:
            return await one_hop(await session.connection(), add_guilds, 1, 2)

    count, trips = await counter.measure(unit())
    assert count == 2 and await guilds(db) == [1, 2]
    if backend == "sqlite":
        assert trips.queries()[0] == "BEGIN IMMEDIATE"
        assert (len(trips.statements), trips.commits, trips.hops) == (4, 1, 1)
    else:
        assert (len(trips.statements), trips.begins, trips.commits) == (3, 1, 1)


async def test_a_failing_block_writes_nothing(db):
    with pytest.raises(Exception, match=r"(?i)unique|duplicate"):
        async with db.transaction() as session:
            await one_hop(await session.connection(), add_guilds, 3, 3)
    assert await guilds(db) == []


async def test_a_block_that_does_not_commit_leaves_the_transaction_to_the_unit(db):
    with pytest.raises(RuntimeError):
        async with db.transaction() as session:
            count = await one_hop(await session.connection(), add_guild_open, 4)
            assert count == 1
            await session.execute(insert(GuildSettings).values(guild_id=5))
            raise RuntimeError("the unit fails after the block")
    assert await guilds(db) == []  # the block's row went with the rest
    async with db.transaction() as session:
        await one_hop(await session.connection(), add_guild_open, 6)
        await session.execute(insert(GuildSettings).values(guild_id=7))
    assert await guilds(db) == [6, 7]
