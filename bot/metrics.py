"""Prometheus metrics of one bot process, served over HTTP when METRICS_PORT is set.

Counters and histograms are updated as commands and autocompletes run; the gauges (database
pool, cache sizes, guilds, shards) are read from the bot when the endpoint is scraped. Each
bot has a registry of its own, so several bots in one process (the tests) never clash.
"""

import logging
import math
import threading
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any
from wsgiref.simple_server import WSGIServer

from prometheus_client import CollectorRegistry, Counter, Histogram, start_http_server
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

if TYPE_CHECKING:
    from bot.app import TableBot

log = logging.getLogger(__name__)

# Seconds. Discord gives a command 3 s to answer; most of ours take milliseconds.
COMMAND_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0)
# An autocomplete answers each keystroke: finer at the low end.
AUTOCOMPLETE_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.commands = Counter(
            "tablebot_commands", "Slash commands run, per command", ["command"], registry=self.registry
        )
        self.failures = Counter(
            "tablebot_command_failures",
            "Slash commands that ended in an error reply, per command",
            ["command"],
            registry=self.registry,
        )
        self.command_seconds = Histogram(
            "tablebot_command_seconds",
            "Time from a command's arrival to the end of its handler, per command",
            ["command"],
            buckets=COMMAND_BUCKETS,
            registry=self.registry,
        )
        self.autocomplete_seconds = Histogram(
            "tablebot_autocomplete_seconds",
            "Time an autocomplete callback takes, per option kind",
            ["option"],
            buckets=AUTOCOMPLETE_BUCKETS,
            registry=self.registry,
        )
        self._server: WSGIServer | None = None
        self._thread: threading.Thread | None = None

    def command_done(self, command: str, started: float | None, *, failed: bool) -> None:
        self.commands.labels(command).inc()
        if failed:
            self.failures.labels(command).inc()
        if started is not None:
            self.command_seconds.labels(command).observe(time.perf_counter() - started)

    def watch(self, bot: "TableBot") -> None:
        """Report the bot's gauges at each scrape."""
        self.registry.register(_BotCollector(bot))

    def serve(self, port: int, host: str) -> int:
        """Serve /metrics in a daemon thread; returns the port (``port`` 0: one the system chose)."""
        self._server, self._thread = start_http_server(port, host, registry=self.registry)
        bound = int(self._server.server_port)
        log.info("Metrics at http://%s:%d/metrics", host, bound)
        return bound

    def close(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()


class _BotCollector(Collector):
    """Gauges read from the bot when scraped (from the server's thread: reads only)."""

    def __init__(self, bot: "TableBot") -> None:
        self.bot = bot

    def collect(self) -> Iterator[Metric]:
        bot = self.bot
        guilds = GaugeMetricFamily("tablebot_guilds", "Servers this process serves")
        guilds.add_metric([], _read(lambda: len(bot.guilds)))
        yield guilds
        shards = GaugeMetricFamily("tablebot_shards", "Shards this process runs")
        shards.add_metric([], _read(lambda: len(bot.shards)))
        yield shards
        latency = GaugeMetricFamily(
            "tablebot_shard_latency_seconds", "Gateway heartbeat latency per shard", labels=["shard"]
        )
        for shard_id, seconds in _latencies(bot):
            latency.add_metric([str(shard_id)], seconds if math.isfinite(seconds) else math.nan)
        yield latency
        services = bot.services_or_none
        if services is None:
            return
        pool = GaugeMetricFamily(
            "tablebot_db_pool_connections_in_use", "Database connections checked out of the pool"
        )
        pool.add_metric([], _checked_out(services.db.engine.pool))
        yield pool
        caches = GaugeMetricFamily(
            "tablebot_cache_entries", "Entries held per in-memory cache", labels=["cache"]
        )
        caches.add_metric(["spells"], _read(lambda: len(services.spells.cache)))
        caches.add_metric(["guild_settings"], _read(lambda: len(services.guild_settings.cache)))
        yield caches
        listening = GaugeMetricFamily(
            "tablebot_cache_bus_listening", "1 while cache changes of other processes are being received"
        )
        listening.add_metric([], 1 if services.invalidation.listening else 0)
        yield listening


def _read(count: Callable[[], int]) -> float:
    """A size read from this thread while the event loop may change it: a dict that changed
    size mid-count is counted again (NaN if it keeps changing)."""
    for _ in range(3):
        try:
            return float(count())
        except RuntimeError:
            continue
    return math.nan


def _latencies(bot: "TableBot") -> list[tuple[int, float]]:
    for _ in range(3):
        try:
            return list(bot.latencies)
        except RuntimeError:  # a shard connected mid-read
            continue
    return []


def _checked_out(pool: Any) -> int:
    checked_out = getattr(pool, "checkedout", None)
    return int(checked_out()) if callable(checked_out) else 0
