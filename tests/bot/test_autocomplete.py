"""Autocomplete never raises: an expected domain error offers nothing quietly, a bug is logged."""

import logging

import pytest

from tests.helpers import make_campaign_table, make_gm_table


def error_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.ERROR]


async def broken(*args, **kwargs):
    raise RuntimeError("the database is on fire")


@pytest.mark.parametrize(
    ("service", "method", "command", "option"),
    [
        ("npcs", "autocomplete", "npc show", "npc"),
        ("npcs", "locations", "npc list", "location"),
        ("campaigns", "get", "quest done", "quest"),
        ("characters", "autocomplete", "character show", "character"),
    ],
)
async def test_an_unexpected_error_is_logged_and_offers_no_choices(
    env, caplog, monkeypatch, service, method, command, option
):
    table = await make_campaign_table(env)
    monkeypatch.setattr(getattr(env.bot.services, service), method, broken)
    with caplog.at_level(logging.ERROR):
        choices = await table.gm.autocomplete(table.channel, command, option, "b")
    assert choices == []
    [record] = error_records(caplog)
    assert record.name == "bot.autocomplete" and "autocomplete failed" in record.getMessage()
    assert record.exc_info is not None and record.exc_info[0] is RuntimeError


async def test_an_autocomplete_of_a_cog_is_guarded_too(env, caplog, monkeypatch):
    table = await make_gm_table(env)

    def broken_names(*args, **kwargs):
        raise RuntimeError("the cache is gone")

    monkeypatch.setattr(env.bot.services.spells, "class_names", broken_names)
    with caplog.at_level(logging.ERROR):
        choices = await table.player.autocomplete(table.channel, "spells", "class", "wiz")
    assert choices == []
    [record] = error_records(caplog)
    assert record.name == "bot.autocomplete" and "Spell class autocomplete failed" in record.getMessage()
    assert record.exc_info is not None and record.exc_info[0] is RuntimeError


async def test_no_active_campaign_offers_nothing_and_logs_nothing(env, caplog):
    table = await make_gm_table(env)  # no campaign yet: the services raise NotFoundError
    with caplog.at_level(logging.DEBUG):
        quests = await table.gm.autocomplete(table.channel, "quest done", "quest", "")
        places = await table.player.autocomplete(table.channel, "npc list", "location", "")
    assert quests == [] and places == []
    assert error_records(caplog) == []
