"""Standings as stored running totals (npc_standings), on every backend.

Each interaction moves its pair's total by one upsert in its own transaction, without locking
the NPC: twenty-odd writers on one pair queue on that pair's row, writers on different pairs of
one NPC do not wait for each other (PostgreSQL; SQLite has one writer at a time anyway). The
statement counts are fixed by the code, so they are tested; timings never are.
"""

import asyncio

import pytest
from sqlalchemy import select

from db.models import NPC, NPCInteraction, NPCLogCount, NPCStanding
from db.services import CampaignService, CharacterService, NPCService
from db.services import npcs as npcs_module
from rules.errors import NotFoundError
from tests.roundtrips import RoundTrips

WRITERS = 24
GUILD, GM = 1, 99


@pytest.fixture
async def world(db):
    await CampaignService(db).create(GUILD, name="Saga", setting="S")
    characters, npcs = CharacterService(db), NPCService(db)
    heroes = [await characters.create(GUILD, 10 + i, f"Hero {i}") for i in range(8)]
    npc = await npcs.create(GUILD, "Bob")
    return npcs, heroes, npc


def interact(npcs, npc, hero, change, summary="Chat"):
    return npcs.interact(
        GUILD,
        npc.id,
        interaction_type="social",
        summary=summary,
        character=hero.id,
        change=change,
        logged_by=GM,
    )


async def test_concurrent_interactions_on_one_pair_each_see_the_total_before_them(world):
    npcs, heroes, npc = world
    results = await asyncio.gather(*(interact(npcs, npc, heroes[0], 1) for _ in range(WRITERS)))
    # One upsert at a time on the pair's row: every total from 1 to 24 was someone's "after".
    assert sorted(r.after for r in results) == list(range(1, WRITERS + 1))
    assert all(r.before == r.after - 1 for r in results)
    shown = await npcs.get(GUILD, npc.id)
    assert [(s.character_name, s.score) for s in shown.standings] == [("Hero 0", WRITERS)]
    _, page = await npcs.history(GUILD, npc.id)
    assert page.total == WRITERS


async def test_concurrent_interactions_on_different_pairs_of_one_npc_lose_nothing(world):
    npcs, heroes, npc = world
    calls = [(heroes[i % 8], (i % 21) - 10) for i in range(WRITERS * 2)]  # -10..10 across 8 pairs
    calls += [(heroes[0], 10)] * 12  # and one pair past the clamp: its total is 120 + the rest
    await asyncio.gather(*(interact(npcs, npc, hero, change) for hero, change in calls))
    expected = {hero.id: sum(change for h, change in calls if h.id == hero.id) for hero in heroes}
    async with npcs.db.transaction(write=False) as session:
        rows = (
            await session.execute(
                select(NPCStanding.character_id, NPCStanding.total, NPCStanding.interactions)
            )
        ).all()
    assert {character: total for character, total, _ in rows} == expected
    assert sum(count for _, _, count in rows) == len(calls)
    shown = {s.character_id: s.score for s in (await npcs.get(GUILD, npc.id)).standings}
    assert shown == {hero: max(-100, min(100, total)) for hero, total in expected.items()}
    _, page = await npcs.history(GUILD, npc.id)
    assert page.total == len(calls)
    _, one = await npcs.history(GUILD, npc.id, character=heroes[1].id)
    assert one.total == sum(1 for hero, _ in calls if hero.id == heroes[1].id)


async def test_entries_without_a_character_are_counted_with_the_pairs(world):
    npcs, heroes, npc = world
    await asyncio.gather(
        *(
            npcs.interact(GUILD, npc.id, interaction_type="other", summary=f"Rumour {i}", logged_by=GM)
            for i in range(WRITERS)
        ),
        *(interact(npcs, npc, heroes[i % 3], 1) for i in range(WRITERS)),
    )
    _, page = await npcs.history(GUILD, npc.id)
    assert (page.total, page.pages) == (2 * WRITERS, 5)


async def test_a_writer_on_another_pair_of_the_npc_does_not_wait(world, backend, db):
    """While a transaction holds Hero 0's standing locked, Hero 1's interaction goes through and
    Hero 0's waits for it: the NPC's row is no longer the queue."""
    if backend != "postgresql":
        pytest.skip("SQLite has one writer at a time: nothing to show")
    npcs, heroes, npc = world
    await interact(npcs, npc, heroes[0], 5)
    async with db.transaction() as held:
        await held.execute(
            select(NPCStanding)
            .where(NPCStanding.npc_id == npc.id, NPCStanding.character_id == heroes[0].id)
            .with_for_update()
        )
        other = await asyncio.wait_for(interact(npcs, npc, heroes[1], 3), timeout=30)
        assert (other.before, other.after) == (0, 3)
        waiting = asyncio.create_task(interact(npcs, npc, heroes[0], 1))
        await asyncio.sleep(0.2)
        assert not waiting.done()  # queued on Hero 0's row until the holder ends
    assert ((await waiting).before, waiting.result().after) == (5, 6)


async def test_an_npc_deleted_during_an_interaction_is_not_found_not_a_crash(world, backend, db):
    """No lock on the NPC any more: its foreign key decides a race with /npc delete."""
    if backend != "postgresql":
        pytest.skip("SQLite has one writer at a time: no race")
    npcs, heroes, npc = world
    async with db.transaction() as deleting:
        await deleting.delete(await deleting.get(NPC, npc.id))
        await deleting.flush()  # the row is locked by the delete, not yet committed
        racing = asyncio.create_task(interact(npcs, npc, heroes[0], 4))
        await asyncio.sleep(0.2)  # it found the NPC, and waits on the key at its insert
    # "... was just deleted: nothing was logged", or "No NPC called ..." had it looked later.
    with pytest.raises(NotFoundError):
        await racing
    async with db.transaction(write=False) as session:
        assert (await session.execute(select(NPCStanding))).all() == []


async def test_interact_by_ids_is_one_statement_on_postgresql_and_one_hop_on_sqlite(world, db, backend):
    npcs, heroes, npc = world
    counter = await RoundTrips.watching(db.engine)
    await interact(npcs, npc, heroes[0], 1)  # the pool and the statement caches warm
    result, trips = await counter.measure(interact(npcs, npc, heroes[0], 2))
    assert (result.before, result.after, result.entry.character_name) == (1, 3, "Hero 0")
    if backend == "postgresql":
        # One WITH found ... INSERT ... ON CONFLICT statement in autocommit: no BEGIN, no COMMIT.
        assert (trips.begins, trips.queries(), trips.commits) == (0, ["WITH found AS"], 0)
        assert trips.without_ping == 1
    else:
        # SQLite cannot put the INSERT in a WITH: the entry and the upsert are two statements.
        assert trips.queries() == [
            "BEGIN IMMEDIATE",
            "SELECT npcs.id, npcs.name,",
            "INSERT INTO npc_interactions",
            "INSERT INTO npc_standings",
        ]
        # One thread hop each, the BEGIN riding with the first, and one for the COMMIT.
        assert (trips.commits, trips.without_ping) == (1, 4)


async def test_interact_by_ids_out_of_the_guild_is_not_found_and_writes_nothing(world, db):
    """The one statement finds nothing and inserts nothing; the lookup then says what is missing."""
    npcs, heroes, npc = world
    await CampaignService(db).create(2, name="Elsewhere", setting="S")
    stranger = await CharacterService(db).create(2, 50, "Stranger")
    outsider = await NPCService(db).create(2, "Outsider")
    with pytest.raises(NotFoundError, match="character"):
        await interact(npcs, npc, stranger, 3)
    with pytest.raises(NotFoundError, match="NPC"):
        await interact(npcs, outsider, heroes[0], 3)
    with pytest.raises(NotFoundError, match="NPC"):
        await npcs.interact(GUILD, outsider.id, interaction_type="other", summary="x", logged_by=GM)
    async with db.transaction(write=False) as session:
        assert (await session.execute(select(NPCInteraction.id))).all() == []
        assert (await session.execute(select(NPCStanding.npc_id))).all() == []
        assert (await session.execute(select(NPCLogCount.npc_id))).all() == []


async def test_interact_by_ids_keeps_the_names_it_found_in_the_entry(world, db):
    npcs, heroes, npc = world
    said = await npcs.log_speech(GUILD, npc.id, "Well met.", logged_by=GM)
    met = await interact(npcs, npc, heroes[3], -2)
    alone = await npcs.interact(GUILD, npc.id, interaction_type="other", summary="Rumour", logged_by=GM)
    assert (said.npc_name, met.npc_name, met.entry.character_name, met.after) == ("Bob", "Bob", "Hero 3", -2)
    assert (alone.entry.character_name, alone.before, alone.after) == (None, None, None)
    async with db.transaction(write=False) as session:
        speech, chat, rumour = [await session.get(NPCInteraction, r.entry.id) for r in (said, met, alone)]
    assert [(line.speaker, line.text) for line in speech.data.dialogue] == [("Bob", "Well met.")]
    assert (speech.data.character_name, chat.data.character_name, chat.data.dialogue) == (None, "Hero 3", [])
    assert (chat.character_id, rumour.character_id, rumour.data.character_name) == (heroes[3].id, None, None)
    _, page = await npcs.history(GUILD, npc.id)
    assert (page.total, [e.character_name for e in page.entries]) == (3, [None, "Hero 3", None])


async def test_interact_by_unique_names_reads_neither_ids_nor_the_settings_apart(world, db, backend):
    npcs, heroes, npc = world
    counter = await RoundTrips.watching(db.engine)
    await interact(npcs, npc, heroes[0], 1)
    work = npcs.interact(
        GUILD, "bob", interaction_type="trade", summary="x", character="hero 2", logged_by=GM
    )
    result, trips = await counter.measure(work)
    assert (result.npc_name, result.entry.character_name) == ("Bob", "Hero 2")
    lookups = [q for q in trips.statements if q.lstrip().startswith("SELECT")]
    assert len(lookups) == 2  # the NPC by name (the active campaign joined in), the character by name
    assert not any(
        "guild_settings.guild_id = " in q and "FROM guild_settings" in q.split("JOIN")[0] for q in lookups
    )


async def test_history_by_ids_is_one_statement_and_reads_no_npc_json(world, db, backend):
    npcs, heroes, npc = world
    for i in range(12):
        await interact(npcs, npc, heroes[i % 2], 1, summary=f"Entry {i}")
    counter = await RoundTrips.watching(db.engine)
    await npcs.history(GUILD, npc.id)  # warm
    (_, page), trips = await counter.measure(npcs.history(GUILD, npc.id, page=2))
    assert (page.total, page.pages, [e.summary for e in page.entries]) == (12, 2, ["Entry 1", "Entry 0"])
    [query] = [q for q in trips.statements if q.lstrip().startswith("SELECT")]
    assert trips.without_ping == 1  # SQLite: one thread hop, without BEGIN or COMMIT
    assert "count(" not in query.lower()  # the total is stored
    assert not any(column in query for column in ("personality", "relationships", "npcs.data", "stats"))
    (_, mine), trips = await counter.measure(npcs.history(GUILD, npc.id, character=heroes[1].id))
    assert (mine.total, len([q for q in trips.statements if q.lstrip().startswith("SELECT")])) == (6, 1)


async def test_history_past_the_end_and_by_names_read_the_same_pages(world):
    npcs, heroes, npc = world
    for i in range(12):
        await interact(npcs, npc, heroes[i % 2], 1, summary=f"Entry {i}")
    await npcs.interact(GUILD, npc.id, interaction_type="trade", summary="Entry 12", logged_by=GM)
    _, past = await npcs.history(GUILD, npc.id, page=9)
    _, named = await npcs.history(GUILD, "BOB", page=2)
    assert (past.page, past.pages, past.total) == (named.page, named.pages, named.total) == (2, 2, 13)
    assert (
        [e.summary for e in past.entries]
        == [e.summary for e in named.entries]
        == ["Entry 2", "Entry 1", "Entry 0"]
    )
    _, trades = await npcs.history(GUILD, npc.id, interaction_type="trade")
    _, none = await npcs.history(GUILD, npc.id, character=heroes[5].id)
    assert (trades.total, [e.summary for e in trades.entries], none.total, none.entries) == (
        1,
        ["Entry 12"],
        0,
        (),
    )


async def test_a_type_filter_counts_only_so_far_ahead_and_says_there_are_more(world, monkeypatch):
    npcs, heroes, npc = world
    monkeypatch.setattr(npcs_module, "COUNTED_PAGES_AHEAD", 1)  # page 1 counts at most 2 pages + 1
    for i in range(25):
        await interact(npcs, npc, heroes[i % 2], 0, summary=f"chat {i}")
    for typed in (npc.id, "Bob"):  # by id (one statement) and by name
        _, first = await npcs.history(GUILD, typed, interaction_type="social")
        assert (first.total, first.more, first.pages, len(first.entries)) == (20, True, 2, 10)
        assert first.entries[0].summary == "chat 24"
        _, last = await npcs.history(GUILD, typed, interaction_type="social", page=3)
        assert (last.total, last.more, last.pages, [e.summary for e in last.entries]) == (
            25,
            False,
            3,
            [f"chat {i}" for i in range(4, -1, -1)],
        )
        _, past = await npcs.history(GUILD, typed, interaction_type="social", page=9)
        assert (past.page, past.total, past.more, len(past.entries)) == (3, 25, False, 5)
        _, other = await npcs.history(GUILD, typed, interaction_type="trade")
        assert (other.total, other.more, other.entries) == (0, False, ())
