"""What a member sees, and what the log gets, when the database does not answer."""

import logging
import sqlite3

import discord
import pytest
from discord import app_commands
from simcord import assert_error
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url

from bot.config import Settings
from bot.tree import NOT_ANSWERING, UNCONFIRMED, mark_changed
from db.health import CommitUnconfirmedError
from tests.conftest import sqlite_copy
from tests.helpers import make_campaign_table, make_table


@pytest.fixture
def settings(sqlite_template, tmp_path) -> Settings:
    """The bot's own settings, with a short lock timeout so a locked database fails fast."""
    return Settings(
        _env_file=None,
        discord_token=None,
        database_url=sqlite_copy(sqlite_template, tmp_path),
        dev_guild_id=None,
        log_level="INFO",
        db_lock_timeout=0.2,
        shard_count=1,
    )


def locked() -> sa_exc.OperationalError:
    """The error SQLAlchemy raises for SQLite's "database is locked"."""
    cause = sqlite3.OperationalError("database is locked")
    error = sa_exc.OperationalError("INSERT INTO dice_rolls ...", {}, cause)
    error.__cause__ = cause
    return error


def tracebacks(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.exc_info is not None or r.levelno >= logging.ERROR]


def health_lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "db.health"]


async def add_command(env, command: app_commands.Command) -> None:
    env.bot.tree.add_command(command)
    await env.bot.tree.sync()


async def test_a_locked_database_is_told_plainly_and_logged_once_not_per_command(env, settings, caplog):
    assert env.bot.db.lock_timeout == 0.2  # the bot's engine takes its limits from the settings
    env.bot.health.settle = 0  # report the recovery at the first success
    table = make_table(env)
    holder = sqlite3.connect(make_url(settings.database_url).database, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another process writing, and not letting go
        with caplog.at_level(logging.INFO):
            replies = [await table.player.slash(table.channel, "roll", expression="1d20") for _ in range(2)]
        holder.execute("ROLLBACK")
    finally:
        holder.close()
    for reply in replies:
        assert reply.ephemeral
        assert reply.response.content == NOT_ANSWERING
    for error in env.errors:  # both reached the handler; reading them acknowledges them
        assert "database is locked" in str(getattr(error, "original", error))
    assert not tracebacks(caplog)
    [began] = health_lines(caplog)
    assert began.startswith("Database unavailable since ") and "database is locked" in began

    with caplog.at_level(logging.INFO):
        rolled = await table.player.slash(table.channel, "roll", expression="1d20")
    assert not rolled.ephemeral and "1d20" in rolled.response.content
    back = health_lines(caplog)[-1]
    assert back.startswith("Database back after ") and back.endswith("(2 failed calls meanwhile)")
    # Nothing was changed by the two failed rolls: the history holds only the third.
    assert len(await env.bot.services.dice.recent(table.guild.id)) == 1


async def test_autocomplete_offers_nothing_and_logs_no_traceback_per_keystroke(env, caplog, monkeypatch):
    table = await make_campaign_table(env)

    asked: list[str] = []

    async def not_answering(guild_id: int, typed: str):
        asked.append(typed)
        raise locked()

    monkeypatch.setattr(env.bot.services.npcs, "autocomplete", not_answering)
    with caplog.at_level(logging.INFO):
        for typed in ("B", "Bo", "Bob"):
            assert await table.gm.autocomplete(table.channel, "npc show", "npc", typed) == []
    assert asked == ["B", "Bo", "Bob"]
    assert not tracebacks(caplog)
    assert len(health_lines(caplog)) == 1  # the outage, once


async def test_an_unavailable_database_after_a_visible_change_keeps_that_wording(env, caplog):
    @app_commands.command(name="half", description="posts, then the database fails")
    async def half(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("Posted for everyone")
        mark_changed(interaction, "after posting: the message stays")
        raise locked()

    await add_command(env, half)
    table = make_table(env)
    with caplog.at_level(logging.INFO):
        result = await table.player.slash(table.channel, "half")
    [reply] = result.followups
    assert reply.ephemeral and "after posting: the message stays" in reply.content
    assert "Nothing was changed" not in reply.content and NOT_ANSWERING not in reply.content
    error_id = reply.content.split("`")[1]
    [logged] = [r for r in caplog.records if error_id in r.getMessage()]
    assert logged.levelno == logging.WARNING and logged.exc_info is None  # quotable, no traceback
    assert "database is locked" in logged.getMessage()
    assert_error(env, sa_exc.OperationalError)


async def test_a_commit_left_unanswered_says_the_change_may_have_been_kept(env):
    @app_commands.command(name="unsure", description="the database stopped answering at COMMIT")
    async def unsure(interaction: discord.Interaction) -> None:
        raise CommitUnconfirmedError("the database stopped answering during COMMIT") from locked()

    await add_command(env, unsure)
    table = make_table(env)
    result = await table.player.slash(table.channel, "unsure")
    assert result.ephemeral and result.response.content == UNCONFIRMED
    assert "nothing was changed" not in result.response.content.lower()
    assert_error(env, CommitUnconfirmedError)
