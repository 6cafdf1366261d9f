"""The data behind the standings pictures: paths from the log, the grid from the stored totals."""

import pytest

from db.services import CampaignService, CharacterService, NPCService, StandingsReportService
from db.services.standings_report import MAX_SERIES

GUILD, GM = 1, 99


@pytest.fixture
async def saga(db):
    await CampaignService(db).create(GUILD, name="Saga", setting="S")
    characters, npcs = CharacterService(db), NPCService(db)
    for name in ("Hero", "Rival", "Bystander"):
        await characters.create(GUILD, owner_id=GM, name=name)
    for name in ("Bob", "Strahd"):
        await npcs.create(GUILD, name=name)
    return npcs, StandingsReportService(db)


async def _interact(npcs, character, change, npc="Bob"):
    await npcs.interact(
        GUILD,
        npc=npc,
        interaction_type="social",
        summary="Talk",
        character=character,
        change=change,
        logged_by=GM,
    )


async def test_a_timeline_follows_the_log_and_ends_at_the_stored_score(saga):
    npcs, report = saga
    for change in (10, -10, -10, 5):
        await _interact(npcs, "Hero", change)
    await _interact(npcs, "Rival", 5)
    timeline = await report.npc_timeline(GUILD, "bob")
    assert timeline.npc_name == "Bob" and timeline.characters_total == 2
    by_name = {s.character_name: s for s in timeline.series}
    assert by_name["Hero"].scores == (0, 10, 0, -10, -5)
    assert len(by_name["Hero"].times) == 5 and list(by_name["Hero"].times) == sorted(by_name["Hero"].times)
    assert by_name["Rival"].scores == (0, 5)
    assert [s.character_name for s in timeline.series] == ["Hero", "Rival"], "busiest first"


async def test_a_timeline_keeps_the_busiest_characters(db, saga):
    npcs, report = saga
    characters = CharacterService(db)
    for number in range(MAX_SERIES + 2):
        await characters.create(GUILD, owner_id=GM, name=f"Extra {number}")
        for _ in range(number + 1):
            await _interact(npcs, f"Extra {number}", 1)
    timeline = await report.npc_timeline(GUILD, "Bob")
    assert len(timeline.series) == MAX_SERIES and timeline.characters_total == MAX_SERIES + 2
    kept = [len(s.scores) - 1 for s in timeline.series]
    assert kept == list(range(MAX_SERIES + 2, 2, -1)), "the busiest, busiest first"


async def test_the_grid_has_a_cell_per_npc_and_character(saga):
    npcs, report = saga
    await _interact(npcs, "Hero", 9)
    await _interact(npcs, "Rival", -7, npc="Strahd")
    grid = await report.campaign_grid(GUILD)
    assert grid.npc_names == ("Bob", "Strahd")
    assert grid.character_names == ("Bystander", "Hero", "Rival")
    assert grid.scores == ((None, 9, None), (None, None, -7))
    assert (grid.npcs_total, grid.characters_total) == (2, 3)
