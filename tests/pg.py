"""Throwaway PostgreSQL databases for one test run (TEST_DATABASE_URL names the server)."""

import os
import secrets

import asyncpg
from sqlalchemy.engine import make_url


def server_url() -> str | None:
    return os.environ.get("TEST_DATABASE_URL") or None


def _admin_dsn() -> str:
    url = make_url(server_url()).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


async def create_database(prefix: str = "tablebot_test") -> str:
    """Create an empty database; returns its SQLAlchemy URL."""
    name = f"{prefix}_{secrets.token_hex(4)}"
    conn = await asyncpg.connect(_admin_dsn())
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return make_url(server_url()).set(database=name).render_as_string(hide_password=False)


async def drop_database(url: str) -> None:
    name = make_url(url).database
    conn = await asyncpg.connect(_admin_dsn())
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()
