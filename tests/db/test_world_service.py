"""The world state service: facts, secrets, and many GMs at once."""

import asyncio

import pytest

from db.services import CampaignService, WorldService
from rules import limits
from rules.errors import InvalidInputError, NotFoundError

GUILD = 1
WRITERS = 20


@pytest.fixture
async def world(db):
    await CampaignService(db).create(GUILD, name="Saga", setting="Sword Coast")
    return WorldService(db)


async def test_a_fact_in_other_capitals_is_the_same_fact(world):
    await world.set_fact(GUILD, "The Baron", "alive")
    change = await world.set_fact(GUILD, "  the baron ", "dead", secret=True)
    assert change.previous is not None and change.previous.value == "alive"
    assert change.fact.fact == "The Baron" and change.fact.secret
    gm_view = await world.show(GUILD, gm=True)
    assert [(f.fact, f.value, f.secret) for f in gm_view.facts] == [("The Baron", "dead", True)]


async def test_players_never_get_secret_facts(world):
    await world.set_fact(GUILD, "Weather", "storm")
    await world.set_fact(GUILD, "Traitor", "the steward", secret=True)
    player_view = await world.show(GUILD, gm=False)
    assert [f.fact for f in player_view.facts] == ["Weather"]
    await world.set_fact(GUILD, "Traitor", "the steward", secret=False)
    assert [f.fact for f in (await world.show(GUILD, gm=False)).facts] == ["Weather", "Traitor"]


async def test_unset_forgets_the_fact_and_its_secrecy(world):
    await world.set_fact(GUILD, "Traitor", "the steward", secret=True)
    _, removed = await world.unset_fact(GUILD, "traitor")
    assert removed.secret and removed.value == "the steward"
    assert (await world.show(GUILD, gm=True)).facts == ()
    with pytest.raises(NotFoundError):
        await world.unset_fact(GUILD, "Traitor")


async def test_bad_facts_are_refused_and_write_nothing(world):
    with pytest.raises(InvalidInputError):
        await world.set_fact(GUILD, "   ", "dead")
    with pytest.raises(InvalidInputError):
        await world.set_fact(GUILD, "Baron", "  ")
    with pytest.raises(InvalidInputError):
        await world.set_fact(GUILD, "Baron", "x" * (limits.WORLD_FACT_VALUE + 1))
    assert (await world.show(GUILD, gm=True)).facts == ()


async def test_a_campaign_keeps_at_most_its_limit_of_facts(world):
    for number in range(limits.WORLD_FACTS):
        await world.set_fact(GUILD, f"Fact {number}", "v")
    with pytest.raises(InvalidInputError, match="at most"):
        await world.set_fact(GUILD, "One more", "v")
    await world.set_fact(GUILD, "Fact 0", "changed")  # changing a known fact is still fine


async def test_twenty_gms_setting_facts_at_once_lose_nothing(world):
    await asyncio.gather(
        *(world.set_fact(GUILD, f"Fact {i}", f"value {i}", secret=i % 2 == 0) for i in range(WRITERS))
    )
    facts = (await world.show(GUILD, gm=True)).facts
    assert sorted(f.fact for f in facts) == sorted(f"Fact {i}" for i in range(WRITERS))
    assert sorted(f.fact for f in facts if f.secret) == sorted(f"Fact {i}" for i in range(0, WRITERS, 2))


async def test_facts_unset_while_others_are_set_lose_nothing(world):
    for i in range(10):
        await world.set_fact(GUILD, f"Old {i}", "v")
    await asyncio.gather(
        *(world.unset_fact(GUILD, f"Old {i}") for i in range(10)),
        *(world.set_fact(GUILD, f"New {i}", "v") for i in range(10)),
    )
    facts = (await world.show(GUILD, gm=True)).facts
    assert sorted(f.fact for f in facts) == sorted(f"New {i}" for i in range(10))
