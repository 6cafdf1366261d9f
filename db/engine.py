"""Engine and session factory for SQLite (embedded) and PostgreSQL (production).

Every wait on the database is bounded (``Timeouts``), so a database that stops answering
costs a command a few seconds and a clear reply, never a reply Discord gave up on.
"""

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from sqlalchemy import Executable, event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry

from db import sqlite_driver
from db.direct import DirectStatements
from db.health import CommitUnconfirmedError, Health, is_unavailable, lost_connection

# Execution option asking SQLite to take the write lock when the transaction begins.
SQLITE_BEGIN_IMMEDIATE = "sqlite_begin_immediate"
# Execution option of a SQLite reader without a transaction: each statement its own snapshot.
SQLITE_NO_BEGIN = "sqlite_no_begin"
# Engine execution option carrying the lock timeout to Database (SQLite's writer queue).
LOCK_TIMEOUT_OPTION = "tablebot_lock_timeout"
# asyncpg's client-side command timeout is the statement timeout plus this: PostgreSQL
# cancels a slow statement itself; the client gives up only on a server that is silent.
CLIENT_BACKSTOP: Final = 0.5
# SQLite's busy timeout is an int of milliseconds; this one is about 24 days: no limit.
SQLITE_NO_LIMIT_MS: Final = 2**31 - 1
# Seconds. A command that finds the database silent gives up after 2 to 2.5 s (at worst
# 3 s, when it first waited for the pool) and can still reply within Discord's 3 s.
DEFAULT_CONNECT_TIMEOUT: Final = 2.0
DEFAULT_STATEMENT_TIMEOUT: Final = 2.0
DEFAULT_LOCK_TIMEOUT: Final = 1.5
# The bot's wait for a free pooled connection (Settings.db_pool_timeout).
DEFAULT_POOL_TIMEOUT: Final = 1.0
# Without settings (tests, benches, the command line), a burst of tasks queueing for the
# pool is load, not an outage: SQLAlchemy's own default.
UNHURRIED_POOL_TIMEOUT: Final = 30.0
# SQLSTATEs of a connection the server ended: admin or crash shutdown, and connection exceptions.
DEAD_STATES: Final = frozenset({"57P01", "57P02", "08000", "08003", "08006"})
# Seconds a PostgreSQL connection lives before the pool replaces it (at its next checkout).
# Instead of a ping per checkout: no pooled connection is older, so none has sat idle past
# the common idle limits of load balancers and NAT (4 to 6 minutes), which drop connections
# silently. Reconnecting costs one connection a few milliseconds every 4 minutes.
DEFAULT_POOL_RECYCLE: Final = 240


class ConnectionsLostError(ConnectionError):
    """The connection tried again after one found dead at BEGIN was found dead too: the
    database is not answering (``db.health`` counts an OSError of this stack as such)."""


@dataclass(frozen=True, slots=True)
class Timeouts:
    """How long database work may wait, in seconds (None: no limit)."""

    connect: float | None = DEFAULT_CONNECT_TIMEOUT  # opening a connection (PostgreSQL)
    # One statement (PostgreSQL cancels it; the client gives up CLIENT_BACKSTOP later).
    statement: float | None = DEFAULT_STATEMENT_TIMEOUT
    lock: float | None = DEFAULT_LOCK_TIMEOUT  # a row or table lock; SQLite: the write lock
    pool: float = UNHURRIED_POOL_TIMEOUT  # a free connection of the pool (PostgreSQL)

    @property
    def command(self) -> float | None:
        """asyncpg's ``command_timeout``: the client-side backstop."""
        return None if self.statement is None else self.statement + CLIENT_BACKSTOP


def create_engine(
    url: str,
    *,
    pool_size: int = 5,
    max_overflow: int = 10,
    echo: bool = False,
    timeouts: Timeouts = Timeouts(),  # frozen: one shared default is safe
    pre_ping: bool = False,
    pool_recycle: float = DEFAULT_POOL_RECYCLE,
) -> AsyncEngine:
    """An async engine tuned for its backend, every wait bounded by ``timeouts``.

    No pre-ping on PostgreSQL (SQLAlchemy's costs three round trips per transaction: BEGIN,
    ``;``, ROLLBACK): connections are recycled after ``pool_recycle`` seconds, a connection the
    server closed is dropped at checkout, and ``Database`` retries a transaction once when its
    BEGIN finds the connection dead.
    """
    parsed = make_url(url)
    options = {LOCK_TIMEOUT_OPTION: timeouts.lock}
    if parsed.get_backend_name() == "sqlite":
        if parsed.database not in (None, "", ":memory:"):
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        # One thread hop per statement (db.sqlite_driver).
        engine = create_async_engine(url, echo=echo, execution_options=options, module=sqlite_driver.dbapi())
        _tune_sqlite(engine, _milliseconds(timeouts.lock) or SQLITE_NO_LIMIT_MS)
        return engine
    connect_args: dict[str, Any] = {
        "command_timeout": timeouts.command,
        "server_settings": {
            # Milliseconds; "0" is PostgreSQL's "no limit".
            "statement_timeout": str(_milliseconds(timeouts.statement)),
            "lock_timeout": str(_milliseconds(timeouts.lock)),
        },
    }
    if timeouts.connect is not None:
        connect_args["timeout"] = timeouts.connect
    engine = create_async_engine(
        url,
        echo=echo,
        execution_options=options,
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_timeout=timeouts.pool,
        pool_pre_ping=pre_ping,
        pool_recycle=pool_recycle,
        connect_args=connect_args,
    )
    _tune_postgresql(engine)
    return engine


def _use_wal(cursor: Any, busy_timeout_ms: int) -> None:
    """Switch the file to WAL (once per file; it stays so).

    Switching a new file takes a lock that SQLite does not wait for through the busy
    timeout: processes opening one new file at once retry here, for as long as that timeout.
    """
    deadline = time.monotonic() + busy_timeout_ms / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)  # in the driver's own thread, not the event loop


def _milliseconds(seconds: float | None) -> int:
    return 0 if seconds is None else max(1, round(seconds * 1000))


def _tune_sqlite(engine: AsyncEngine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # We emit BEGIN ourselves (below): pysqlite's implicit transactions
        # would start every write transaction as a read and then fail with
        # "database is locked" instead of waiting for the lock.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # How long a writer waits for another process's write lock; set first, as the WAL
        # switch below waits that long too.
        cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
        _use_wal(cursor, busy_timeout_ms)
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        options = connection.get_execution_options()
        immediate = options.get(SQLITE_BEGIN_IMMEDIATE, False)
        begin = "BEGIN IMMEDIATE" if immediate else "BEGIN"
        adapted = connection.connection.dbapi_connection
        if options.get(SQLITE_NO_BEGIN, False) and not immediate:
            return  # autocommit: no BEGIN, and no COMMIT hop either (none is open)
        if isinstance(adapted, sqlite_driver.OneHopConnection):
            adapted.defer_begin(begin)  # sent in the first statement's thread hop
        else:
            connection.exec_driver_sql(begin)


def _tune_postgresql(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "checkout")
    def _on_checkout(_dbapi_connection: Any, record: ConnectionPoolEntry, _proxy: Any) -> None:
        # A backend killed while the connection sat in the pool (pg_terminate_backend, a
        # server restart) has closed its socket, and asyncpg has seen it: take another
        # connection, without a round trip. The pool tries again once.
        driver = record.driver_connection
        if driver is not None and driver.is_closed():
            raise DisconnectionError("the pooled connection was closed by the server")

    @event.listens_for(engine.sync_engine, "invalidate")
    def _on_invalidate(dbapi_connection: Any, _record: Any, _error: BaseException | None) -> None:
        # SQLAlchemy closes an invalidated connection politely, waiting up to 2 s for the
        # server to answer; a server that does not answer would hold the command that long.
        # Drop it at once instead.
        driver = getattr(dbapi_connection, "driver_connection", None)
        if driver is not None and not driver.is_closed():
            driver.terminate()


@asynccontextmanager
async def without_time_limits(conn: AsyncConnection) -> AsyncIterator[None]:
    """Lift this connection's client-side limits while the block runs (migrations wait for
    one another as long as it takes). The server-side limits are the caller's: on PostgreSQL
    ``SET LOCAL statement_timeout = 0`` and ``lock_timeout = 0`` in the transaction.
    """
    raw = await conn.get_raw_connection()
    driver = raw.driver_connection
    if driver is None:  # only for a connection already invalidated
        raise RuntimeError("the connection was invalidated")
    if conn.dialect.name == "sqlite":
        async with driver.execute("PRAGMA busy_timeout") as cursor:
            row = await cursor.fetchone()
        await (await driver.execute(f"PRAGMA busy_timeout={SQLITE_NO_LIMIT_MS}")).close()
        try:
            yield
        finally:
            await (await driver.execute(f"PRAGMA busy_timeout={row[0]}")).close()
        return
    # asyncpg reads its command timeout from the connection's configuration at every call,
    # and has no public way to change it on an open connection.
    config = driver._config
    driver._config = config._replace(command_timeout=None)
    try:
        yield
    finally:
        driver._config = config


class Database:
    """The engine plus one session factory; services ask it for a unit of work."""

    def __init__(self, engine: AsyncEngine, *, health: Health | None = None) -> None:
        self.engine = engine
        self.sessionmaker = async_sessionmaker(engine, expire_on_commit=False)
        # Every unit of work reports its outcome here: an outage is logged once.
        self.health = health if health is not None else Health()
        self.lock_timeout: float | None = engine.get_execution_options().get(
            LOCK_TIMEOUT_OPTION, Timeouts().lock
        )
        # SQLite has one writer at a time. Writers of this process queue on this lock, in
        # order, instead of polling the busy timeout (which starves some for seconds);
        # the busy timeout still covers other processes. Made on first use, in its loop.
        self._sqlite_writer: asyncio.Lock | None = None
        self._direct: DirectStatements | None = None  # PostgreSQL's one-statement writes

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    @asynccontextmanager
    async def transaction(self, *, write: bool = True, snapshot: bool = True) -> AsyncIterator[AsyncSession]:
        """One unit of work: commits when the block ends, rolls back on any error.

        A writing transaction on SQLite takes the write lock at BEGIN, so concurrent
        writers queue (up to the lock timeout) rather than fail.

        ``snapshot=False`` (readers): each statement reads its own snapshot, as PostgreSQL's
        readers always do; on SQLite that spares the BEGIN and the COMMIT's thread hop.

        Errors of a database that does not answer (``db.health.is_unavailable``) reach the
        caller as they are, except during COMMIT, where they become CommitUnconfirmedError:
        only then may the change have been kept although the call failed.
        """
        try:
            async with self._writer_turn(write), self._unit(write, snapshot) as session:
                yield session
        except Exception as error:
            if is_unavailable(error):
                self.health.failed(error)
            raise
        self.health.succeeded()

    @asynccontextmanager
    async def _writer_turn(self, write: bool) -> AsyncIterator[None]:
        if not (write and self.backend == "sqlite"):
            yield
            return
        if self._sqlite_writer is None:
            self._sqlite_writer = asyncio.Lock()
        try:
            async with asyncio.timeout(self.lock_timeout):
                await self._sqlite_writer.acquire()
        except TimeoutError:
            raise TimeoutError(
                f"waited {self.lock_timeout} s for the other writers of this process"
            ) from None
        try:
            yield
        finally:
            self._sqlite_writer.release()

    @asynccontextmanager
    async def _unit(self, write: bool, snapshot: bool = True) -> AsyncIterator[AsyncSession]:
        session, conn = await self._begin(write, snapshot)
        async with session:  # closing it rolls back what is left open
            try:
                yield session
                await session.flush()  # a failure up to here changed nothing
            except Exception as error:
                if lost_connection(error) or _broken(error):
                    await _discard(conn, error)
                raise
            try:
                await session.commit()
            except Exception as error:
                if not is_unavailable(error):
                    raise
                if lost_connection(error) or _broken(error):
                    await _discard(conn, error)
                raise CommitUnconfirmedError(
                    "the database stopped answering during COMMIT; the change may have been kept"
                ) from error

    async def one_statement(self, statement: Executable, values: dict[str, Any]) -> Sequence[Any]:
        """PostgreSQL: one data-modifying statement in autocommit, its own transaction, and its
        rows (attribute access by column name): one round trip, no BEGIN or COMMIT, sent
        straight through asyncpg (``db.direct``).

        The server commits it when it ends, whether or not the answer reaches this process: a
        connection that failed once the statement was sent (lost, killed, silent past the
        client's backstop) leaves the outcome unknown, and the caller gets CommitUnconfirmedError,
        as for a COMMIT in ``transaction``. An error the server answered the statement with (a
        lock or statement timeout, a constraint) wrote nothing and reaches the caller as it is;
        so does a failure to get a connection, before anything was sent.
        """
        direct = self._direct
        if direct is None:
            direct = self._direct = DirectStatements(self.engine)
        try:
            raw = await direct.checkout()
            try:
                rows = await direct.run(raw, statement, values)
            except BaseException as error:
                # Cancelled mid-statement, or a client that gave up: the connection may still
                # have the statement in flight, and is never handed to the next command.
                if not isinstance(error, Exception) or lost_connection(error) or _broken(error):
                    direct.discard(raw, error)
                if isinstance(error, Exception) and is_unavailable(error) and not _answered(error):
                    raise CommitUnconfirmedError(
                        "the database stopped answering during a write; the change may have been kept"
                    ) from error
                raise
            finally:
                await direct.checkin(raw)
        except Exception as error:
            if is_unavailable(error):
                self.health.failed(error)
            raise
        self.health.succeeded()
        return rows

    async def _begin(self, write: bool, snapshot: bool = True) -> tuple[AsyncSession, AsyncConnection]:
        """A session on a connection, its transaction begun.

        PostgreSQL: a writer's BEGIN is sent now, the round trip it costs anyway, and proves the
        connection alive: one the server closed (a killed backend, a restart) is dropped and
        the unit begins once more on another. Nothing was sent before that BEGIN, so the retry
        never repeats work that may have been committed. A server that does not answer is
        not retried (it would double the wait). Readers run in autocommit, without BEGIN or
        COMMIT: at READ COMMITTED each statement had its own snapshot anyway. A reader whose
        first statement finds its connection dead fails once, in plain words, and changed
        nothing. SQLite: BEGIN (IMMEDIATE for writers) rides with the first statement.
        """
        postgres = self.backend == "postgresql"
        options: dict[str, Any] = {SQLITE_BEGIN_IMMEDIATE: write, SQLITE_NO_BEGIN: not (write or snapshot)}
        if postgres and not write:
            options["isolation_level"] = "AUTOCOMMIT"
        for attempt in (1, 2):
            session = self.sessionmaker()
            try:
                conn = await session.connection(execution_options=options)
            except Exception:
                await session.close()
                raise
            if postgres and write:
                try:
                    await _send_begin(conn)
                except Exception as error:
                    retry = await _found_dead(conn, error)
                    await session.close()
                    if retry and attempt == 1:
                        continue
                    if retry:
                        raise ConnectionsLostError(
                            "two connections in a row were found closed at BEGIN"
                        ) from error
                    raise
            return session, conn
        raise AssertionError("unreachable")  # pragma: no cover

    async def dispose(self) -> None:
        await self.engine.dispose()


async def _send_begin(conn: AsyncConnection) -> None:
    """Send asyncpg's BEGIN now rather than with the first statement (SQLAlchemy's adapter
    sends it lazily, then the statement, two round trips either way)."""
    raw = await conn.get_raw_connection()
    adapted: Any = raw.dbapi_connection
    if adapted is None or adapted._transaction is not None:
        return
    await adapted._start_transaction()  # the adapter's own BEGIN, its errors translated


async def _found_dead(conn: AsyncConnection, error: BaseException) -> bool:
    """After a failed BEGIN: drop the connection and tell whether another may be tried.

    BEGIN fails only for the connection's sake (the server closed it, or asyncpg is still
    reading the server's goodbye and refuses a new operation), so the next connection is
    tried, except after a timeout: a server that does not answer would make the retry wait
    as long again.
    """
    if not conn.invalidated:
        await conn.invalidate(error)
    if any(isinstance(e, TimeoutError) for e in _causes(error)):
        return False
    # The other pooled connections were likely closed at the same moment (a restart):
    # let asyncpg read their goodbyes, so the checkout's closed-socket check drops them.
    await asyncio.sleep(0)
    return True


def _broken(error: BaseException) -> bool:
    """True when a statement's failure left the connection unusable: the server ended it
    (SQLSTATE 57P01, 57P02, class 08), or asyncpg's protocol is stuck mid-operation."""
    return any(
        _sqlstate(e) in DEAD_STATES or type(e).__name__ == "InternalClientError" for e in _causes(error)
    )


def _answered(error: BaseException) -> bool:
    """True when the server answered a statement with an error of the statement (a lock or
    statement timeout, a constraint): it was rolled back. Not a connection's end (class 08,
    57P01, 57P02), which may come after the statement committed."""
    return any(
        _sqlstate(e) and _sqlstate(e) not in DEAD_STATES and not _sqlstate(e).startswith("08")
        for e in _causes(error)
    )


def _sqlstate(error: BaseException) -> str:
    state = getattr(error, "sqlstate", None)
    return state if isinstance(state, str) else ""


def _causes(error: BaseException) -> list[BaseException]:
    found: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in found and len(found) < 16:
        found.append(current)
        current = current.__cause__ or current.__context__
    return found


async def _discard(conn: AsyncConnection, error: BaseException) -> None:
    """Drop a connection the client gave up on, instead of rolling back on it (which would
    wait for a silent server once more) or handing it to the next command."""
    if not conn.invalidated and not conn.closed:
        await conn.invalidate(error)
