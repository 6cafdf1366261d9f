"""Sessions: one running at a time, notes, and recaps from the session's time window."""

import asyncio

import pytest

from db.services import CampaignService, CharacterService, DiceService, NPCService, SessionService
from rules.errors import ConflictError, InvalidInputError, NotFoundError
from tests.unit.dice.test_engine import Faces

GUILD, GM, CHANNEL = 1, 99, 5
WRITERS = 20


@pytest.fixture
async def saga(db):
    campaigns = CampaignService(db)
    await campaigns.create(GUILD, name="Saga", setting="S")
    await CharacterService(db).create(GUILD, owner_id=GM, name="Tess")
    npcs = NPCService(db)
    await npcs.create(GUILD, name="Strahd")
    return SessionService(db), npcs, campaigns


async def _interact(npcs, change, npc="Strahd"):
    await npcs.interact(
        GUILD, npc, interaction_type="social", summary="Talk", character="Tess", change=change, logged_by=GM
    )


async def test_sessions_are_numbered_and_one_runs_at_a_time(saga):
    sessions, _, _ = saga
    first = await sessions.start(GUILD, "Arrival")
    assert first.session.number == 1 and first.session.is_open
    with pytest.raises(ConflictError, match="still running"):
        await sessions.start(GUILD)
    ended = await sessions.end(GUILD, "We arrived.")
    assert not ended.session.is_open and ended.session.summary == "We arrived."
    second = await sessions.start(GUILD)
    assert second.session.number == 2
    listing = await sessions.list(GUILD)
    assert [s.number for s in listing.sessions] == [2, 1]


async def test_without_a_running_session_end_and_note_say_how_to_start(saga):
    sessions, _, _ = saga
    for call in (sessions.end(GUILD), sessions.note(GUILD, "x")):
        with pytest.raises(NotFoundError, match="/session start"):
            await call
    with pytest.raises(NotFoundError, match="no sessions yet"):
        await sessions.recap(GUILD, gm=False)
    await sessions.start(GUILD)
    with pytest.raises(InvalidInputError):
        await sessions.note(GUILD, "   ")
    with pytest.raises(NotFoundError, match="no session 7"):
        await sessions.recap(GUILD, 7, gm=False)


async def test_the_recap_counts_only_what_happened_in_the_session(saga):
    sessions, npcs, campaigns = saga
    await _interact(npcs, 8)  # before: Indifferent at 8
    await campaigns.add_quest(GUILD, "Old quest")
    await sessions.start(GUILD, "The castle")
    await _interact(npcs, -10)
    await _interact(npcs, -10)  # 8 → -12: Unfriendly
    await campaigns.add_quest(GUILD, "Find the heir")
    await campaigns.complete_quest(GUILD, "Old quest")
    await npcs.log_speech(GUILD, "Strahd", "Welcome to my home.", logged_by=GM)
    await sessions.note(GUILD, "Rain", secret=False)
    await sessions.note(GUILD, "Strahd watches", secret=True)
    await sessions.end(GUILD)
    await _interact(npcs, 10)  # after the session: must not change its recap
    recap = await sessions.recap(GUILD, gm=False)
    assert "Strahd went from Indifferent to Unfriendly toward Tess." in recap.prose
    assert "They took up 1 quest: Find the heir." in recap.prose
    assert "They saw Old quest through." in recap.prose
    assert "Strahd toward Tess: 8 → -12 (Indifferent → Unfriendly)" in recap.items
    assert "Strahd said: “Welcome to my home.”" in recap.items
    assert "Note: Rain" in recap.items and not any("watches" in i for i in recap.items)
    assert "🔒 GM note: Strahd watches" in (await sessions.recap(GUILD, 1, gm=True)).items


async def test_natural_20s_and_1s_are_kept_and_private_ones_are_the_gms(db, saga, monkeypatch):
    import d20

    sessions, _, _ = saga
    dice = DiceService(db)
    await sessions.start(GUILD)
    monkeypatch.setattr(d20.expression, "random", Faces([20, 1, 20, 7, 1]))
    await dice.roll(GUILD, CHANNEL, GM, "1d20+2", reason="Attack")
    await dice.roll(GUILD, CHANNEL, GM, "1d20", private=True)
    await dice.roll(GUILD, CHANNEL, GM, "2d20kh1")  # 20 and 7 kept 20: one d20 decides
    await dice.roll(GUILD, CHANNEL, GM, "1d20", reason="Ambush", secret=True)
    player, gm = await sessions.recap(GUILD, gm=False), await sessions.recap(GUILD, gm=True)
    assert f"Natural 20: <@{GM}> (Attack)" in player.items
    assert "The dice gave 2 natural 20s." in player.prose
    assert f"🔒 Natural 1: <@{GM}> (1d20)" in gm.items and f"🔒 Natural 1: <@{GM}> (Ambush)" in gm.items
    assert not any("Ambush" in item for item in player.items)
    assert "The dice gave 2 natural 20s and 2 natural 1s." in gm.prose


async def test_interaction_rolls_against_a_dc_are_told_and_their_crits_counted_once(db, saga, monkeypatch):
    import d20

    from db.services.interaction_details import InteractionDetails

    sessions, npcs, _ = saga

    async def parley(roll: str, dc: int | None) -> None:
        await npcs.interact(
            GUILD,
            "Strahd",
            interaction_type="social",
            summary="Parley",
            character="Tess",
            logged_by=GM,
            details=InteractionDetails(roll=roll, dc=dc, channel_id=CHANNEL),
        )

    monkeypatch.setattr(d20.expression, "random", Faces([20, 20, 4, 9]))
    await parley("skill:persuasion", 15)  # before the session: not in its recap
    await sessions.start(GUILD)
    await parley("skill:persuasion", 25)  # a natural 20, +0: 20 misses DC 25
    await parley("1d20+1", 12)  # 5
    await parley("1d20", None)  # no DC: no sentence
    recap = await sessions.recap(GUILD, gm=False)
    told = (
        "Tess failed to persuade Strahd (Persuasion 20 vs DC 25). "
        "Tess's roll with Strahd failed (5 vs DC 12)."
    )
    assert told in recap.prose and recap.prose.count("vs DC") == 2
    # From the entry's record; its copy in the roll history is left out, not counted twice.
    assert "The dice gave 1 natural 20." in recap.prose
    assert "Natural 20: Tess (Persuasion (CHA) with Strahd)" in recap.items
    listed = [r.reason for r in await DiceService(db).recent(GUILD, viewer_id=GM)]
    assert listed == ["Tess: roll with Strahd"] * 2 + ["Tess: Persuasion (CHA) with Strahd"] * 2  # /rolls


async def test_twenty_notes_at_once_are_all_kept(saga):
    sessions, _, _ = saga
    await sessions.start(GUILD)
    await asyncio.gather(*(sessions.note(GUILD, f"Note {i}", secret=i % 2 == 0) for i in range(WRITERS)))
    recap = await sessions.recap(GUILD, gm=True)
    kept = sorted(i.split(": ", 1)[1] for i in recap.items if "Note" in i)
    assert kept == sorted(f"Note {i}" for i in range(WRITERS))


async def test_two_gms_starting_at_once_start_one_session(saga):
    sessions, _, _ = saga
    results = await asyncio.gather(
        *(sessions.start(GUILD, f"Try {i}") for i in range(WRITERS)), return_exceptions=True
    )
    started = [r for r in results if not isinstance(r, Exception)]
    assert len(started) == 1
    assert all(isinstance(r, ConflictError) for r in results if isinstance(r, Exception))
    assert len((await sessions.list(GUILD)).sessions) == 1
