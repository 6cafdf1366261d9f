"""Fault tests: private databases, so killing "the test's own database" touches nothing else."""

from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
import pytest_asyncio

from db import migrate
from db.engine import Database, create_engine
from db.services import CampaignService, CharacterService, DiceService, NPCService
from tests import pg

GUILD, CHANNEL, GM = 1, 2, 5


@pytest_asyncio.fixture
async def pg_private_url() -> AsyncIterator[str]:
    """A migrated PostgreSQL database of this test alone, dropped (connections and all) after it."""
    if not pg.server_url():
        pytest.skip("needs PostgreSQL: set TEST_DATABASE_URL")
    url = await pg.create_database("tablebot_fault")
    try:
        engine = create_engine(url)
        try:
            await migrate.upgrade(engine)
        finally:
            await engine.dispose()
        yield url
    finally:
        await pg.drop_database(url)


@dataclass(frozen=True)
class World:
    """One campaign with an NPC and a character, and the services the faults are aimed at."""

    npcs: NPCService
    dice: DiceService
    npc_id: str
    hero_id: str


async def make_world(db: Database) -> World:
    await CampaignService(db).create(GUILD, name="Saga", setting="S")
    hero = await CharacterService(db).create(GUILD, 10, "Hero")
    npc = await NPCService(db).create(GUILD, "Bob")
    return World(NPCService(db), DiceService(db), npc.id, hero.id)


def world_of(db: Database, world: World) -> World:
    """The same world through another Database (another engine, other limits)."""
    return World(NPCService(db), DiceService(db), world.npc_id, world.hero_id)
