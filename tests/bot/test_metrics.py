"""METRICS_PORT: the Prometheus endpoint, scraped over HTTP while the bot serves commands."""

import asyncio
import urllib.request

import pytest
from prometheus_client.parser import text_string_to_metric_families
from simcord import assert_error

from rules.errors import InvalidInputError
from tests.conftest import bot_settings, sqlite_copy
from tests.helpers import make_table


@pytest.fixture
def settings(sqlite_template, tmp_path):
    return bot_settings(sqlite_copy(sqlite_template, tmp_path), metrics_port=0, metrics_host="127.0.0.1")


async def scrape(port: int) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    def get() -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
            assert response.headers["Content-Type"].startswith("text/plain")
            return response.read().decode()

    body = await asyncio.to_thread(get)
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(body)
        for sample in family.samples
    }


async def test_the_endpoint_reports_commands_latency_autocomplete_pool_caches_guilds_and_shards(env):
    table = make_table(env)
    await table.player.slash(table.channel, "roll", expression="1d20+5")
    await table.player.slash(table.channel, "roll", expression="2d6")
    refused = await table.player.slash(table.channel, "roll", expression="1d")
    assert refused.ephemeral
    assert_error(env, InvalidInputError)
    await table.player.autocomplete(table.channel, "spell", "name", "fire")
    port = env.bot.metrics_port
    assert port

    metrics = await scrape(port)

    roll = (("command", "roll"),)
    assert metrics[("tablebot_commands_total", roll)] == 3
    assert metrics[("tablebot_command_failures_total", roll)] == 1
    assert metrics[("tablebot_command_seconds_count", roll)] == 3
    assert metrics[("tablebot_command_seconds_bucket", (*roll, ("le", "+Inf")))] == 3
    assert metrics[("tablebot_autocomplete_seconds_count", (("option", "Spell name"),))] == 1
    assert metrics[("tablebot_cache_entries", (("cache", "spells"),))] == 319 + 339
    assert ("tablebot_cache_entries", (("cache", "guild_settings"),)) in metrics
    assert metrics[("tablebot_db_pool_connections_in_use", ())] == 0  # nothing running now
    assert metrics[("tablebot_guilds", ())] == 1
    assert metrics[("tablebot_shards", ())] == 1
    assert ("tablebot_shard_latency_seconds", (("shard", "0"),)) in metrics
    assert metrics[("tablebot_cache_bus_listening", ())] == 1

    await env.bot.close()  # the endpoint goes with the bot
    with pytest.raises(OSError):
        await scrape(port)


async def test_without_metrics_port_nothing_listens(sqlite_template, tmp_path):
    from bot.app import create_bot

    bot = create_bot(bot_settings(sqlite_copy(sqlite_template, tmp_path)))
    assert bot.metrics_port is None
