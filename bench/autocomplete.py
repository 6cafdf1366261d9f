"""Spell autocomplete: the in-memory ``SpellCache`` against the same lookups as indexed SQL.

Run from the project root (about 35 s on 2 cores)::

    python bench/autocomplete.py            # the report
    python bench/autocomplete.py --profile  # and a cProfile of the typo path at 10,658 spells
    python bench/autocomplete.py --compendium  # only section 6, the compendium (issue 12)

What one run measures (fixed random seed: every run asks the same questions):

1. Start. Cold: an empty SQLite file -> migrate, ``seed_srd`` (both SRDs), load
   the cache from the database the way the bot does (``SpellService.load_cache``:
   the needed columns of every spell, then ``cache.load``). Warm: the same on
   the seeded file, where ``seed_srd`` only checks its fingerprint. Modules are
   imported before the clock starts (the bot imports them before
   ``setup_hook`` too). "first" is the first run in the process.
2. Memory: what the loaded cache keeps (tracemalloc, after a full garbage
   collection, with the lazily built substring blob), for the 658 SRD spells
   and for those plus 10,000 homebrew spells of one guild; and the peak while
   loading (rows and cache together).
3. Cache latency per keystroke: ``SpellCache.search`` timed call by call with
   ``time.perf_counter_ns`` after a warm-up round, for three kinds of query:
   prefixes (every keystroke of real spell names), substrings (common word
   parts and slices from the middle of names) and typos (well-known ones plus
   a letter swapped, dropped or doubled in random names). (a) is the SRD
   alone; (b) adds the 10,000 homebrew spells and searches as their guild.
   "fuzzy" is the share of queries that reached the typo-tolerant tier (it
   runs whenever the exact tiers found fewer than 25 spells). After each
   table, every distinct query's top 25 (ids and tiers) is compared with the
   plain reference ranking of rules/spells/reference.py: speed must not
   change what members see.
4. SQL latency for the same queries on the same data (the SQLite file of 1,
   plus the 10,000 homebrew rows inserted in bulk), each one a read
   transaction through the async engine as a service would run it, scoped to
   ``guild_id IS NULL OR guild_id = :guild``, ``ORDER BY name LIMIT 25``.
   Several prefix queries are shown with their ``EXPLAIN QUERY PLAN``; the
   fastest one that searches a name index stands for SQL in the summary.
   SQL has no typo tolerance: the typo row times the substring ``LIKE`` scan
   as its stand-in (it mostly finds nothing). "SELECT 1" is the floor: a read
   transaction that does no work.
5. Summary: SQL / cache ratios of p50 and p99 per kind, at 10,658 spells;
   then the goals, each against what this run measured.

6. The compendium (issue 12): /monster autocomplete timed as in 3, over prefixes, substrings
   and typos of monster names, with every kind (monsters, conditions, items of both SRDs)
   loaded; start-up of every compendium in fresh processes (cold: every package file read)
   and again in the same process (warm: the index built again); the bot's resident memory
   (VmRSS) with the spell cache, every compendium and the homebrew loaded.

How to read it: p50 is the typical keystroke, p99 the slow one. Discord
allows 3 s for an autocomplete answer, so both are about headroom and CPU
per keystroke. The targets (docs/architecture.md, Benchmarks: cache p99 <=
250 µs at 10,658 spells and <= 40 µs at 658, SQL/cache >= 20x at p50 for
every kind, identical results) are printed beside the figures and marked
ok/MISSED; nothing here fails a build. The machine may be shared: compare
several runs, not single figures.
The SQL side does less than the cache (no ranking tiers, no word-prefix or
typo matches), so the ratios flatter SQL, if anything. Other load on the
machine shows up in p99 and max first.
"""

import argparse
import asyncio
import cProfile
import gc
import os
import platform
import pstats
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    # `python bench/autocomplete.py` puts bench/ on the path, not the project root.
    sys.path.insert(0, str(ROOT))

import rapidfuzz  # noqa: E402
from sqlalchemy import insert, text  # noqa: E402

from bench.report import Latency, duration, mark, seconds, table  # noqa: E402
from db import migrate  # noqa: E402
from db.engine import Database, create_engine  # noqa: E402
from db.models import Spell  # noqa: E402
from db.schemas import SpellData  # noqa: E402
from db.services.guild_settings import GuildSettingsService  # noqa: E402
from db.services.spells import SpellService  # noqa: E402
from db.spells.seed import seed_srd  # noqa: E402
from rules.compendium.cache import Compendium  # noqa: E402
from rules.spells.cache import FUZZY, FUZZY_MIN_QUERY, SpellCache, normalise  # noqa: E402
from rules.spells.data import SCHOOLS  # noqa: E402
from rules.spells.reference import reference_ranking  # noqa: E402

SEED = 2024
GUILD = 381_234_567_890_123_456
RULESET = "2024"
HOMEBREW = 10_000
LIMIT = 25
CACHE_ROUNDS = 5  # timed rounds over every query, after one warm-up round
SQL_ROUNDS = 2
FLOOR_QUERIES = 500
COLD_RUNS = 3
WARM_RUNS = 5
# Goals (issue "Fast paths"): cache p99 per spell count, and SQL/cache at p50 for every kind.
TARGET_CACHE_P99_NS = {658: 40_000, 10_658: 250_000}
TARGET_RATIO = 20.0
TARGET_COLD_S = 5.0
TARGET_WARM_S = 1.0
KINDS = ("prefix", "substring", "typo")
# Goals (issue 12, compendium): monster autocomplete p99 with every kind loaded; start-up with
# every compendium loaded, cold (a fresh process) and warm (again in the process); resident memory.
TARGET_MONSTER_P99_NS = 250_000
TARGET_COMPENDIUM_COLD_S = 3.0
TARGET_COMPENDIUM_WARM_S = 0.3
TARGET_RSS_MB = 200.0
MONSTER_TYPOS = ("goblen", "adult red dargon", "tarasque", "beholdr", "veterna", "ogree", "skeletn", "lihc")

# --- queries ---------------------------------------------------------------------------------

FIXED_SUBSTRINGS = ("ball", "ward", "light", "bolt", "wall", "heal", "fire", "storm", "shield", "step")
FIXED_TYPOS = (
    "firebal", "fierball", "magic misile", "cure wunds", "healing wrod", "lightening bolt",
    "misty stpe", "counterspel", "eldrich blast", "shocking grasp",
)  # fmt: skip


def prefix_queries(names: list[str], rng: random.Random, count: int = 30) -> list[str]:
    """Every keystroke of ``count`` real names, as typed: "f", "fi", "fir", ..."""
    typed = [name.lower() for name in rng.sample(names, count)]
    return [name[:end] for name in typed for end in range(1, len(name) + 1)]


def substring_queries(names: list[str], rng: random.Random, count: int = 70) -> list[str]:
    """Common word parts, then slices of 3-6 letters from the middle of random names."""
    queries = list(FIXED_SUBSTRINGS)
    while len(queries) < count:
        name = rng.choice(names).lower()
        size = rng.randint(3, 6)
        if len(name) < size + 2:
            continue
        start = rng.randint(1, len(name) - size)
        piece = name[start : start + size]
        if piece == piece.strip():
            queries.append(piece)
    return queries


def misspell(name: str, rng: random.Random) -> str:
    """One typing slip in a random letter: two letters swapped, one dropped or one doubled."""
    letters = [i for i, char in enumerate(name) if char.isalpha()]
    i = rng.choice(letters[:-1])
    slip = rng.choice(("swap", "drop", "double"))
    if slip == "swap" and name[i + 1].isalpha() and name[i] != name[i + 1]:
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    if slip == "drop":
        return name[:i] + name[i + 1 :]
    return name[:i] + name[i] + name[i:]


def typo_queries(names: list[str], rng: random.Random, count: int = 100) -> list[str]:
    long_names = [name.lower() for name in names if len(name) >= 5]
    generated = [misspell(rng.choice(long_names), rng) for _ in range(count - len(FIXED_TYPOS))]
    return [*FIXED_TYPOS, *generated]


def make_queries(srd_names: list[str], rng: random.Random) -> dict[str, list[str]]:
    names = sorted(set(srd_names))
    return {
        "prefix": prefix_queries(names, rng),
        "substring": substring_queries(names, rng),
        "typo": typo_queries(names, rng),
    }


# --- homebrew --------------------------------------------------------------------------------

OWNERS = (
    "Zanthar", "Mordai", "Ilyra", "Quenby", "Thessaly", "Oberon", "Vashti", "Kethrin", "Brannoc",
    "Seraphine", "Dunmore", "Aldric", "Nyx", "Pellam", "Corwyn", "Ysolde", "Grimbold", "Liraen",
    "Tamsin", "Fenwick", "Orsolya", "Hadrik", "Wenna", "Calder", "Ismay", "Roderic", "Sabine",
    "Tobiah", "Elowen", "Jorund",
)  # fmt: skip
ADJECTIVES = (
    "Fire", "Frost", "Shadow", "Arcane", "Radiant", "Crimson", "Silent", "Thundering", "Verdant",
    "Hollow", "Gilded", "Whispering", "Searing", "Blighted", "Celestial", "Infernal", "Spectral",
    "Storm", "Iron", "Glass", "Ashen", "Lunar", "Solar", "Venomous", "Mirrored", "Eldritch",
    "Sacred", "Rotting", "Howling", "Shimmering", "Sundering", "Feral", "Tidal", "Bone", "Ember",
    "Wild", "Stone", "Ghostly", "Vital", "Abyssal",
)  # fmt: skip
NOUNS = (
    "Ball", "Bolt", "Ward", "Light", "Wall", "Storm", "Shield", "Step", "Lance", "Veil", "Grasp",
    "Chains", "Blade", "Nova", "Spiral", "Circle", "Sigil", "Beacon", "Aegis", "Torrent", "Spear",
    "Cloak", "Mantle", "Gate", "Pulse", "Surge", "Brand", "Touch", "Orb", "Ray", "Wave", "Blast",
    "Prison", "Bloom", "Hex", "Command", "Rebuke", "Eye", "Hand", "Tongue",
)  # fmt: skip
THINGS = (
    "Embers", "the Deep", "Ash", "Dawn", "Dusk", "the Void", "Thorns", "Mending", "the Tides",
    "Ruin", "Binding", "Echoes", "the Grave", "Winter", "Whispers", "the Hunt", "Glass", "Sparks",
)  # fmt: skip
CLASSES = ("Bard", "Cleric", "Druid", "Paladin", "Ranger", "Sorcerer", "Warlock", "Wizard")
FILLER = (
    "the", "a", "creature", "target", "you", "within", "range", "must", "make", "saving", "throw",
    "damage", "on", "failed", "save", "or", "half", "as", "much", "successful", "one", "of", "your",
    "choice", "that", "can", "see", "until", "end", "its", "next", "turn", "light", "radiant", "fire",
)  # fmt: skip


def homebrew_name(rng: random.Random) -> str:
    owner, adjective, noun, thing = (rng.choice(words) for words in (OWNERS, ADJECTIVES, NOUNS, THINGS))
    return rng.choice(
        (
            f"{owner}'s {adjective} {noun}",
            f"{adjective} {noun} of {thing}",
            f"{owner}'s {noun} of {thing}",
            f"{noun} of {adjective} {thing.removeprefix('the ')}",
        )
    )


def homebrew_rows(rng: random.Random, count: int, guild_id: int) -> list[dict]:
    """``count`` plausible homebrew rows of one guild, names unique whatever their case."""
    names: dict[str, str] = {}
    while len(names) < count:
        name = homebrew_name(rng)
        names.setdefault(name.lower(), name)
    return [
        {
            "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "name": name,
            "level": rng.randint(0, 9),
            "school": rng.choice(SCHOOLS),
            "casting_time": "1 action",
            "range": f"{rng.choice((5, 30, 60, 90, 120))} feet",
            "components": ["V", "S"],
            "duration": "Instantaneous",
            "description": " ".join(rng.choices(FILLER, k=rng.randint(60, 160))).capitalize() + ".",
            "ritual": rng.random() < 0.1,
            "concentration": rng.random() < 0.4,
            "spell_lists": sorted(rng.sample(CLASSES, rng.randint(1, 3))),
            "data": SpellData(),
            "ruleset": None,  # homebrew belongs to no ruleset
            "source": "homebrew",
            "guild_id": guild_id,
        }
        for name in names.values()
    ]


async def insert_homebrew(db: Database, rows: list[dict]) -> float:
    started = time.perf_counter()
    async with db.transaction() as session:
        await session.execute(insert(Spell), rows)
    return time.perf_counter() - started


# --- statistics and printing -------------------------------------------------------------------


def latency_cells(latency: Latency) -> tuple[str, ...]:
    return (f"{latency.samples:,}", duration(latency.p50), duration(latency.p99), duration(latency.max))


# --- start and memory --------------------------------------------------------------------------


def spell_service(db: Database, cache: SpellCache) -> SpellService:
    return SpellService(db, cache, GuildSettingsService(db))


@dataclass(frozen=True, slots=True)
class Start:
    migrate: float
    seed: float
    load: float
    spells: int

    @property
    def total(self) -> float:
        return self.migrate + self.seed + self.load


async def start(url: str) -> Start:
    """What the bot does before it connects: migrate, seed, load the cache (engine creation included)."""
    t0 = time.perf_counter()
    engine = create_engine(url)
    db = Database(engine)
    await migrate.upgrade(engine)
    t1 = time.perf_counter()
    await seed_srd(db)
    t2 = time.perf_counter()
    spells = await spell_service(db, SpellCache()).load_cache()
    t3 = time.perf_counter()
    await engine.dispose()
    return Start(t1 - t0, t2 - t1, t3 - t2, spells)


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


async def measure_starts(folder: Path) -> tuple[list[Start], list[Start], Path]:
    """Cold starts on fresh files, then warm starts on the last one (which is kept)."""
    cold = [await start(sqlite_url(folder / f"cold{i}.db")) for i in range(COLD_RUNS)]
    path = folder / f"cold{COLD_RUNS - 1}.db"
    warm = [await start(sqlite_url(path)) for _ in range(WARM_RUNS)]
    return cold, warm, path


def start_rows(label: str, runs: list[Start], target: float) -> list[tuple[str, ...]]:
    median = {step: statistics.median(getattr(r, step) for r in runs) for step in ("migrate", "seed", "load")}
    first = runs[0]
    total_median = statistics.median(r.total for r in runs)
    return [
        (f"{label} (first)", *(seconds(getattr(first, s)) for s in median), seconds(first.total),
         f"< {seconds(target)}", mark(first.total < target)),
        (f"{label} (median of {len(runs)})", *(seconds(v) for v in median.values()), seconds(total_median),
         f"< {seconds(target)}", mark(total_median < target)),
    ]  # fmt: skip


async def load_cache(db: Database) -> SpellCache:
    cache = SpellCache()
    await spell_service(db, cache).load_cache()
    build_lazy_parts(cache)
    return cache


def build_lazy_parts(cache: SpellCache) -> None:
    """The substring blob is built on the first substring search: build it now."""
    cache.search("qz", guild_id=GUILD, ruleset=RULESET)


async def cache_memory(db: Database) -> tuple[int, int, int]:
    """(spells, bytes the loaded cache keeps, peak bytes while loading), by tracemalloc."""
    await load_cache(db)  # once untraced: the statement cache and the like are not the cache
    gc.collect()
    tracemalloc.start()
    try:
        cache = await load_cache(db)
        gc.collect()
        kept, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return len(cache), kept, peak


def memory_row(spells: int, kept: int, peak: int) -> tuple[str, ...]:
    return (f"{spells:,}", f"{kept / 2**20:.2f} MiB", f"{peak / 2**20:.2f} MiB", f"{kept / spells:,.0f} B")


# --- cache latency -----------------------------------------------------------------------------

CacheResults = dict[str, tuple[Latency, float]]  # kind -> (latency, share reaching the fuzzy tier)


def time_cache(cache: SpellCache, queries: list[str]) -> list[int]:
    search, clock = cache.search, time.perf_counter_ns
    for query in queries:  # warm-up round
        search(query, guild_id=GUILD, ruleset=RULESET, limit=LIMIT)
    gc.collect()
    samples = []
    for _ in range(CACHE_ROUNDS):
        for query in queries:
            started = clock()
            search(query, guild_id=GUILD, ruleset=RULESET, limit=LIMIT)
            samples.append(clock() - started)
    return samples


def reaches_fuzzy(cache: SpellCache, query: str) -> bool:
    """Did the search get to the fuzzy tier (too few matches before it, or fuzzy results)?"""
    ranked = cache.ranked(query, guild_id=GUILD, ruleset=RULESET, limit=LIMIT)
    long_enough = len(normalise(query)) >= FUZZY_MIN_QUERY
    return any(tier == FUZZY for tier, _ in ranked) or (long_enough and len(ranked) < LIMIT)


def measure_cache(cache: SpellCache, queries: dict[str, list[str]]) -> CacheResults:
    results: CacheResults = {}
    every: list[int] = []
    fuzzy = 0
    for kind in KINDS:
        samples = time_cache(cache, queries[kind])
        reached = sum(reaches_fuzzy(cache, query) for query in queries[kind])
        results[kind] = (Latency.of(samples), reached / len(queries[kind]))
        every += samples
        fuzzy += reached
    results["all"] = (Latency.of(every), fuzzy / sum(len(queries[kind]) for kind in KINDS))
    return results


def print_cache(label: str, spells: int, results: CacheResults) -> None:
    goal = TARGET_CACHE_P99_NS.get(spells)
    target = f"<= {duration(goal)}" if goal else "none"
    rows = [
        (kind, *latency_cells(latency), f"{fuzzy:.0%}", target, mark(latency.p99 <= goal) if goal else "")
        for kind, (latency, fuzzy) in results.items()
    ]
    header = ("kind", "queries", "p50", "p99", "max", "fuzzy", "p99 target", "")
    table(f"Cache latency per keystroke, {label} ({spells:,} spells)", header, rows)


Check = tuple[int, int]  # (queries with identical results, queries compared)


def check_results(cache: SpellCache, queries: dict[str, list[str]]) -> Check:
    """Distinct queries whose ranked top 25 (ids and tiers) equals the reference ranking's."""
    distinct = list(dict.fromkeys(query for kind in KINDS for query in queries[kind]))
    same = 0
    for query in distinct:
        fast = cache.ranked(query, guild_id=GUILD, ruleset=RULESET, limit=LIMIT)
        slow = reference_ranking(cache.visible(GUILD), query, ruleset=RULESET, limit=LIMIT)
        same += [(tier, e.id) for tier, e in fast] == [(tier, e.id) for tier, e in slow]
    return same, len(distinct)


def print_check(label: str, spells: int, same: int, total: int) -> None:
    print(
        f"Results {label}: identical top-{LIMIT} (ids and tiers) to the reference ranking "
        f"(rules/spells/reference.py) on {same} of {total} queries, {spells:,} spells  {mark(same == total)}"
    )


def profile_typos(cache: SpellCache, typos: list[str]) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(CACHE_ROUNDS):
        for query in typos:
            cache.search(query, guild_id=GUILD, ruleset=RULESET, limit=LIMIT)
    profiler.disable()
    print(f"\ncProfile: {CACHE_ROUNDS} x {len(typos)} typo queries, {len(cache):,} spells")
    pstats.Stats(profiler, stream=sys.stdout).strip_dirs().sort_stats("tottime").print_stats(12)


# --- SQL -----------------------------------------------------------------------------------------

SELECT = (
    "SELECT id, name, level, school, ruleset, guild_id FROM {table} "
    "WHERE (guild_id IS NULL OR guild_id = :guild) AND {match} ORDER BY name LIMIT 25"
)


def upper_bound(prefix: str) -> str:
    """The smallest string after every string starting with ``prefix``."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def capitalised(query: str) -> str:
    """How names are mostly cased ("Magic Missile"); wrong for "Find the Path" and the like."""
    return " ".join(word[:1].upper() + word[1:] for word in query.split(" "))


def capitalised_range(query: str) -> dict[str, str]:
    return {"lo": capitalised(query), "hi": upper_bound(capitalised(query))}


@dataclass(frozen=True, slots=True)
class SqlQuery:
    label: str
    match: str
    params: Callable[[str], dict[str, str]]
    table: str = "spells"

    @property
    def sql(self) -> str:
        return SELECT.format(table=self.table, match=self.match)


PREFIX_LIKE = SqlQuery(
    "lower(name) LIKE 'q%'", "lower(name) LIKE :pattern", lambda q: {"pattern": f"{q.lower()}%"}
)
PREFIX_SQL = (
    SqlQuery(
        "lower(name) range, ruleset IN",
        "ruleset IN ('2014', '2024') AND lower(name) >= :lo AND lower(name) < :hi",
        lambda q: {"lo": q.lower(), "hi": upper_bound(q.lower())},
    ),
    SqlQuery("name range, capitalised", "name >= :lo AND name < :hi", capitalised_range),
    SqlQuery(
        "name range, capitalised, INDEXED BY",
        "name >= :lo AND name < :hi",
        capitalised_range,
        table="spells INDEXED BY ix_spells_name",
    ),
    PREFIX_LIKE,
)
# Queries hold no % or _, so LIKE needs no escaping here. SQLite's LIKE ignores ASCII case.
SUBSTRING_SQL = SqlQuery("name LIKE '%q%'", "name LIKE :pattern", lambda q: {"pattern": f"%{q.lower()}%"})


@dataclass(frozen=True, slots=True)
class SqlRun:
    query: SqlQuery
    plan: list[str]
    samples: list[int]
    counts: list[int]  # rows returned, per query

    @property
    def latency(self) -> Latency:
        return Latency.of(self.samples)

    @property
    def empty(self) -> float:
        return self.counts.count(0) / len(self.counts)

    @property
    def uses_name_index(self) -> bool:
        return any("ix_spells_name" in line or "<expr>" in line for line in self.plan)


async def run_sql(db: Database, sql: str, params: dict) -> list:
    """One read transaction, as a service runs it."""
    async with db.transaction(write=False) as session:
        return list((await session.execute(text(sql), params)).all())


async def query_plan(db: Database, query: SqlQuery) -> list[str]:
    """EXPLAIN QUERY PLAN (for the query "fi") as indented lines."""
    params = {"guild": GUILD, **query.params("fi")}
    async with db.transaction(write=False) as session:
        nodes = (await session.execute(text(f"EXPLAIN QUERY PLAN {query.sql}"), params)).all()
    depth = {0: 0}
    lines = []
    for node_id, parent, _, detail in nodes:
        depth[node_id] = depth.get(parent, 0) + 1
        lines.append("  " * depth[node_id] + detail)
    return lines


async def sql_run(db: Database, query: SqlQuery, queries: list[str]) -> SqlRun:
    sql, clock = query.sql, time.perf_counter_ns
    bound = [{"guild": GUILD, **query.params(q)} for q in queries]
    for params in bound:  # warm-up round
        await run_sql(db, sql, params)
    gc.collect()
    samples, counts = [], []
    for _ in range(SQL_ROUNDS):
        counts = []
        for params in bound:
            started = clock()
            rows = await run_sql(db, sql, params)
            samples.append(clock() - started)
            counts.append(len(rows))
    return SqlRun(query, await query_plan(db, query), samples, counts)


async def sql_floor(db: Database) -> Latency:
    """A read transaction doing no work: what every query above pays before SQLite does anything."""
    for _ in range(FLOOR_QUERIES // 5):  # warm-up
        await run_sql(db, "SELECT 1", {})
    samples = []
    for _ in range(FLOOR_QUERIES):
        started = time.perf_counter_ns()
        await run_sql(db, "SELECT 1", {})
        samples.append(time.perf_counter_ns() - started)
    return Latency.of(samples)


def print_plans(runs: Iterable[SqlRun]) -> None:
    print("\nEXPLAIN QUERY PLAN, query 'fi', <scope> = (guild_id IS NULL OR guild_id = :guild):")
    for run in runs:
        print(f"  {run.query.label}: FROM {run.query.table} WHERE <scope> AND {run.query.match}")
        for line in run.plan:
            print(f"    {line}")


def fewer_rows(run: SqlRun, reference: SqlRun) -> str:
    """Share of queries answered with fewer rows than the case-insensitive reference."""
    fewer = sum(mine < theirs for mine, theirs in zip(run.counts, reference.counts, strict=True))
    return f"{fewer / len(run.counts):.0%}"


def print_sql(
    prefix_runs: list[SqlRun], substring: SqlRun, typo: SqlRun, floor: Latency, spells: int
) -> None:
    reference = next(run for run in prefix_runs if run.query is PREFIX_LIKE)
    rows = [
        ("prefix", run.query.label, *latency_cells(run.latency), f"{run.empty:.0%}",
         fewer_rows(run, reference), "yes" if run.uses_name_index else "no")
        for run in prefix_runs
    ]  # fmt: skip
    for kind, run in (("substring", substring), ("typo", typo)):
        rows.append((kind, run.query.label, *latency_cells(run.latency), f"{run.empty:.0%}", "", "no"))
    rows.append(("floor", "SELECT 1", *latency_cells(floor), "", "", ""))
    header = ("kind", "SQL", "queries", "p50", "p99", "max", "no rows", "fewer rows", "name index")
    table(f"SQL latency per keystroke (SQLite file, {spells:,} spells, async engine)", header, rows)
    print("fewer rows: than lower(name) LIKE, i.e. names missed because of case.")
    print("SQL has no typo tolerance: the typo row times the substring LIKE scan as its stand-in.")


async def measure_sql(db: Database, queries: dict[str, list[str]], spells: int) -> dict[str, Latency]:
    """Print every SQL variant; return the figures per kind that SQL is judged by."""
    prefix_runs = [await sql_run(db, query, queries["prefix"]) for query in PREFIX_SQL]
    substring = await sql_run(db, SUBSTRING_SQL, queries["substring"])
    typo = await sql_run(db, SUBSTRING_SQL, queries["typo"])
    print_plans([*prefix_runs, substring])
    print_sql(prefix_runs, substring, typo, await sql_floor(db), spells)
    prefix = min((run for run in prefix_runs if run.uses_name_index), key=lambda run: run.latency.p50)
    print(f"Prefix SQL in the summary: the fastest using a name index, {prefix.query.label!r}.")
    judged = {"prefix": prefix.latency, "substring": substring.latency, "typo": typo.latency}
    judged["all"] = Latency.of([*prefix.samples, *substring.samples, *typo.samples])
    return judged


# --- the report ----------------------------------------------------------------------------------


def print_header(queries: dict[str, list[str]]) -> None:
    print("Spell autocomplete benchmark")
    print(
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"rapidfuzz {rapidfuzz.__version__}, {os.cpu_count()} CPUs; "
        f"seed {SEED}, ruleset {RULESET}, limit {LIMIT}"
    )
    counts = ", ".join(f"{len(queries[kind])} {kind}" for kind in KINDS)
    print(f"Queries: {counts}; cache {CACHE_ROUNDS} rounds, SQL {SQL_ROUNDS}, each after a warm-up round")
    for kind in KINDS:
        print(f"  {kind}: {', '.join(repr(query) for query in queries[kind][:8])}, ...")


def print_summary(cache: CacheResults, sql: dict[str, Latency], spells: int) -> None:
    rows = []
    for kind, (mine, _) in cache.items():
        theirs = sql[kind]
        ratio50, ratio99 = theirs.p50 / mine.p50, theirs.p99 / mine.p99
        rows.append(
            (kind, duration(mine.p50), duration(theirs.p50), f"{ratio50:.1f}x",
             duration(mine.p99), duration(theirs.p99), f"{ratio99:.1f}x",
             f"p50 >= {TARGET_RATIO:.0f}x", mark(ratio50 >= TARGET_RATIO))
        )  # fmt: skip
    header = ("kind", "cache p50", "SQL p50", "SQL/cache", "cache p99", "SQL p99", "SQL/cache", "target", "")
    table(f"Summary: cache (b) against SQL, {spells:,} spells", header, rows)


Sized = tuple[int, CacheResults]  # (spells, cache results)


def print_goals(small: Sized, large: Sized, sql: dict[str, Latency], checks: list[Check]) -> None:
    rows = []
    for spells, results in (small, large):
        goal = TARGET_CACHE_P99_NS.get(spells)
        p99 = results["all"][0].p99
        target = f"<= {duration(goal)}" if goal else "none"
        rows.append(
            (
                f"cache p99, all kinds, {spells:,} spells",
                target,
                duration(p99),
                mark(p99 <= goal) if goal else "",
            )
        )
    spells, results = large
    for kind in KINDS:
        ratio = sql[kind].p50 / results[kind][0].p50
        target = f">= {TARGET_RATIO:.0f}x"
        rows.append(
            (
                f"SQL/cache p50, {kind}, {spells:,} spells",
                target,
                f"{ratio:.1f}x",
                mark(ratio >= TARGET_RATIO),
            )
        )
    same, total = sum(check[0] for check in checks), sum(check[1] for check in checks)
    rows.append(("identical top-25 to the reference, both sizes", f"{total} of {total}", f"{same} of {total}",
                 mark(same == total)))  # fmt: skip
    table('Goals (issue "Fast paths") against this run', ("goal", "target", "measured", ""), rows)


async def run(profile: bool) -> None:
    rng = random.Random(SEED)
    with tempfile.TemporaryDirectory(prefix="bench-autocomplete-") as folder:
        cold, warm, path = await measure_starts(Path(folder))
        engine = create_engine(sqlite_url(path))
        db = Database(engine)
        try:
            srd_cache = await load_cache(db)
            queries = make_queries([entry.name for entry in srd_cache.visible(None)], rng)
            print_header(queries)
            table(
                "Start: migrate + seed_srd + load the cache (SQLite file)",
                ("run", "migrate", "seed_srd", "load cache", "total", "target", ""),
                start_rows("cold", cold, TARGET_COLD_S) + start_rows("warm", warm, TARGET_WARM_S),
            )

            memory = [memory_row(*await cache_memory(db))]
            inserted = await insert_homebrew(db, homebrew_rows(rng, HOMEBREW, GUILD))
            memory.append(memory_row(*await cache_memory(db)))
            table("Cache memory (tracemalloc)", ("spells", "kept", "peak while loading", "per spell"), memory)
            print(f"({HOMEBREW:,} homebrew rows then inserted in one transaction in {seconds(inserted)})")

            full_cache = await load_cache(db)
            srd_results = measure_cache(srd_cache, queries)
            print_cache("(a) SRD only", len(srd_cache), srd_results)
            checks = [check_results(srd_cache, queries)]
            print_check("(a)", len(srd_cache), *checks[-1])
            cache_results = measure_cache(full_cache, queries)
            print_cache("(b) SRD + homebrew, as that guild", len(full_cache), cache_results)
            checks.append(check_results(full_cache, queries))
            print_check("(b)", len(full_cache), *checks[-1])

            sql_results = await measure_sql(db, queries, len(full_cache))
            print_summary(cache_results, sql_results, len(full_cache))
            print_goals((len(srd_cache), srd_results), (len(full_cache), cache_results), sql_results, checks)
            if profile:
                profile_typos(full_cache, queries["typo"])
        finally:
            await engine.dispose()
        await compendium_section(path)


# --- the compendium (issue 12) ----------------------------------------------------------------

# Run in a fresh interpreter: its imports first (as the bot imports them before setup_hook), then
# the clock: the cold load reads every package file; the warm one only builds the index again.
_COMPENDIUM_START = """
import json, sys, time
sys.path.insert(0, {root!r})
import bot.app  # noqa: F401  everything the bot imports
from rules.compendium.cache import Compendium
t0 = time.perf_counter(); records = Compendium().load_srd(); t1 = time.perf_counter()
Compendium().load_srd(); t2 = time.perf_counter()
print(json.dumps({{"records": records, "cold": t1 - t0, "warm": t2 - t1}}))
"""

# The bot's resident memory with everything loaded: the spell cache from the seeded file, every
# compendium kind, a homebrew guild's spells; VmRSS read from /proc.
_RESIDENT = """
import asyncio, json, sys
sys.path.insert(0, {root!r})
from bot.app import create_bot
from bot.config import Settings
from db.engine import Database, create_engine
from db.services import Services

def rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024

async def main():
    at_import = rss_mb()
    engine = create_engine({url!r})
    services = Services.build(Database(engine))
    spells = await services.spells.load_cache()
    records = services.compendium.load()
    await services.homebrew_monsters.load_all()
    services.spells.autocomplete("fire", 1)
    services.compendium.autocomplete("monster", "gob", 1)
    print(json.dumps({{"at_import": at_import, "loaded": rss_mb(), "spells": spells, "records": records}}))
    await engine.dispose()

asyncio.run(main())
"""


def _subprocess_json(script: str) -> dict:
    import json
    import subprocess

    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def monster_queries(names: list[str], rng: random.Random) -> dict[str, list[str]]:
    names = sorted(set(names))
    substrings = []
    while len(substrings) < 70:
        name = rng.choice(names).lower()
        size = rng.randint(3, 6)
        if len(name) >= size + 2:
            start = rng.randint(1, len(name) - size)
            piece = name[start : start + size]
            if piece == piece.strip():
                substrings.append(piece)
    long_names = [name.lower() for name in names if len(name) >= 5]
    typos = [
        *MONSTER_TYPOS,
        *(misspell(rng.choice(long_names), rng) for _ in range(100 - len(MONSTER_TYPOS))),
    ]
    return {"prefix": prefix_queries(names, rng), "substring": substrings, "typo": typos}


def time_monsters(compendium: Compendium, queries: list[str]) -> list[int]:
    search, clock = compendium.search, time.perf_counter_ns
    for query in queries:
        search("monster", query, guild_id=GUILD, ruleset=RULESET, limit=LIMIT)
    gc.collect()
    samples = []
    for _ in range(CACHE_ROUNDS):
        for query in queries:
            started = clock()
            search("monster", query, guild_id=GUILD, ruleset=RULESET, limit=LIMIT)
            samples.append(clock() - started)
    return samples


async def compendium_section(seeded: Path) -> None:
    rng = random.Random(SEED)
    engine = create_engine(sqlite_url(seeded))
    try:
        spells = await load_cache(Database(engine))  # the baseline: the spell cache, same machine, same run
    finally:
        await engine.dispose()
    spell_queries = make_queries([entry.name for entry in spells.visible(None)], rng)
    starts = [_subprocess_json(_COMPENDIUM_START.format(root=str(ROOT))) for _ in range(COLD_RUNS)]
    cold = statistics.median(s["cold"] for s in starts)
    warm = statistics.median(s["warm"] for s in starts)
    compendium = Compendium()
    compendium.load_srd()  # every kind, both rulesets
    monsters = [r.name for r in compendium.records("monster", GUILD)]
    queries = monster_queries(monsters, rng)
    rows = []
    latencies = {}
    for kind, kind_queries in queries.items():
        latencies[kind] = Latency.of(time_monsters(compendium, kind_queries))
        rows.append((kind, *latency_cells(latencies[kind]), f"<= {duration(TARGET_MONSTER_P99_NS)}",
                     mark(latencies[kind].p99 <= TARGET_MONSTER_P99_NS)))  # fmt: skip
    for kind, kind_queries in spell_queries.items():
        baseline = Latency.of(time_cache(spells, kind_queries))
        rows.append((f"{kind} (spells, baseline)", *latency_cells(baseline), "", ""))
    table(
        f"Compendium: /monster autocomplete, {len(monsters)} monsters with every kind loaded "
        f"({len(compendium):,} records)",
        ("query", "queries", "p50", "p99", "max", "target", ""),
        rows,
    )
    resident = _subprocess_json(_RESIDENT.format(root=str(ROOT), url=sqlite_url(seeded)))
    worst = max(latency.p99 for latency in latencies.values())
    table(
        'Goals (issue 12, "Performance") against this run',
        ("goal", "target", "measured", ""),
        [
            ("monster autocomplete p99 (worst kind)", f"<= {duration(TARGET_MONSTER_P99_NS)}",
             duration(worst), mark(worst <= TARGET_MONSTER_P99_NS)),
            (f"start-up, every compendium, cold (median of {len(starts)} processes)",
             f"<= {seconds(TARGET_COMPENDIUM_COLD_S)}", seconds(cold),
             mark(cold <= TARGET_COMPENDIUM_COLD_S)),
            ("start-up, every compendium, warm (in the process)", f"<= {seconds(TARGET_COMPENDIUM_WARM_S)}",
             seconds(warm), mark(warm <= TARGET_COMPENDIUM_WARM_S)),
            ("resident memory, everything loaded", f"<= {TARGET_RSS_MB:.0f} MB",
             f"{resident['loaded']:.0f} MB (after imports {resident['at_import']:.0f} MB)",
             mark(resident["loaded"] <= TARGET_RSS_MB)),
        ],
    )  # fmt: skip
    load = os.getloadavg()[0]
    print(f"(load average {load:.2f}; {resident['spells']} spells, {resident['records']} SRD records)")


async def compendium_only() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-compendium-") as folder:
        path = Path(folder) / "seeded.db"
        await start(sqlite_url(path))
        await compendium_section(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--profile", action="store_true", help="cProfile the typo path at 10,658 spells")
    parser.add_argument("--compendium", action="store_true", help="only the compendium section (issue 12)")
    arguments = parser.parse_args()
    asyncio.run(compendium_only() if arguments.compendium else run(arguments.profile))


if __name__ == "__main__":
    main()
