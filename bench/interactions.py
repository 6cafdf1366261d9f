"""NPC interactions: ``/npc interact`` under concurrent writers, ``/npc history`` on a long log,
and the statements a command sends.

Run from the project root (about 2 minutes on 2 cores with both backends)::

    python bench/interactions.py            # SQLite only
    TEST_DATABASE_URL=postgresql+asyncpg://postgres@127.0.0.1:5432/test python bench/interactions.py

Each backend gets an empty database migrated with ``db.migrate.upgrade``: a
temporary SQLite file, and a scratch PostgreSQL database (created and dropped
here) when ``TEST_DATABASE_URL`` is set. The engine is ``db.engine.create_engine``
with the bot's defaults (a pool of 5 + 10 overflow connections on PostgreSQL,
without pre-ping; SQLite through ``db/sqlite_driver.py``, one thread hop a
statement). Everything goes through the services as the cogs call them; a fixed
random seed gives both backends the same calls and the same data.

What one run measures, per backend:

1. Writes. ``NPCService.interact`` 2,000 times, by ids (as autocomplete sends
   them), with random changes in -10..10 and random types, each run on an NPC
   and characters of its own: 1 writer (one call after the other) and 20
   concurrent writers (asyncio tasks of 100 calls each) over 4 characters; then
   20 writers all on one pair, and 20 writers on 20 different characters of one
   NPC. A warm-up run opens the pool's connections first. Latency is timed call
   by call around the awaited service call, so under load it includes the wait
   for a pooled connection and for the locks: what a member would wait. Lost
   updates: each character's score as ``NPCService.get`` shows it must be
   clamp(sum of the changes that call applied), and the log
   (``NPCService.history(...).total``) must hold one entry per call; errors are
   counted and shown.
2. Reads. An NPC with 10,000 interactions (4 characters plus entries without
   one, all six types, over two years), inserted in bulk in one transaction with
   its stored standings and counts, beside 20 NPCs with 500 entries each. Then
   ``NPCService.history`` timed after a warm-up: page 1, page 500 (of 1,000), by
   character, by type, both. PostgreSQL gets ``VACUUM ANALYZE`` after the bulk
   insert: what autovacuum does within a minute of such an insert (PostgreSQL 13+
   vacuums insert-only tables too); SQLite gets nothing, as the bot runs nothing.
   The page query's plan is shown with whether it uses the paging index.
3. Cost against the log's length: 1 writer on an NPC with an empty log and on
   the NPC with 10,000 entries, in alternating rounds (so the machine's other load
   falls on both alike).
4. Statements per command, counted with ``tests/roundtrips.py`` (an engine event
   listener, ``before_cursor_execute``, plus asyncpg's query logger for what
   asyncpg sends on its own: BEGIN, COMMIT, and pre-ping's BEGIN, ``;``,
   ROLLBACK should it be turned on; on SQLite aiosqlite's thread hops), once
   warm, called as the cogs call the services: ``/npc interact`` by ids and
   by names, ``/npc show`` (``NPCService.get`` and the cog's GM check for a
   member, with the guild's settings cached), ``/npc history``, ``/spell``
   (``SpellService.look_up`` with the guild's settings cached) and ``/roll``
   (``DiceService.roll``).

How to read it: calls/s is calls over wall time; p50 is the typical call, p99
the slow one. "cpu/call" is this process's CPU time (every thread: the event
loop, and aiosqlite's threads running SQLite itself) per call, and "cpu" that
time over the wall time: near 100% this process's one busy core is the limit,
not the database. The goals (docs/architecture.md, Benchmarks) are printed with
the figures and marked ok/MISSED; nothing here fails a build. Other load on the
machine shows up in p99 and max first: run it twice and read the range.
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
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    # `python bench/interactions.py` puts bench/ on the path, not the project root.
    sys.path.insert(0, str(ROOT))

import sqlalchemy  # noqa: E402
from sqlalchemy import insert, text  # noqa: E402

from bench.report import Latency, duration, mark, seconds, table  # noqa: E402
from db import migrate  # noqa: E402
from db.engine import Database, create_engine  # noqa: E402
from db.models import NPCInteraction, NPCLogCount, NPCStanding  # noqa: E402
from db.schemas import NPCInteractionData  # noqa: E402
from db.services import (  # noqa: E402
    CampaignService,
    CharacterService,
    DiceService,
    GuildSettingsService,
    NPCService,
    SpellService,
)
from db.services.npcs import HISTORY_PAGE  # noqa: E402
from rules.relationships import clamp  # noqa: E402
from rules.spells.cache import SpellCache  # noqa: E402
from rules.spells.homebrew import HomebrewSpell  # noqa: E402
from tests import pg  # noqa: E402
from tests.roundtrips import RoundTrips, Trips  # noqa: E402

SEED = 2025
GUILD = 381_234_567_890_123_456
GM = 190_000_000_000_000_001  # the Discord user who logs every entry
GM_ROLE = 190_000_000_000_000_777
CALLS = 2_000
WRITERS = 20
CHARACTERS = 4
PAIRS = 20  # characters of the "different pairs" run
WARMUP_CALLS = 200
HISTORY = 10_000
OTHER_NPCS = 20
OTHER_ENTRIES = 500  # per other NPC
READS = 300  # timed history calls per query, after READ_WARMUP
READ_WARMUP = 30
DEEP_PAGE = 500
LOG_ROUNDS = 6  # alternating rounds of the empty-log and long-log runs
LOG_CALLS = 100  # calls per round and NPC
INDEX = "ix_npc_interactions_npc_id_timestamp_id"
TYPE_WEIGHTS = {"dialogue": 40, "social": 20, "trade": 15, "quest": 10, "combat": 10, "other": 5}

# Goals (docs/architecture.md, Benchmarks; the design's performance goals).
GOAL_RATE = {"postgresql": 1_000.0, "sqlite": 500.0}  # /npc interact with 20 writers
GOAL_LONG_LOG = 0.90  # the 10,000-entry log's rate at least 90% of the empty log's
GOAL_HISTORY_P99_NS = 3_000_000
GOAL_INTERACT_STATEMENTS = 4  # by ids on PostgreSQL, BEGIN and COMMIT included


# --- the world ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Call:
    character: int  # index into the run's characters
    change: int
    interaction_type: str
    summary: str


def make_calls(rng: random.Random, count: int, characters: int = CHARACTERS) -> list[Call]:
    types, weights = list(TYPE_WEIGHTS), list(TYPE_WEIGHTS.values())
    return [
        Call(
            rng.randrange(characters),
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


async def new_cast(
    npcs: NPCService, characters: CharacterService, label: str, owner: int, count: int = CHARACTERS
) -> Cast:
    npc = await npcs.create(GUILD, f"{label} NPC", race="Human", occupation="Innkeeper", location="Greenest")
    heroes = []
    for i in range(count):
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

    @property
    def lost(self) -> int:
        return len(self.discrepancies) + sum(self.errors.values())


async def write_run(
    npcs: NPCService,
    cast: Cast,
    calls: list[Call],
    writers: int,
    label: str,
    *,
    totals: dict[str, int] | None = None,
    logged_before: int = 0,
    check: bool = True,
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
    if check:
        shown = await npcs.get(GUILD, cast.npc_id)
        run.stored = {s.character_id: s.score for s in shown.standings if s.character_id is not None}
        _, page = await npcs.history(GUILD, cast.npc_id)
        run.logged = page.total
    return run


def write_rows(runs: list[WriteRun]) -> list[tuple[str, ...]]:
    rows = []
    for run in runs:
        latency = Latency.of(run.samples)
        rows.append(
            (run.label, str(run.writers), f"{run.calls:,}", str(sum(run.errors.values())), seconds(run.wall),
             f"{run.rate:,.0f}", duration(latency.p50), duration(latency.p99), duration(latency.max),
             duration(run.cpu / run.calls * 1e9), f"{run.cpu / run.wall:.0%}", str(len(run.discrepancies)))
        )  # fmt: skip
    return rows


def print_writes(backend: str, runs: list[WriteRun]) -> None:
    header = ("run", "writers", "calls", "errors", "wall", "calls/s", "p50", "p99", "max", "cpu/call", "cpu",
              "lost")  # fmt: skip
    table(f"interact: {CALLS:,} calls per run, by ids ({backend})", header, write_rows(runs))
    base, loaded = runs[0], runs[1]
    print(f"20 writers / 1 writer (4 characters): {loaded.rate / base.rate:.2f}x the calls per second")
    print(f"20 writers on 20 pairs / on one pair: {runs[3].rate / runs[2].rate:.2f}x")
    for run in runs:
        print_check(run)


def print_check(run: WriteRun) -> None:
    lost = run.discrepancies
    scores = ", ".join(f"{clamp(total)}" for total in list(run.expected.values())[:6])
    more = ", ..." if len(run.expected) > 6 else ""
    print(f"{run.label}: lost updates: {len(lost)}" + (f" ({'; '.join(lost)})" if lost else ""), end="")
    print(f"; scores {scores}{more}; log {run.logged:,} entries")
    for message, count in run.errors.most_common():
        print(f"  error x{count}: {message}")


# --- 2. reads ------------------------------------------------------------------------------------


def entry_rows(
    rng: random.Random, npc_id: str, heroes: tuple[tuple[str, str], ...], count: int
) -> list[dict[str, Any]]:
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


def sums(rows: list[dict[str, Any]]) -> dict[str, int]:
    """Each character's sum of changes in these entries."""
    totals: Counter[str] = Counter()
    for row in rows:
        if row["character_id"]:
            totals[row["character_id"]] += row["relationship_change"]
    return dict(totals)


def counts(npc_id: str, rows: list[dict[str, Any]], heroes: tuple[tuple[str, str], ...]) -> list[Any]:
    """The stored standings and count that interact would have left for these entries."""
    names = dict(heroes)
    totals = sums(rows)
    entries = Counter(row["character_id"] for row in rows)
    stored: list[Any] = [
        NPCStanding(npc_id=npc_id, character_id=hero, character_name=names[hero], total=total,
                    interactions=entries[hero])
        for hero, total in totals.items()
    ]  # fmt: skip
    if entries[None]:
        stored.append(NPCLogCount(npc_id=npc_id, without_character=entries[None]))
    return stored


async def fill_logs(
    db: Database, rng: random.Random, target: Cast, others: list[Cast]
) -> tuple[float, dict[str, int]]:
    """The long log and the other NPCs' logs, in one transaction, with their stored totals.

    Returns the seconds it took and each character's sum of changes in the long log.
    """
    logs = [(target, entry_rows(rng, target.npc_id, target.heroes, HISTORY))]
    logs += [(cast, entry_rows(rng, cast.npc_id, target.heroes, OTHER_ENTRIES)) for cast in others]
    started = time.perf_counter()
    async with db.transaction() as session:
        for cast, rows in logs:
            await session.execute(insert(NPCInteraction), rows)
            session.add_all(counts(cast.npc_id, rows, target.heroes))
    took = time.perf_counter() - started
    if db.backend == "postgresql":
        async with db.engine.connect() as conn:
            conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.execute(text("VACUUM ANALYZE npc_interactions"))
    return took, sums(logs[0][1])


@dataclass(frozen=True, slots=True)
class Read:
    label: str
    options: dict[str, Any]
    latency: Latency
    total: int
    pages: int
    page: int


async def read_run(npcs: NPCService, npc_id: str, label: str, options: dict[str, Any]) -> Read:
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
    header = ("history(...)", "entries", "page", "calls", "p50", "p99", "max")
    table(f"history: an NPC with {HISTORY:,} entries, {HISTORY_PAGE} per page ({backend})", header, rows)


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


async def print_plan(db: Database, npcs: NPCService, npc_id: str) -> None:
    captured: list[tuple[str, object]] = []

    def remember(_conn: Any, _cursor: Any, statement: str, parameters: object, *_: Any) -> None:
        captured.append((statement, parameters))

    sqlalchemy.event.listen(db.engine.sync_engine, "before_cursor_execute", remember)
    try:
        await npcs.history(GUILD, npc_id, page=DEEP_PAGE)
    finally:
        sqlalchemy.event.remove(db.engine.sync_engine, "before_cursor_execute", remember)
    statement, parameters = next(s for s in captured if "OFFSET" in s[0])
    plan = await explain(db, statement, parameters)
    uses = any(INDEX in line for line in plan)
    word = "EXPLAIN QUERY PLAN" if db.backend == "sqlite" else "EXPLAIN"
    print(f"\n{word}, history page {DEEP_PAGE} (uses {INDEX}: {'yes' if uses else 'NO'}):")
    print("  " + " ".join(statement.split()))
    for line in plan:
        print(f"    {line}")


# --- 3. the log's length -------------------------------------------------------------------------


@dataclass(slots=True)
class LogLength:
    empty: list[WriteRun]
    long: list[WriteRun]

    @staticmethod
    def rate(runs: list[WriteRun]) -> float:
        return sum(r.calls for r in runs) / sum(r.wall for r in runs)

    @property
    def ratio(self) -> float:
        return self.rate(self.long) / self.rate(self.empty)


async def log_length_run(
    npcs: NPCService, empty: Cast, long: Cast, calls: list[Call], totals: dict[str, int]
) -> LogLength:
    result = LogLength([], [])
    for number in range(LOG_ROUNDS):
        mine = calls[number * LOG_CALLS : (number + 1) * LOG_CALLS]
        result.empty.append(await write_run(npcs, empty, mine, 1, "empty log", check=False))
        result.long.append(await write_run(npcs, long, mine, 1, "long log", check=False, totals=totals))
    return result


def print_log_length(backend: str, result: LogLength) -> None:
    rows = []
    for label, runs in (("empty log (grows to 600)", result.empty), (f"{HISTORY:,}-entry log", result.long)):
        latency = Latency.of([sample for run in runs for sample in run.samples])
        per_round = " ".join(f"{run.rate:,.0f}" for run in runs)
        rows.append((label, f"{LogLength.rate(runs):,.0f}", per_round, duration(latency.p50),
                     duration(latency.p99)))  # fmt: skip
    header = ("1 writer, by ids", "calls/s", f"per round ({LOG_ROUNDS} x {LOG_CALLS})", "p50", "p99")
    table(f"interact against the log's length ({backend}), alternating rounds", header, rows)
    print(f"{HISTORY:,}-entry log / empty log: {result.ratio:.2f}x the calls per second")


# --- 4. statements per command -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Count:
    command: str
    trips: Trips
    note: str = ""


async def count_statements(db: Database, counter: RoundTrips, cast: Cast) -> list[Count]:
    settings = GuildSettingsService(db)
    npcs, dice = NPCService(db), DiceService(db)
    spells = SpellService(db, SpellCache(), settings)
    await spells.load_cache()  # the bench does not seed the SRD: one homebrew spell to look up
    await spells.add_homebrew(GUILD, [HomebrewSpell(name="Ember Ward", level=1, school="Abjuration",
                                                    description="A ward of embers.")])  # fmt: skip
    await settings.set_gm_role(GUILD, GM_ROLE)
    await settings.settings(GUILD)  # cached from here on, as after the guild's first command
    hero_id, hero_name = cast.heroes[0]
    npc_name = (await npcs.get(GUILD, cast.npc_id)).name

    def interact(npc: str, character: str) -> Any:
        return npcs.interact(
            GUILD,
            npc,
            interaction_type="trade",
            summary="Counted",
            logged_by=GM,
            character=character,
            change=1,
        )

    async def show() -> None:
        await npcs.get(GUILD, cast.npc_id)
        await settings.gm_role(GUILD)  # the cog's is_gm_member for a member who is not an admin

    commands: list[tuple[str, Any, str]] = [
        ("/npc interact, by ids", lambda: interact(cast.npc_id, hero_id), ""),
        ("/npc interact, by names", lambda: interact(npc_name, hero_name), "a name costs its lookup"),
        ("/npc show (+ GM check)", show, "settings cached: the check reads nothing"),
        ("/npc history, page 1", lambda: npcs.history(GUILD, cast.npc_id), ""),
        ("/spell Ember Ward", lambda: spells.look_up("Ember Ward", GUILD), "settings cached: the card only"),
        ("/spell, no such spell", lambda: spells.look_up("Qwxzzy", GUILD), "settings cached"),
        ("/roll 1d20+5", lambda: dice.roll(GUILD, 1, GM, "1d20+5"), ""),
    ]
    found = []
    for label, work, note in commands:
        await work()  # warm: the pool and the prepared statements
        _, trips = await counter.measure(work())
        found.append(Count(label, trips, note))
    return found


def print_counts(backend: str, found: list[Count]) -> None:
    rows = []
    for item in found:
        trips = item.trips
        kinds = Counter(query.split()[0] for query in trips.statements)
        described = ", ".join(f"{n} {kind}" for kind, n in kinds.items()) or "none"
        rows.append(
            (
                item.command,
                str(trips.without_ping),
                str(trips.ping_trips),
                str(trips.total),
                described,
                item.note,
            )
        )
    header = (
        "command",
        "round trips (SQLite: thread hops)",
        "+ pre-ping",
        "= all",
        "statements sent (SQLite's BEGIN among them, riding with the next)",
        "",
    )
    table(f"statements per command ({backend}; PostgreSQL's BEGIN and COMMIT counted)", header, rows)


# --- one backend ---------------------------------------------------------------------------------


@dataclass(slots=True)
class Report:
    backend: str
    writes: list[WriteRun]
    log_length: LogLength
    reads: list[Read]
    counts: list[Count]


async def bench_backend(backend: str, url: str, calls: list[Call], pair_calls: list[Call]) -> Report:
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
        one = await new_cast(npcs, characters, "One pair", owner=5, count=1)
        one_pair = [replace(call, character=0) for call in pair_calls]
        runs.append(await write_run(npcs, one, one_pair, WRITERS, "20 writers, one pair"))
        many = await new_cast(npcs, characters, "Twenty pairs", owner=6, count=PAIRS)
        runs.append(await write_run(npcs, many, pair_calls, WRITERS, "20 writers, 20 pairs"))
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
            + ("; then VACUUM ANALYZE" if backend == "postgresql" else "")
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
        await print_plan(db, npcs, target.npc_id)

        fresh = await new_cast(npcs, characters, "Newcomer", owner=7)
        long_log = Cast(target.npc_id, target.heroes)
        log_length = await log_length_run(npcs, fresh, long_log, calls, totals)
        print_log_length(backend, log_length)

        found = await count_statements(db, await RoundTrips.watching(engine), target)
        print_counts(backend, found)
        return Report(backend, runs, log_length, reads, found)
    finally:
        await engine.dispose()


def print_summary(reports: list[Report]) -> None:
    rows: list[tuple[str, ...]] = []
    for report in reports:
        backend = report.backend
        loaded = report.writes[1]
        rate_goal = GOAL_RATE[backend]
        rows.append(
            (
                backend,
                f"/npc interact, {WRITERS} writers",
                f">= {rate_goal:,.0f}/s",
                f"{loaded.rate:,.0f}/s",
                mark(loaded.rate >= rate_goal),
            )
        )
        for run in report.writes[2:]:
            rows.append(
                (
                    backend,
                    f"/npc interact, {run.label}",
                    f">= {rate_goal:,.0f}/s",
                    f"{run.rate:,.0f}/s",
                    mark(run.rate >= rate_goal),
                )
            )
        lost = sum(run.lost for run in report.writes)
        rows.append((backend, "lost updates and errors, all runs", "0", str(lost), mark(lost == 0)))
        ratio = report.log_length.ratio
        rows.append(
            (
                backend,
                f"{HISTORY:,}-entry log / empty log",
                f">= {GOAL_LONG_LOG:.2f}x",
                f"{ratio:.2f}x",
                mark(ratio >= GOAL_LONG_LOG),
            )
        )
        for read in report.reads[:2]:
            p99 = read.latency.p99
            rows.append(
                (
                    backend,
                    f"/npc history p99, {read.label}",
                    duration(GOAL_HISTORY_P99_NS),
                    f"{duration(p99)} (p50 {duration(read.latency.p50)})",
                    mark(p99 <= GOAL_HISTORY_P99_NS),
                )
            )
        by_command = {item.command: item.trips for item in report.counts}
        spell = by_command["/spell Ember Ward"]
        settings_reads = sum("guild_settings" in q for q in spell.statements)
        rows.append(
            (
                backend,
                "/spell, cached settings: settings round trips",
                "0",
                f"{settings_reads} (card: {spell.total} in all)",
                mark(settings_reads == 0),
            )
        )
        if backend == "postgresql":
            interact = by_command["/npc interact, by ids"]
            rows.append(
                (
                    backend,
                    "/npc interact by ids: statements",
                    f"<= {GOAL_INTERACT_STATEMENTS}",
                    f"{interact.without_ping} (+{interact.ping_trips} pre-ping)",
                    mark(interact.without_ping <= GOAL_INTERACT_STATEMENTS),
                )
            )
    table("Summary: goal against measured", ("backend", "what", "goal", "measured", ""), rows)


def print_header(calls: list[Call]) -> None:
    print("NPC interactions benchmark")
    print(
        f"Python {platform.python_version()}, SQLAlchemy {sqlalchemy.__version__}, "
        f"SQLite {sqlite3.sqlite_version}, {os.cpu_count()} CPUs; seed {SEED}"
    )
    changes = Counter(call.character for call in calls)
    print(
        f"{len(calls):,} interact calls per run, changes -10..10 (sum {sum(c.change for c in calls):+d}), "
        f"calls per character {sorted(changes.values())}; pool 5 + 10 overflow (bot defaults)"
    )


async def run() -> None:
    calls = make_calls(random.Random(SEED), CALLS)
    pair_calls = make_calls(random.Random(SEED + 2), CALLS, PAIRS)
    print_header(calls)
    reports = []
    with tempfile.TemporaryDirectory(prefix="bench-interactions-") as folder:
        reports.append(
            await bench_backend("sqlite", f"sqlite+aiosqlite:///{folder}/bench.db", calls, pair_calls)
        )
    if pg.server_url():
        url = await pg.create_database("tablebot_bench")
        try:
            reports.append(await bench_backend("postgresql", url, calls, pair_calls))
        finally:
            await pg.drop_database(url)
    else:
        print("\npostgresql: skipped (set TEST_DATABASE_URL to include it)")
    print_summary(reports)


def main() -> None:
    asyncio.run(run())


if __name__ == "__main__":
    main()
