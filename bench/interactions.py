"""NPC interactions: ``/npc interact`` under concurrent writers and ``/npc history`` on a long log.

Run from the project root (about 45 s on 2 cores for SQLite, 90 s with both backends)::

    python bench/interactions.py            # SQLite only
    TEST_DATABASE_URL=postgresql+asyncpg://postgres@127.0.0.1:5432/test python bench/interactions.py

Each backend gets an empty database migrated with ``db.migrate.upgrade``: a
temporary SQLite file, and a scratch PostgreSQL database (created and dropped
here) when ``TEST_DATABASE_URL`` is set. The engine is ``db.engine.create_engine``
with the bot's defaults (a pool of 5 + 10 overflow connections). Everything goes
through the services as the cogs call them; a fixed random seed gives both
backends the same calls and the same data.

What one run measures, per backend:

1. Writes. ``NPCService.interact`` 2,000 times on one NPC, spread over 4
   characters, with random relationship changes in -10..10 and random types:
   first with 1 writer (one call after the other, the baseline), then with 20
   concurrent writers (asyncio tasks of 100 calls each), each run on an NPC and
   characters of its own and the same list of calls. A warm-up run of 100 calls
   on a third NPC opens the pool's connections first. Latency is timed call by
   call with ``time.perf_counter_ns`` around the awaited service call, so under
   load it includes the wait for a pooled connection and for the lock: what a
   member would wait. Then the check for lost updates: each character's score as
   ``NPCService.get`` shows it must be clamp(sum of that character's changes,
   -100, 100), and the NPC's log (``NPCService.history(...).total``) must hold
   one entry per call; errors raised by calls (e.g. "database is locked") are
   counted and shown, and their changes left out of the expected scores.
2. Reads. An NPC with 10,000 interactions (4 characters plus entries without
   one, all six types, timestamps spread over two years), inserted in bulk in
   one transaction, beside 20 other NPCs with 500 entries each for the same
   characters. Then ``NPCService.history`` as the service runs it (find the
   NPC, count the matches, fetch one page of 10, newest first), timed after a
   warm-up: page 1, a deep page (500 of 1,000), filtered by character, filtered
   by type, and both filters on a middle page. The statements of the page-1 call
   are captured as the service sends them and shown with ``EXPLAIN QUERY PLAN``
   (SQLite) / ``EXPLAIN`` (PostgreSQL), with whether they use
   ``ix_npc_interactions_npc_id_timestamp_id``.
   PostgreSQL gets an ``ANALYZE`` after the bulk insert (autovacuum would do it
   shortly); SQLite gets none, as the bot never runs one.
3. Writes on the long log: 200 more ``interact`` calls, 1 writer, on the NPC
   with 10,000 entries, against the 1-writer figures of 1 (an NPC whose log
   grew from 0 to 2,000). Every call re-sums the pair's changes from the log.

How to read it: calls/s is calls over wall time; p50 is the typical call, p99
the slow one. "cpu/call" is this process's CPU time (every thread: the event
loop, and aiosqlite's threads running SQLite itself) per call, and "cpu" that
time over the wall time: near 100% the client's one busy core is the limit, not
the database. The targets (docs/architecture.md, Benchmarks): with 20
concurrent writers, at least 200/s on SQLite, more on PostgreSQL than on
SQLite, and zero lost updates. The verdicts are printed as ok/MISSED; nothing
here fails a build. Other load on the machine shows up in p99 and max first.
"""

import asyncio
import gc
import os
import platform
import random
import sqlite3
import sys
import tempfile
import time
import uuid
import warnings
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    # `python bench/interactions.py` puts bench/ on the path, not the project root.
    sys.path.insert(0, str(ROOT))

import sqlalchemy  # noqa: E402
from sqlalchemy import event, insert, text, update  # noqa: E402

from bench.report import Latency, duration, mark, seconds, table  # noqa: E402
from db import migrate  # noqa: E402
from db.engine import Database, create_engine  # noqa: E402
from db.models import NPC, NPCInteraction  # noqa: E402
from db.schemas import NPCInteractionData, Relationship  # noqa: E402
from db.services import CampaignService, CharacterService, NPCService  # noqa: E402
from db.services.npcs import HISTORY_PAGE  # noqa: E402
from rules.relationships import clamp  # noqa: E402
from tests import pg  # noqa: E402

SEED = 2025
GUILD = 381_234_567_890_123_456
GM = 190_000_000_000_000_001  # the Discord user who logs every entry
CALLS = 2_000
WRITERS = 20
CHARACTERS = 4
WARMUP_CALLS = 100
HISTORY = 10_000
OTHER_NPCS = 20
OTHER_ENTRIES = 500  # per other NPC
READS = 200  # timed history calls per query, after READ_WARMUP
READ_WARMUP = 20
DEEP_PAGE = 500
LONG_LOG_CALLS = 200
TARGET_SQLITE_RATE = 200.0
INDEX = "ix_npc_interactions_npc_id_timestamp_id"
TYPE_WEIGHTS = {"dialogue": 40, "social": 20, "trade": 15, "quest": 10, "combat": 10, "other": 5}

# --- statistics and printing (as in bench/autocomplete.py) -----------------------------------


# --- the world ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Call:
    character: int  # index into the run's characters
    change: int
    interaction_type: str
    summary: str


def make_calls(rng: random.Random, count: int) -> list[Call]:
    types, weights = list(TYPE_WEIGHTS), list(TYPE_WEIGHTS.values())
    return [
        Call(
            rng.randrange(CHARACTERS),
            rng.randint(-10, 10),
            rng.choices(types, weights)[0],
            f"Call {i}: "
            + rng.choice(("haggled", "traded rumours", "asked for work", "threatened", "helped")),
        )
        for i in range(count)
    ]


@dataclass(frozen=True, slots=True)
class Cast:
    """One NPC and the characters who deal with it."""

    npc_id: str
    heroes: tuple[tuple[str, str], ...]  # (id, name)


async def new_cast(npcs: NPCService, characters: CharacterService, label: str, owner: int) -> Cast:
    npc = await npcs.create(GUILD, f"{label} NPC", race="Human", occupation="Innkeeper", location="Greenest")
    heroes = []
    for i in range(CHARACTERS):
        hero = await characters.create(GUILD, owner, f"{label} hero {i}")
        heroes.append((hero.id, hero.name))
    return Cast(npc.id, tuple(heroes))


# --- 1. writes -----------------------------------------------------------------------------------


@dataclass(slots=True)
class WriteRun:
    label: str
    writers: int
    calls: int
    wall: float = 0.0
    cpu: float = 0.0  # this process's CPU seconds (all threads) during the run
    samples: list[int] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    expected: dict[str, int] = field(default_factory=dict)  # character id -> sum of applied changes
    stored: dict[str, int] = field(default_factory=dict)  # character id -> score shown by get()
    logged: int = 0  # entries in the NPC's log
    logged_before: int = 0
    succeeded: int = 0

    @property
    def rate(self) -> float:
        return self.calls / self.wall

    @property
    def discrepancies(self) -> list[str]:
        found = [
            f"{hero[:8]}: stored {self.stored.get(hero, 0)}, expected {clamp(total)}"
            for hero, total in self.expected.items()
            if self.stored.get(hero, 0) != clamp(total)
        ]
        if self.logged != self.logged_before + self.succeeded:
            found.append(f"log holds {self.logged} entries for {self.logged_before} + {self.succeeded} calls")
        return found


async def write_run(
    npcs: NPCService,
    cast: Cast,
    calls: list[Call],
    writers: int,
    label: str,
    *,
    totals: dict[str, int] | None = None,
    logged_before: int = 0,
) -> WriteRun:
    """``totals``: each character's sum of changes already in the NPC's log (``logged_before`` entries)."""
    expected = {hero_id: (totals or {}).get(hero_id, 0) for hero_id, _ in cast.heroes}
    run = WriteRun(label, writers, len(calls), expected=expected, logged_before=logged_before)
    clock = time.perf_counter_ns

    async def writer(mine: list[Call]) -> None:
        for call in mine:
            hero_id = cast.heroes[call.character][0]
            started = clock()
            try:
                await npcs.interact(
                    GUILD,
                    cast.npc_id,
                    interaction_type=call.interaction_type,
                    summary=call.summary,
                    logged_by=GM,
                    character=hero_id,
                    change=call.change,
                )
            except Exception as error:  # counted and shown: that is the point
                run.errors[f"{type(error).__name__}: {str(error).splitlines()[0][:80]}"] += 1
            else:
                run.expected[hero_id] += call.change
                run.succeeded += 1
            run.samples.append(clock() - started)

    gc.collect()
    started, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(writer(calls[i::writers]) for i in range(writers)))
    run.wall = time.perf_counter() - started
    run.cpu = time.process_time() - cpu

    shown = await npcs.get(GUILD, cast.npc_id)
    run.stored = {s.character_id: s.score for s in shown.standings}
    _, page = await npcs.history(GUILD, cast.npc_id)
    run.logged = page.total
    return run


def write_rows(runs: list[WriteRun]) -> list[tuple[str, ...]]:
    rows = []
    for run in runs:
        latency = Latency.of(run.samples)
        lost = run.discrepancies
        rows.append(
            (run.label, str(run.writers), f"{run.calls:,}", str(sum(run.errors.values())), seconds(run.wall),
             f"{run.rate:,.0f}", duration(latency.p50), duration(latency.p99), duration(latency.max),
             duration(run.cpu / run.calls * 1e9), f"{run.cpu / run.wall:.0%}",
             "0" if not lost else str(len(lost)))
        )  # fmt: skip
    return rows


def print_writes(backend: str, runs: list[WriteRun]) -> None:
    header = ("run", "writers", "calls", "errors", "wall", "calls/s", "p50", "p99", "max", "cpu/call", "cpu",
              "lost")  # fmt: skip
    table(
        f"interact: {CALLS:,} calls on one NPC, {CHARACTERS} characters ({backend})", header, write_rows(runs)
    )
    base, loaded = runs[0], runs[-1]
    print(f"{loaded.writers} writers / 1 writer: {loaded.rate / base.rate:.2f}x the calls per second")
    for run in runs:
        print_check(run)


def print_check(run: WriteRun) -> None:
    lost = run.discrepancies
    scores = ", ".join(f"{clamp(total)}" for total in run.expected.values())
    print(f"{run.label}: lost updates: {len(lost)}" + (f" ({'; '.join(lost)})" if lost else ""), end="")
    print(f"; scores {scores}; log {run.logged:,} entries")
    for message, count in run.errors.most_common():
        print(f"  error x{count}: {message}")


# --- 2. reads ------------------------------------------------------------------------------------


def entry_rows(
    rng: random.Random, npc_id: str, heroes: tuple[tuple[str, str], ...], count: int
) -> list[dict]:
    """``count`` entries spread over two years; about one in ten without a character."""
    start = datetime(2023, 1, 1, tzinfo=UTC)
    span = 2 * 365 * 86_400
    types, weights = list(TYPE_WEIGHTS), list(TYPE_WEIGHTS.values())
    rows = []
    for i in range(count):
        hero = rng.choice(heroes) if rng.random() < 0.9 else None
        rows.append(
            {
                "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "npc_id": npc_id,
                "character_id": hero[0] if hero else None,
                "interaction_type": rng.choices(types, weights)[0],
                "summary": f"Entry {i}: " + " ".join(rng.choices(("met", "at", "the", "inn", "gate"), k=12)),
                "outcome": rng.choice((None, None, "A favour owed", "Paid in full")),
                "relationship_change": rng.randint(-10, 10) if hero else 0,
                "timestamp": start
                + timedelta(seconds=rng.randrange(span), microseconds=rng.randrange(10**6)),
                "data": NPCInteractionData(character_name=hero[1] if hero else None),
                "logged_by": GM,
            }
        )
    return rows


def sums(rows: list[dict]) -> dict[str, int]:
    """Each character's sum of changes in these entries."""
    totals: Counter[str] = Counter()
    for row in rows:
        if row["character_id"]:
            totals[row["character_id"]] += row["relationship_change"]
    return dict(totals)


def relationships(rows: list[dict], heroes: tuple[tuple[str, str], ...]) -> list[Relationship]:
    """The NPC's cached scores, as interact would have left them."""
    totals = sums(rows)
    return [Relationship(character_id=i, score=clamp(totals.get(i, 0)), character_name=n) for i, n in heroes]


async def fill_logs(
    db: Database, rng: random.Random, target: Cast, others: list[Cast]
) -> tuple[float, dict[str, int]]:
    """The long log and the other NPCs' logs, in one transaction.

    Returns the seconds it took and each character's sum of changes in the long log.
    """
    logs = [(target, entry_rows(rng, target.npc_id, target.heroes, HISTORY))]
    logs += [(cast, entry_rows(rng, cast.npc_id, target.heroes, OTHER_ENTRIES)) for cast in others]
    started = time.perf_counter()
    async with db.transaction() as session:
        for cast, rows in logs:
            await session.execute(insert(NPCInteraction), rows)
            await session.execute(
                update(NPC)
                .where(NPC.id == cast.npc_id)
                .values(relationships=relationships(rows, target.heroes))
            )
    took = time.perf_counter() - started
    if db.backend == "postgresql":
        async with db.engine.connect() as conn:
            await conn.execute(text("ANALYZE npc_interactions"))
            await conn.commit()
    return took, sums(logs[0][1])


@dataclass(frozen=True, slots=True)
class Read:
    label: str
    options: dict
    latency: Latency
    total: int
    pages: int
    page: int


async def read_run(npcs: NPCService, npc_id: str, label: str, options: dict) -> Read:
    for _ in range(READ_WARMUP):
        await npcs.history(GUILD, npc_id, **options)
    gc.collect()
    samples, clock = [], time.perf_counter_ns
    for _ in range(READS):
        started = clock()
        _, page = await npcs.history(GUILD, npc_id, **options)
        samples.append(clock() - started)
    return Read(label, options, Latency.of(samples), page.total, page.pages, page.page)


def print_reads(backend: str, reads: list[Read]) -> None:
    rows = [
        (read.label, f"{read.total:,}", f"{read.page}/{read.pages}", f"{read.latency.samples:,}",
         duration(read.latency.p50), duration(read.latency.p99), duration(read.latency.max))
        for read in reads
    ]  # fmt: skip
    header = ("history(...)", "matches", "page", "calls", "p50", "p99", "max")
    table(f"history: an NPC with {HISTORY:,} entries, {HISTORY_PAGE} per page ({backend})", header, rows)


@contextmanager
def captured(db: Database):
    """Every statement (and its parameters) the engine sends while the block runs."""
    statements: list[tuple[str, object]] = []

    def remember(_conn, _cursor, statement, parameters, _context, _executemany) -> None:
        statements.append((statement, parameters))

    event.listen(db.engine.sync_engine, "before_cursor_execute", remember)
    try:
        yield statements
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", remember)


async def explain(db: Database, statement: str, parameters: object) -> list[str]:
    async with db.engine.connect() as conn:
        if db.backend == "sqlite":
            nodes = (await conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)).all()
            depth = {0: 0}
            lines = []
            for node_id, parent, _, detail in nodes:
                depth[node_id] = depth.get(parent, 0) + 1
                lines.append("  " * depth[node_id] + detail)
            return lines
        return [row[0] for row in (await conn.exec_driver_sql(f"EXPLAIN {statement}", parameters)).all()]


async def print_plans(db: Database, npcs: NPCService, npc_id: str) -> None:
    with captured(db) as statements:
        await npcs.history(GUILD, npc_id)
    wanted = [
        ("count", next(s for s in statements if "count(" in s[0].lower())),
        ("page 1", next(s for s in statements if "LIMIT" in s[0] and "npc_interactions.timestamp" in s[0])),
    ]
    word = "EXPLAIN QUERY PLAN" if db.backend == "sqlite" else "EXPLAIN"
    for label, (statement, parameters) in wanted:
        plan = await explain(db, statement, parameters)
        uses = any(INDEX in line for line in plan)
        print(f"\n{word}, history page 1, {label} query (uses {INDEX}: {'yes' if uses else 'NO'}):")
        print("  " + " ".join(statement.split()))
        for line in plan:
            print(f"    {line}")


# --- one backend ---------------------------------------------------------------------------------


@dataclass(slots=True)
class Report:
    backend: str
    writes: list[WriteRun]
    long_log: WriteRun
    reads: list[Read]


async def bench_backend(backend: str, url: str, calls: list[Call]) -> Report:
    engine = create_engine(url)
    db = Database(engine)
    npcs, characters = NPCService(db), CharacterService(db)
    rng = random.Random(SEED + 1)
    try:
        with warnings.catch_warnings():
            # Migration 0002's batch_alter_table reflects tables on SQLite, and SQLAlchemy
            # cannot reflect expression indexes (lower(name)): harmless noise here.
            warnings.filterwarnings("ignore", "Skipped unsupported reflection", sqlalchemy.exc.SAWarning)
            await migrate.upgrade(engine)
        await CampaignService(db).create(GUILD, name="Bench", setting="The Sword Coast")
        print(f"\n== {backend} ==")
        if backend == "postgresql":
            async with engine.connect() as conn:
                print((await conn.execute(text("SELECT version()"))).scalar_one().split(",")[0])

        warm = await new_cast(npcs, characters, "Warm-up", owner=1)
        await write_run(npcs, warm, calls[:WARMUP_CALLS], WRITERS, "warm-up")
        runs = []
        for owner, writers in ((2, 1), (3, WRITERS)):
            cast = await new_cast(npcs, characters, f"{writers} writers", owner=owner)
            runs.append(await write_run(npcs, cast, calls, writers, f"{writers} writer{'s' * (writers > 1)}"))
        print_writes(backend, runs)

        target = await new_cast(npcs, characters, "Chronicler", owner=4)
        others = []
        for i in range(OTHER_NPCS):
            npc = await npcs.create(GUILD, f"Bystander {i}")
            others.append(Cast(npc.id, target.heroes))
        took, totals = await fill_logs(db, rng, target, others)
        entries = HISTORY + OTHER_NPCS * OTHER_ENTRIES
        print(
            f"\n{entries:,} entries inserted in one transaction in {seconds(took)} "
            f"({HISTORY:,} for the NPC, {OTHER_ENTRIES} for each of {OTHER_NPCS} others)"
        )
        hero_id, hero_name = target.heroes[0]
        queries = [
            ("page 1", {}),
            (f"page {DEEP_PAGE}", {"page": DEEP_PAGE}),
            (f"character={hero_name!r}", {"character": hero_id}),
            ("interaction_type='trade'", {"interaction_type": "trade"}),
            ("character + type, page 20", {"character": hero_id, "interaction_type": "trade", "page": 20}),
        ]
        reads = [await read_run(npcs, target.npc_id, label, options) for label, options in queries]
        print_reads(backend, reads)
        await print_plans(db, npcs, target.npc_id)

        long_log = await write_run(
            npcs, target, calls[:LONG_LOG_CALLS], 1, f"1 writer, {HISTORY:,}-entry log",
            totals=totals, logged_before=HISTORY,
        )  # fmt: skip
        print_long_log(backend, runs[0], long_log)
        return Report(backend, runs, long_log, reads)
    finally:
        await engine.dispose()


def print_long_log(backend: str, base: WriteRun, run: WriteRun) -> None:
    header = ("run", "calls", "calls/s", "p50", "p99", "max", "cpu/call", "cpu", "lost")
    rows = [row[:1] + row[2:3] + row[5:] for row in write_rows([base, run])]
    table(f"interact on the long log ({backend}), against the 1-writer run of 1", header, rows)
    print_check(run)


def print_summary(reports: list[Report]) -> None:
    rows = []
    sqlite_rate = next((r.writes[-1].rate for r in reports if r.backend == "sqlite"), None)
    for report in reports:
        loaded = report.writes[-1]
        lost = len(loaded.discrepancies) + sum(loaded.errors.values())
        if report.backend == "sqlite":
            target, ok = f">= {TARGET_SQLITE_RATE:.0f}/s", loaded.rate >= TARGET_SQLITE_RATE
        else:
            ratio = f" ({loaded.rate / sqlite_rate:.2f}x)" if sqlite_rate else ""
            target, ok = f"> SQLite{ratio}", sqlite_rate is None or loaded.rate > sqlite_rate
        rows.append(
            (report.backend, f"{loaded.rate:,.0f}", target, mark(ok), str(lost), "0", mark(lost == 0),
             duration(report.reads[0].latency.p99), duration(report.reads[1].latency.p99))
        )  # fmt: skip
    header = ("backend", f"calls/s, {WRITERS} writers", "target", "", "lost + errors", "target", "",
              "history p99 page 1", f"page {DEEP_PAGE}")  # fmt: skip
    table("Summary (docs/architecture.md, Benchmarks: /npc interact)", header, rows)


def print_header(calls: list[Call]) -> None:
    print("NPC interactions benchmark")
    print(
        f"Python {platform.python_version()}, SQLAlchemy {sqlalchemy.__version__}, "
        f"SQLite {sqlite3.sqlite_version}, {os.cpu_count()} CPUs; seed {SEED}"
    )
    changes = Counter(call.character for call in calls)
    print(
        f"{len(calls):,} interact calls, changes -10..10 (sum {sum(c.change for c in calls):+d}), "
        f"calls per character {sorted(changes.values())}; pool 5 + 10 overflow (bot defaults)"
    )


async def run() -> None:
    calls = make_calls(random.Random(SEED), CALLS)
    print_header(calls)
    reports = []
    with tempfile.TemporaryDirectory(prefix="bench-interactions-") as folder:
        reports.append(await bench_backend("sqlite", f"sqlite+aiosqlite:///{folder}/bench.db", calls))
    if pg.server_url():
        url = await pg.create_database("tablebot_bench")
        try:
            reports.append(await bench_backend("postgresql", url, calls))
        finally:
            await pg.drop_database(url)
    else:
        print("\npostgresql: skipped (set TEST_DATABASE_URL to include it)")
    print_summary(reports)


def main() -> None:
    asyncio.run(run())


if __name__ == "__main__":
    main()
