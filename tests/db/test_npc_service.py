"""NPCService on every backend: interactions, relationships without lost updates, history, scope."""

import asyncio

import pytest

from db.models import NPCInteraction
from db.services import CampaignService, CharacterService, NPCService
from rules.errors import ConflictError, InvalidInputError, NotFoundError


@pytest.fixture
async def world(db):
    campaigns, characters, npcs = CampaignService(db), CharacterService(db), NPCService(db)
    await campaigns.create(1, name="Saga", setting="S")
    hero = await characters.create(1, 10, "Hero")
    npc = await npcs.create(1, "Bob", race="Human", occupation="Innkeeper", location="Greenest")
    return npcs, characters, hero, npc


async def test_interactions_move_the_score_and_label(world):
    npcs, _, hero, npc = world
    first = await npcs.interact(
        1, npc.id, interaction_type="trade", summary="Fair price", character=hero.id, change=10, logged_by=5
    )
    assert (first.before, first.after, first.changed_label) == (0, 10, None)
    second = await npcs.interact(
        1,
        "bob",
        interaction_type="quest",
        summary="Saved his son",
        character="hero",
        change=5,
        logged_by=5,
        outcome="Free rooms",
    )
    assert (second.before, second.after, second.changed_label) == (10, 15, "Indifferent -> Friendly")
    shown = await npcs.get(1, npc.id)
    assert [(s.character_name, s.score, s.label) for s in shown.standings] == [("Hero", 15, "Friendly")]
    assert shown.recent[0].outcome == "Free rooms" and shown.recent[0].logged_by == 5


async def test_scores_are_clamped_sums(world):
    npcs, _, hero, npc = world
    for _ in range(12):
        result = await npcs.interact(
            1,
            npc.id,
            interaction_type="combat",
            summary="Hit him",
            character=hero.id,
            change=-10,
            logged_by=5,
        )
    assert result.after == -100
    result = await npcs.interact(
        1, npc.id, interaction_type="social", summary="Sorry", character=hero.id, change=10, logged_by=5
    )
    assert result.after == -100  # the sum is -110: still clamped
    name, standings = await npcs.character_standings(1, hero.id)
    assert (name, standings[0].score, standings[0].label) == ("Hero", -100, "Hostile")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"summary": "x", "change": 3}, "needs a character"),
        ({"summary": "x", "character": "Hero", "change": 11}, "between -10 and 10"),
        ({"summary": "x" * 1001, "character": "Hero"}, "at most 1000"),
        ({"summary": "   ", "character": "Hero"}, "cannot be empty"),
        ({"summary": "x", "interaction_type": "bribe"}, "must be one of"),
    ],
)
async def test_bad_interactions_write_nothing(world, options, message):
    npcs, _, _, npc = world
    options = {"interaction_type": "other", **options}
    with pytest.raises(InvalidInputError, match=message):
        await npcs.interact(1, npc.id, logged_by=5, **options)
    _, page = await npcs.history(1, npc.id)
    assert page.total == 0


async def test_fifty_concurrent_interactions_lose_no_update(world):
    npcs, _, hero, npc = world
    changes = [(i % 7) - 2 for i in range(50)]  # a mix of gains and losses
    await asyncio.gather(
        *(
            npcs.interact(
                1,
                npc.id,
                interaction_type="social",
                summary=f"Chat {i}",
                character=hero.id,
                change=change,
                logged_by=5,
            )
            for i, change in enumerate(changes)
        )
    )
    shown = await npcs.get(1, npc.id)
    assert shown.standings[0].score == sum(changes)
    _, page = await npcs.history(1, npc.id)
    assert page.total == 50


async def test_history_is_newest_first_paged_and_filtered(world):
    npcs, characters, hero, npc = world
    other = await characters.create(1, 11, "Other")
    for i in range(23):
        await npcs.interact(
            1,
            npc.id,
            interaction_type="dialogue" if i % 2 else "trade",
            summary=f"Entry {i}",
            character=hero.id if i % 3 else other.id,
            logged_by=5,
        )
    name, first = await npcs.history(1, npc.id)
    assert (name, first.total, first.pages, first.page) == ("Bob", 23, 3, 1)
    assert first.entries[0].summary == "Entry 22"
    _, last = await npcs.history(1, npc.id, page=3)
    assert [e.summary for e in last.entries] == ["Entry 2", "Entry 1", "Entry 0"]
    _, trades = await npcs.history(1, npc.id, interaction_type="trade")
    assert trades.total == 12 and all(e.interaction_type == "trade" for e in trades.entries)
    _, others = await npcs.history(1, npc.id, character=other.id)
    assert others.total == 8


async def test_deleting_a_character_keeps_the_log_readable(world):
    npcs, characters, hero, npc = world
    await npcs.interact(
        1, npc.id, interaction_type="trade", summary="Bought ale", character=hero.id, change=2, logged_by=5
    )
    await characters.delete(1, 10, False, hero.id)
    _, page = await npcs.history(1, npc.id)
    entry = page.entries[0]
    assert (entry.character_id, entry.character_name, entry.character_removed) == (None, "Hero", True)
    shown = await npcs.get(1, npc.id)
    assert shown.standings[0].character_name == "Hero"


async def test_names_unique_per_campaign_and_edit(world):
    npcs, _, _, npc = world
    with pytest.raises(ConflictError):
        await npcs.create(1, "BOB")
    edited = await npcs.edit(
        1, npc.id, location="Neverwinter", notes="Secretly a spy", personality="traits: nosy; flaws: gossip"
    )
    assert (edited.location, edited.data.gm_notes, edited.personality.traits) == (
        "Neverwinter",
        "Secretly a spy",
        ["nosy"],
    )
    with pytest.raises(InvalidInputError):
        await npcs.edit(1, npc.id)


async def test_another_guilds_npc_is_never_reached(world, db):
    npcs, _, _, npc = world
    await CampaignService(db).create(2, name="Other", setting="S")
    for attempt in (npc.id, "Bob"):
        with pytest.raises(NotFoundError):
            await npcs.get(2, attempt)
        with pytest.raises(NotFoundError):
            await npcs.interact(2, attempt, interaction_type="other", summary="x", logged_by=1)
        with pytest.raises(NotFoundError):
            await npcs.edit(2, attempt, name="Mine")
    with pytest.raises(NotFoundError):
        await npcs.delete(2, npc.id)
    assert await npcs.autocomplete(2, "bo") == []
    assert [c.name for c in await npcs.autocomplete(1, "bo")] == ["Bob"]


async def test_delete_takes_the_log_with_it(world):
    npcs, _, hero, npc = world
    await npcs.interact(1, npc.id, interaction_type="trade", summary="x", character=hero.id, logged_by=5)
    assert await npcs.delete(1, npc.id) == ("Bob", 1)
    with pytest.raises(NotFoundError):
        await npcs.get(1, npc.id)


async def test_long_speech_is_kept_whole_in_the_entry(world, db):
    npcs, _, _, npc = world
    speech = "Listen well. " * 150  # 1,950 characters: more than a summary holds
    result = await npcs.log_speech(1, npc.id, speech, logged_by=5)
    assert result.entry.summary.endswith("…") and len(result.entry.summary) <= 1000
    assert result.entry.interaction_type == "dialogue"
    async with db.transaction(write=False) as session:
        stored = await session.get(NPCInteraction, result.entry.id)
        assert [(line.speaker, line.text) for line in stored.data.dialogue] == [("Bob", speech.strip())]
