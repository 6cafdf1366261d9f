"""The party service: the roster, who may change it, the GM's figures, and twenty writers at once."""

import asyncio

import pytest

from db.services import CampaignService, CharacterService, EncounterService, PartyService
from db.services.characters import new_sheet
from rules import limits
from rules.errors import ConflictError, ForbiddenError, InvalidInputError, NotFoundError

GUILD, OTHER_GUILD = 1, 2
GM, PLAYER, STRANGER = 99, 10, 11
CHANNEL = 500
WRITERS = 20


@pytest.fixture
async def saga(db):
    campaign, _ = await CampaignService(db).create(GUILD, name="Saga", setting="Sword Coast")
    return campaign


@pytest.fixture
def party(db):
    return PartyService(db)


@pytest.fixture
def characters(db):
    return CharacterService(db)


async def roster(db, campaign_id: str) -> list[str]:
    return (await CampaignService(db).get(GUILD, campaign_id)).data.party


async def test_members_join_in_order_and_leave(db, saga, party, characters):
    tess = await characters.create(GUILD, PLAYER, "Tess", sheet=new_sheet("Rogue", 4, None))
    gorm = await characters.create(GUILD, GM, "Gorm")
    joined = await party.add(GUILD, PLAYER, False, "tess")
    assert (joined.character_name, joined.joined, joined.size) == ("Tess", True, 1)
    await party.add(GUILD, GM, True, gorm.id)
    assert await roster(db, saga.id) == [tess.id, gorm.id]
    shown = await party.show(GUILD, gm=False)
    assert [(m.name, m.level, [c.name for c in m.classes]) for m in shown.members] == [
        ("Tess", 4, ["Rogue"]),
        ("Gorm", 1, []),
    ]
    left = await party.remove(GUILD, GM, True, "Tess")
    assert (left.joined, left.size) == (False, 1)
    assert await roster(db, saga.id) == [gorm.id]


async def test_a_player_changes_only_their_own_character(db, saga, party, characters):
    tess = await characters.create(GUILD, PLAYER, "Tess")
    with pytest.raises(ForbiddenError):
        await party.add(GUILD, STRANGER, False, tess.id)
    await party.add(GUILD, PLAYER, False, tess.id)
    with pytest.raises(ForbiddenError):
        await party.remove(GUILD, STRANGER, False, tess.id)
    assert await roster(db, saga.id) == [tess.id]


async def test_bad_input_is_refused_and_the_roster_stays(db, saga, party, characters):
    tess = await characters.create(GUILD, PLAYER, "Tess")
    await CampaignService(db).create(GUILD, name="Elsewhere", setting="S")
    await characters.create(GUILD, PLAYER, "Wanderer", campaign="Elsewhere")
    await CampaignService(db).create(OTHER_GUILD, name="Theirs", setting="S")
    stranger = await characters.create(OTHER_GUILD, PLAYER, "Stranger")
    await party.add(GUILD, GM, True, tess.id)
    with pytest.raises(NotFoundError, match="No character called"):
        await party.add(GUILD, GM, True, stranger.id)  # another guild's: not found, not "elsewhere"
    with pytest.raises(InvalidInputError, match="not a character of Saga"):
        await party.add(GUILD, GM, True, "Wanderer")
    with pytest.raises(ConflictError):
        await party.add(GUILD, GM, True, "TESS")
    await party.remove(GUILD, GM, True, "Tess")
    with pytest.raises(NotFoundError, match="not in the party"):
        await party.remove(GUILD, GM, True, "Tess")
    assert await roster(db, saga.id) == []


async def test_only_the_gm_view_carries_figures_and_conditions_of_open_fights(db, saga, party, characters):
    encounters = EncounterService(db)
    tess = await characters.create(GUILD, PLAYER, "Tess")
    await party.add(GUILD, PLAYER, False, tess.id)
    await encounters.start(GUILD, CHANNEL, GM)
    await encounters.join(GUILD, CHANNEL, PLAYER, False, tess.id, initiative=10)
    await encounters.condition(GUILD, CHANNEL, GM, True, "Tess", "Poisoned", rounds=3)
    [player_view] = (await party.show(GUILD, gm=False)).members
    assert player_view.vitals is None, "a player's view never holds the GM's figures"
    [gm_view] = (await party.show(GUILD, gm=True)).members
    assert gm_view.vitals is not None
    assert [(c.name, c.rounds) for c in gm_view.vitals.conditions] == [("Poisoned", 3)]
    assert gm_view.vitals.sheet.passive_perception == 10
    await encounters.remove(GUILD, CHANNEL, GM, True, "Tess")
    [gm_view] = (await party.show(GUILD, gm=True)).members
    assert gm_view.vitals is not None and gm_view.vitals.conditions == (), "removed from the fight"


async def test_a_deleted_character_is_skipped_then_dropped_by_the_next_change(db, saga, party, characters):
    tess = await characters.create(GUILD, PLAYER, "Tess")
    gorm = await characters.create(GUILD, GM, "Gorm")
    hilde = await characters.create(GUILD, GM, "Hilde")
    await party.add(GUILD, GM, True, tess.id)
    await party.add(GUILD, GM, True, gorm.id)
    await characters.delete(GUILD, PLAYER, False, tess.id)
    shown = await party.show(GUILD, gm=True)
    assert [m.name for m in shown.members] == ["Gorm"] and shown.gone == 1
    await party.add(GUILD, GM, True, hilde.id)
    assert await roster(db, saga.id) == [gorm.id, hilde.id]
    assert (await party.show(GUILD, gm=True)).gone == 0


async def test_a_party_keeps_at_most_its_limit(db, saga, party, characters):
    owners = [PLAYER + n for n in range(3)]  # a member keeps at most 50 characters
    heroes = [await characters.create(GUILD, owners[n % 3], f"Hero {n}") for n in range(limits.PARTY + 1)]
    for hero in heroes[:-1]:
        await party.add(GUILD, GM, True, hero.id)
    with pytest.raises(InvalidInputError, match="at most"):
        await party.add(GUILD, GM, True, heroes[-1].id)
    assert len(await roster(db, saga.id)) == limits.PARTY


async def test_autocomplete_choices_split_members_from_candidates(saga, party, characters):
    tess = await characters.create(GUILD, PLAYER, "Tess")
    await characters.create(GUILD, GM, "Gorm")
    await party.add(GUILD, GM, True, tess.id)
    assert [c.name for c in await party.choices(GUILD, "", members=True)] == ["Tess"]
    assert [c.name for c in await party.choices(GUILD, "", members=False)] == ["Gorm"]
    assert await party.choices(GUILD, "", members=False, owner_id=PLAYER) == []


async def test_twenty_concurrent_adds_are_all_kept(db, saga, party, characters):
    # Without the campaign row locked, each add reads the same roster and the last commit wins:
    # on PostgreSQL most of the twenty would be lost (docs: db/services/lookups.py).
    heroes = [await characters.create(GUILD, PLAYER + n, f"Hero {n}") for n in range(WRITERS)]
    await asyncio.gather(*(party.add(GUILD, PLAYER + n, False, hero.id) for n, hero in enumerate(heroes)))
    assert sorted(await roster(db, saga.id)) == sorted(h.id for h in heroes)


async def test_adds_and_removes_at_once_lose_nothing(db, saga, party, characters):
    old = [await characters.create(GUILD, GM, f"Old {n}") for n in range(10)]
    new = [await characters.create(GUILD, GM, f"New {n}") for n in range(10)]
    for hero in old:
        await party.add(GUILD, GM, True, hero.id)
    await asyncio.gather(
        *(party.remove(GUILD, GM, True, hero.id) for hero in old),
        *(party.add(GUILD, GM, True, hero.id) for hero in new),
    )
    assert sorted(await roster(db, saga.id)) == sorted(h.id for h in new)
