"""The tree's one error handler: plain words for expected errors, an id for bugs, one reply only."""

import logging

import discord
from discord import app_commands
from simcord import assert_error

from bot.tree import mark_changed
from rules.errors import ConflictError
from tests.helpers import make_table


async def add_command(env, command: app_commands.Command) -> None:
    env.bot.tree.add_command(command)
    await env.bot.tree.sync()


async def test_domain_error_becomes_an_ephemeral_reply(env):
    @app_commands.command(name="clash", description="raises a domain error")
    async def clash(interaction: discord.Interaction) -> None:
        raise ConflictError("A campaign named Dragons already exists.")

    await add_command(env, clash)
    table = make_table(env)
    result = await table.player.slash(table.channel, "clash")
    assert result.ephemeral
    assert result.response.content == "A campaign named Dragons already exists."
    assert_error(env, ConflictError)


async def test_unexpected_error_is_logged_with_an_id_the_reply_quotes(env, caplog):
    @app_commands.command(name="boom", description="has a bug")
    async def boom(interaction: discord.Interaction) -> None:
        raise ZeroDivisionError("secret internals")

    await add_command(env, boom)
    table = make_table(env)
    with caplog.at_level(logging.ERROR, logger="bot.tree"):
        result = await table.player.slash(table.channel, "boom")
    assert result.ephemeral
    content = result.response.content
    assert "secret internals" not in content and "Traceback" not in content
    error_id = content.split("`")[1]
    assert len(error_id) == 8
    record = next(r for r in caplog.records if error_id in r.getMessage())
    assert record.exc_info is not None and record.exc_info[0] is ZeroDivisionError
    assert_error(env, ZeroDivisionError)


async def test_unexpected_error_after_a_visible_change_does_not_deny_it(env):
    @app_commands.command(name="half", description="posts, then fails")
    async def half(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("Posted for everyone")
        mark_changed(interaction, "after posting: the message stays")
        raise ZeroDivisionError("secret internals")

    await add_command(env, half)
    table = make_table(env)
    result = await table.player.slash(table.channel, "half")
    assert result.response.content == "Posted for everyone"
    [reply] = result.followups
    assert reply.ephemeral and "secret internals" not in reply.content
    assert "Nothing was changed" not in reply.content
    assert "after posting: the message stays" in reply.content
    assert len(reply.content.split("`")[1]) == 8
    assert_error(env, ZeroDivisionError)


async def test_error_after_a_response_goes_to_a_followup_not_a_second_response(env):
    @app_commands.command(name="late", description="answers, then fails")
    async def late(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("Working on it")
        raise ConflictError("Too late: that quest is already done.")

    await add_command(env, late)
    table = make_table(env)
    result = await table.player.slash(table.channel, "late")
    assert result.response.content == "Working on it"
    assert [f.content for f in result.followups] == ["Too late: that quest is already done."]
    assert result.followups[0].ephemeral
    assert_error(env, ConflictError)


async def test_bot_never_pings_by_default(env):
    assert env.bot.allowed_mentions.everyone is False
    assert env.bot.allowed_mentions.roles is False
    assert env.bot.allowed_mentions.users is False
