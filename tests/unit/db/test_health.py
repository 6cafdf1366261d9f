"""What counts as "the database is not answering", and an outage logged as two lines."""

import logging
import sqlite3
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy import exc as sa_exc

from db.health import CommitUnconfirmedError, Health, commit_unconfirmed, describe, is_unavailable
from rules.errors import ConflictError


def wrapped(orig: BaseException, kind: type[sa_exc.DBAPIError] = sa_exc.DBAPIError) -> sa_exc.DBAPIError:
    """As SQLAlchemy raises it: the driver's error as ``.orig`` and as the cause."""
    error = kind("SELECT 1", {}, orig)
    error.__cause__ = orig
    return error


def raised_in(module: str, error: BaseException) -> BaseException:
    """``error`` as raised by code of ``module`` (its traceback passes through it)."""
    namespace = {"__name__": module, "error": error}
    exec("def fail():\n    raise error\n", namespace)
    try:
        namespace["fail"]()
    except BaseException as caught:
        return caught
    raise AssertionError("unreachable")


def locked_sqlite_error(tmp_path: Path) -> sqlite3.OperationalError:
    path = tmp_path / "locked.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN IMMEDIATE")
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        return error
    finally:
        other.close()
        holder.close()
    raise AssertionError("the second writer got the lock")


SERVER_SIDE = [
    asyncpg.exceptions.QueryCanceledError("canceling statement due to statement timeout"),
    asyncpg.exceptions.LockNotAvailableError("canceling statement due to lock timeout"),
    asyncpg.exceptions.ConnectionDoesNotExistError("connection was closed in the middle of operation"),
    asyncpg.exceptions.AdminShutdownError("terminating connection due to administrator command"),
    asyncpg.exceptions.CannotConnectNowError("the database system is starting up"),
    asyncpg.exceptions.TooManyConnectionsError("sorry, too many clients already"),
]


@pytest.mark.parametrize("error", SERVER_SIDE, ids=lambda e: type(e).__name__)
@pytest.mark.parametrize("kind", [None, sa_exc.DBAPIError, sa_exc.OperationalError, sa_exc.InterfaceError])
def test_postgresql_errors_of_a_silent_server_are_unavailable_bare_or_wrapped(error, kind):
    assert is_unavailable(error if kind is None else wrapped(error, kind))


@pytest.mark.parametrize(
    "error",
    [
        ConnectionRefusedError(111, "Connect call failed ('127.0.0.1', 5432)"),
        ConnectionResetError(104, "Connection reset by peer"),
        OSError("Multiple exceptions: [Errno 111] Connect call failed"),
        TimeoutError(),
    ],
    ids=repr,
)
def test_socket_errors_and_timeouts_count_when_the_database_stack_raised_them(error):
    assert is_unavailable(raised_in("asyncpg.connect_utils", error))
    assert is_unavailable(wrapped(raised_in("asyncpg.protocol", error), sa_exc.OperationalError))
    assert is_unavailable(raised_in("db.engine", error))


def test_a_socket_error_of_the_discord_connection_is_not_a_database_outage():
    assert not is_unavailable(raised_in("aiohttp.client", ConnectionResetError(104, "reset")))
    assert not is_unavailable(raised_in("discord.http", TimeoutError()))


def test_waiting_too_long_for_a_pool_connection_is_unavailable():
    assert is_unavailable(sa_exc.TimeoutError("QueuePool limit of size 5 overflow 10 reached"))


def test_a_connection_sqlalchemy_found_dead_is_unavailable():
    error = wrapped(RuntimeError("the driver said something new"))
    assert not is_unavailable(error)
    error.connection_invalidated = True
    assert is_unavailable(error)


def test_sqlite_database_is_locked_is_unavailable(tmp_path):
    error = locked_sqlite_error(tmp_path)
    assert "database is locked" in str(error)
    assert is_unavailable(error)
    assert is_unavailable(wrapped(error, sa_exc.OperationalError))
    assert is_unavailable(sqlite3.OperationalError("database is locked"))  # without its error code


@pytest.mark.parametrize(
    "error",
    [
        wrapped(asyncpg.exceptions.UniqueViolationError("duplicate key"), sa_exc.IntegrityError),
        wrapped(asyncpg.exceptions.DeadlockDetectedError("deadlock detected")),
        wrapped(asyncpg.exceptions.UndefinedTableError("relation does not exist"), sa_exc.ProgrammingError),
        wrapped(sqlite3.OperationalError("no such table: npcs"), sa_exc.OperationalError),
        ConflictError("A campaign named Saga already exists."),
        ZeroDivisionError("a bug"),
        sa_exc.InvalidRequestError("a bug in how the session is used"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_bugs_and_refusals_are_not_unavailability(error):
    assert not is_unavailable(error)


def test_a_commit_without_an_answer_is_unavailable_and_unconfirmed():
    cause = raised_in("asyncpg.protocol", TimeoutError())
    try:
        raise CommitUnconfirmedError("the database stopped answering during COMMIT") from cause
    except CommitUnconfirmedError as error:
        assert is_unavailable(error) and commit_unconfirmed(error)
    assert not commit_unconfirmed(cause)


def test_describe_names_the_innermost_cause():
    error = wrapped(asyncpg.exceptions.QueryCanceledError("canceling statement due to statement timeout"))
    assert describe(error) == "QueryCanceledError: canceling statement due to statement timeout"
    assert describe(TimeoutError()) == "TimeoutError"


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def health_lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "db.health"]


def test_an_outage_is_two_lines_however_many_calls_fail(caplog):
    clock = Clock()
    health = Health(settle=1.0, clock=clock)
    health.succeeded()  # nothing to say while all is well
    error = wrapped(asyncpg.exceptions.QueryCanceledError("canceling statement due to statement timeout"))
    with caplog.at_level(logging.INFO, logger="db.health"):
        assert health.failed(error) is True
        for _ in range(2_754):
            clock.now += 0.001
            assert health.failed(error) is False
        assert health.down and health.failures == 2_755
        clock.now += 7.0
        health.succeeded()
        assert not health.down
    [started, back] = health_lines(caplog)
    assert started.startswith("Database unavailable since ") and "QueryCanceledError" in started
    assert back == "Database back after 9.8 s (2755 failed calls meanwhile)"
    assert all(r.levelno == logging.WARNING and r.exc_info is None for r in caplog.records)


def test_a_half_working_database_does_not_flap(caplog):
    """One table locked, the others answering: successes between failures end nothing."""
    clock = Clock()
    health = Health(settle=1.0, clock=clock)
    with caplog.at_level(logging.INFO, logger="db.health"):
        for _ in range(50):
            health.failed(TimeoutError())
            clock.now += 0.1
            health.succeeded()
            clock.now += 0.1
        assert health.down
        clock.now += 1.0
        health.succeeded()  # a second after the last failure: over
    [_, back] = health_lines(caplog)
    # Measured to the first success after the last failure.
    assert back == "Database back after 9.9 s (50 failed calls meanwhile)"


def test_a_new_outage_after_recovery_is_logged_again(caplog):
    clock = Clock()
    health = Health(settle=0.0, clock=clock)
    with caplog.at_level(logging.INFO, logger="db.health"):
        for _ in range(2):
            health.failed(TimeoutError())
            clock.now += 2.0
            health.succeeded()
    assert len(health_lines(caplog)) == 4
