"""Live play: ``/init hp`` and ``/init next`` through ``EncounterService`` with 20 concurrent writers.

Run from the project root (under a minute on 2 cores with both backends)::

    python bench/live_play.py            # SQLite only
    TEST_DATABASE_URL=postgresql+asyncpg://postgres@127.0.0.1:5432/test python bench/live_play.py

Each backend gets an empty database migrated with ``db.migrate.upgrade`` (a temporary SQLite
file; a scratch PostgreSQL database, created and dropped here, when ``TEST_DATABASE_URL`` is
set), with the bot's engine defaults (pool 5 + 10 overflow, no pre-ping). One
encounter per run, in a channel of its own, with a PC (whose hit points are its sheet's), a
monster of 9,990 HP and 20 goblins. Runs, each after a warm-up, as the cog calls the service:

0. baseline: ``DiceService.roll`` (one insert, the cheapest write of the bot), 20 writers;
1. 1 writer, ``hp`` 1 damage to the monster, one call after the other;
2. 20 writers all damaging the one monster (its row lock queues them);
3. 20 writers each damaging a goblin of its own;
4. 20 writers damaging the PC (the character row's lock);
5. 20 writers calling ``next_turn`` (the encounter row's lock);
6. 20 writers, half damaging the monster and half passing turns.

Lost updates: the monster's (or PC's) HP must have dropped by exactly the damage applied, and
the turn must have moved exactly as many times as ``next_turn`` returned (round and place).
Errors are counted. Latency is per awaited call: what a member would wait, queueing included.
The goals (docs/architecture.md, Benchmarks) are printed against the figures, never asserted.
Last, the round trips of one call of each kind, which do not depend on the machine's load.
"""

import asyncio
import os
import platform
import sqlite3
import sys
import tempfile
import time
import warnings
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import sqlalchemy  # noqa: E402

from bench.report import Latency, duration, mark, table  # noqa: E402
from db import migrate  # noqa: E402
from db.engine import Database, create_engine  # noqa: E402
from db.schemas import CharacterSheet, HitPoints  # noqa: E402
from db.services import CharacterService, DiceService, EncounterService  # noqa: E402
from db.services.encounters import EncounterView  # noqa: E402
from tests import pg  # noqa: E402
from tests.roundtrips import RoundTrips  # noqa: E402

GUILD, GM, PLAYER = 481_234_567_890_123_456, 190_000_000_000_000_001, 190_000_000_000_000_002
WRITERS = 20
CALLS = 1_000  # per run: 50 per writer
WARMUP = 100
GOALS = {"sqlite": 500, "postgresql": 1_000}  # calls/s with 20 writers


@dataclass(frozen=True, slots=True)
class Run:
    name: str
    writers: int
    calls: int
    seconds: float
    latency: Latency
    errors: int
    lost: int

    @property
    def rate(self) -> float:
        return self.calls / self.seconds


async def timed(name: str, writers: int, calls: list[Callable[[], Awaitable[object]]]) -> tuple[Run, int]:
    samples: list[int] = []
    errors = 0
    per = len(calls) // writers

    async def writer(mine: list[Callable[[], Awaitable[object]]]) -> None:
        nonlocal errors
        for call in mine:
            start = time.perf_counter_ns()
            try:
                await call()
            except Exception:  # counted and shown: a lost call is a finding, not a crash
                errors += 1
            samples.append(time.perf_counter_ns() - start)

    began = time.perf_counter()
    await asyncio.gather(*(writer(calls[i * per : (i + 1) * per]) for i in range(writers)))
    elapsed = time.perf_counter() - began
    return Run(name, writers, len(calls), elapsed, Latency.of(samples), errors, 0), errors


async def bench_backend(backend: str, url: str) -> list[Run]:
    engine = create_engine(url)
    db = Database(engine)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "Skipped unsupported reflection", sqlalchemy.exc.SAWarning)
            await migrate.upgrade(engine)
        characters, service = CharacterService(db), EncounterService(db)
        print(f"\n== {backend} ==")
        runs: list[Run] = []
        channel = 0
        pcs: dict[int, str] = {}  # channel -> the PC's combatant id

        async def fresh(pc_hp: int = 999) -> tuple[int, str, str, list[str]]:
            nonlocal channel
            channel += 1
            await service.start(GUILD, channel, GM)
            hero = await characters.create(
                GUILD,
                PLAYER,
                f"Hero {backend} {channel}",
                sheet=CharacterSheet(hit_points=HitPoints(max=pc_hp, current=pc_hp)),
            )
            [pc] = (await service.join(GUILD, channel, PLAYER, False, hero.id, initiative=20)).combatants
            pcs[channel] = pc.id
            [ogre] = (await service.add(GUILD, channel, "Ogre", hp=9_990, initiative=15)).combatants
            goblins = (
                await service.add(GUILD, channel, "Goblin", count=20, hp=999, initiative=10)
            ).combatants
            return channel, hero.id, ogre.id, [g.id for g in goblins]

        async def monster_hp(room: int, combatant: str) -> int:
            view = await service.get(GUILD, room)
            return next(c.hp for c in view.combatants if c.id == combatant)

        # Warm-up: the pool's connections open, the statements compile.
        room, _, ogre, _ = await fresh()
        await timed("warm-up", WRITERS, [lambda: service.hp(GUILD, room, PLAYER, False, ogre, 1)] * WARMUP)
        # The baseline, in the same run: the cheapest write the bot has (one insert, /roll).
        dice = DiceService(db)
        await timed("warm-up", WRITERS, [lambda: dice.roll(GUILD, 1, PLAYER, "1d20")] * WARMUP)
        baseline, errors = await timed(
            "baseline: /roll (one insert), 20 writers",
            WRITERS,
            [lambda: dice.roll(GUILD, 1, PLAYER, "1d20")] * CALLS,
        )
        runs.append(_with_lost(baseline, errors))

        for name, writers in (("1 writer, hp on one monster", 1), ("20 writers, hp on one monster", WRITERS)):
            room, _, ogre, _ = await fresh()
            before = await monster_hp(room, ogre)
            run, errors = await timed(
                name, writers, [lambda r=room, o=ogre: service.hp(GUILD, r, PLAYER, False, o, 1)] * CALLS
            )
            lost = (before - await monster_hp(room, ogre)) - (CALLS - errors)
            runs.append(_with_lost(run, abs(lost)))

        room, _, _, goblins = await fresh()
        calls = [
            (lambda r=room, g=goblins[i % WRITERS]: service.hp(GUILD, r, PLAYER, False, g, 1))
            for i in range(CALLS)
        ]
        # Writer w takes calls w*50..: give each writer its own goblin.
        calls = [calls[w + WRITERS * k] for w in range(WRITERS) for k in range(CALLS // WRITERS)]
        run, errors = await timed("20 writers, hp on 20 goblins", WRITERS, calls)
        view = await service.get(GUILD, room)
        taken = sum(999 - c.hp for c in view.combatants if c.id in goblins)
        runs.append(_with_lost(run, abs(taken - (CALLS - errors))))

        room, hero, _, _ = await fresh(pc_hp=999)
        pc_calls = CALLS // 2  # the sheet holds at most 999 HP
        run, errors = await timed(
            "20 writers, hp on one PC (its sheet)",
            WRITERS,
            [lambda r=room, c=pcs[room]: service.hp(GUILD, r, GM, True, c, 1)] * pc_calls,
        )
        sheet = (await characters.get(GUILD, hero)).sheet
        runs.append(_with_lost(run, abs((999 - sheet.hit_points.current) - (pc_calls - errors))))

        room, _, _, _ = await fresh()
        run, errors = await timed(
            "20 writers, next", WRITERS, [lambda r=room: service.next_turn(GUILD, r, GM, True)] * CALLS
        )
        runs.append(_with_lost(run, _turn_drift(await service.get(GUILD, room), CALLS - errors)))

        room, _, ogre, _ = await fresh()
        before = await monster_hp(room, ogre)
        mixed = [
            (lambda r=room, o=ogre: service.hp(GUILD, r, PLAYER, False, o, 1))
            if i % 2
            else (lambda r=room: service.next_turn(GUILD, r, GM, True))
            for i in range(CALLS)
        ]
        run, errors = await timed("20 writers, hp and next mixed", WRITERS, mixed)
        lost = errors or abs((before - await monster_hp(room, ogre)) - CALLS // 2)
        runs.append(_with_lost(run, lost + _turn_drift(await service.get(GUILD, room), CALLS // 2)))
        _print_runs(backend, runs)
        await _print_round_trips(backend, db, service, fresh, pcs)
        return runs
    finally:
        await db.dispose()


async def _print_round_trips(
    backend: str,
    db: Database,
    service: EncounterService,
    fresh: Callable[[], Awaitable[tuple[int, str, str, list[str]]]],
    pcs: dict[int, str],
) -> None:
    """Round trips of one call of each kind (statements, BEGIN and COMMIT; SQLite's thread hops):
    they do not depend on the machine's load, as the rates do."""
    counter = await RoundTrips.watching(db.engine)
    room, _, ogre, _ = await fresh()
    calls = [
        ("hp on a monster", lambda: service.hp(GUILD, room, PLAYER, False, ogre, 1)),
        ("hp on a PC (its sheet)", lambda: service.hp(GUILD, room, GM, True, pcs[room], 1)),
        ("next", lambda: service.next_turn(GUILD, room, GM, True)),
    ]
    rows: list[tuple[str, ...]] = []
    for name, call in calls:
        _, trips = await counter.measure(call())
        rows.append((name, str(trips.total), ", ".join(q for q in trips.queries() if q)))
    table(f"{backend}: round trips per call", ("call", "round trips", "statements"), rows)


def _turn_drift(view: EncounterView, turns: int) -> int:
    """How far the stored round and turn are from ``turns`` calls of next over the order."""
    size = len(view.combatants)
    expected_round = (turns - 1) // size + 1
    expected_index = (turns - 1) % size
    if view.current is None:
        return turns
    index = [c.id for c in view.combatants].index(view.current.id)
    return abs((view.round - 1) * size + index - ((expected_round - 1) * size + expected_index))


def _with_lost(run: Run, lost: int) -> Run:
    return Run(run.name, run.writers, run.calls, run.seconds, run.latency, run.errors, lost)


def _print_runs(backend: str, runs: list[Run]) -> None:
    rows = [
        (
            r.name,
            f"{r.rate:,.0f}",
            duration(r.latency.p50),
            duration(r.latency.p99),
            duration(r.latency.max),
            str(r.errors),
            str(r.lost),
        )
        for r in runs
    ]
    table(f"{backend}: calls", ("run", "calls/s", "p50", "p99", "max", "errors", "lost"), rows)


def _summary(reports: dict[str, list[Run]]) -> None:
    rows = []
    for backend, runs in reports.items():
        goal = GOALS[backend]
        baseline, single = runs[0], runs[1]
        for run in runs[2:]:
            rows.append(
                (
                    backend,
                    run.name,
                    f">= {goal:,}/s",
                    f"{run.rate:,.0f}/s (1 writer {single.rate:,.0f}/s; /roll {baseline.rate:,.0f}/s)",
                    mark(run.rate >= goal),
                )
            )
        lost = sum(r.lost + r.errors for r in runs)
        rows.append((backend, "lost updates and errors", "0", str(lost), mark(lost == 0)))
    table("Summary: goal against measured", ("backend", "what", "goal", "measured", ""), rows)


async def run() -> None:
    print("Live play benchmark: /init hp and /init next through EncounterService")
    print(
        f"Python {platform.python_version()}, SQLAlchemy {sqlalchemy.__version__}, "
        f"SQLite {sqlite3.sqlite_version}, {os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.2f}; "
        f"{CALLS:,} calls per run, pool 5 + 10 overflow (bot defaults)"
    )
    reports: dict[str, list[Run]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-live-") as folder:
        reports["sqlite"] = await bench_backend("sqlite", f"sqlite+aiosqlite:///{folder}/bench.db")
    if pg.server_url():
        url = await pg.create_database("tablebot_bench_live")
        try:
            reports["postgresql"] = await bench_backend("postgresql", url)
        finally:
            await pg.drop_database(url)
    else:
        print("\npostgresql: skipped (set TEST_DATABASE_URL to include it)")
    _summary(reports)


if __name__ == "__main__":
    asyncio.run(run())
