"""/init hp through the service: the SQL arithmetic (PostgreSQL's one statement, SQLite's
json_set) equals rules.combat's, refusals write nothing, round trips, a character deleted mid-fight.
"""

import itertools

import pytest

from db.models import Character
from db.schemas import CharacterSheet, DeathSaves, HitPoints
from db.services import CharacterService, EncounterService
from rules.combat.death_saves import after_hp_change
from rules.combat.hit_points import HP, apply
from rules.errors import ForbiddenError, InvalidInputError, NotFoundError
from tests.roundtrips import RoundTrips

GUILD, CHANNEL, GM, PLAYER, OTHER = 1, 2, 99, 10, 11


async def _set_sheet(db, character_id: str, sheet: CharacterSheet) -> None:
    async with db.transaction() as session:
        row = await session.get(Character, character_id)
        row.data = sheet


async def _fight(db, sheet: CharacterSheet | None = None):
    characters, service = CharacterService(db), EncounterService(db)
    await service.start(GUILD, CHANNEL, GM)
    hero = await characters.create(GUILD, PLAYER, "Tess", sheet=sheet or CharacterSheet())
    [pc] = (await service.join(GUILD, CHANNEL, PLAYER, False, hero.id, initiative=12)).combatants
    return characters, service, hero, pc


async def test_pc_damage_healing_and_temp_match_the_rules_and_keep_the_sheet_valid(db):
    characters, service, hero, pc = await _fight(db)
    cases = itertools.product(
        ((12, 6, 0), (12, 0, 0), (12, 0, 4), (12, 12, 3), (1, 1, 0)),  # max, current, temp
        ((0, 0), (1, 2), (3, 0)),  # successes, failures
        (("damage", 0), ("damage", 2), ("damage", 5), ("damage", 18), ("heal", 3), ("temp", 7)),
        (False, True),  # critical
    )
    for (mx, cur, tmp), (ok, failed), (kind, amount), critical in cases:
        start = HitPoints(max=mx, current=cur, temp=tmp)
        await _set_sheet(
            db,
            hero.id,
            CharacterSheet(hit_points=start, death_saves=DeathSaves(successes=ok, failures=failed)),
        )
        result = await service.hp(GUILD, CHANNEL, GM, True, pc.id, amount, kind, critical=critical)
        change = apply(HP(cur, mx, tmp), amount, kind)
        saves = after_hp_change(
            cur, mx, change.past_temp, ok, failed, revived=change.revived, critical=critical
        )
        sheet = (await characters.get(GUILD, hero.id)).sheet
        case = (mx, cur, tmp, ok, failed, kind, amount, critical)
        assert (result.change.before, result.change.after) == (change.before, change.after), case
        assert (sheet.hit_points.current, sheet.hit_points.temp) == (change.after.current, change.after.temp)
        assert (sheet.death_saves.successes, sheet.death_saves.failures) == saves, case
        assert result.target.death_saves == saves and result.target.hp == change.after.current
        CharacterSheet.model_validate(sheet.model_dump())


async def test_monster_hit_points_match_the_rules_and_it_goes_down_once(db):
    service = EncounterService(db)
    await service.start(GUILD, CHANNEL, GM)
    [ogre] = (await service.add(GUILD, CHANNEL, "Ogre", hp=30, initiative=10)).combatants
    hp = HP(30, 30, 0)
    for kind, amount in (
        ("temp", 5),
        ("damage", 8),
        ("heal", 2),
        ("damage", 40),
        ("damage", 3),
        ("heal", 50),
    ):
        result = await service.hp(GUILD, CHANNEL, PLAYER, False, ogre.id, amount, kind)
        expected = apply(hp, amount, kind)
        assert (result.change.before, result.change.after) == (expected.before, expected.after)
        assert result.change.dropped_to_zero == expected.dropped_to_zero
        hp = expected.after
    [after] = (await service.get(GUILD, CHANNEL)).combatants
    assert (after.hp, after.temp_hp, after.went_down) == (30, 0, True)


async def test_the_concentration_reminder_and_errors_write_nothing(db):
    characters, service, hero, pc = await _fight(db)
    [mage] = (await service.add(GUILD, CHANNEL, "Mage", hp=40, initiative=3, hidden=True)).combatants
    await service.condition(GUILD, CHANNEL, GM, True, mage.id, "Concentrating")
    assert (await service.hp(GUILD, CHANNEL, GM, True, "mage", 30)).concentration_dc == 15
    assert (await service.hp(GUILD, CHANNEL, GM, True, "Mage", 4)).concentration_dc == 10
    before = await service.get(GUILD, CHANNEL)
    with pytest.raises(NotFoundError, match="Nobody called"):
        await service.hp(GUILD, CHANNEL, PLAYER, False, mage.id, 1)  # hidden from players
    with pytest.raises(NotFoundError, match="Nobody called"):
        await service.hp(GUILD, CHANNEL, GM, True, "Nobody", 1)
    with pytest.raises(InvalidInputError, match="negative"):
        await service.hp(GUILD, CHANNEL, GM, True, pc.id, -1)
    with pytest.raises(ForbiddenError):
        await service.hp(GUILD, CHANNEL, OTHER, False, pc.id, 1)
    with pytest.raises(InvalidInputError, match="at most 999"):
        await service.hp(GUILD, CHANNEL, GM, True, pc.id, 1000, "temp")
    with pytest.raises(NotFoundError, match="No encounter"):
        await service.hp(GUILD, CHANNEL + 1, GM, True, pc.id, 1)
    assert await service.get(GUILD, CHANNEL) == before
    assert (await characters.get(GUILD, hero.id)).sheet == CharacterSheet()


async def test_hp_is_one_statement_on_postgresql_and_three_hops_on_sqlite(db):
    _, service, _, pc = await _fight(db, CharacterSheet(hit_points=HitPoints(max=100, current=100)))
    [ogre] = (await service.add(GUILD, CHANNEL, "Ogre", hp=50, initiative=10)).combatants
    counter = await RoundTrips.watching(db.engine)
    for target in (ogre.id, "Ogre", pc.id):
        _, trips = await counter.measure(service.hp(GUILD, CHANNEL, GM, True, target, 1))
        if db.backend == "postgresql":
            assert (len(trips.statements), trips.begins, trips.commits, trips.total) == (1, 0, 0, 1)
        else:
            assert trips.total == 3 and trips.commits == 1, trips.queries()
    for _ in range(2):
        _, trips = await counter.measure(service.next_turn(GUILD, CHANNEL, GM, True))
        assert trips.total == (1 if db.backend == "postgresql" else 3), trips.queries()


async def test_next_ticks_conditions_refuses_others_and_moves_the_turn_once_per_call(db):
    _, service, _, _ = await _fight(db)  # Tess (the player's) at 12
    await service.start(GUILD, CHANNEL + 1, GM)
    with pytest.raises(InvalidInputError, match="Nobody is in this encounter"):
        await service.next_turn(GUILD, CHANNEL + 1, GM, True)
    with pytest.raises(NotFoundError, match="No encounter"):
        await service.next_turn(GUILD, CHANNEL + 2, GM, True)
    [rat] = (await service.add(GUILD, CHANNEL, "Rat", hp=5, initiative=5)).combatants
    await service.condition(GUILD, CHANNEL, GM, True, rat.id, "Prone", rounds=2)
    with pytest.raises(ForbiddenError):
        await service.next_turn(GUILD, CHANNEL, OTHER, False)
    assert (await service.get(GUILD, CHANNEL)).round == 0  # the refusal moved nothing
    first = await service.next_turn(GUILD, CHANNEL, GM, True)
    assert (first.current.name, first.round, first.new_round) == ("Tess", 1, True)
    assert (await service.next_turn(GUILD, CHANNEL, PLAYER, False)).current.name == "Rat"
    seen = []
    for _ in range(4):
        turn = await service.next_turn(GUILD, CHANNEL, GM, True)
        seen.append((turn.current.name, turn.round, turn.ended))
    assert seen == [
        ("Tess", 2, ()),
        ("Rat", 2, ()),
        ("Tess", 3, (("Rat", "Prone", False),)),
        ("Rat", 3, ()),
    ]
    [_, after] = (await service.get(GUILD, CHANNEL)).combatants
    assert after.conditions == ()


async def test_a_character_deleted_mid_fight_leaves_it_and_nothing_breaks(db):
    characters, service, hero, pc = await _fight(db)
    await service.add(GUILD, CHANNEL, "Goblin", count=2, hp=7, initiative=5)
    assert (await service.next_turn(GUILD, CHANNEL, GM, True)).current.name == "Tess"
    await characters.delete(GUILD, PLAYER, False, hero.id)
    view = await service.get(GUILD, CHANNEL)
    assert [c.name for c in view.combatants] == ["Goblin 1", "Goblin 2"] and view.current is None
    with pytest.raises(NotFoundError, match="Nobody called"):
        await service.hp(GUILD, CHANNEL, GM, True, pc.id, 3)
    assert [c.name for c in await service.targets(GUILD, CHANNEL, "", viewer_is_gm=True)] == [
        "Goblin 1",
        "Goblin 2",
    ]
    turn = await service.next_turn(GUILD, CHANNEL, GM, True)
    assert (turn.current.name, turn.round) == ("Goblin 1", 1)
    summary = await service.end(GUILD, CHANNEL, GM)
    assert summary.characters == ("Tess",) and summary.rounds == 1
