"""Encounters at the service: concurrent damage to one combatant, turns while others change HP.

On PostgreSQL each /init hp loads its combatant locked (SELECT ... FOR UPDATE), and a PC's
character after it; without the lock writers read the same HP and overwrite each other.
"""

import asyncio

from db.schemas import CharacterSheet, HitPoints
from db.services import CharacterService, EncounterService

WRITERS = 20
GUILD, CHANNEL, GM, PLAYER = 1, 2, 99, 10


async def test_twenty_concurrent_damage_changes_on_one_monster_are_all_counted(db):
    service = EncounterService(db)
    await service.start(GUILD, CHANNEL, GM)
    [ogre] = (await service.add(GUILD, CHANNEL, "Ogre", hp=200, initiative=10)).combatants
    await asyncio.gather(*(service.hp(GUILD, CHANNEL, PLAYER, False, ogre.id, 3) for _ in range(WRITERS)))
    [after] = (await service.get(GUILD, CHANNEL)).combatants
    assert after.hp == 200 - 3 * WRITERS


async def test_twenty_concurrent_damage_changes_on_one_pc_reach_its_sheet(db):
    hero = await CharacterService(db).create(
        GUILD, PLAYER, "Tess", sheet=CharacterSheet(hit_points=HitPoints(max=100, current=100, temp=10))
    )
    service = EncounterService(db)
    await service.start(GUILD, CHANNEL, GM)
    await service.join(GUILD, CHANNEL, PLAYER, False, hero.id, initiative=12)
    await asyncio.gather(*(service.hp(GUILD, CHANNEL, GM, True, "Tess", 2) for _ in range(WRITERS)))
    hp = (await CharacterService(db).get(GUILD, hero.id)).sheet.hit_points
    assert (hp.current, hp.temp) == (100 - (2 * WRITERS - 10), 0)


async def test_turns_pass_while_players_hit_a_monster_and_nothing_is_lost(db):
    service = EncounterService(db)
    await service.start(GUILD, CHANNEL, GM)
    [ogre] = (await service.add(GUILD, CHANNEL, "Ogre", hp=500, initiative=10)).combatants
    await service.add(GUILD, CHANNEL, "Rat", hp=5, initiative=5)
    await asyncio.gather(
        *(service.hp(GUILD, CHANNEL, PLAYER, False, ogre.id, 1) for _ in range(WRITERS)),
        *(service.next_turn(GUILD, CHANNEL, GM, True) for _ in range(10)),
    )
    view = await service.get(GUILD, CHANNEL)
    assert view.round == 5 and view.current is not None and view.current.name == "Rat"
    assert next(c for c in view.combatants if c.name == "Ogre").hp == 500 - WRITERS
