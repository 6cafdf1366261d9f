"""/character through simcord: owner vs other member vs GM, bad sheets, guild isolation."""

import json
from pathlib import Path

from simcord import assert_error

from rules.errors import ConflictError, ForbiddenError, InvalidInputError, NotFoundError
from tests.helpers import assert_autocomplete_limits, make_campaign_table

EXAMPLE = Path(__file__).parents[2] / "examples" / "character.json"


async def character_ids(env, guild_id) -> list[str]:
    return [c.id for c in await env.bot.services.characters.of_guild(guild_id)]


async def test_player_creates_and_shows_their_character(env):
    table = await make_campaign_table(env)
    made = await table.player.slash(
        table.channel, "character create", name="Bruna", **{"class": "Fighter"}, level=5, race="Dwarf"
    )
    assert made.ephemeral and "in **Saga**" in made.response.content
    shown = (await table.player.slash(table.channel, "character show")).response.embeds[0]
    assert shown.title == "Bruna" and shown.description == "Dwarf · Fighter 5 · level 5"
    fields = {f.name: f.value for f in shown.fields}
    assert fields["Proficiency"] == "+3" and fields["AC"] == "10" and fields["HP"] == "1/1"


async def test_import_the_example_sheet_with_linked_spells(env):
    table = await make_campaign_table(env)
    result = await table.player.slash(
        table.channel, "character import", file=("character.json", EXAMPLE.read_bytes())
    )
    assert "Imported **Elara Moonwhisper**" in result.response.content
    shown = (
        await table.player.slash(table.channel, "character show", character="Elara Moonwhisper")
    ).response
    fields = {f.name: f.value for f in shown.embeds[0].fields}
    assert "INT" in fields["Abilities"] and "(+4)" in fields["Abilities"]
    assert "Fireball ✦" in fields["Spells (✦ in /spell)"]
    assert "save DC 15" in fields["Spellcasting"]


async def test_bad_sheets_are_refused_with_every_problem_and_nothing_written(env):
    table = await make_campaign_table(env)
    sheet = json.loads(EXAMPLE.read_text())
    sheet["abilities"]["STR"] = 31
    sheet["classes"][0]["level"] = 21
    sheet["hit_points"] = {"max": 10, "current": 12}
    sheet["equipment"][0]["quantity"] = -2
    result = await table.player.slash(
        table.channel, "character import", file=("bad.json", json.dumps(sheet).encode())
    )
    message = result.response.content
    assert result.ephemeral and message.startswith("The sheet has problems:")
    for path in ("abilities.STR", "classes.0.level", "hit_points", "equipment.0.quantity"):
        assert f"`{path}" in message, path
    assert_error(env, InvalidInputError)
    not_json = await table.player.slash(table.channel, "character import", file=("x.json", b"nope"))
    assert not_json.ephemeral and "not valid JSON" in not_json.response.content
    assert_error(env, InvalidInputError)
    assert await character_ids(env, table.guild.id) == []


async def test_duplicate_names_and_blank_names_are_refused(env):
    table = await make_campaign_table(env)
    await table.player.slash(table.channel, "character create", name="Bruna")
    again = await table.gm.slash(table.channel, "character create", name="bruna")
    assert again.ephemeral and "already a character called Bruna" in again.response.content
    assert_error(env, ConflictError)
    blank = await table.gm.slash(table.channel, "character create", name="   ")
    assert blank.ephemeral and "needs a name" in blank.response.content
    assert_error(env, InvalidInputError)


async def test_owner_and_gm_may_edit_another_member_may_not(env):
    table = await make_campaign_table(env)
    await table.player.slash(table.channel, "character create", name="Bruna", **{"class": "Fighter"})
    [bruna] = await character_ids(env, table.guild.id)
    other = table.guild.add_member(env.create_user("olaf"))
    denied = await other.slash(table.channel, "character edit", character=bruna, level=20)
    assert denied.ephemeral and "player or a GM" in denied.response.content
    assert_error(env, ForbiddenError)
    own = await table.player.slash(
        table.channel, "character edit", character=bruna, level=2, max_hp=14, hp=14
    )
    assert "Updated **Bruna**" in own.response.content
    by_gm = await table.gm.slash(table.channel, "character edit", character=bruna, race="Half-Orc")
    fields = by_gm.response.embeds[0]
    assert fields.description.startswith("Half-Orc · Fighter 2")


async def test_delete_asks_and_only_owner_or_gm_may(env):
    table = await make_campaign_table(env)
    await table.player.slash(table.channel, "character create", name="Bruna")
    [bruna] = await character_ids(env, table.guild.id)
    other = table.guild.add_member(env.create_user("olaf"))
    denied = await other.slash(table.channel, "character delete", character=bruna)
    assert denied.ephemeral
    assert_error(env, ForbiddenError)
    question = await table.player.slash(table.channel, "character delete", character=bruna)
    intruder = await other.click(question.response, label="Confirm")
    assert intruder.ephemeral
    done = await table.player.click(question.response, label="Confirm")
    assert "Deleted **Bruna**" in done.response.content
    assert await character_ids(env, table.guild.id) == []


async def test_list_and_autocomplete(env):
    table = await make_campaign_table(env)
    await table.player.slash(table.channel, "character create", name="Bruna", **{"class": "Fighter"}, level=3)
    await table.gm.slash(table.channel, "character create", name="Gustav")
    listing = (await table.player.slash(table.channel, "character list")).response.embeds[0]
    assert "**Bruna** · Fighter 3" in listing.description and "**Gustav**" in listing.description
    mine = (await table.player.slash(table.channel, "character list", member=table.player)).response.embeds[0]
    assert "Gustav" not in mine.description
    choices = await table.player.autocomplete(table.channel, "character show", "character", "br")
    assert_autocomplete_limits(choices)
    assert [c["name"] for c in choices] == ["Bruna (Saga)"]


async def test_another_guilds_character_cannot_be_shown_or_edited_even_by_id(env):
    mine = await make_campaign_table(env, "Mine")
    theirs = await make_campaign_table(env, "Theirs")
    await theirs.player.slash(theirs.channel, "character create", name="Secret")
    [secret] = await character_ids(env, theirs.guild.id)
    assert await mine.gm.autocomplete(mine.channel, "character show", "character", "sec") == []
    for command, options in [
        ("character show", {"character": secret}),
        ("character edit", {"character": secret, "name": "Mine"}),
        ("character delete", {"character": secret}),
    ]:
        result = await mine.gm.slash(mine.channel, command, **options)
        assert result.ephemeral and "No character called" in result.response.content, command
        assert_error(env, NotFoundError)
    assert await character_ids(env, theirs.guild.id) == [secret]


async def test_character_roll_uses_the_sheet_and_is_kept_in_the_history(env):
    table = await make_campaign_table(env)
    await table.player.slash(table.channel, "character import", file=("c.json", EXAMPLE.read_bytes()))
    choices = await table.player.autocomplete(table.channel, "character roll", "roll", "hist")
    assert_autocomplete_limits(choices)
    assert choices == [{"name": "History (INT)", "value": "skill:history"}]
    mine = await table.player.autocomplete(table.channel, "character roll", "character", "")
    assert [c["name"] for c in mine] == ["Elara Moonwhisper (Saga)"]
    elara = mine[0]["value"]
    result = await table.player.slash(
        table.channel, "character roll", character=elara, roll="skill:history", advantage="advantage"
    )
    assert "2d20kh1 (" in result.response.content and "+ 10 = `" in result.response.content
    assert "Elara Moonwhisper: History (INT) with advantage" in result.response.content
    [stored] = await env.bot.services.dice.recent(table.guild.id)
    assert stored.character_id == mine[0]["value"] and stored.expression == "2d20kh1 + 10"
    typed = await table.player.slash(
        table.channel, "character roll", character="elara moonwhisper", roll="dex save"
    )
    assert "1d20 (" in typed.response.content and "+ 2 = `" in typed.response.content


async def test_character_roll_refuses_others_characters_and_unknown_rolls(env):
    table = await make_campaign_table(env)
    await table.player.slash(table.channel, "character create", name="Bruna")
    denied = await table.gm.slash(table.channel, "character roll", character="Bruna", roll="stealth")
    assert denied.ephemeral and "only for your own characters" in denied.response.content
    assert_error(env, ForbiddenError)
    unknown = await table.player.slash(table.channel, "character roll", character="Bruna", roll="cooking")
    assert unknown.ephemeral and "not a check, save or skill" in unknown.response.content
    assert_error(env, InvalidInputError)
    assert await env.bot.services.dice.recent(table.guild.id) == []
