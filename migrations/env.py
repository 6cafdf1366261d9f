"""Alembic environment: async, URL from Settings, batch mode on SQLite.

When the bot (or a test) runs migrations it hands its own connection in
``config.attributes["connection"]``; the ``alembic`` CLI gets a fresh engine.
"""

import asyncio
import warnings
from logging.config import fileConfig
from typing import Any

from alembic import context
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SAWarning

from db.models import Base
from db.types import PydanticJSON, UTCDateTime

config = context.config
if config.config_file_name is not None and config.attributes.get("connection") is None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    """Migrations store our decorated types as the plain types they are in the database."""
    if type_ == "type" and isinstance(obj, PydanticJSON):
        return "sa.JSON()"
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def do_run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        render_item=render_item,
        compare_type=True,
    )
    with context.begin_transaction(), warnings.catch_warnings():
        # SQLite batch mode reflects each table it rebuilds and cannot reflect expression indexes
        # (the lower(name) unique indexes); the revisions create those themselves, so the warning
        # is noise on every fresh migration.
        warnings.filterwarnings(
            "ignore", message="Skipped unsupported reflection of expression-based index", category=SAWarning
        )
        context.run_migrations()


async def run_async_migrations() -> None:
    from bot.config import Settings
    from db.engine import Timeouts, create_engine

    url = config.get_main_option("sqlalchemy.url") or Settings().database_url
    # A schema change may take as long as it takes: no statement or lock timeout.
    engine = create_engine(url, timeouts=Timeouts(statement=None, lock=None))
    try:
        async with engine.begin() as connection:
            await connection.run_sync(do_run_migrations)
    finally:
        await engine.dispose()


def run_migrations_offline() -> None:
    from bot.config import Settings

    context.configure(
        url=config.get_main_option("sqlalchemy.url") or Settings().database_url,
        target_metadata=target_metadata,
        literal_binds=True,
        render_item=render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
elif (connection := config.attributes.get("connection")) is not None:
    do_run_migrations(connection)
else:
    asyncio.run(run_async_migrations())
