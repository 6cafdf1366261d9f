"""CharacterService on every backend: campaigns, unique names, owner-or-GM changes, guild scope."""

import json

import pytest

from db.services import CampaignService, CharacterService
from db.services.characters import new_sheet, parse_character_file
from rules.errors import ConflictError, ForbiddenError, InvalidInputError, NotFoundError


@pytest.fixture
def characters(db) -> CharacterService:
    return CharacterService(db)


async def test_created_in_the_active_campaign_or_none(db, characters):
    loose = await characters.create(1, 10, "Wanderer")
    assert loose.campaign_id is None
    campaign, _ = await CampaignService(db).create(1, name="Saga", setting="S")
    hero = await characters.create(1, 10, "Hero", sheet=new_sheet("Fighter", 3, "Dwarf"))
    assert (hero.campaign_id, hero.campaign_name) == (campaign.id, "Saga")
    assert (hero.sheet.level, hero.sheet.race, hero.sheet.classes[0].name) == (3, "Dwarf", "Fighter")


async def test_names_unique_per_campaign_case_insensitively(db, characters):
    await CampaignService(db).create(1, name="Saga", setting="S")
    other, _ = await CampaignService(db).create(1, name="Other", setting="S")
    await characters.create(1, 10, "Hero")
    with pytest.raises(ConflictError):
        await characters.create(1, 11, "HERO")
    await characters.create(1, 11, "Hero", campaign=other.id)  # another campaign may


async def test_only_owner_or_gm_edits_and_deletes(characters):
    mine = await characters.create(1, 10, "Mine", sheet=new_sheet("Wizard", 1, None))
    with pytest.raises(ForbiddenError):
        await characters.edit(1, 99, False, mine.id, level=2)
    edited = await characters.edit(1, 10, False, mine.id, level=5, max_hp=30, hp=25)
    assert (edited.sheet.level, edited.sheet.hit_points.current, edited.sheet.hit_points.max) == (5, 25, 30)
    by_gm = await characters.edit(1, 99, True, mine.id, name="Renamed")
    assert by_gm.name == "Renamed" and by_gm.updated_at >= edited.updated_at
    with pytest.raises(ForbiddenError):
        await characters.delete(1, 99, False, mine.id)
    assert await characters.delete(1, 10, False, mine.id) == "Renamed"
    with pytest.raises(NotFoundError):
        await characters.get(1, mine.id)


async def test_invalid_edits_write_nothing(characters):
    mine = await characters.create(1, 10, "Mine", sheet=new_sheet("Wizard", 2, None))
    with pytest.raises(InvalidInputError, match="hit_points"):
        await characters.edit(1, 10, False, mine.id, hp=50)  # above max 1
    with pytest.raises(InvalidInputError):
        await characters.edit(1, 10, False, mine.id)
    assert (await characters.get(1, mine.id)).sheet == mine.sheet


async def test_another_guilds_character_is_not_found(characters):
    theirs = await characters.create(2, 10, "Theirs")
    for attempt in (theirs.id, "Theirs"):
        with pytest.raises(NotFoundError):
            await characters.get(1, attempt)
        with pytest.raises(NotFoundError):
            await characters.edit(1, 10, True, attempt, name="Stolen")
    with pytest.raises(NotFoundError):
        await characters.delete(1, 10, True, theirs.id)
    assert await characters.autocomplete(1, "the") == []


async def test_autocomplete_and_default(db, characters):
    await CampaignService(db).create(1, name="Saga", setting="S")
    for number in range(30):
        await characters.create(1, number, f"Hero {number:02}")
    found = await characters.autocomplete(1, "hero")
    assert len(found) == 25 and found[0].name == "Hero 00" and found[0].campaign_name == "Saga"
    assert (await characters.default_for(1, 7)).name == "Hero 07"
    with pytest.raises(NotFoundError, match="no character"):
        await characters.default_for(1, 999)


def test_character_files_list_every_problem():
    good = json.dumps({"name": "Elf", "abilities": {"DEX": 16}}).encode()
    name, sheet = parse_character_file(good)
    assert (name, sheet.modifier("DEX")) == ("Elf", 3)
    bad = json.dumps(
        {"name": "Bad", "abilities": {"STR": 0, "CHA": 40}, "classes": [{"name": "X", "level": 25}]}
    )
    with pytest.raises(InvalidInputError) as caught:
        parse_character_file(bad.encode())
    message = caught.value.message
    assert "`abilities.STR`" in message and "`abilities.CHA`" in message and "`classes.0.level`" in message
    with pytest.raises(InvalidInputError, match="not valid JSON"):
        parse_character_file(b"{")
    with pytest.raises(InvalidInputError, match="larger than"):
        parse_character_file(b" " * (300 * 1024))
