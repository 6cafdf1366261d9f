"""Whether the database answers: the one test of "unavailable", and an outage logged once.

``is_unavailable`` decides, for any exception, whether it means the database did not answer
(in time) rather than a bug: the error handler then tells the member so, and no traceback
is logged. ``Health`` turns a stream of such failures into two log lines, one when an
outage starts and one when it ends.
"""

import logging
import sqlite3
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from types import TracebackType

from sqlalchemy import exc as sa_exc

log = logging.getLogger(__name__)

# SQLSTATEs (PostgreSQL's error codes) that mean "not answering", not "wrong request":
# class 08, connection exception (ConnectionDoesNotExistError, ConnectionFailureError, ...);
# class 57, operator intervention: 57014 query cancelled (statement timeout), 57P01 admin
# shutdown (pg_terminate_backend), 57P02 crash shutdown, 57P03 cannot connect now (starting up).
UNAVAILABLE_CLASSES = ("08", "57")
# 55P03 lock not available (lock timeout), 53300 too many connections.
UNAVAILABLE_STATES = frozenset({"55P03", "53300"})
# SQLite's primary result codes (extended codes keep them in their low byte).
SQLITE_BUSY, SQLITE_LOCKED = 5, 6
# A bare OSError or TimeoutError is the database's when it was raised inside this stack
# (a Discord network error is an OSError too, and is not a database outage).
DATABASE_MODULES = ("sqlalchemy", "asyncpg", "aiosqlite", "sqlite3", "db")
CHAIN_LIMIT = 16


class CommitUnconfirmedError(Exception):
    """The database stopped answering during COMMIT: the change may or may not have been kept."""


def is_unavailable(error: BaseException) -> bool:
    """True when ``error`` means the database did not answer (in time), wrapped or bare.

    Recognised anywhere in the chain of causes (``__cause__`` and SQLAlchemy's ``.orig``):
    - a connection SQLAlchemy found dead (``connection_invalidated``);
    - waiting too long for a pool connection (``sqlalchemy.exc.TimeoutError``);
    - PostgreSQL errors of the SQLSTATEs above, from asyncpg or its SQLAlchemy adapter
      (QueryCanceledError, LockNotAvailableError, ConnectionDoesNotExistError,
      AdminShutdownError, CannotConnectNowError, TooManyConnectionsError);
    - SQLite's "database is locked" (SQLITE_BUSY) and "database table is locked" (SQLITE_LOCKED);
    - an OSError (connection refused or reset) or TimeoutError (asyncpg's connect or command
      timeout, the SQLite writer queue) raised inside the database stack;
    - CommitUnconfirmedError.
    """
    return any(_unavailable_here(e) for e in _chain(error))


def commit_unconfirmed(error: BaseException) -> bool:
    """True when the database stopped answering during COMMIT, so the outcome is unknown."""
    return any(isinstance(e, CommitUnconfirmedError) for e in _chain(error))


def lost_connection(error: BaseException) -> bool:
    """True when the client gave up on the connection itself (a timeout or a socket error).

    Such a connection may still have a command in flight: it is discarded, not reused.
    """
    return any(isinstance(e, TimeoutError | OSError) for e in _chain(error))


def describe(error: BaseException) -> str:
    """One line for the log: the innermost cause's type and message."""
    innermost = list(_chain(error))[-1]
    text = str(innermost).strip().splitlines()
    return f"{type(innermost).__name__}: {text[0]}" if text else type(innermost).__name__


def _chain(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen and len(seen) < CHAIN_LIMIT:
        seen.add(id(current))
        yield current
        orig = getattr(current, "orig", None) if isinstance(current, sa_exc.StatementError) else None
        current = orig if isinstance(orig, BaseException) else current.__cause__


def _unavailable_here(error: BaseException) -> bool:
    if isinstance(error, CommitUnconfirmedError | sa_exc.TimeoutError):
        return True
    if isinstance(error, sa_exc.DBAPIError) and error.connection_invalidated:
        return True
    state = getattr(error, "sqlstate", None)
    if isinstance(state, str) and (state[:2] in UNAVAILABLE_CLASSES or state in UNAVAILABLE_STATES):
        return True
    if isinstance(error, sqlite3.OperationalError):
        code = getattr(error, "sqlite_errorcode", None)
        if isinstance(code, int):
            return code & 0xFF in (SQLITE_BUSY, SQLITE_LOCKED)
        return "database is locked" in str(error) or "database table is locked" in str(error)
    if isinstance(error, TimeoutError | OSError):
        return _raised_in_database_stack(error.__traceback__)
    return False


def _raised_in_database_stack(traceback: TracebackType | None) -> bool:
    while traceback is not None:
        module = traceback.tb_frame.f_globals.get("__name__", "")
        if isinstance(module, str) and module.split(".")[0] in DATABASE_MODULES:
            return True
        traceback = traceback.tb_next
    return False


class Health:
    """Logs an outage once: a warning at the first failure and one at the recovery.

    Every unit of work reports here (``Database.transaction``); so do the error handler and
    the autocomplete guard for errors that reached them some other way. A success ends the
    outage once no failure has come for ``settle`` seconds, so a half-working database (one
    table locked, the rest answering) does not log a pair of lines per command.
    """

    def __init__(self, *, settle: float = 1.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.settle = settle
        self._clock = clock
        self._down_since: float | None = None
        self._last_failure = 0.0
        self._first_success: float | None = None  # since the last failure
        self.failures = 0  # in the current outage

    @property
    def down(self) -> bool:
        return self._down_since is not None

    def failed(self, error: BaseException) -> bool:
        """Count a failure; True when it starts an outage (and was logged)."""
        now = self._clock()
        self._last_failure, self._first_success = now, None
        if self._down_since is not None:
            self.failures += 1
            return False
        self._down_since, self.failures = now, 1
        since = datetime.now(UTC).isoformat(timespec="seconds")
        log.warning("Database unavailable since %s: %s", since, describe(error))
        return True

    def succeeded(self) -> None:
        """Count a success; ends the outage (logged) once failures have stopped."""
        if self._down_since is None:
            return
        now = self._clock()
        if self._first_success is None:
            self._first_success = now
        if now - self._last_failure < self.settle:
            return
        log.warning(
            "Database back after %.1f s (%d failed calls meanwhile)",
            self._first_success - self._down_since,
            self.failures,
        )
        self._down_since = self._first_success = None
        self.failures = 0
