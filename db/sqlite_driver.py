"""SQLAlchemy's aiosqlite adapter, with one thread hop per statement instead of three or four.

aiosqlite runs SQLite in a thread of its own: every call is a hop there and back (a queue put,
a thread wake-up, ``call_soon_threadsafe``). SQLAlchemy's adapter makes a cursor (a hop), runs
the statement (a hop), fetches its rows (a hop) and closes the cursor (a hop); ``db.engine``'s
BEGIN cost three more, and the pool's rollback on checkin one more, even after a COMMIT.

Here a statement is one function run in that thread: the BEGIN it was deferred to
(``defer_begin``, sent by ``db.engine`` at the start of a transaction), the statement, its
rows and the cursor's close. COMMIT and ROLLBACK hop only when SQLite has a transaction open,
as each hop reports. Subclasses of SQLAlchemy's own adapter classes (the pinned
``sqlalchemy<2.2``): only how the work reaches the thread changes, not what SQLite is told.
"""

import collections
import sqlite3
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util import EMPTY_DICT
from sqlalchemy.util.concurrency import await_


def _run(
    conn: sqlite3.Connection, begin: str | None, operation: str, parameters: Any, many: bool
) -> tuple[Any, list[Any] | None, int, int | None, bool]:
    """In SQLite's thread: the deferred BEGIN, the statement and its rows, in one go."""
    if begin is not None:
        conn.execute(begin)
    cursor = conn.cursor()
    try:
        if many:
            cursor.executemany(operation, parameters)
        elif parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        description = cursor.description
        rows = cursor.fetchall() if description else None
        return description, rows, cursor.rowcount, cursor.lastrowid, conn.in_transaction
    finally:
        cursor.close()


class OneHopCursor(AsyncAdapt_aiosqlite_cursor):
    """A cursor that holds a finished statement's results; no aiosqlite cursor behind it."""

    __slots__ = ("_description", "_lastrowid", "_rowcount")
    _awaitable_cursor_close = False

    def __init__(self, adapt_connection: Any) -> None:
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._cursor = None  # type: ignore[assignment]
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = collections.deque()
        self._description: Any = None
        self._rowcount = -1
        self._lastrowid: int | None = None

    @property
    def description(self) -> Any:
        return self._description

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self) -> int:
        return self._lastrowid  # type: ignore[return-value]

    def close(self) -> None:
        self._rows.clear()

    async def _async_soft_close(self) -> None:
        return None

    def execute(self, operation: Any, parameters: Any = None) -> Any:
        return self._hop(operation, parameters, many=False)

    def executemany(self, operation: Any, seq_of_parameters: Any) -> Any:
        return self._hop(operation, seq_of_parameters, many=True)

    def _hop(self, operation: Any, parameters: Any, *, many: bool) -> None:
        adapter: OneHopConnection = self._adapt_connection  # type: ignore[assignment]
        try:
            result = await_(adapter.run(operation, parameters, many))
        except Exception as error:
            adapter._handle_exception(error)
        self._description, rows, self._rowcount, self._lastrowid, _ = result
        self._rows = collections.deque(rows) if rows is not None else collections.deque()

    def setinputsizes(self, *inputsizes: Any) -> None:
        return None


class OneHopConnection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ("_begin", "_open")
    _cursor_cls = OneHopCursor

    def __init__(self, dbapi: Any, connection: Any) -> None:
        super().__init__(dbapi, connection)
        self._begin: str | None = None  # sent with the next statement
        self._open = False  # whether SQLite may have a transaction open (as the last hop saw)

    def defer_begin(self, statement: str) -> None:
        """Send ``statement`` (BEGIN or BEGIN IMMEDIATE) with the next statement, in its hop.

        BEGIN IMMEDIATE still takes the write lock before that statement reads anything."""
        self._begin = statement

    async def run(self, operation: str, parameters: Any, many: bool) -> Any:
        begin, self._begin = self._begin, None
        async with self._execute_mutex:
            try:
                result = await self._connection._execute(
                    _run, self._connection._conn, begin, operation, parameters, many
                )
            except BaseException:
                self._open = True  # unknown: let COMMIT or ROLLBACK hop, a no-op if none is open
                raise
        self._open = result[4]
        return result

    def commit(self) -> None:
        self._begin = None
        if self._open:
            super().commit()
            self._open = False

    def rollback(self) -> None:
        self._begin = None
        if self._open:
            super().rollback()
            self._open = False


class OneHopDBAPI(AsyncAdapt_aiosqlite_dbapi):
    """The DBAPI module SQLAlchemy's aiosqlite dialect gets (``create_async_engine(module=...)``)."""

    def connect(self, *arg: Any, **kw: Any) -> OneHopConnection:
        adapted = super().connect(*arg, **kw)
        return OneHopConnection(self, adapted._connection)


def dbapi() -> OneHopDBAPI:
    return OneHopDBAPI(aiosqlite, sqlite3)
