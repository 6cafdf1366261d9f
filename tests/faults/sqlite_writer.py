"""A SQLite writer for the SIGKILL test: writes through the services until killed.

    python -m tests.faults.sqlite_writer URL NPC_ID HERO_ID FIRST_CALL

Each acknowledged write is printed (and flushed) as ``roll <id>`` or ``interaction <id>``
only after the service call returned, i.e. after COMMIT. Stops by itself after MAX_CALLS.
"""

import asyncio
import sys

from db.engine import Database, create_engine
from db.services import DiceService, NPCService
from tests.faults.conftest import CHANNEL, GM, GUILD

MAX_CALLS = 20_000


async def write(url: str, npc_id: str, hero_id: str, first: int) -> None:
    db = Database(create_engine(url))
    npcs, dice = NPCService(db), DiceService(db)

    async def one(call: int) -> None:
        if call % 2:
            result = await npcs.interact(
                GUILD,
                npc_id,
                interaction_type="social",
                summary=f"call {call}",
                character=hero_id,
                change=1 if call % 4 == 1 else -1,
                logged_by=GM,
            )
            print(f"interaction {result.entry.id}", flush=True)
        else:
            roll = await dice.roll(GUILD, CHANNEL, GM, "1d20", reason=f"call {call}")
            print(f"roll {roll.id}", flush=True)

    try:
        # Four writers at once, as commands of one bot process would be.
        for batch in range(first, first + MAX_CALLS, 4):
            await asyncio.gather(*(one(call) for call in range(batch, batch + 4)))
    finally:
        await db.dispose()


if __name__ == "__main__":
    url, npc_id, hero_id, first = sys.argv[1:5]
    asyncio.run(write(url, npc_id, hero_id, int(first)))
