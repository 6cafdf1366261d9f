"""Dice: rolls per second through ``DiceService.roll`` (engine + one history row), beside bare d20.

Run from the project root::

    python bench/dice.py                  # SQLite only
    TEST_DATABASE_URL=postgresql+asyncpg://postgres@127.0.0.1:5432/test python bench/dice.py

What one run measures (fixed random seed, the same mix of six everyday expressions):

1. Baseline: ``d20.roll`` alone, the library without our checks or any database; and with
   its Markdown text, which d20 builds lazily and every reply needs.
2. ``rules.dice.engine.roll``: d20 plus our limits, crit detection and Markdown detail.
3. ``DiceService.roll`` on a temporary SQLite file migrated with ``db.migrate.upgrade``,
   one writer and then 20 concurrent writers (each roll is one write transaction), and on
   a scratch PostgreSQL database (created and dropped here) when ``TEST_DATABASE_URL`` is
   set. After each run the rows are counted: every roll must have been stored.
   ``recent`` (the /rolls query, limit 10) is timed on the filled table too.
4. Worst cases: how long absurd expressions take to be refused, and one heavy legal roll,
   against stock d20 on the same input (its ``keep`` re-selects once per die and selector).

Nothing is asserted; the figures are for reading.
"""

import asyncio
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    # `python bench/dice.py` puts bench/ on the path, not the project root.
    sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from db import migrate  # noqa: E402
from db.engine import Database, create_engine  # noqa: E402
from db.models import DiceRoll  # noqa: E402
from db.services.dice import DiceService  # noqa: E402
from rules.dice import engine  # noqa: E402
from rules.dice.engine import d20  # noqa: E402  (imported there with lark's warnings silenced)
from rules.errors import InvalidInputError  # noqa: E402
from tests import pg  # noqa: E402

EXPRESSIONS = ["1d20+5", "2d20kh1+5", "8d6", "4d6kh3", "1d8[slashing]+2d6[fire]+3", "2d6ro1+4"]
SERVICE_ROLLS = 2000
CONCURRENCY = 20
GUILDS = 5

Row = tuple[str, str, int, int, float]  # path, backend, writers, rolls, seconds


def timed_loop(fn: Callable[[str], object], count: int) -> float:
    start = time.perf_counter()
    for i in range(count):
        fn(EXPRESSIONS[i % len(EXPRESSIONS)])
    return time.perf_counter() - start


async def service_rolls(service: DiceService, count: int, writers: int, offset: int) -> float:
    async def writer(index: int) -> None:
        for i in range(index, count, writers):
            n = offset + i
            await service.roll(
                guild_id=1 + n % GUILDS,
                channel_id=10,
                user_id=100 + n % 7,
                expression=EXPRESSIONS[n % len(EXPRESSIONS)],
                reason="bench" if n % 3 == 0 else None,
            )

    start = time.perf_counter()
    await asyncio.gather(*(writer(w) for w in range(writers)))
    return time.perf_counter() - start


async def stored(db: Database) -> int:
    async with db.transaction(write=False) as session:
        return await session.scalar(select(func.count()).select_from(DiceRoll))


async def recent_latency(service: DiceService, rounds: int = 500) -> tuple[float, float]:
    samples = []
    for i in range(rounds):
        start = time.perf_counter()
        await service.recent(1 + i % GUILDS, user_id=100 + i % 7 if i % 2 else None, limit=10)
        samples.append(time.perf_counter() - start)
    samples.sort()
    return statistics.median(samples) * 1e3, samples[int(len(samples) * 0.99) - 1] * 1e3


async def bench_backend(backend: str, url: str) -> tuple[list[Row], tuple[float, float], list[str]]:
    database = Database(create_engine(url, pool_size=CONCURRENCY, max_overflow=0))
    notes: list[str] = []
    try:
        await migrate.upgrade(database.engine)
        service = DiceService(database)
        await service_rolls(service, 50, 1, 0)  # warm-up: connections, statement caches
        rows: list[Row] = []
        done = 50
        for writers in (1, CONCURRENCY):
            seconds = await service_rolls(service, SERVICE_ROLLS, writers, done)
            done += SERVICE_ROLLS
            rows.append(("DiceService.roll", backend, writers, SERVICE_ROLLS, seconds))
        kept = await stored(database)
        verdict = "none lost" if kept == done else "SOME LOST"
        notes.append(f"{backend}: {kept} rows stored for {done} rolls ({verdict})")
        latency = await recent_latency(service)
        return rows, latency, notes
    finally:
        await database.dispose()


def worst_cases() -> list[tuple[str, str, float]]:
    out = []
    absurd = [
        "1000000d1000000",
        "1d1e1",
        "1d1" + "e1" * 60,
        "500d6rrl1",
        "9" * 200,
        "(" * 98 + "1d6" + ")" * 98,
    ]
    for text in absurd:
        start = time.perf_counter()
        try:
            engine.roll(text)
            verdict = "rolled"
        except InvalidInputError:
            verdict = "refused"
        out.append((f"{'engine':9} {text[:34]}", verdict, (time.perf_counter() - start) * 1e3))
    heavy = "1000d6" + "kh1" * 8
    for name, fn in (("engine", engine.roll), ("stock d20", d20.Roller().roll)):
        start = time.perf_counter()
        fn(heavy)
        out.append((f"{name:9} {heavy[:34]}", "rolled", (time.perf_counter() - start) * 1e3))
    return out


async def main() -> None:
    random.seed(5)
    rows: list[Row] = []
    count = 30_000
    timed_loop(d20.roll, 1000)  # warm-up: lark's parse tables
    timed_loop(engine.roll, 1000)
    rows.append(("d20.roll (baseline, no database)", "-", 1, count, timed_loop(d20.roll, count)))
    with_text = timed_loop(lambda text: d20.roll(text).result, count)
    rows.append(("d20.roll + its Markdown text", "-", 1, count, with_text))
    rows.append(("engine.roll (no database)", "-", 1, count, timed_loop(engine.roll, count)))

    latencies: dict[str, tuple[float, float]] = {}
    notes: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        found, latencies["sqlite"], more = await bench_backend(
            "sqlite", f"sqlite+aiosqlite:///{tmp}/bench.db"
        )
        rows += found
        notes += more
    if pg.server_url():
        url = await pg.create_database("tablebot_bench")
        try:
            found, latencies["postgresql"], more = await bench_backend("postgresql", url)
            rows += found
            notes += more
        finally:
            await pg.drop_database(url)
    else:
        notes.append("postgresql: skipped (set TEST_DATABASE_URL to include it)")

    baseline = rows[0][3] / rows[0][4]
    print(f"Dice rolls per second · Python {sys.version.split()[0]} · mix: {', '.join(EXPRESSIONS)}")
    print()
    columns = ("backend", "writers", "rolls", "seconds", "rolls/s", "vs d20")
    header = f"{'path':34} {columns[0]:10} " + " ".join(f"{c:>8}" for c in columns[1:])
    print(header)
    print("-" * len(header))
    for path, backend, writers, count_, seconds in rows:
        rate = count_ / seconds
        figures = f"{writers:>8} {count_:>8} {seconds:>8.2f} {rate:>8,.0f} {rate / baseline:>7.3f}x"
        print(f"{path:34} {backend:10} {figures}")
    print()
    for backend, (p50, p99) in latencies.items():
        print(f"recent(limit=10) on {backend}: p50 {p50:.2f} ms, p99 {p99:.2f} ms (after the rolls above)")
    for note in notes:
        print(note)
    print()
    print(f"{'worst cases (one call each)':50} {'outcome':8} {'ms':>9}")
    for name, verdict, ms in worst_cases():
        print(f"{name:50} {verdict:8} {ms:>9.1f}")


if __name__ == "__main__":
    asyncio.run(main())
