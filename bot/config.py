"""Typed settings, read from the environment and `.env`."""

from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from db.engine import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_LOCK_TIMEOUT,
    DEFAULT_POOL_TIMEOUT,
    DEFAULT_STATEMENT_TIMEOUT,
)

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./data/bot.db"


class Settings(BaseSettings):
    """Everything the bot reads from outside. Construct with keywords in tests."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    discord_token: SecretStr | None = Field(default=None, description="Bot token from the developer portal")
    # Kept out of repr: a PostgreSQL URL holds the password. Log `database_url_safe` instead.
    database_url: str = Field(default=DEFAULT_DATABASE_URL, repr=False, description="SQLAlchemy async URL")
    db_pool_size: int = Field(default=5, ge=1, le=100, description="PostgreSQL pool size")
    db_max_overflow: int = Field(default=10, ge=0, le=100, description="PostgreSQL pool overflow")
    # Seconds; see db.engine for why these defaults keep a reply within Discord's 3 s.
    db_connect_timeout: float = Field(
        default=DEFAULT_CONNECT_TIMEOUT, gt=0, le=60, description="Seconds to open a PostgreSQL connection"
    )
    db_statement_timeout: float = Field(
        default=DEFAULT_STATEMENT_TIMEOUT, gt=0, le=60, description="Seconds one PostgreSQL statement may run"
    )
    db_lock_timeout: float = Field(
        default=DEFAULT_LOCK_TIMEOUT,
        gt=0,
        le=60,
        description="Seconds to wait for a row or table lock (SQLite: for the write lock)",
    )
    db_pool_timeout: float = Field(
        default=DEFAULT_POOL_TIMEOUT, gt=0, le=60, description="Seconds to wait for a free pooled connection"
    )
    auto_migrate: bool = Field(default=True, description="Run Alembic migrations at start")
    dev_guild_id: int | None = Field(default=None, description="Sync commands to this guild only")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    log_format: Literal["text", "json"] = Field(default="text", description="json: one JSON object a line")
    # Sharding (README, Many processes): unset, Discord recommends the count and this process
    # runs every shard; with several processes, each names its share of one SHARD_COUNT.
    shard_count: int | None = Field(default=None, ge=1, le=10_000, description="Shards in all processes")
    shard_ids: str | None = Field(default=None, description="This process's shards, e.g. 0-3 or 0,2")
    metrics_port: int | None = Field(default=None, ge=0, le=65535, description="Prometheus endpoint port")
    metrics_host: str = Field(default="0.0.0.0", description="Address the metrics endpoint listens on")

    @field_validator("database_url")
    @classmethod
    def _known_backend(cls, value: str) -> str:
        driver = _parsed(value).drivername
        if driver not in ("sqlite+aiosqlite", "postgresql+asyncpg"):
            raise ValueError(
                f"DATABASE_URL must start with sqlite+aiosqlite:/// or postgresql+asyncpg://, not {driver}://"
            )
        return value

    @field_validator("dev_guild_id", "shard_count", "shard_ids", "metrics_port", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("shard_ids")
    @classmethod
    def _shard_range(cls, value: str | None) -> str | None:
        if value is not None:
            parse_shard_ids(value)  # raises ValueError naming what is wrong
        return value

    @model_validator(mode="after")
    def _shards_fit(self) -> "Settings":
        if self.shard_ids is None:
            return self
        if self.shard_count is None:
            raise ValueError("SHARD_IDS needs SHARD_COUNT: the number of shards across every process")
        outside = [i for i in parse_shard_ids(self.shard_ids) if i >= self.shard_count]
        if outside:
            raise ValueError(
                f"SHARD_IDS names shard {outside[0]}, but SHARD_COUNT={self.shard_count} "
                f"means shards 0 to {self.shard_count - 1}"
            )
        return self

    @property
    def shard_id_list(self) -> list[int] | None:
        """This process's shards (None: every shard of ``shard_count``)."""
        return None if self.shard_ids is None else parse_shard_ids(self.shard_ids)

    @property
    def backend(self) -> str:
        """'sqlite' or 'postgresql': safe to show, unlike the URL."""
        return make_url(self.database_url).get_backend_name()

    @property
    def database_url_safe(self) -> str:
        """The URL with its password masked, for logs and messages."""
        return make_url(self.database_url).render_as_string(hide_password=True)


def parse_shard_ids(text: str) -> list[int]:
    """ "0-3" -> [0, 1, 2, 3]; "0,2" -> [0, 2]; "0-1,4" -> [0, 1, 4]. ValueError says what is wrong."""
    ids: list[int] = []
    for part in (p.strip() for p in text.split(",")):
        low, dash, high = part.partition("-")
        try:
            first, last = int(low), int(high if dash else low)
        except ValueError:
            raise ValueError(
                f"SHARD_IDS must be shard numbers and ranges like 0-3 or 0,2, not {part!r}"
            ) from None
        if first < 0 or last < first:
            raise ValueError(f"SHARD_IDS range {part!r} must go up from 0 or more, like 0-3")
        ids.extend(range(first, last + 1))
    if len(set(ids)) != len(ids):
        raise ValueError(f"SHARD_IDS names a shard twice: {text!r}")
    return sorted(ids)


def _parsed(value: str) -> URL:
    try:
        return make_url(value)
    except ArgumentError:
        # SQLAlchemy's own message repeats the URL, password included: say it without.
        raise ValueError(
            "DATABASE_URL is not a database URL; write sqlite+aiosqlite:///path/to/bot.db "
            "or postgresql+asyncpg://user:password@host:5432/name"
        ) from None
