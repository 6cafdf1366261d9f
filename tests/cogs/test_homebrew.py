"""/homebrew through simcord: GM-only writes, validation, guild scope, autocomplete at once."""

import json

from simcord import assert_error

from bot.checks import NotGMError
from rules.errors import ConflictError, InvalidInputError, NotFoundError
from tests.helpers import assert_autocomplete_limits, make_gm_table

FROST_LANCE = {
    "name": "Frost Lance",
    "level": 2,
    "school": "Evocation",
    "description": "A lance of ice strikes a creature you can see.",
    "components": "V, S, M (a shard of ice)",
    "classes": "Wizard, sorcerer",
    "damage_dice": "3d8",
    "save_type": "CON",
}


async def homebrew_ids(env, guild_id) -> list[str]:
    return [e.id for e in env.bot.services.spells.homebrew(guild_id)]


async def test_gm_adds_a_spell_that_autocompletes_at_once_and_shows_as_homebrew(env):
    table = await make_gm_table(env)
    result = await table.gm.slash(table.channel, "homebrew add", **FROST_LANCE)
    assert result.ephemeral and "Frost Lance" in result.response.content
    choices = await table.player.autocomplete(table.channel, "spell", "name", "frost l")
    assert_autocomplete_limits(choices)
    assert choices[0]["name"] == "Frost Lance - 2nd-level Evocation (homebrew)"
    card = (await table.player.slash(table.channel, "spell", name=choices[0]["value"])).response.embeds[0]
    assert card.title == "Frost Lance (homebrew)"
    assert "Homebrew spell of this server" in card.footer.text
    info = {f.name: f.value for f in card.fields}
    assert info["Components"] == "V, S, M (a shard of ice)"
    assert (
        info["Classes"] == "Sorcerer, Wizard" and info["Save"] == "Constitution" and info["Damage"] == "3d8"
    )


async def test_players_cannot_add_import_or_remove(env):
    table = await make_gm_table(env)
    denied = await table.player.slash(table.channel, "homebrew add", **FROST_LANCE)
    assert denied.ephemeral and "game master" in denied.response.content
    assert_error(env, NotGMError)
    denied = await table.player.slash(table.channel, "homebrew import", file=("s.json", b"[]"))
    assert denied.ephemeral
    assert_error(env, NotGMError)
    await table.gm.slash(table.channel, "homebrew add", **FROST_LANCE)
    [spell_id] = await homebrew_ids(env, table.guild.id)
    denied = await table.player.slash(table.channel, "homebrew remove", spell=spell_id)
    assert denied.ephemeral
    assert_error(env, NotGMError)
    assert await homebrew_ids(env, table.guild.id) == [spell_id]


async def test_homebrew_is_invisible_to_other_guilds(env):
    mine = await make_gm_table(env, "Mine")
    theirs = await make_gm_table(env, "Theirs")
    await mine.gm.slash(mine.channel, "homebrew add", **FROST_LANCE)
    [spell_id] = await homebrew_ids(env, mine.guild.id)
    seen_there = await theirs.player.autocomplete(theirs.channel, "spell", "name", "frost lance")
    assert spell_id not in [c["value"] for c in seen_there]
    by_id = await theirs.player.slash(theirs.channel, "spell", name=spell_id)
    assert by_id.ephemeral and "No spell named" in by_id.response.content
    assert_error(env, NotFoundError)
    removed = await theirs.gm.slash(theirs.channel, "homebrew remove", spell=spell_id)
    assert removed.ephemeral
    assert_error(env, NotFoundError)
    listing = await theirs.player.slash(theirs.channel, "homebrew list")
    assert "no homebrew spells" in listing.response.content
    assert_error(env, NotFoundError)
    assert await homebrew_ids(env, mine.guild.id) == [spell_id]


async def test_bad_input_is_refused_and_writes_nothing(env):
    table = await make_gm_table(env)
    cases = [
        ({**FROST_LANCE, "damage_dice": "lots"}, "damage dice"),
        ({**FROST_LANCE, "components": "V, X"}, "Components look like"),
        ({**FROST_LANCE, "name": "   "}, "name"),
    ]
    for options, phrase in cases:
        result = await table.gm.slash(table.channel, "homebrew add", **options)
        assert result.ephemeral and phrase in result.response.content, result.response.content
        assert_error(env, InvalidInputError)
    assert await homebrew_ids(env, table.guild.id) == []


async def test_duplicate_names_are_refused(env):
    table = await make_gm_table(env)
    await table.gm.slash(table.channel, "homebrew add", **FROST_LANCE)
    again = await table.gm.slash(table.channel, "homebrew add", **{**FROST_LANCE, "name": "FROST LANCE"})
    assert again.ephemeral and "already has" in again.response.content
    assert_error(env, ConflictError)
    assert len(await homebrew_ids(env, table.guild.id)) == 1


def spell_json(name: str, **extra) -> dict:
    return {
        "name": name,
        "level": 1,
        "school": {"name": "Abjuration"},
        "desc": ["A ward hums.", "It lasts."],
        "higher_level": ["More wards."],
        "range": "Touch",
        "components": ["V", "S"],
        "ritual": "True",
        "duration": "1 hour",
        "concentration": "False",
        "casting_time": "1 action",
        "classes": [{"name": "Cleric"}],
        **extra,
    }


async def test_import_adds_every_spell_of_a_valid_file(env):
    table = await make_gm_table(env)
    payload = json.dumps([spell_json("Humming Ward"), spell_json("Quiet Ward", level=2)]).encode()
    result = await table.gm.slash(table.channel, "homebrew import", file=("brew.json", payload))
    assert (
        "Imported 2 homebrew spells" in result.followups[0].content
        if result.followups
        else result.response.content
    )
    listing = await table.player.slash(table.channel, "homebrew list")
    text = listing.response.embeds[0].description
    assert "Humming Ward" in text and "Quiet Ward" in text and "ritual" in text


async def test_import_rejects_the_whole_file_naming_the_bad_entry(env):
    table = await make_gm_table(env)
    payload = json.dumps([spell_json("Good Ward"), spell_json("Bad Ward", level=12)]).encode()
    result = await table.gm.slash(table.channel, "homebrew import", file=("brew.json", payload))
    message = result.response.content
    assert result.ephemeral and "Spell #2" in message and "level" in message
    assert_error(env, InvalidInputError)
    assert await homebrew_ids(env, table.guild.id) == []


async def test_import_refuses_files_that_are_not_json(env):
    table = await make_gm_table(env)
    result = await table.gm.slash(table.channel, "homebrew import", file=("brew.json", b"not json {"))
    assert result.ephemeral and "not valid JSON" in result.response.content
    assert_error(env, InvalidInputError)


async def test_gm_removes_a_spell_and_it_leaves_autocomplete(env):
    table = await make_gm_table(env)
    await table.gm.slash(table.channel, "homebrew add", **FROST_LANCE)
    choices = await table.gm.autocomplete(table.channel, "homebrew remove", "spell", "fro")
    assert_autocomplete_limits(choices)
    assert [c["name"] for c in choices] == ["Frost Lance - 2nd-level Evocation (homebrew)"]
    result = await table.gm.slash(table.channel, "homebrew remove", spell=choices[0]["value"])
    assert "Removed **Frost Lance**" in result.response.content
    assert await homebrew_ids(env, table.guild.id) == []
    assert all(
        "homebrew" not in c["name"]
        for c in await table.player.autocomplete(table.channel, "spell", "name", "frost")
    )


async def test_srd_spells_cannot_be_removed(env):
    table = await make_gm_table(env)
    result = await table.gm.slash(table.channel, "homebrew remove", spell="srd2024:fireball")
    assert result.ephemeral and "no homebrew spell" in result.response.content
    assert_error(env, NotFoundError)
    assert env.bot.services.spells.cache.get("srd2024:fireball", table.guild.id) is not None


async def test_a_name_typed_by_hand_removes_the_spell(env):
    table = await make_gm_table(env)
    await table.gm.slash(table.channel, "homebrew add", **FROST_LANCE)
    result = await table.gm.slash(table.channel, "homebrew remove", spell="frost LANCE")
    assert "Removed **Frost Lance**" in result.response.content
    assert await homebrew_ids(env, table.guild.id) == []


async def test_an_oversized_file_is_refused_before_it_is_read(env):
    table = await make_gm_table(env)
    result = await table.gm.slash(table.channel, "homebrew import", file=("big.json", b" " * (600 * 1024)))
    assert result.ephemeral and result.response.content == "The file is larger than 512 KiB."
    assert_error(env, InvalidInputError)
    assert await homebrew_ids(env, table.guild.id) == []


async def test_a_spell_without_components_shows_a_card_discord_accepts(env):
    table = await make_gm_table(env)
    for name, components in (("Quiet Word", ","), ("Still Word", "   ")):
        result = await table.gm.slash(
            table.channel, "homebrew add", **{**FROST_LANCE, "name": name, "components": components}
        )
        assert {f.name: f.value for f in result.response.embeds[0].fields}["Components"] == "None"
    payload = json.dumps(
        [{"name": "Mute Word", "level": 1, "school": "Evocation", "desc": ["x"], "components": []}]
    )
    await table.gm.slash(table.channel, "homebrew import", file=("brew.json", payload.encode()))
    [entry] = [e for e in env.bot.services.spells.homebrew(table.guild.id) if e.name == "Mute Word"]
    card = (await table.player.slash(table.channel, "spell", name=entry.id)).response.embeds[0]
    assert {f.name: f.value for f in card.fields}["Components"] == "None"


# --- issue 16 -----------------------------------------------------------------------------------


async def test_a_typed_name_finds_the_servers_homebrew_before_the_srd(env):
    table = await make_gm_table(env)
    await table.gm.slash(table.channel, "homebrew add", **{**FROST_LANCE, "name": "Fireball"})
    choices = await table.player.autocomplete(table.channel, "spell", "name", "fireball")
    assert choices[0]["name"].startswith("Fireball") and "homebrew" in choices[0]["name"]
    card = (await table.player.slash(table.channel, "spell", name="fireball")).response.embeds[0]
    assert card.title == "Fireball (homebrew)"
    # Asking for a ruleset still finds the server's own version: homebrew belongs to none.
    card = (await table.player.slash(table.channel, "spell", name="fireball", ruleset="2014")).response
    assert card.embeds[0].title == "Fireball (homebrew)"


async def test_homebrew_belongs_to_no_ruleset_and_its_names_are_unique(env):
    table = await make_gm_table(env)
    await table.admin.slash(table.channel, "config ruleset", ruleset="2014")
    await table.gm.slash(table.channel, "homebrew add", **FROST_LANCE)
    await table.admin.slash(table.channel, "config ruleset", ruleset="2024")
    for ruleset in ("2014", "2024"):
        listed = await table.player.slash(table.channel, "spells", query="frost", ruleset=ruleset)
        assert "Frost Lance" in listed.response.embeds[0].description, ruleset
    again = await table.gm.slash(table.channel, "homebrew add", **FROST_LANCE)
    assert again.ephemeral and "already has" in again.response.content
    assert_error(env, ConflictError)
    assert len(await homebrew_ids(env, table.guild.id)) == 1
    choices = await table.player.autocomplete(table.channel, "spell", "name", "frost l")
    assert choices[0]["name"] == "Frost Lance - 2nd-level Evocation (homebrew)"
    card = (await table.player.slash(table.channel, "spell", name="frost lance")).response.embeds[0]
    assert card.footer.text.startswith("Homebrew spell of this server")
    assert "rules" not in card.footer.text


async def test_concentration_with_an_instantaneous_duration_is_refused(env):
    table = await make_gm_table(env)
    result = await table.gm.slash(
        table.channel, "homebrew add", **{**FROST_LANCE, "level": 0, "concentration": True}
    )
    assert result.ephemeral and "Concentration" in result.response.content
    assert "instantaneous" in result.response.content.lower()
    assert_error(env, InvalidInputError)
    payload = json.dumps([spell_json("Still Ward", concentration="True", duration="Instantaneous")])
    result = await table.gm.slash(table.channel, "homebrew import", file=("brew.json", payload.encode()))
    assert result.ephemeral and "instantaneous" in result.response.content.lower()
    assert_error(env, InvalidInputError)
    assert await homebrew_ids(env, table.guild.id) == []


async def test_an_empty_import_file_says_the_list_is_empty(env):
    table = await make_gm_table(env)
    result = await table.gm.slash(table.channel, "homebrew import", file=("brew.json", b"[]"))
    assert result.ephemeral and "empty" in result.response.content
    assert "must hold" not in result.response.content
    assert_error(env, InvalidInputError)
