"""Caches that agree across processes: one small bus of "this changed" announcements.

A change to cached data calls ``publish(session, kind, guild_id)`` inside its own transaction,
so it is announced when, and only when, it commits. Every bot process runs one ``CacheBus``,
which hands each announcement to the handlers registered for its kind (``CacheBus.on``):

- PostgreSQL: ``pg_notify`` on ``CHANNEL`` (delivered at commit); the bus LISTENs on a dedicated
  asyncpg connection. When that connection is lost, it reconnects, backing off, and once it
  listens again calls every handler with ``None`` (reload everything), so a change announced
  meanwhile is not missed.
- SQLite, several processes on one file: a row in ``cache_events``. The bus polls ``PRAGMA
  data_version`` (it moves when another connection commits), then reads the rows after the last
  it saw; a gap (rows pruned before it read them) reloads everything.

A handler takes a guild id (``None``: everything of its kind) and makes its cache agree with the
database, by dropping or re-reading entries. Handlers run one at a time, in order of commit. A
process receives its own announcements too: handlers are idempotent re-reads, so that is only
a little redundant work, and it is what makes a re-read racing a local write converge.
"""

import asyncio
import contextvars
import logging
import time
from collections.abc import Awaitable, Callable
from contextlib import suppress
from typing import Any, Final, cast

import aiosqlite
import asyncpg
from sqlalchemy import CursorResult, delete, insert, text
from sqlalchemy.ext.asyncio import AsyncSession

from db.engine import Database
from db.health import describe, is_unavailable
from db.models import CacheEvent

log = logging.getLogger(__name__)

CHANNEL: Final = "tablebot_cache"
APPLICATION_NAME: Final = "tablebot cache listener"
# The kinds of cached data. A new cache adds its kind here, publishes it where it writes, and
# registers its handler in Services.build (docs/architecture.md, Caches).
SPELLS: Final = "spells"  # the spell index: a guild's homebrew, or (None) every spell
GUILD_SETTINGS: Final = "guild_settings"  # a guild's GM role, ruleset, spell visibility
MONSTERS: Final = "monsters"  # a guild's homebrew monsters in the compendium (None: every guild's)

KEEP_EVENTS: Final = 10_000  # cache_events rows kept (SQLite): far more than a poll ever reads
POLL_INTERVAL: Final = 0.1  # seconds between two looks at PRAGMA data_version (SQLite)
PING_INTERVAL: Final = 5.0  # seconds of silence after which the listener checks its connection
PING_TIMEOUT: Final = 2.0
CONNECT_TIMEOUT: Final = 2.0
RETRY_DELAYS: Final = (0.1, 0.25, 0.5, 1.0, 2.0, 5.0)  # reconnecting, then every 5 s
RETRY_FAILED_AFTER: Final = 1.0  # seconds before a handler that failed runs again

Handler = Callable[[int | None], Awaitable[None]]


async def publish(session: AsyncSession, kind: str, guild_id: int | None) -> None:
    """Announce, when this transaction commits, that ``kind`` changed for ``guild_id`` (None: all)."""
    if session.get_bind().dialect.name == "postgresql":
        payload = f"{kind}:{'' if guild_id is None else guild_id}"
        await session.execute(
            text("SELECT pg_notify(:channel, :payload)"), {"channel": CHANNEL, "payload": payload}
        )
        return
    result = cast(
        CursorResult[Any], await session.execute(insert(CacheEvent).values(kind=kind, guild_id=guild_id))
    )
    newest = result.inserted_primary_key[0] if result.inserted_primary_key else None
    if newest is not None and newest > KEEP_EVENTS:
        await session.execute(delete(CacheEvent).where(CacheEvent.id <= newest - KEEP_EVENTS))


def parse(payload: str) -> tuple[str, int | None]:
    """A NOTIFY payload back into (kind, guild id)."""
    kind, _, guild = payload.partition(":")
    return kind, int(guild) if guild else None


class CacheBus:
    """This process's listener: announcements of every process, handed to the handlers of their kind."""

    def __init__(self, db: Database, *, poll_interval: float = POLL_INTERVAL) -> None:
        self.db = db
        self.poll_interval = poll_interval
        self._handlers: dict[str, list[Handler]] = {}
        self._task: asyncio.Task[None] | None = None
        self._failed: dict[tuple[str, int | None], float] = {}  # (kind, guild) -> when it failed
        self.delivered = 0  # announcements handed to handlers
        self.full_reloads = 0  # times every cache was reloaded (a lost listener, a gap)
        self.listening = False  # whether announcements are being received right now
        # The listening connection (asyncpg's, or aiosqlite's), None between two: for tests.
        self.connection: Any = None

    def on(self, kind: str, handler: Handler) -> None:
        """Call ``handler(guild_id)`` for every change of ``kind`` (``None``: reload all of it)."""
        self._handlers.setdefault(kind, []).append(handler)

    async def start(self) -> None:
        """Start listening; returns once the first attempt to connect is over.

        Start it before filling the caches: whatever commits after this is announced to it.
        The listener runs in a context of its own, as nobody's command: simcord, the simulated
        Discord of the tests, counts tasks started in the bot's context as the bot's unfinished
        work, and would wait for this one, which never ends.
        """
        if self._task is not None:
            return
        loop = asyncio.get_running_loop()
        ready: asyncio.Future[None] = loop.create_future()
        self._task = contextvars.Context().run(loop.create_task, self._run(ready), name="cache-bus")
        await asyncio.shield(ready)

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with suppress(asyncio.CancelledError):
                await task
        self.listening = False

    async def reload_all(self) -> None:
        """Every handler, for everything of its kind."""
        self.full_reloads += 1
        for kind in list(self._handlers):
            await self.deliver(kind, None)

    async def deliver(self, kind: str, guild_id: int | None) -> None:
        """Run the handlers of ``kind``; one that fails runs again later (``RETRY_FAILED_AFTER``)."""
        self.delivered += 1
        for handler in self._handlers.get(kind, ()):
            try:
                await handler(guild_id)
            except Exception as error:
                self._failed[(kind, guild_id)] = time.monotonic()
                if is_unavailable(error):
                    log.warning("Cache refresh of %s (guild %s) failed: %s", kind, guild_id, describe(error))
                else:
                    log.exception("Cache refresh of %s (guild %s) failed", kind, guild_id)

    async def _retry_failed(self) -> None:
        now = time.monotonic()
        due = [key for key, failed_at in self._failed.items() if now - failed_at >= RETRY_FAILED_AFTER]
        for kind, guild_id in due:
            del self._failed[(kind, guild_id)]
            await self.deliver(kind, guild_id)

    async def _run(self, ready: asyncio.Future[None]) -> None:
        listen = self._listen if self.db.backend == "postgresql" else self._poll
        crashed = False
        try:
            while True:
                try:
                    await listen(ready, crashed)
                    return
                except Exception:
                    # A bug, not the database: the caches must not silently stop agreeing.
                    log.exception("The cache listener failed; starting it again")
                    self.listening = False
                    if not ready.done():
                        ready.set_result(None)
                    crashed = True
                    await asyncio.sleep(RETRY_DELAYS[-1])
        finally:
            self.listening = False
            if not ready.done():
                ready.set_result(None)

    # --- PostgreSQL: LISTEN on a connection of its own ----------------------------------------

    async def _connect(self) -> asyncpg.Connection:
        engine = self.db.engine
        _, params = engine.dialect.create_connect_args(engine.url)
        params = {k: v for k, v in params.items() if k in _ASYNCPG_CONNECT}
        # Named, so an operator tells it from the pool's connections in pg_stat_activity.
        params["server_settings"] = {
            **params.get("server_settings", {}),
            "application_name": APPLICATION_NAME,
        }
        return await asyncpg.connect(**params, timeout=CONNECT_TIMEOUT)

    async def _listen(self, ready: asyncio.Future[None], missed: bool) -> None:
        """``missed``: announcements may have been missed; reload everything once listening."""
        attempt = 0
        while True:
            queue: asyncio.Queue[str | None] = asyncio.Queue()
            try:
                conn = await self._connect()
                lost, heard = _queueing(queue)
                conn.add_termination_listener(lost)
                await conn.add_listener(CHANNEL, heard)
            except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
                self.listening = False
                if not ready.done():
                    ready.set_result(None)
                if attempt == 0:
                    log.warning("Cache listener cannot connect (%s); retrying", describe(error))
                missed = True
                await asyncio.sleep(RETRY_DELAYS[min(attempt, len(RETRY_DELAYS) - 1)])
                attempt += 1
                continue
            attempt = 0
            self.connection = conn
            self.listening = True
            if not ready.done():
                ready.set_result(None)
            try:
                if missed:
                    log.info("Cache listener connected again: reloading every cache")
                    await self.reload_all()
                missed = True
                await self._receive(conn, queue)
                log.warning("Cache listener lost its connection; reconnecting")
            finally:
                self.listening = False
                self.connection = None
                conn.terminate()

    async def _receive(self, conn: asyncpg.Connection, queue: "asyncio.Queue[str | None]") -> None:
        """Deliver announcements until the connection is lost."""
        quiet_since = time.monotonic()
        while True:
            try:
                async with asyncio.timeout(RETRY_FAILED_AFTER if self._failed else PING_INTERVAL):
                    payload = await queue.get()
            except TimeoutError:
                await self._retry_failed()
                if time.monotonic() - quiet_since >= PING_INTERVAL:
                    # A server that went silent closes no socket: ask it.
                    try:
                        await conn.fetchval("SELECT 1", timeout=PING_TIMEOUT)
                    except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError):
                        return
                    quiet_since = time.monotonic()
                continue
            if payload is None:
                return
            quiet_since = time.monotonic()
            try:
                kind, guild_id = parse(payload)
            except ValueError:
                log.warning("Ignored a cache announcement that is not ours: %r", payload[:100])
                continue
            await self.deliver(kind, guild_id)
            await self._retry_failed()

    # --- SQLite: poll PRAGMA data_version, read cache_events -----------------------------------

    async def _poll(self, ready: asyncio.Future[None], missed: bool) -> None:
        path = self.db.engine.url.database
        if path in (None, "", ":memory:"):  # one connection, one process: nothing to hear
            if not ready.done():
                ready.set_result(None)
            return
        last: int | None = None  # the id of the last event seen
        version: int | None = None
        conn: aiosqlite.Connection | None = None
        failing = False
        try:
            while True:
                try:
                    if conn is None:
                        conn = self.connection = await aiosqlite.connect(path, isolation_level=None)
                        await conn.execute("PRAGMA busy_timeout=1000")
                        version = None
                    if last is None:
                        last = await _scalar(conn, "SELECT coalesce(max(id), 0) FROM cache_events")
                        self.listening = True
                        if not ready.done():
                            ready.set_result(None)
                        if missed:
                            await self.reload_all()
                            missed = False
                    current = await _scalar(conn, "PRAGMA data_version")
                    if current != version:
                        version = current
                        last = await self._read_events(conn, last)
                    if failing:
                        log.info("Cache poller reads the database again")
                        failing = False
                    self.listening = True
                except (OSError, ValueError, aiosqlite.Error) as error:  # ValueError: closed
                    self.listening = False
                    if not ready.done():
                        ready.set_result(None)
                    if not failing:
                        log.warning("Cache poller cannot read the database (%s); retrying", error)
                        failing = True
                    if conn is not None:
                        with suppress(Exception):
                            await conn.close()
                        conn = self.connection = None
                await self._retry_failed()
                await asyncio.sleep(self.poll_interval)
        finally:
            self.connection = None
            if conn is not None:
                with suppress(Exception):
                    await conn.close()

    async def _read_events(self, conn: aiosqlite.Connection, last: int) -> int:
        async with conn.execute(
            "SELECT id, kind, guild_id FROM cache_events WHERE id > ? ORDER BY id", (last,)
        ) as cursor:
            rows = list(await cursor.fetchall())
        if not rows:
            return last
        if rows[0][0] != last + 1:  # ids never skip: the ones between were pruned unread
            log.warning("Cache poller fell %d events behind: reloading every cache", rows[0][0] - last - 1)
            await self.reload_all()
            return int(rows[-1][0])
        for event_id, kind, guild_id in rows:
            await self.deliver(kind, guild_id)
            last = event_id
        return last


# What asyncpg.connect accepts of what SQLAlchemy's dialect would pass it.
_ASYNCPG_CONNECT: Final = frozenset(
    {"host", "port", "user", "password", "database", "ssl", "server_settings", "direct_tls", "passfile"}
)


def _queueing(queue: "asyncio.Queue[str | None]") -> tuple[Callable[..., None], Callable[..., None]]:
    """asyncpg's callbacks for a lost connection (None) and for a notification (its payload)."""

    def lost(_conn: object) -> None:
        queue.put_nowait(None)

    def heard(_conn: object, _pid: int, _channel: str, payload: str) -> None:
        queue.put_nowait(payload)

    return lost, heard


async def _scalar(conn: aiosqlite.Connection, sql: str) -> int:
    async with conn.execute(sql) as cursor:
        row: Any = await cursor.fetchone()
    return int(row[0])
