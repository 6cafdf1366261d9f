"""/character create, edit, import and show: defaults said, sheets completed, errors in plain words.

Issue 16, items 2-6.
"""

import json
from pathlib import Path

from simcord import assert_error

from rules.errors import InvalidInputError
from tests.helpers import make_campaign_table

EXAMPLE = Path(__file__).parents[2] / "examples" / "character.json"


def fields_of(embed) -> dict[str, str]:
    return {f.name: f.value for f in embed.fields}


async def sheet_of(env, guild_id, name):
    return (await env.bot.services.characters.get(guild_id, name)).sheet


async def test_a_level_without_a_class_is_accepted(env):
    table = await make_campaign_table(env)
    made = await table.player.slash(table.channel, "character create", name="Tess", level=3)
    assert made.ephemeral and made.response.content.startswith("Created **Tess**")
    assert made.response.embeds[0].description == "No class yet · level 3"
    sheet = await sheet_of(env, table.guild.id, "Tess")
    assert sheet.level == 3 and sheet.proficiency_bonus == 2 and sheet.classes == []
    # A class given later takes the level.
    edited = await table.player.slash(table.channel, "character edit", character="Tess", **{"class": "Bard"})
    assert edited.response.embeds[0].description == "Bard 3 · level 3"


async def test_create_says_what_was_assumed_and_edit_completes_the_sheet(env):
    table = await make_campaign_table(env)
    made = await table.player.slash(
        table.channel, "character create", name="Bruna", **{"class": "Fighter"}, level=3
    )
    content = made.response.content
    assert "HP 1/1" in content and "every ability 10" in content and "/character edit" in content
    edited = await table.player.slash(
        table.channel,
        "character edit",
        character="Bruna",
        strength=16,
        dexterity=12,
        constitution=14,
        intelligence=8,
        wisdom=10,
        charisma=13,
        ac=16,
        speed=25,
        max_hp=28,
        hp=28,
    )
    shown = fields_of(edited.response.embeds[0])
    assert "**STR** 16 (+3)" in shown["Abilities"] and "**CHA** 13 (+1)" in shown["Abilities"]
    assert shown["AC"] == "16" and shown["Speed"] == "25 ft." and shown["HP"] == "28/28"
    sheet = await sheet_of(env, table.guild.id, "Bruna")
    assert (sheet.abilities.STR, sheet.abilities.INT, sheet.armor_class, sheet.speed) == (16, 8, 16, 25)
    assert "STR 10 → 16" in edited.response.content and "AC 10 → 16" in edited.response.content


async def multiclass(env, table) -> None:
    sheet = {"name": "Vex", "classes": [{"name": "Rogue", "level": 3}, {"name": "Fighter", "level": 2}]}
    await table.player.slash(table.channel, "character import", file=("vex.json", json.dumps(sheet).encode()))


async def test_a_multiclass_level_edit_names_its_class_or_is_refused(env):
    table = await make_campaign_table(env)
    await multiclass(env, table)
    alone = await table.player.slash(table.channel, "character edit", character="Vex", level=6)
    assert alone.ephemeral and "several classes" in alone.response.content
    assert "/character import" in alone.response.content and "class:" in alone.response.content
    assert_error(env, InvalidInputError)
    renamed = await table.player.slash(
        table.channel, "character edit", character="Vex", **{"class": "Wizard"}
    )
    assert renamed.ephemeral and "several classes" in renamed.response.content
    assert_error(env, InvalidInputError)
    sheet = await sheet_of(env, table.guild.id, "Vex")
    assert [(c.name, c.level) for c in sheet.classes] == [("Rogue", 3), ("Fighter", 2)]
    named = await table.player.slash(
        table.channel, "character edit", character="Vex", **{"class": "fighter"}, level=3
    )
    assert "Fighter 2 → 3" in named.response.content
    assert named.response.embeds[0].description == "Rogue 3 / Fighter 3 · level 6"


async def test_sheet_errors_read_in_plain_words_with_a_suggestion(env):
    table = await make_campaign_table(env)
    sheet = {"nmae": "Elara", "name": "Elara", "skills": {"stelth": "proficient"}, "abilites": {}}
    result = await table.player.slash(
        table.channel, "character import", file=("bad.json", json.dumps(sheet).encode())
    )
    message = result.response.content
    assert "unknown key `nmae` (did you mean `name`?)" in message
    assert "unknown key `abilites` (did you mean `abilities`?)" in message
    assert "`stelth`" in message and "did you mean `stealth`?" in message
    assert "Extra inputs are not permitted" not in message
    assert_error(env, InvalidInputError)


async def test_skill_names_in_any_case_and_spacing_and_shown_with_their_capitals(env):
    table = await make_campaign_table(env)
    sheet = {
        "name": "Nim",
        "skills": {"Stealth": "proficient", "sleight of hand": "expertise", "Animal-Handling": "proficient"},
    }
    result = await table.player.slash(
        table.channel, "character import", file=("nim.json", json.dumps(sheet).encode())
    )
    skills = fields_of(result.response.embeds[0])["Skills (** expertise)"]
    assert "Sleight of Hand +4**" in skills and "Stealth +2" in skills and "Animal Handling +2" in skills


async def test_import_and_edit_replies_mark_known_spells(env):
    table = await make_campaign_table(env)
    imported = await table.player.slash(
        table.channel, "character import", file=("character.json", EXAMPLE.read_bytes())
    )
    assert "Fireball ✦" in fields_of(imported.response.embeds[0])["Spells (✦ in /spell)"]
    edited = await table.player.slash(table.channel, "character edit", character="Elara Moonwhisper", hp=20)
    assert "Fireball ✦" in fields_of(edited.response.embeds[0])["Spells (✦ in /spell)"]
