"""Count what an engine sends to its database, for the tests and bench/interactions.py.

PostgreSQL: ``before_cursor_execute`` sees every statement SQLAlchemy runs, and asyncpg's query
logger the ones ``db.direct`` sends past SQLAlchemy; asyncpg sends BEGIN,
COMMIT and ROLLBACK on its own, and pool pre-ping (off by default) is a transaction of its own
around ``;`` (BEGIN, ``;``, ROLLBACK: three round trips per checkout): those are seen through
asyncpg's query logger, which every connection gets when it connects (``watching`` empties the
pool first, so none is missed). Logged queries arrive on a later loop iteration: ``measure``
waits for them.

SQLite: the round trips are aiosqlite's thread hops, counted where every one is queued (each
connection's ``_execute``). A statement's hop carries the BEGIN deferred to it
(``db.sqlite_driver``): the BEGIN is listed among the statements, before the one it rode with,
and costs no hop of its own; COMMIT and ROLLBACK are counted from their hops.
"""

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from db import direct, sqlite_driver


@dataclass(slots=True)
class Trips:
    """What one window sent."""

    statements: list[str] = field(default_factory=list)  # SQL statements, SQLite's BEGIN included
    begins: int = 0  # PostgreSQL BEGIN of a transaction (SQLite's are statements)
    commits: int = 0
    rollbacks: int = 0
    ping_trips: int = 0  # pre-ping's round trips (PostgreSQL)
    hops: int = 0  # SQLite: aiosqlite thread hops, each one round trip

    @property
    def without_ping(self) -> int:
        """Round trips of the work itself: statements, BEGIN and COMMIT (or ROLLBACK) on
        PostgreSQL; on SQLite the thread hops (a BEGIN rides with its statement's)."""
        if self.hops:
            return self.hops
        return len(self.statements) + self.begins + self.commits + self.rollbacks

    @property
    def total(self) -> int:
        return self.without_ping + self.ping_trips

    def queries(self) -> list[str]:
        """Each statement's first words, e.g. "SELECT npcs.id", "INSERT INTO npc_standings"."""
        return [" ".join(statement.split()[:3]) for statement in self.statements]


class RoundTrips:
    """``await counter.measure(work())`` counts what the engine sends while ``work`` runs.

    Make one with ``await RoundTrips.watching(engine)``.
    """

    @classmethod
    async def watching(cls, engine: AsyncEngine) -> "RoundTrips":
        counter = cls(engine)
        await engine.dispose()  # every connection from now on is a new one, watched from its start
        return counter

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.backend = engine.dialect.name
        self._current: Trips | None = None
        self._simple: list[str] = []  # PostgreSQL's simple queries in order, while a window is open
        sync = engine.sync_engine
        # Pool events, kept when the pool is recreated.
        if self.backend == "postgresql":
            event.listen(sync, "before_cursor_execute", self._statement)
            event.listen(sync, "connect", self._watch)
        else:
            event.listen(sync, "connect", self._watch_hops)

    def _statement(self, _conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if self._current is not None:
            self._current.statements.append(statement)

    def _watch(self, dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.driver_connection.add_query_logger(self._logged)

    def _watch_hops(self, dbapi_connection: Any, _record: Any) -> None:
        driver = dbapi_connection.driver_connection  # the aiosqlite connection
        queue = driver._execute

        async def counted(fn: Any, *args: Any, **kwargs: Any) -> Any:
            self._hop(driver, fn, args)
            return await queue(fn, *args, **kwargs)

        driver._execute = counted

    def _hop(self, driver: Any, fn: Any, args: tuple[Any, ...]) -> None:
        trips = self._current
        if trips is None:
            return
        trips.hops += 1
        if fn is sqlite_driver._run:  # (connection, deferred BEGIN, statement, parameters, many)
            if args[1] is not None:
                trips.statements.append(args[1])
            trips.statements.append(args[2])
        elif fn == driver._conn.commit:
            trips.commits += 1
        elif fn == driver._conn.rollback:
            trips.rollbacks += 1

    def _logged(self, record: Any) -> None:
        if self._current is None:
            return
        if record.query in direct.SENT:  # sent past SQLAlchemy, so its cursor event missed it
            self._current.statements.append(record.query)
        else:
            self._simple.append(record.query.strip().rstrip(";").split(" ")[0].upper() or ";")

    @contextmanager
    def _window(self) -> Iterator[Trips]:
        trips = Trips()
        self._current, self._simple = trips, []
        try:
            yield trips
        finally:
            self._current = None

    def _sorted(self, trips: Trips) -> Trips:
        """Sort PostgreSQL's simple queries into trips."""
        simple = self._simple
        index = 0
        while index < len(simple):
            if simple[index] == ";":
                # A ping: its own BEGIN before and ROLLBACK after, when it made them.
                trips.ping_trips += 1
                if index > 0 and simple[index - 1] == "BEGIN":
                    trips.ping_trips += 1
                    trips.begins -= 1
                if index + 1 < len(simple) and simple[index + 1] == "ROLLBACK":
                    trips.ping_trips += 1
                    index += 1
            elif simple[index] == "BEGIN":
                trips.begins += 1
            elif simple[index] == "COMMIT":
                trips.commits += 1
            elif simple[index] == "ROLLBACK":
                trips.rollbacks += 1
            index += 1
        self._simple = []
        return trips

    async def measure(self, work: Any) -> tuple[Any, Trips]:
        """Await ``work`` (a coroutine) and return its result and what it sent."""
        await self._settle()  # what earlier work logged is delivered before the window opens
        with self._window() as trips:
            result = await work
            await self._settle()
        return result, self._sorted(trips)

    @staticmethod
    async def _settle() -> None:
        for _ in range(3):  # asyncpg hands logged queries to call_soon
            await asyncio.sleep(0)
