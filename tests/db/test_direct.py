"""``db.direct``: a statement sent straight through asyncpg gives what SQLAlchemy's execute gives,
the same rows and the same errors, and never hands on a connection it gave up on."""

import asyncio
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from sqlalchemy import bindparam, exc, literal, select, text

from db.engine import Database, create_engine
from db.schemas.encounter import ActiveCondition
from db.types import PydanticJSON, UTCDateTime, utcnow
from tests import pg

pytestmark = pytest.mark.postgres

TYPED = (
    text(
        "SELECT CAST(:number AS int) AS number, :when AS stamp,"
        " CAST(:conditions AS json) AS conditions, :absent AS absent"
    )
    .bindparams(bindparam("when", type_=UTCDateTime()))
    .columns(conditions=PydanticJSON(list[ActiveCondition]))
)


@pytest_asyncio.fixture
async def db(request) -> AsyncIterator[Database]:
    """PostgreSQL's shared test database: these tests write nothing."""
    if not pg.server_url():
        pytest.skip("the direct path is PostgreSQL's: set TEST_DATABASE_URL")
    database = Database(create_engine(request.getfixturevalue("postgres_url")))
    try:
        yield database
    finally:
        await database.dispose()


async def through_sqlalchemy(db: Database, statement, values):
    async with db.engine.connect() as conn:
        return (await conn.execute(statement, values)).all()


async def test_rows_are_sqlalchemys_with_typed_columns_processed(db):
    values = {
        "number": 7,
        "when": utcnow(),
        "conditions": '[{"name": "Prone", "rounds": 2}, {"name": "Concentrating", "rounds": null}]',
        "absent": None,
    }
    [direct] = await db.one_statement(TYPED, values)
    [expected] = await through_sqlalchemy(db, TYPED, values)
    assert tuple(direct) == tuple(expected)
    assert direct.conditions == [
        ActiveCondition(name="Prone", rounds=2),
        ActiveCondition(name="Concentrating"),
    ]
    assert (direct.number, direct.absent, direct.stamp) == (7, None, values["when"])


async def test_a_statements_own_values_are_sent_and_a_missing_one_sends_nothing(db):
    statement = select(literal(5).label("five"), bindparam("given").label("given"))
    assert [tuple(r) for r in await db.one_statement(statement, {"given": "x"})] == [(5, "x")]
    with pytest.raises(exc.InvalidRequestError):
        await db.one_statement(statement, {})
    assert db.engine.pool.checkedout() == 0


@pytest.mark.parametrize(
    "sql", ["SELECT 1 / 0", "SELECT CAST('x' AS int)", "INSERT INTO campaigns (id) VALUES (NULL)"]
)
async def test_errors_the_server_answers_are_sqlalchemys(db, sql):
    with pytest.raises(exc.DBAPIError) as direct:
        await db.one_statement(text(sql), {})
    with pytest.raises(exc.DBAPIError) as expected:
        await through_sqlalchemy(db, text(sql), {})
    assert type(direct.value) is type(expected.value)
    assert type(direct.value.orig) is type(expected.value.orig)
    assert direct.value.orig.sqlstate == expected.value.orig.sqlstate  # type: ignore[union-attr]
    assert not direct.value.connection_invalidated
    # An answered error leaves the connection usable: it went back to the pool.
    assert db.engine.pool.checkedout() == 0
    assert [tuple(r) for r in await db.one_statement(text("SELECT 1"), {})] == [(1,)]


async def test_a_statement_cancelled_in_flight_drops_its_connection(db):
    [[pid]] = await db.one_statement(text("SELECT pg_backend_pid()"), {})
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(db.one_statement(text("SELECT pg_sleep(5)"), {}), 0.2)
    assert db.engine.pool.checkedout() == 0
    # The next statement gets another connection, and the server sees the old one gone.
    [[other]] = await db.one_statement(text("SELECT pg_backend_pid()"), {})
    assert other != pid
    for _ in range(100):
        [[alive]] = await db.one_statement(
            text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid}
        )
        if not alive:
            break
        await asyncio.sleep(0.02)
    assert alive == 0
