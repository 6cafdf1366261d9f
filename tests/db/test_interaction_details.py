"""/npc interact's roll, DC, consequence and location in NPCService, on every backend."""

import d20
import pytest
from sqlalchemy import func, select

from db.models import DiceRoll, NPCInteraction
from db.schemas import CharacterSheet
from db.services import CampaignService, CharacterService, DiceService, NPCService
from db.services.interaction_details import InteractionDetails
from rules.errors import InvalidInputError
from tests.unit.dice.test_engine import Faces

GUILD, GM, CHANNEL = 1, 99, 7


@pytest.fixture
async def world(db):
    await CampaignService(db).create(GUILD, name="Saga", setting="S")
    # CHA 16 and proficient in Persuasion at level 1: +3 and +2.
    sheet = CharacterSheet.model_validate({"abilities": {"CHA": 16}, "skills": {"persuasion": "proficient"}})
    hero = await CharacterService(db).create(GUILD, 10, "Tess", sheet=sheet)
    npcs = NPCService(db)
    npc = await npcs.create(GUILD, "Strahd", location="Castle Ravenloft")
    return npcs, hero, npc


async def _interact(npcs, npc, *, character=None, **details):
    return await npcs.interact(
        GUILD,
        npc.id,
        interaction_type="social",
        summary="Parley",
        character=character,
        logged_by=GM,
        details=InteractionDetails(channel_id=CHANNEL, **details),
    )


async def _count(db, model) -> int:
    async with db.transaction(write=False) as session:
        return await session.scalar(select(func.count()).select_from(model)) or 0


async def test_a_check_from_the_sheet_is_rolled_stored_and_kept_in_the_roll_history(world, db, monkeypatch):
    npcs, hero, npc = world
    monkeypatch.setattr(d20.expression, "random", Faces([13]))
    result = await _interact(
        npcs,
        npc,
        character=hero.id,
        roll="skill:persuasion",
        dc=15,
        consequence="He lets them go",
        location="Gate",
    )
    [roll] = result.entry.rolls
    assert (roll.expression, roll.total, roll.label, roll.dc, roll.succeeded) == (
        "1d20 + 5",
        18,
        "Persuasion (CHA)",
        15,
        True,
    )
    assert result.entry.consequences == ("He lets them go",) and result.entry.location == "Gate"
    assert result.roll_detail is not None and "13" in result.roll_detail
    _, page = await npcs.history(GUILD, npc.id)
    [logged] = page.entries
    assert (logged.rolls, logged.consequences, logged.location) == ((roll,), ("He lets them go",), "Gate")
    _, by_name = await npcs.history(GUILD, "strahd", character="tess")  # the path by names reads them too
    assert by_name.entries[0].rolls == (roll,)
    [kept] = await DiceService(db).recent(GUILD, viewer_id=GM)
    assert (kept.total, kept.reason, kept.character_id, kept.channel_id) == (
        18,
        "Tess: Persuasion (CHA) with Strahd",
        hero.id,
        CHANNEL,
    )
    async with db.transaction(write=False) as session:
        assert await session.scalar(select(DiceRoll.crit)) is None


async def test_dice_typed_roll_without_a_sheet_and_a_natural_one_is_a_fumble(world, db, monkeypatch):
    npcs, _, npc = world
    monkeypatch.setattr(d20.expression, "random", Faces([1]))
    result = await _interact(npcs, npc, roll="1d20+4", dc=10)
    [roll] = result.entry.rolls
    assert (roll.total, roll.label, roll.crit, roll.succeeded) == (5, None, "fumble", False)
    async with db.transaction(write=False) as session:
        crit, reason = (await session.execute(select(DiceRoll.crit, DiceRoll.reason))).one()
    assert (crit, reason) == ("fumble", "roll with Strahd")


async def test_a_typed_skill_name_rolls_from_the_sheet(world, monkeypatch):
    npcs, _, npc = world
    monkeypatch.setattr(d20.expression, "random", Faces([20]))
    result = await _interact(npcs, npc, character="Tess", roll="persuasion")
    [roll] = result.entry.rolls
    assert (roll.total, roll.crit, roll.dc, roll.succeeded) == (25, "critical", None, None)


async def test_without_details_nothing_extra_is_stored(world, db):
    npcs, hero, npc = world
    result = await npcs.interact(
        GUILD, npc.id, interaction_type="trade", summary="Sold", character=hero.id, logged_by=GM
    )
    assert (result.entry.rolls, result.entry.consequences, result.entry.location) == ((), (), None)
    assert await _count(db, DiceRoll) == 0


@pytest.mark.parametrize(
    ("character", "details", "message"),
    [
        (None, {"roll": "1d20+", "dc": 12}, "ends too early"),
        (None, {"roll": "banana"}, "Or pick a check from the list"),
        (None, {"dc": 12}, "A DC needs a roll"),
        (None, {"roll": "1d20", "dc": 31}, "between 1 and 30"),
        (None, {"roll": "1d20", "dc": 0}, "between 1 and 30"),
        (None, {"roll": "skill:persuasion"}, "give character: too"),
        (None, {"consequence": "x" * 501}, "at most 500"),
        (None, {"consequence": "   "}, None),  # blank optional text is no consequence: logged
        (None, {"location": "y" * 101}, "at most 100"),
    ],
)
async def test_bad_details_are_refused_and_write_nothing(world, db, character, details, message):
    npcs, _, npc = world
    if message is None:
        result = await _interact(npcs, npc, character=character, **details)
        assert result.entry.consequences == ()
        return
    with pytest.raises(InvalidInputError, match=message):
        await _interact(npcs, npc, character=character, **details)
    assert await _count(db, NPCInteraction) == 0 and await _count(db, DiceRoll) == 0


async def test_twenty_rolled_interactions_at_once_keep_every_entry_roll_and_change(world, db):
    import asyncio

    npcs, hero, npc = world
    await asyncio.gather(
        *(
            npcs.interact(
                GUILD,
                npc.id,
                interaction_type="social",
                summary=f"Parley {i}",
                character=hero.id,
                change=1,
                logged_by=GM,
                details=InteractionDetails(roll="skill:persuasion", dc=10, channel_id=CHANNEL),
            )
            for i in range(20)
        )
    )
    shown = await npcs.get(GUILD, npc.id)
    assert [s.score for s in shown.standings] == [20]
    assert await _count(db, NPCInteraction) == 20 and await _count(db, DiceRoll) == 20
    _, page = await npcs.history(GUILD, npc.id, page=2)
    assert page.total == 20 and all(len(e.rolls) == 1 for e in page.entries)


async def test_a_roll_costs_one_insert_and_a_check_one_read_more_while_none_costs_nothing(world, db):
    from tests.roundtrips import RoundTrips

    npcs, hero, npc = world
    counter = await RoundTrips.watching(db.engine)

    async def log(**details):
        extra = InteractionDetails(channel_id=CHANNEL, **details) if details else None
        return npcs.interact(
            GUILD,
            npc.id,
            interaction_type="social",
            summary="x",
            character=hero.id,
            logged_by=GM,
            details=extra,
        )

    await (await log())  # warm: the statements are compiled once
    _, plain = await counter.measure(await log())
    _, dice = await counter.measure(await log(roll="1d20+2", dc=10, consequence="c", location="l"))
    _, check = await counter.measure(await log(roll="skill:persuasion"))
    # Without details PostgreSQL logs by ids in one statement in autocommit (interaction_write); a
    # roll takes the transactional path: BEGIN, the lookup, the write, COMMIT, and the roll's insert.
    postgres = db.engine.dialect.name == "postgresql"
    transactional = 4 if postgres else plain.total
    assert plain.total == (1 if postgres else 4)
    assert dice.total == transactional + 1 and check.total == transactional + 2
    assert dice.queries().count("INSERT INTO dice_rolls") == 1
    assert "INSERT INTO dice_rolls" not in plain.queries()
    assert [q for q in check.queries() if q not in dice.queries()] == ["SELECT characters.data FROM"]
