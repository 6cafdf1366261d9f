"""Settings: keywords, environment, .env, and refusal of unknown backends."""

import pytest
from pydantic import ValidationError

from bot.config import DEFAULT_DATABASE_URL, Settings


def test_defaults_need_no_environment(monkeypatch):
    for name in ("DISCORD_TOKEN", "DATABASE_URL", "AUTO_MIGRATE", "DEV_GUILD_ID", "LOG_LEVEL"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings(_env_file=None)
    assert settings.discord_token is None
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.auto_migrate is True
    assert settings.backend == "sqlite"


def test_keywords_and_secret_token():
    settings = Settings(_env_file=None, discord_token="abc", database_url="postgresql+asyncpg://u:pw@h/db")
    assert settings.discord_token.get_secret_value() == "abc"
    assert "abc" not in repr(settings)
    assert settings.backend == "postgresql"


def test_environment_and_dotenv_are_read(tmp_path, monkeypatch):
    (tmp_path / ".env").write_text("DISCORD_TOKEN=from-file\nDB_POOL_SIZE=7\nDEV_GUILD_ID=\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LOG_LEVEL", "DEBUG")
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    settings = Settings()
    assert settings.discord_token.get_secret_value() == "from-file"
    assert (settings.db_pool_size, settings.log_level, settings.dev_guild_id) == (7, "DEBUG", None)


@pytest.mark.parametrize("url", ["sqlite:///x.db", "postgresql://h/db", "mysql+aiomysql://h/db"])
def test_sync_drivers_and_other_backends_are_refused_with_a_hint(url):
    with pytest.raises(ValidationError, match="sqlite\\+aiosqlite"):
        Settings(_env_file=None, database_url=url)


def test_the_database_password_stays_out_of_repr_and_logs():
    settings = Settings(_env_file=None, database_url="postgresql+asyncpg://bot:s3cret-pw@db.example/table")
    assert "s3cret-pw" not in repr(settings) and "s3cret-pw" not in str(settings)
    assert settings.database_url_safe == "postgresql+asyncpg://bot:***@db.example/table"


def test_an_unparseable_url_is_a_validation_error_without_the_url():
    with pytest.raises(ValidationError) as raised:
        Settings(_env_file=None, database_url="::not a url:pw")
    message = str(raised.value)
    assert "DATABASE_URL is not a database URL" in message
    assert ":pw" not in message.split("input_value")[0]


def test_database_time_limits_default_inside_discords_three_seconds_and_are_read(monkeypatch):
    settings = Settings(_env_file=None)
    assert (settings.db_connect_timeout, settings.db_statement_timeout) == (2.0, 2.0)
    assert (settings.db_lock_timeout, settings.db_pool_timeout) == (1.5, 1.0)
    monkeypatch.setenv("DB_STATEMENT_TIMEOUT", "1.25")
    monkeypatch.setenv("DB_LOCK_TIMEOUT", "0.5")
    settings = Settings(_env_file=None)
    assert (settings.db_statement_timeout, settings.db_lock_timeout) == (1.25, 0.5)


@pytest.mark.parametrize("name", ["db_connect_timeout", "db_statement_timeout", "db_lock_timeout"])
def test_a_database_time_limit_must_be_positive(name):
    with pytest.raises(ValidationError, match=name):
        Settings(_env_file=None, **{name: 0})


@pytest.mark.parametrize(
    ("text", "ids"), [("0-3", [0, 1, 2, 3]), ("0,2", [0, 2]), ("4-5, 0", [0, 4, 5]), ("7", [7])]
)
def test_shard_ids_are_ranges_and_lists_within_the_shard_count(text, ids, monkeypatch):
    monkeypatch.setenv("SHARD_IDS", text)
    monkeypatch.setenv("SHARD_COUNT", "8")
    settings = Settings(_env_file=None)
    assert (settings.shard_count, settings.shard_id_list) == (8, ids)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"shard_ids": "0-3"}, "SHARD_IDS needs SHARD_COUNT"),
        (
            {"shard_ids": "0-4", "shard_count": 4},
            "SHARD_IDS names shard 4, but SHARD_COUNT=4 means shards 0 to 3",
        ),
        ({"shard_ids": "one", "shard_count": 4}, "shard numbers and ranges like 0-3 or 0,2, not 'one'"),
        ({"shard_ids": "3-1", "shard_count": 4}, "must go up"),
        ({"shard_ids": "0-2,2", "shard_count": 4}, "names a shard twice"),
        ({"shard_count": 0}, "greater than or equal to 1"),
        ({"metrics_port": 70000}, "less than or equal to 65535"),
        ({"log_format": "xml"}, "'text' or 'json'"),
    ],
)
def test_bad_sharding_metrics_and_log_settings_are_refused_clearly(values, message):
    with pytest.raises(ValidationError, match=message):
        Settings(_env_file=None, **values)


def test_blank_shard_and_metrics_settings_mean_unset(monkeypatch):
    for name in ("SHARD_COUNT", "SHARD_IDS", "METRICS_PORT"):
        monkeypatch.setenv(name, "")
    settings = Settings(_env_file=None)
    assert (settings.shard_count, settings.shard_id_list, settings.metrics_port) == (None, None, None)
