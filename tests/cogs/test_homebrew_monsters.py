"""/homebrew monster-import through simcord: GMs import, everyone looks up, other guilds never see."""

import copy
import json

import pytest
from simcord import assert_error

from bot.checks import NotGMError
from rules.errors import InvalidInputError, NotFoundError
from tests.helpers import make_gm_table

OGRE_CHIEF = {
    "index": "ogre-chief",
    "name": "Ogre Chief",
    "size": "Large",
    "type": "giant",
    "alignment": "chaotic evil",
    "armor_class": [{"type": "armor", "value": 13}],
    "hit_points": 85,
    "hit_dice": "9d10",
    "speed": {"walk": "40 ft."},
    "strength": 20, "dexterity": 8, "constitution": 18,
    "intelligence": 6, "wisdom": 8, "charisma": 9,
    "challenge_rating": 3,
    "languages": "Common, Giant",
    "senses": {"darkvision": "60 ft.", "passive_perception": 9},
    "actions": [
        {
            "name": "Greatclub",
            "desc": "Melee Weapon Attack: +7 to hit, reach 5 ft., one target. "
            "Hit: 14 (2d8 + 5) bludgeoning damage.",
            "attack_bonus": 7,
            "damage": [
                {"damage_type": {"index": "bludgeoning", "name": "Bludgeoning"}, "damage_dice": "2d8+5"}
            ],
        }
    ],
}  # fmt: skip


@pytest.fixture
def settings(backend_settings):  # stored rows: both backends
    return backend_settings


def reply(result) -> str:
    return result.followups[0].content if result.followups else result.response.content


async def test_gm_imports_and_it_autocompletes_at_once(env):
    table = await make_gm_table(env)
    result = await table.gm.slash(
        table.channel, "homebrew monster-import", file=("ogres.json", json.dumps([OGRE_CHIEF]).encode())
    )
    assert "Imported 1 homebrew monster (2024 rules): Ogre Chief" in reply(result)
    choices = await table.player.autocomplete(table.channel, "monster", "name", "ogre ch")
    assert choices[0]["name"] == "Ogre Chief - CR 3 giant (2024, homebrew)"
    card = await table.player.slash(table.channel, "monster", name=choices[0]["value"])
    text = card.response.embeds[0].description
    assert "**Armor Class** 13 (armor)" in text and "**Hit Points** 85 (9d10 + 36)" in text
    assert "Homebrew of this server" in card.response.embeds[0].footer.text
    typed = await table.player.slash(table.channel, "monster", name="ogre chief")
    assert typed.response.embeds[0].title == "Ogre Chief (2024)"


async def test_another_guild_never_sees_it(env):
    table = await make_gm_table(env, "One")
    await table.gm.slash(
        table.channel, "homebrew monster-import", file=("ogres.json", json.dumps([OGRE_CHIEF]).encode())
    )
    mine = await table.player.autocomplete(table.channel, "monster", "name", "ogre chief")
    other = await make_gm_table(env, "Two")
    choices = await other.player.autocomplete(other.channel, "monster", "name", "ogre chief")
    assert all("Ogre Chief" not in c["name"] for c in choices)
    by_id = await other.player.slash(other.channel, "monster", name=mine[0]["value"])
    assert by_id.ephemeral and "No 2024 monster" in by_id.response.content
    assert_error(env, NotFoundError)
    typed = await other.player.slash(other.channel, "monster", name="Ogre Chief")
    assert typed.ephemeral
    assert_error(env, NotFoundError)


async def test_players_may_not_import(env):
    table = await make_gm_table(env)
    await table.player.slash(
        table.channel, "homebrew monster-import", file=("ogres.json", json.dumps([OGRE_CHIEF]).encode())
    )
    assert_error(env, NotGMError)


async def test_a_bad_file_lists_every_problem_and_writes_nothing(env):
    table = await make_gm_table(env)
    bad_size = {**copy.deepcopy(OGRE_CHIEF), "name": "Ogre Runt", "size": "Enormous"}
    bad_numbers = {
        **copy.deepcopy(OGRE_CHIEF),
        "name": "Ogre Mage",
        "hit_points": 0,
        "challenge_rating": "7/3",
    }
    no_dice = copy.deepcopy(OGRE_CHIEF)
    del no_dice["hit_dice"]
    files = [OGRE_CHIEF, bad_size, bad_numbers, no_dice]
    result = await table.gm.slash(
        table.channel, "homebrew monster-import", file=("ogres.json", json.dumps(files).encode())
    )
    text = reply(result)
    assert text.startswith("Nothing was imported: 4 problems.")
    assert "Monster #2 ('Ogre Runt'): `size`" in text
    assert "Monster #3 ('Ogre Mage'): `hit_points`" in text and "`challenge_rating`" in text
    assert "Monster #4 ('Ogre Chief'): `hit_dice`: missing: this key is required" in text
    assert_error(env, InvalidInputError)
    choices = await table.player.autocomplete(table.channel, "monster", "name", "ogre")
    assert all("homebrew" not in c["name"] for c in choices)


async def test_not_json(env):
    table = await make_gm_table(env)
    result = await table.gm.slash(table.channel, "homebrew monster-import", file=("x.json", b"not json {"))
    assert result.ephemeral or result.followups
    assert_error(env, InvalidInputError)


async def test_reimport_replaces_and_survives_a_restart(env):
    table = await make_gm_table(env)
    await table.gm.slash(
        table.channel, "homebrew monster-import", file=("ogres.json", json.dumps([OGRE_CHIEF]).encode())
    )
    stronger = {**OGRE_CHIEF, "hit_points": 120}
    await table.gm.slash(
        table.channel, "homebrew monster-import", file=("ogres.json", json.dumps([stronger]).encode())
    )
    services = env.bot.services
    services.compendium.compendium.drop_guild(table.guild.id)
    assert await services.homebrew_monsters.load_guild(table.guild.id) == 1
    card = await table.player.slash(table.channel, "monster", name="Ogre Chief")
    assert "**Hit Points** 120 (9d10 + 36)" in card.response.embeds[0].description
