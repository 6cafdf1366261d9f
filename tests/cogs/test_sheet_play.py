"""/character hp, slots, rest, deathsave, cast and roll:initiative through simcord."""

import json
from pathlib import Path

import d20
import pytest
from simcord import assert_error

from rules.errors import ForbiddenError, InvalidInputError, NotFoundError
from tests.helpers import database_fingerprint, make_campaign_table
from tests.unit.dice.test_engine import Faces

EXAMPLE = Path(__file__).parents[2] / "examples" / "character.json"
ELARA = "Elara Moonwhisper"


@pytest.fixture
def faces(monkeypatch):
    """The next dice the bot rolls show these faces."""

    def set_faces(*values: int) -> None:
        monkeypatch.setattr(d20.expression, "random", Faces(list(values)))

    return set_faces


async def elara_table(env, **changes):
    table = await make_campaign_table(env)
    sheet = {**json.loads(EXAMPLE.read_text()), **changes}
    await table.player.slash(table.channel, "character import", file=("c.json", json.dumps(sheet).encode()))
    return table


async def sheet_of(env, table, name=ELARA):
    return (await env.bot.services.characters.get(table.guild.id, name)).sheet


async def test_hp_damage_takes_temp_first_and_clamps_at_zero_and_max(env):
    table = await elara_table(env, hit_points={"max": 27, "current": 22, "temp": 5})
    hit = await table.player.slash(table.channel, "character hp", character=ELARA, amount=8)
    assert not hit.ephemeral and "takes 8 damage: HP 19/27" in hit.response.content
    hp = (await sheet_of(env, table)).hit_points
    assert (hp.current, hp.temp) == (19, 0)
    down = await table.gm.slash(table.channel, "character hp", character=ELARA, amount=30)  # 11 past 0
    assert "HP 0/27" in down.response.content and "unconscious" in down.response.content
    shown = (await table.player.slash(table.channel, "character show", character=ELARA)).response
    hp_field = {f.name: f.value for f in shown.embeds[0].fields}["HP"]
    assert hp_field.startswith("0/27") and "unconscious" in hp_field and "0 ✓ / 0 ✗" in hp_field
    healed = await table.player.slash(table.channel, "character hp", character=ELARA, amount=500, kind="heal")
    assert "HP 27/27" in healed.response.content
    temp = await table.player.slash(table.channel, "character hp", character=ELARA, amount=4, kind="temp")
    assert "HP 27/27 (+4 temp)" in temp.response.content
    await table.player.slash(table.channel, "character hp", character=ELARA, amount=3, kind="set")
    assert (await sheet_of(env, table)).hit_points.current == 3


async def test_damage_at_zero_fails_a_death_save_and_massive_damage_kills(env):
    # SRD 5.1 p. 98 / 5.2.1 pp. 17-18, "Damage at 0 Hit Points" and "Instant Death".
    table = await elara_table(env, hit_points={"max": 27, "current": 5, "temp": 0})
    await table.gm.slash(table.channel, "character hp", character=ELARA, amount=6)
    await table.gm.slash(table.channel, "character hp", character=ELARA, amount=2)
    saves = (await sheet_of(env, table)).death_saves
    assert (saves.successes, saves.failures) == (0, 1)
    dead = await table.gm.slash(table.channel, "character hp", character=ELARA, amount=27)
    assert "is dead" in dead.response.content
    assert (await sheet_of(env, table)).death_saves.failures == 3


async def test_hp_refuses_other_players_and_negative_amounts_writing_nothing(env):
    table = await elara_table(env)
    other = table.guild.add_member(env.create_user("olaf"))
    before = await database_fingerprint(env)
    denied = await other.slash(table.channel, "character hp", character=ELARA, amount=3)
    assert denied.ephemeral and "player or a GM" in denied.response.content
    assert_error(env, ForbiddenError)
    negative = await table.player.slash(table.channel, "character hp", character=ELARA, amount=-3)
    assert negative.ephemeral and "cannot be negative" in negative.response.content
    assert_error(env, InvalidInputError)
    missing = await table.player.slash(table.channel, "character hp", character="Nobody", amount=3)
    assert missing.ephemeral
    assert_error(env, NotFoundError)
    assert await database_fingerprint(env) == before


async def test_slots_use_and_restore_and_show_used_over_max(env):
    table = await elara_table(env)
    used = await table.player.slash(table.channel, "character slots", character=ELARA, level=3)
    assert "spends a 3rd-level slot" in used.response.content and "L3: 1/2 used" in used.response.content
    await table.player.slash(table.channel, "character slots", character=ELARA, level=3)
    empty = await table.player.slash(table.channel, "character slots", character=ELARA, level=3)
    assert empty.ephemeral and "No 3rd-level slots left" in empty.response.content
    assert_error(env, InvalidInputError)
    back = await table.player.slash(
        table.channel, "character slots", character=ELARA, level=3, action="restore"
    )
    assert "regains a 3rd-level slot" in back.response.content
    shown = (await table.player.slash(table.channel, "character show", character=ELARA)).response
    casting = {f.name: f.value for f in shown.embeds[0].fields}["Spellcasting"]
    assert "L1: 1/4 used" in casting and "L3: 1/2 used" in casting
    before = await database_fingerprint(env)
    none = await table.player.slash(table.channel, "character slots", character=ELARA, level=7)
    assert none.ephemeral and "no 7th-level spell slots" in none.response.content
    assert_error(env, InvalidInputError)
    assert await database_fingerprint(env) == before


async def test_long_rest_restores_hp_slots_half_hit_dice_and_death_saves(env):
    table = await elara_table(
        env,
        hit_points={"max": 27, "current": 0, "temp": 0},
        hit_dice={"d6": {"max": 5, "used": 5}},
        death_saves={"successes": 1, "failures": 2},
    )
    rested = await table.player.slash(table.channel, "character rest", character=ELARA, kind="long")
    assert "long rest: HP 27/27" in rested.response.content
    sheet = await sheet_of(env, table)
    assert sheet.hit_points.current == 27
    assert sheet.hit_dice["d6"].used == 3  # half of 5, rounded down: 2 back
    assert all(pool.used == 0 for pool in sheet.spellcasting.slots.values())
    assert (sheet.death_saves.successes, sheet.death_saves.failures) == (0, 0)


async def test_short_rest_rolls_each_hit_die_plus_con(env, faces):
    table = await elara_table(env, hit_points={"max": 27, "current": 10, "temp": 0})
    faces(4, 6)
    rested = await table.player.slash(
        table.channel, "character rest", character=ELARA, kind="short", hit_dice=2
    )
    # CON 14: +2 a die, so 6 and 8.
    assert "Healed 14: HP 24/27" in rested.response.content
    sheet = await sheet_of(env, table)
    assert sheet.hit_dice["d6"].used == 3
    too_many = await table.player.slash(
        table.channel, "character rest", character=ELARA, kind="short", hit_dice=3
    )
    assert too_many.ephemeral and "Only 2 hit dice are left" in too_many.response.content
    assert_error(env, InvalidInputError)


async def test_death_saves_success_failure_nat1_nat20_stable_dead(env, faces):
    table = await elara_table(env, hit_points={"max": 27, "current": 0, "temp": 0})
    faces(12)
    first = await table.player.slash(table.channel, "character deathsave", character=ELARA)
    assert "Success (death saves: 1 ✓ / 0 ✗)" in first.response.content
    faces(1)
    second = await table.player.slash(table.channel, "character deathsave", character=ELARA)
    assert "two failures (death saves: 1 ✓ / 2 ✗)" in second.response.content
    faces(20)
    revived = await table.player.slash(table.channel, "character deathsave", character=ELARA)
    assert "regains 1 hit point" in revived.response.content
    sheet = await sheet_of(env, table)
    assert sheet.hit_points.current == 1 and sheet.death_saves.failures == 0
    awake = await table.player.slash(table.channel, "character deathsave", character=ELARA)
    assert awake.ephemeral and "not at 0 hit points" in awake.response.content
    assert_error(env, InvalidInputError)
    await table.gm.slash(table.channel, "character hp", character=ELARA, amount=5)
    faces(10, 15, 19)
    for _ in range(3):
        last = await table.player.slash(table.channel, "character deathsave", character=ELARA)
    assert "**stable**" in last.response.content
    await table.gm.slash(table.channel, "character hp", character=ELARA, amount=1, kind="heal")
    await table.gm.slash(table.channel, "character hp", character=ELARA, amount=1)
    faces(2, 3, 4)
    for _ in range(3):
        last = await table.player.slash(table.channel, "character deathsave", character=ELARA)
    assert "**dead**" in last.response.content
    shown = (await table.player.slash(table.channel, "character show", character=ELARA)).response
    assert "is dead" in {f.name: f.value for f in shown.embeds[0].fields}["HP"]


async def test_cast_spends_the_slot_shows_dc_and_rolls_at_the_slot_level(env, faces):
    table = await elara_table(env)
    cast = await table.player.slash(
        table.channel, "character cast", character=ELARA, spell="Fireball", level=4
    )
    content = cast.response.content
    # INT 18 (+4), proficiency +3: DC 15, attack +7; Fireball at 4th level rolls 9d6.
    assert "with a 4th-level slot" not in content  # the sheet has no 4th-level slots
    assert cast.ephemeral and "no 4th-level spell slots" in content
    assert_error(env, InvalidInputError)
    faces(*[1] * 8)
    cast = await table.player.slash(table.channel, "character cast", character=ELARA, spell="Fireball")
    content = cast.response.content
    assert "casts **Fireball** with a 3rd-level slot" in content
    assert "Spell save DC **15** · spell attack **+7**" in content
    assert "8d6 (" in content and "= `8`" in content and "DEX saving throw" in content
    assert "L3: 1/2 used" in content
    card = await table.gm.click(cast.response, label="Spell card")
    assert card.ephemeral and card.response.embeds[0].title == "Fireball"
    faces(1, 1)
    cantrip = await table.player.slash(table.channel, "character cast", character=ELARA, spell="Fire Bolt")
    # Level 5: the cantrip rolls 2d10.
    assert "a cantrip: no slot" in cantrip.response.content and "2d10 (" in cantrip.response.content
    ritual = await table.player.slash(
        table.channel, "character cast", character=ELARA, spell="Detect Magic", ritual=True
    )
    assert "as a ritual (no slot)" in ritual.response.content
    assert (await sheet_of(env, table)).spellcasting.slots["1"].used == 1  # as imported


async def test_cast_refuses_unlisted_spells_and_other_players_spending_nothing(env):
    table = await elara_table(env)
    other = table.guild.add_member(env.create_user("olaf"))
    before = await database_fingerprint(env)
    unlisted = await table.player.slash(table.channel, "character cast", character=ELARA, spell="Cure Wounds")
    assert unlisted.ephemeral and "not among" in unlisted.response.content
    assert "nothing was spent" in unlisted.response.content
    assert_error(env, InvalidInputError)
    denied = await other.slash(table.channel, "character cast", character=ELARA, spell="Fireball")
    assert denied.ephemeral
    assert_error(env, ForbiddenError)
    unknown = await table.player.slash(table.channel, "character cast", character=ELARA, spell="Zzzqqq")
    assert unknown.ephemeral and "No spell called" in unknown.response.content
    assert_error(env, NotFoundError)
    assert await database_fingerprint(env) == before


async def test_healing_spell_scales_with_the_slot(env, faces):
    table = await elara_table(
        env,
        spellcasting={"ability": "WIS", "slots": {"2": {"max": 1}}, "known": ["Cure Wounds"]},
    )
    faces(*[2] * 8)
    cast = await table.player.slash(
        table.channel, "character cast", character=ELARA, spell="Cure Wounds", level=2
    )
    # 2024 Cure Wounds at 2nd level: 4d8 + WIS (+1).
    assert "Healing: 4d8 (" in cast.response.content and "= `9`" in cast.response.content


async def test_roll_initiative_from_the_sheet(env):
    table = await elara_table(env, initiative_bonus=1)
    result = await table.player.slash(table.channel, "character roll", character=ELARA, roll="initiative")
    # DEX 14 (+2) and the sheet's +1.
    assert not result.ephemeral and "Elara Moonwhisper: Initiative" in result.response.content
    assert "+ 3 = `" in result.response.content


async def test_a_concentration_spell_cast_in_a_fight_marks_the_caster(env):
    table = await elara_table(env, spellcasting={"ability": "INT", "slots": {"1": {"max": 2}}})
    await table.gm.slash(table.channel, "init start")
    await table.player.slash(table.channel, "init join", character=ELARA, initiative=12)
    await table.player.slash(table.channel, "character cast", character=ELARA, spell="Bless")
    hit = await table.gm.slash(table.channel, "init hp", target=ELARA, amount=21)
    assert "concentrating: Constitution save, DC **10**" in hit.response.content
    assert "1/27 HP" in hit.response.content
