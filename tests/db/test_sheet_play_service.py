"""Play from a sheet at the service: concurrent hit point and slot changes lose nothing.

On PostgreSQL each change loads the sheet locked (SELECT ... FOR UPDATE); without the lock
concurrent writers would read the same HP and overwrite each other.
"""

import asyncio

from db.schemas import CharacterSheet, HitPoints, Pool, Spellcasting
from db.services import CharacterService, GuildSettingsService, SheetPlayService, SpellService
from rules.spells.cache import SpellCache

WRITERS = 20
GUILD, OWNER = 1, 10


def play(db) -> SheetPlayService:
    settings = GuildSettingsService(db)
    return SheetPlayService(db, SpellService(db, SpellCache(), settings), settings)


async def test_twenty_concurrent_damage_changes_are_all_counted(db):
    hero = await CharacterService(db).create(
        GUILD, OWNER, "Tess", sheet=CharacterSheet(hit_points=HitPoints(max=200, current=200))
    )
    service = play(db)
    await asyncio.gather(*(service.hp(GUILD, OWNER, False, hero.id, 3, "damage") for _ in range(WRITERS)))
    after = await CharacterService(db).get(GUILD, hero.id)
    assert after.sheet.hit_points.current == 200 - 3 * WRITERS


async def test_damage_and_healing_at_once_keep_the_sum(db):
    hero = await CharacterService(db).create(
        GUILD, OWNER, "Tess", sheet=CharacterSheet(hit_points=HitPoints(max=200, current=100))
    )
    service = play(db)
    await asyncio.gather(
        *(service.hp(GUILD, OWNER, False, hero.id, 2, "damage") for _ in range(WRITERS)),
        *(service.hp(GUILD, OWNER, False, hero.id, 1, "heal") for _ in range(WRITERS)),
    )
    assert (await CharacterService(db).get(GUILD, hero.id)).sheet.hit_points.current == 100 - WRITERS


async def test_concurrent_slot_uses_spend_each_slot_once(db):
    sheet = CharacterSheet(spellcasting=Spellcasting(ability="INT", slots={"1": Pool(max=9)}))
    hero = await CharacterService(db).create(GUILD, OWNER, "Tess", sheet=sheet)
    service = play(db)
    results = await asyncio.gather(
        *(service.slots(GUILD, OWNER, False, hero.id, 1, "use") for _ in range(12)), return_exceptions=True
    )
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(refused) == 3 and all("No 1st-level slots left" in str(r) for r in refused)
    after = await CharacterService(db).get(GUILD, hero.id)
    assert after.sheet.spellcasting.slots["1"].used == 9
