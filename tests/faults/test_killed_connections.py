"""PostgreSQL backends killed mid-traffic and between commands (pg_terminate_backend).

Every acknowledged write is kept, every failure is one the member is told about in plain
words, and the bot recovers by itself. Loops are bounded in count and time; the server is
never touched, only the backends of this test's own database.
"""

import asyncio
import itertools
import random
import time
from dataclasses import dataclass

import asyncpg
import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from bot.tree import NOT_ANSWERING, UNCONFIRMED, user_message
from db.engine import Database, create_engine
from db.health import commit_unconfirmed, is_unavailable
from db.models import DiceRoll, NPCInteraction
from db.services import NPCService
from rules.relationships import clamp
from tests.faults.conftest import CHANNEL, GM, GUILD, World, make_world

pytestmark = pytest.mark.postgres

KILL = (
    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
)
WORKERS = 16
TRAFFIC_SECONDS = 3.0
MAX_CALLS = 4_000
BOUND_SECONDS = 60  # the whole test, whatever happens


def driver_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@dataclass(frozen=True)
class Outcome:
    call: int
    kind: str  # "interaction" or "roll"
    change: int
    id: str | None  # the acknowledged row
    error: Exception | None
    seconds: float


def change_of(call: int) -> int:
    return 1 if call % 4 == 1 else -1


async def one_call(world: World, call: int) -> Outcome:
    kind = "interaction" if call % 2 else "roll"
    started = time.monotonic()
    try:
        if kind == "interaction":
            result = await world.npcs.interact(
                GUILD,
                world.npc_id,
                interaction_type="social",
                summary=f"call {call}",
                character=world.hero_id,
                change=change_of(call),
                logged_by=GM,
            )
            row_id = result.entry.id
        else:
            row_id = (await world.dice.roll(GUILD, CHANNEL, GM, "1d20", reason=f"call {call}")).id
    except Exception as error:
        return Outcome(call, kind, change_of(call), None, error, time.monotonic() - started)
    return Outcome(call, kind, change_of(call), row_id, None, time.monotonic() - started)


async def kill_backends(dsn: str, stop: asyncio.Event, seed: int) -> tuple[int, int]:
    """Terminate every other backend of the database every 20-120 ms until told to stop."""
    pace = random.Random(seed)
    conn = await asyncpg.connect(dsn)
    kills = terminated = 0
    try:
        while not stop.is_set():
            await asyncio.sleep(pace.uniform(0.02, 0.12))
            terminated += await conn.fetchval(KILL)
            kills += 1
    finally:
        await conn.close()
    return kills, terminated


@dataclass(frozen=True)
class Stored:
    interactions: dict[str, str]  # id -> summary ("call N")
    rolls: dict[str, str]  # id -> reason ("call N")
    total: int  # the sum of the kept relationship changes
    score: int  # the NPC's stored standing with the hero


async def stored(url: str, world: World) -> Stored:
    """What the database holds, read through a fresh engine."""
    db = Database(create_engine(url))
    try:
        async with db.transaction(write=False) as session:
            interactions = (await session.execute(select(NPCInteraction.id, NPCInteraction.summary))).all()
            rolls = (await session.execute(select(DiceRoll.id, DiceRoll.reason))).all()
            total = await session.scalar(
                select(func.coalesce(func.sum(NPCInteraction.relationship_change), 0))
            )
        shown = await NPCService(db).get(GUILD, world.npc_id)
    finally:
        await db.dispose()
    return Stored(
        {i: str(label) for i, label in interactions},
        {i: str(label) for i, label in rolls},
        int(total or 0),
        shown.standings[0].score,
    )


async def test_connections_killed_mid_traffic_lose_no_acknowledged_write(pg_private_url, record_property):
    db = Database(create_engine(pg_private_url))
    try:
        world = await make_world(db)
        outcomes: list[Outcome] = []
        calls = itertools.count()
        stop = asyncio.Event()

        async def worker() -> None:
            while not stop.is_set() and (call := next(calls)) < MAX_CALLS:
                outcomes.append(await one_call(world, call))

        async with asyncio.timeout(BOUND_SECONDS):
            killer = asyncio.create_task(kill_backends(driver_dsn(pg_private_url), stop, seed=7))
            workers = [asyncio.create_task(worker()) for _ in range(WORKERS)]
            await asyncio.sleep(TRAFFIC_SECONDS)
            stop.set()
            await asyncio.gather(*workers)
            kills, terminated = await killer

            # Recovery: with the killing over, the next calls all succeed, with no reset.
            started = time.monotonic()
            first = await one_call(world, MAX_CALLS)
            recovery = time.monotonic() - started
            after = [first] + [await one_call(world, MAX_CALLS + i) for i in range(1, 10)]
            after += await asyncio.gather(*(one_call(world, MAX_CALLS + i) for i in range(10, 30)))
    finally:
        await db.dispose()

    acknowledged = [o for o in outcomes if o.error is None]
    failed = [o for o in outcomes if o.error is not None]
    unconfirmed = [o for o in failed if commit_unconfirmed(o.error)]
    kept = await stored(pg_private_url, world)
    labels = set(kept.interactions.values()) | set(kept.rolls.values())
    figures = {
        "calls": len(outcomes),
        "acknowledged": len(acknowledged),
        "failed": len(failed),
        "unconfirmed": len(unconfirmed),
        "unconfirmed_kept": sum(f"call {o.call}" in labels for o in unconfirmed),
        "kills": kills,
        "backends_terminated": terminated,
        "slowest_failure_s": round(max((o.seconds for o in failed), default=0.0), 3),
        "recovery_first_call_s": round(recovery, 4),
    }
    print(f"\nkilled connections mid-traffic: {figures}")
    for name, value in figures.items():
        record_property(name, value)

    assert kills >= 10 and terminated > 0, "the killing did not happen"
    assert acknowledged, "no call got through"
    # Every failure is one the member hears about in plain words.
    unexplained = [(o.call, repr(o.error)) for o in failed if not is_unavailable(o.error)]
    assert not unexplained, f"failures the bot would report as bugs: {unexplained[:5]}"
    assert {user_message(o.error) for o in failed} <= {NOT_ANSWERING, UNCONFIRMED}
    # ... and truthfully: "nothing was changed" means nothing was.
    denied = [o.call for o in failed if not commit_unconfirmed(o.error) and f"call {o.call}" in labels]
    assert not denied, f"calls told 'nothing was changed' whose write was kept: {denied}"
    # Every acknowledged write is there.
    lost = [
        o.call
        for o in acknowledged
        if o.id not in (kept.interactions if o.kind == "interaction" else kept.rolls)
    ]
    assert not lost, f"acknowledged writes lost: {lost}"
    # The NPC's stored standing agrees with the log it is kept beside, kill or no kill.
    assert kept.score == clamp(kept.total)
    # The bot recovered by itself.
    assert [repr(o.error) for o in after if o.error is not None] == []


@pytest.mark.parametrize("pre_ping", [True, False], ids=["pre-ping", "no-pre-ping"])
@pytest.mark.parametrize("pause", [0.2, 0.0], ids=["noticed", "at-once"])
async def test_connections_killed_between_commands_fail_at_most_one(pg_private_url, pre_ping, pause):
    """A pool whose connections were all killed while idle heals itself.

    Once asyncpg has seen the server's goodbye (``pause``), no command fails: the pool
    takes another connection (pre-ping, or without it the closed-socket check on checkout).
    Killed at once, at most the next command fails, in plain words.
    """
    db = Database(create_engine(pg_private_url, pre_ping=pre_ping))
    try:
        world = await make_world(db)
        async with asyncio.timeout(BOUND_SECONDS):
            warm = await asyncio.gather(*(one_call(world, i) for i in range(10)))  # several connections
            assert all(o.error is None for o in warm)
            conn = await asyncpg.connect(driver_dsn(pg_private_url))
            try:
                assert await conn.fetchval(KILL) >= 1
            finally:
                await conn.close()
            await asyncio.sleep(pause)
            outcomes = [await one_call(world, 100 + i) for i in range(10)]
            outcomes += await asyncio.gather(*(one_call(world, 200 + i) for i in range(10)))
    finally:
        await db.dispose()
    failed = [o for o in outcomes if o.error is not None]
    assert len(failed) <= (0 if pause else 1), [repr(o.error) for o in failed]
    assert all(is_unavailable(o.error) for o in failed)
    assert all(o.error is None for o in outcomes[1:])
