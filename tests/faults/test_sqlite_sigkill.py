"""A SQLite writer process killed with SIGKILL mid-load, five times: the file stays sound and
keeps every write the writer acknowledged."""

import asyncio
import random
import signal
import sqlite3
import sys
import time
from pathlib import Path

from db.engine import Database, create_engine
from tests.conftest import sqlite_copy
from tests.faults.conftest import make_world

PROJECT = Path(__file__).resolve().parents[2]
KILLS = 5
START_SECONDS = 20  # for the child to import everything and acknowledge its first write
BOUND_SECONDS = 90  # the whole test


async def run_and_kill(url: str, npc_id: str, hero_id: str, first: int, after: float) -> list[str]:
    """Start a writer, SIGKILL it ``after`` seconds past its first acknowledged write; its lines."""
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.faults.sqlite_writer",
        url,
        npc_id,
        hero_id,
        str(first),
        cwd=PROJECT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert child.stdout is not None
    try:
        async with asyncio.timeout(START_SECONDS):
            head = await child.stdout.readline()
        if not head:
            _, errors = await child.communicate()
            raise AssertionError(f"the writer died: {errors.decode()[-2000:]}")
        await asyncio.sleep(after)
    finally:
        if child.returncode is None:
            child.send_signal(signal.SIGKILL)
    rest, _ = await child.communicate()
    assert child.returncode == -signal.SIGKILL, "the writer stopped before it was killed"
    # A line cut by the kill was never printed whole: not acknowledged.
    text = (head + rest).decode()
    return text.split("\n")[:-1] if not text.endswith("\n") else text.splitlines()


async def test_sigkilled_sqlite_writers_keep_every_acknowledged_write(
    sqlite_template, tmp_path, record_property
):
    url = sqlite_copy(sqlite_template, tmp_path)
    path = tmp_path / "bot.db"
    db = Database(create_engine(url))
    try:
        world = await make_world(db)
    finally:
        await db.dispose()

    pace = random.Random(11)
    acknowledged: dict[str, set[str]] = {"roll": set(), "interaction": set()}
    started = time.monotonic()
    async with asyncio.timeout(BOUND_SECONDS):
        for kill in range(KILLS):
            lines = await run_and_kill(
                url, world.npc_id, world.hero_id, first=kill * 100_000, after=pace.uniform(0.05, 0.4)
            )
            for line in lines:
                kind, row_id = line.split()
                acknowledged[kind].add(row_id)

            # After every kill: the file is sound and holds everything acknowledged so far.
            check = sqlite3.connect(path)
            try:
                assert check.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
                rolls = {r for (r,) in check.execute("SELECT id FROM dice_rolls")}
                interactions = {r for (r,) in check.execute("SELECT id FROM npc_interactions")}
                total = check.execute("SELECT coalesce(sum(relationship_change), 0) FROM npc_interactions")
                total = total.fetchone()[0]
                stored = check.execute("SELECT coalesce(sum(total), 0) FROM npc_standings").fetchone()[0]
            finally:
                check.close()
            assert acknowledged["roll"] <= rolls, "acknowledged rolls lost"
            assert acknowledged["interaction"] <= interactions, "acknowledged interactions lost"
            # The standing kept beside the log agrees with it: no half-written unit of work.
            assert stored == total
    figures = {
        "kills": KILLS,
        "acknowledged_rolls": len(acknowledged["roll"]),
        "acknowledged_interactions": len(acknowledged["interaction"]),
        "rows_kept": len(rolls) + len(interactions),
        # Committed, then killed before the line was printed: kept, never acknowledged.
        "kept_unacknowledged": len(rolls - acknowledged["roll"])
        + len(interactions - acknowledged["interaction"]),
        "seconds": round(time.monotonic() - started, 1),
    }
    print(f"\nSIGKILLed SQLite writers: {figures}")
    for name, value in figures.items():
        record_property(name, value)
    assert all(acknowledged.values()), "the writers acknowledged nothing"
