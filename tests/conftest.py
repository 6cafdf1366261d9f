"""Fixtures for every test layer.

Database tests ask for `database_url` (or `db`) and run on SQLite, and on
PostgreSQL too when TEST_DATABASE_URL is set. Each run gets its own
databases: a migrated SQLite template copied per test, and a PostgreSQL
database created for the run, truncated after each test and dropped at the end.
"""

import asyncio
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from sqlalchemy import text

from bot.app import create_bot
from bot.config import Settings
from db.engine import Database, create_engine
from db.models import Base
from db.startup import prepare_database
from tests import pg
from tests.discord_limits import all_breaches

# Property tests on shared 2-core machines: the same examples every run (derandomize) and no
# check that depends on how busy the machine is. `make test` and CI select it; it is also
# the default, so a bare `pytest` behaves the same. `--hypothesis-profile=explore` searches afresh.
hypothesis_settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
hypothesis_settings.register_profile("explore", deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.load_profile("ci")


def backends() -> list[str]:
    return ["sqlite", "postgresql"] if pg.server_url() else ["sqlite"]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" in metafunc.fixturenames:
        metafunc.parametrize("backend", backends(), scope="session")


def run_in_thread[T](make: Callable[[], Awaitable[T]]) -> T:
    """Run a coroutine to the end from sync code, even inside a running event loop.

    Session fixtures are first requested from inside async tests, where
    asyncio.run() is not allowed; a private thread has no running loop.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(make())).result()


async def _migrated(url: str) -> None:
    """Migrated and seeded with the SRD spells, as the bot leaves a database at its first start."""
    database = Database(create_engine(url))
    try:
        await prepare_database(database)
    finally:
        await database.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head once per run; tests get copies."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    run_in_thread(lambda: _migrated(f"sqlite+aiosqlite:///{path}"))
    return path


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    url = run_in_thread(pg.create_database)
    try:
        run_in_thread(lambda: _migrated(url))
        yield url
    finally:
        run_in_thread(lambda: pg.drop_database(url))


KEPT = {"spells", "bot_state", "campaigns"}


def sqlite_copy(template: Path, directory: Path) -> str:
    target = directory / "bot.db"
    shutil.copyfile(template, target)
    return f"sqlite+aiosqlite:///{target}"


async def _truncate_all(url: str) -> None:
    engine = create_engine(url)
    try:
        # Everything a test wrote; the seeded SRD spells and their fingerprints stay.
        tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables if t.name not in KEPT)
        async with engine.begin() as conn:
            await conn.execute(text(f"TRUNCATE {tables} CASCADE"))
            await conn.execute(text("DELETE FROM spells WHERE guild_id IS NOT NULL"))
            await conn.execute(text("DELETE FROM campaigns WHERE guild_id IS NOT NULL"))
            await conn.execute(text("DELETE FROM bot_state WHERE key NOT LIKE 'srd_%'"))
    finally:
        await engine.dispose()


@pytest_asyncio.fixture
async def database_url(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> AsyncIterator[str]:
    """A migrated, empty database of the given backend, private to this test."""
    if backend == "sqlite":
        yield sqlite_copy(request.getfixturevalue("sqlite_template"), tmp_path)
        return
    url = request.getfixturevalue("postgres_url")
    try:
        yield url
    finally:
        await _truncate_all(url)


@pytest_asyncio.fixture
async def empty_database_url(backend: str, tmp_path: Path) -> AsyncIterator[str]:
    """A database with nothing in it, not even the schema, private to this test."""
    if backend == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}"
        return
    url = await pg.create_database("tablebot_empty")
    try:
        yield url
    finally:
        await pg.drop_database(url)


@pytest_asyncio.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    database = Database(create_engine(database_url))
    try:
        yield database
    finally:
        await database.dispose()


# --- behaviour tests: the real bot on simcord, on SQLite (or on every backend) ---------------


def bot_settings(database_url: str, **overrides: Any) -> Settings:
    """The bot's settings for a test: one shard (simcord needs the count of an auto-sharded bot)."""
    values: dict[str, Any] = dict(
        discord_token=None, database_url=database_url, dev_guild_id=None, log_level="INFO", shard_count=1
    )
    return Settings(_env_file=None, **(values | overrides))


@pytest.fixture
def settings(sqlite_template: Path, tmp_path: Path) -> Settings:
    return bot_settings(sqlite_copy(sqlite_template, tmp_path))


@pytest.fixture
def backend_settings(database_url: str) -> Settings:
    """The bot on each backend (SQLite, and PostgreSQL when TEST_DATABASE_URL is set).

    A module whose behaviour tests must run on both overrides ``settings`` with this one;
    the PostgreSQL database is truncated after each test, like every database test's.
    """
    return bot_settings(database_url)


@pytest.fixture
def simcord_bot(settings: Settings):  # simcord's plugin builds its env around this
    return create_bot(settings)


@pytest_asyncio.fixture
async def env(simcord_env):
    yield simcord_env
    await simcord_env.bot.close()  # simcord never closes the bot
    # Every message, edit, followup and autocomplete answer of the test, against Discord's limits.
    breaches = all_breaches(simcord_env.http_requests)
    if breaches:
        pytest.fail("Discord would refuse what the bot sent:\n" + "\n".join(breaches), pytrace=False)
