"""PostgreSQL: a hot statement sent straight through asyncpg, past SQLAlchemy's execution.

``/init hp``, ``/init next`` and ``/npc interact`` are one statement each on PostgreSQL. Run
through ``Connection.execute``, one call cost about 700 µs of this process's CPU, most of it
SQLAlchemy's execution context, result machinery and greenlet switches around a round trip
that asyncpg makes in about 130 µs; with 20 writers the process, not the database, was the
limit. Here the statement is compiled by SQLAlchemy once per engine (the same SQL, bind casts
and parameter processing it would send), the connection comes from the engine's pool (its
recycling, its checkout check, its timeouts, its events), and asyncpg runs the statement from
its own prepared-statement cache. A failure is translated as SQLAlchemy would translate it
(the adapter's exception wrapped in ``DBAPIError``), so callers and ``db.health`` see the same
errors on either path.

The connection is in autocommit: asyncpg opens no transaction, so the statement is its own.
"""

from collections import namedtuple
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Executable
from sqlalchemy.engine import Compiled
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.pool import PoolProxiedConnection
from sqlalchemy.util import greenlet_spawn

# Every SQL string this module has compiled: tests/roundtrips.py counts these among the
# statements asyncpg's query logger reports (SQLAlchemy's cursor events do not see them).
SENT: set[str] = set()


@dataclass(slots=True)
class _Prepared:
    """One statement compiled for one dialect: its SQL, how to order and process its values,
    and how to build its rows."""

    compiled: Compiled
    sql: str
    names: tuple[str, ...]
    binds: dict[str, Callable[[Any], Any]]
    results: dict[str, Callable[[Any], Any]]
    row: Callable[..., Any] | None = None  # a namedtuple class, made from the first result
    keys: tuple[str, ...] = field(default_factory=tuple)

    def arguments(self, values: dict[str, Any]) -> list[Any]:
        # construct_params fills the statement's own values (literals) and checks that none
        # is missing, as execution would.
        params = self.compiled.construct_params(values) or {}
        binds = self.binds
        return [binds[n](params[n]) if n in binds else params[n] for n in self.names]

    def rows(self, records: Sequence[Any]) -> list[Any]:
        if not records:
            return []
        if self.row is None:
            self.keys = tuple(records[0].keys())
            self.row = namedtuple("DirectRow", self.keys, rename=True)  # type: ignore[misc]
        make, results = self.row, self.results
        if not results:
            return [make(*record) for record in records]
        at = [(i, results[k]) for i, k in enumerate(self.keys) if k in results]
        out = []
        for record in records:
            values = list(record)
            for i, process in at:
                values[i] = process(values[i])
            out.append(make(*values))
        return out


class DirectStatements:
    """Statements of one PostgreSQL engine, compiled once each and sent through asyncpg."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._prepared: dict[int, tuple[Executable, _Prepared]] = {}

    def prepare(self, statement: Executable) -> _Prepared:
        found = self._prepared.get(id(statement))
        if found is not None and found[0] is statement:
            return found[1]
        dialect = self.engine.dialect
        compiled = statement.compile(dialect=dialect)  # type: ignore[attr-defined]
        if compiled.literal_execute_params or compiled.post_compile_params:
            raise ValueError("a statement rendered at execution (IN lists) cannot be sent directly")
        results: dict[str, Callable[[Any], Any]] = {}
        for column in getattr(statement, "selected_columns", ()):
            process = column.type._cached_result_processor(dialect, None)
            if process is not None:
                results[column.key] = process
        prepared = _Prepared(
            compiled=compiled,
            sql=compiled.string,
            names=tuple(compiled.positiontup or ()),
            binds=dict(compiled._bind_processors),
            results=results,
        )
        SENT.add(prepared.sql)
        self._prepared[id(statement)] = (statement, prepared)
        return prepared

    async def checkout(self) -> PoolProxiedConnection:
        """A pooled connection; a failure to get one sent nothing."""
        return await self.engine.raw_connection()

    async def run(
        self, raw: PoolProxiedConnection, statement: Executable, values: dict[str, Any]
    ) -> list[Any]:
        """The statement's rows (attribute access by column name, typed columns processed)."""
        prepared = self.prepare(statement)
        arguments = prepared.arguments(values)
        driver = raw.driver_connection
        if driver is None:  # only for a connection already invalidated
            raise DisconnectionError("the connection was invalidated")
        try:
            records = await driver.fetch(prepared.sql, *arguments)
        except Exception as error:
            translated = self._translated(raw, error, prepared, arguments)
            if translated is error:
                raise
            raise translated from error
        return prepared.rows(records)

    async def checkin(self, raw: PoolProxiedConnection) -> None:
        await greenlet_spawn(raw.close)

    @staticmethod
    def discard(raw: PoolProxiedConnection, error: BaseException | None) -> None:
        """Drop a connection that may still have a command in flight (the engine's invalidate
        event terminates it at once)."""
        if raw.is_valid:
            raw.invalidate(error if isinstance(error, Exception) else None)

    def _translated(
        self, raw: PoolProxiedConnection, error: Exception, prepared: _Prepared, arguments: list[Any]
    ) -> BaseException:
        """The exception SQLAlchemy's execute would raise for ``error``."""
        adapter = raw.dbapi_connection
        dialect = self.engine.dialect
        try:
            adapter._handle_exception(error)  # type: ignore[union-attr]  # always raises
        except Exception as adapted:
            dbapi_error = dialect.loaded_dbapi.Error
            if not isinstance(adapted, dbapi_error):
                return adapted  # a timeout or a socket error: raised as it is, as SQLAlchemy does
            return DBAPIError.instance(
                prepared.sql,
                arguments,
                adapted,
                dbapi_error,
                connection_invalidated=dialect.is_disconnect(adapted, adapter, None),
                dialect=dialect,
            )
        return error
