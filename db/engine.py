"""Engine and session factory for SQLite (embedded) and PostgreSQL (production)."""

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

SQLITE_BUSY_TIMEOUT_MS = 15_000
# Execution option asking SQLite to take the write lock when the transaction begins.
SQLITE_BEGIN_IMMEDIATE = "sqlite_begin_immediate"


def create_engine(url: str, *, pool_size: int = 5, max_overflow: int = 10, echo: bool = False) -> AsyncEngine:
    """An async engine tuned for its backend."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database not in (None, "", ":memory:"):
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, echo=echo)
        _tune_sqlite(engine)
        return engine
    return create_async_engine(
        url, echo=echo, pool_size=pool_size, max_overflow=max_overflow, pool_pre_ping=True
    )


def _use_wal(cursor: Any) -> None:
    """Switch the file to WAL (once per file; it stays so).

    Switching a new file takes a lock that SQLite does not wait for through the busy
    timeout: processes opening one new file at once retry here, for as long as that timeout.
    """
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)  # in the driver's own thread, not the event loop


def _tune_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # We emit BEGIN ourselves (below): pysqlite's implicit transactions
        # would start every write transaction as a read and then fail with
        # "database is locked" instead of waiting for the lock.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        _use_wal(cursor)
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get(SQLITE_BEGIN_IMMEDIATE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


class Database:
    """The engine plus one session factory; services ask it for a unit of work."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.sessionmaker = async_sessionmaker(engine, expire_on_commit=False)
        # SQLite has one writer at a time. Writers of this process queue on this lock, in
        # order, instead of polling the busy timeout (which starves some for seconds);
        # the busy timeout still covers other processes. Made on first use, in its loop.
        self._sqlite_writer: asyncio.Lock | None = None

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    @asynccontextmanager
    async def transaction(self, *, write: bool = True) -> AsyncIterator[AsyncSession]:
        """One unit of work: commits when the block ends, rolls back on any error.

        A writing transaction on SQLite takes the write lock at BEGIN, so
        concurrent writers queue (up to the busy timeout) rather than fail.
        """
        if write and self.backend == "sqlite":
            if self._sqlite_writer is None:
                self._sqlite_writer = asyncio.Lock()
            async with self._sqlite_writer, self.sessionmaker.begin() as session:
                await session.connection(execution_options={SQLITE_BEGIN_IMMEDIATE: True})
                yield session
            return
        async with self.sessionmaker.begin() as session:
            await session.connection(execution_options={SQLITE_BEGIN_IMMEDIATE: write})
            yield session

    async def dispose(self) -> None:
        await self.engine.dispose()
