"""/character import replace: at the service: a sheet replaced in place, its id and all tied to it kept.

The concurrency test matters on PostgreSQL: the replace loads the row locked, so a /character hp
at the same moment lands either before it (the summary names the HP it replaced) or after it,
on the new sheet; neither is lost.
"""

import asyncio
import re

import pytest

from db.models import Campaign
from db.schemas import CampaignData, CharacterSheet, HitPoints
from db.schemas.character import Item
from db.services import CampaignService, CharacterService, EncounterService, NPCService
from db.services.characters import parse_character_file
from db.services.sheet_changes import summary
from rules.errors import ConflictError, ForbiddenError, NotFoundError
from tests.db.test_sheet_play_service import play

GUILD, OWNER, GM, OTHER, CHANNEL = 1, 10, 99, 11, 5
WRITERS = 20


@pytest.fixture
def characters(db) -> CharacterService:
    return CharacterService(db)


async def test_the_id_and_all_tied_to_it_stay(db, characters):
    saga, _ = await CampaignService(db).create(GUILD, name="Saga", setting="S")
    hero = await characters.create(GUILD, OWNER, "Tess", sheet=CharacterSheet(armor_class=12))
    npcs = NPCService(db)
    bob = await npcs.create(GUILD, "Bob")
    await npcs.interact(
        GUILD,
        bob.id,
        interaction_type="social",
        summary="Bought ale",
        character=hero.id,
        change=7,
        logged_by=GM,
    )
    async with db.transaction() as session:
        row = await session.get(Campaign, saga.id)
        row.data = CampaignData.model_validate({**row.data.model_dump(), "party": [hero.id]})
    encounters = EncounterService(db)
    await encounters.start(GUILD, CHANNEL, GM)
    await encounters.join(GUILD, CHANNEL, OWNER, False, hero.id, initiative=12)

    name, sheet = parse_character_file(b'{"name": "Tess the Bold", "armor_class": 15, "race": "Elf"}')
    replaced = await characters.replace_sheet(GUILD, OWNER, False, hero.id, name, sheet)

    assert (replaced.id, replaced.owner_id, replaced.campaign_id) == (hero.id, OWNER, saga.id)
    assert replaced.changes == ("name Tess → Tess the Bold", "race none → Elf", "AC 12 → 15")
    stored = await characters.get(GUILD, hero.id)
    assert (stored.name, stored.sheet) == ("Tess the Bold", sheet)
    _, standings = await npcs.character_standings(GUILD, hero.id)
    assert [(s.npc_name, s.character_id, s.score) for s in standings] == [("Bob", hero.id, 7)]
    _, history = await npcs.history(GUILD, bob.id, character=hero.id)
    assert [e.summary for e in history.entries] == ["Bought ale"]
    assert (await CampaignService(db).get(GUILD, saga.id)).data.party == [hero.id]
    [fighter] = (await encounters.get(GUILD, CHANNEL)).combatants
    assert fighter.character_id == hero.id


async def test_only_its_player_or_a_gm_may_replace(characters):
    hero = await characters.create(GUILD, OWNER, "Tess")
    sheet = CharacterSheet(armor_class=18)
    with pytest.raises(ForbiddenError, match="player or a GM"):
        await characters.replace_sheet(GUILD, OTHER, False, hero.id, "Tess", sheet)
    assert (await characters.get(GUILD, hero.id)).sheet == hero.sheet
    by_gm = await characters.replace_sheet(GUILD, GM, True, hero.id, "Tess", sheet)
    assert by_gm.changes == ("AC 10 → 18",) and by_gm.owner_id == OWNER


async def test_a_new_name_must_be_free_in_the_campaign_but_a_new_case_is_fine(characters):
    hero = await characters.create(GUILD, OWNER, "Tess")
    await characters.create(GUILD, OTHER, "Brim")
    with pytest.raises(ConflictError, match="already a character called Brim"):
        await characters.replace_sheet(GUILD, OWNER, False, hero.id, "BRIM", CharacterSheet(speed=25))
    assert (await characters.get(GUILD, hero.id)).sheet.speed == 30
    recased = await characters.replace_sheet(GUILD, OWNER, False, hero.id, "TESS", hero.sheet)
    assert recased.changes == ("name Tess → TESS",)
    same = await characters.replace_sheet(GUILD, OWNER, False, hero.id, "TESS", hero.sheet)
    assert same.changes == ()


async def test_another_guilds_character_is_not_found(characters):
    theirs = await characters.create(2, OWNER, "Theirs")
    with pytest.raises(NotFoundError, match="No character called"):
        await characters.replace_sheet(GUILD, OWNER, True, theirs.id, "Theirs", CharacterSheet())


async def test_the_summary_names_lists_by_their_entries_and_stays_short(characters):
    old = CharacterSheet(
        equipment=[Item(name="Rope"), Item(name="Torch"), Item(name="Spellbook")],
        languages=["Common"],
        notes="Old note",
    )
    hero = await characters.create(GUILD, OWNER, "Tess", sheet=old)
    new = CharacterSheet(
        equipment=[Item(name="Rope", quantity=2), Item(name="Lantern")],
        languages=["Common", "Elvish"],
        notes="New note",
        currency={"gp": 5},
        hit_points=HitPoints(max=12, current=7),
    )
    replaced = await characters.replace_sheet(GUILD, OWNER, False, hero.id, "Tess", new)
    assert replaced.changes == (
        "HP 1/1 → 7/12",
        "languages: +1 (Elvish)",
        "equipment: +1 (Lantern), −2 (Torch, Spellbook), 1 changed",
        "currency none → 5 gp",
        "notes changed",
    )
    many = [f"change number {i:03d} of a very long file" for i in range(100)]
    short = summary(many)
    assert len(short) <= 1500 and short.endswith("more changes")
    kept = short.split("; ")[:-1]
    assert kept == many[: len(kept)]  # whole changes, in order
    assert short.endswith(f"; and {len(many) - len(kept)} more changes")


async def test_a_replace_racing_damage_loses_neither(db, characters):
    """19 blows of 1 HP and one replace (file: HP 50/100) at once, from 100/100.

    A blow before the replace is in the HP the summary says it replaced; a blow after it is
    taken from the file's 50. So replaced-before + final = 100 - before + 50 - after = 131.
    """
    hero = await characters.create(
        GUILD, OWNER, "Tess", sheet=CharacterSheet(hit_points=HitPoints(max=100, current=100))
    )
    sheet_play = play(db)
    new = CharacterSheet(hit_points=HitPoints(max=100, current=50), armor_class=14)
    blows = WRITERS - 1
    results = await asyncio.gather(
        *(sheet_play.hp(GUILD, OWNER, False, hero.id, 1, "damage") for _ in range(blows // 2)),
        characters.replace_sheet(GUILD, GM, True, hero.id, "Tess", new),
        *(sheet_play.hp(GUILD, OWNER, False, hero.id, 1, "damage") for _ in range(blows - blows // 2)),
    )
    replaced = next(r for r in results if hasattr(r, "changes"))
    hp_change = next(c for c in replaced.changes if c.startswith("HP "))
    replaced_current = int(re.match(r"HP (\d+)/100 → 50/100", hp_change).group(1))
    final = (await characters.get(GUILD, hero.id)).sheet
    blows_after = [r for r in results if hasattr(r, "change") and r.change.before.current <= 50]
    assert 100 - replaced_current + len(blows_after) == blows  # each blow counted once, on one side
    assert final.hit_points.current == 50 - len(blows_after)
    assert final.armor_class == 14
