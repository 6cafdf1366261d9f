"""/character import file: replace: updates a character in place: its player or a GM, a good file only."""

import json
from pathlib import Path

from simcord import assert_error

from bot.ui.paginator import CONTENT_MAX
from rules.errors import ConflictError, ForbiddenError, InvalidInputError
from tests.helpers import assert_autocomplete_limits, database_fingerprint, make_campaign_table

EXAMPLE = Path(__file__).parents[2] / "examples" / "character.json"


def upload(document: dict) -> tuple[str, bytes]:
    return ("sheet.json", json.dumps(document).encode())


async def tess_table(env):
    """A campaign table where the player's Tess has a standing with the GM's NPC Bob."""
    table = await make_campaign_table(env)
    await table.player.slash(table.channel, "character create", name="Tess", **{"class": "Wizard"}, level=3)
    await table.gm.slash(table.channel, "npc create", name="Bob")
    await table.gm.slash(
        table.channel,
        "npc interact",
        npc="Bob",
        type="social",
        summary="Shared a pint",
        character="Tess",
        change=6,
    )
    tess = await env.bot.services.characters.get(table.guild.id, "Tess")
    return table, tess


async def test_the_player_updates_their_character_in_place_and_is_told_what_changed(env):
    table, tess = await tess_table(env)
    document = {**json.loads(EXAMPLE.read_text()), "name": "Tess the Wise"}
    result = await table.player.slash(
        table.channel, "character import", file=upload(document), replace=tess.id
    )
    content = result.response.content
    assert result.ephemeral and content.startswith("Updated **Tess the Wise** from the file: ")
    for change in (
        "name Tess → Tess the Wise",
        "classes Wizard 3 → Wizard 5",
        "AC 10 → 12",
        "HP 1/1 → 22/27",
    ):
        assert change in content, change
    assert "equipment: +5 (Quarterstaff, Spellbook, Component pouch and 2 more)" in content
    assert len(content) <= CONTENT_MAX
    assert result.response.embeds[0].title == "Tess the Wise"
    [stored] = await env.bot.services.characters.of_guild(table.guild.id)
    assert (stored.id, stored.name, stored.owner_id) == (tess.id, "Tess the Wise", table.player.id)
    assert stored.sheet.armor_class == 12 and stored.sheet.background == "Sage"
    standings = await table.player.slash(table.channel, "character relationships", character=tess.id)
    assert (
        "Bob" in standings.response.embeds[0].description and "6" in standings.response.embeds[0].description
    )
    again = await table.player.slash(
        table.channel, "character import", file=upload(document), replace=tess.id
    )
    assert "already matched the file: nothing changed" in again.response.content


async def test_a_gm_may_replace_a_players_character_and_it_stays_theirs(env):
    table, tess = await tess_table(env)
    result = await table.gm.slash(
        table.channel, "character import", file=upload({"name": "Tess", "armor_class": 15}), replace="Tess"
    )
    assert "AC 10 → 15" in result.response.content and "classes Wizard 3 → level 1" in result.response.content
    stored = await env.bot.services.characters.get(table.guild.id, tess.id)
    assert stored.owner_id == table.player.id and stored.sheet.armor_class == 15


async def test_another_player_is_refused_and_nothing_is_written(env):
    table, tess = await tess_table(env)
    other = table.guild.add_member(env.create_user("olaf"))
    before = await database_fingerprint(env)
    denied = await other.slash(
        table.channel, "character import", file=upload({"name": "Mine now"}), replace=tess.id
    )
    assert denied.ephemeral and "player or a GM" in denied.response.content
    assert_error(env, ForbiddenError)
    assert await database_fingerprint(env) == before


async def test_a_bad_file_is_refused_with_its_field_paths_and_nothing_is_written(env):
    table, tess = await tess_table(env)
    before = await database_fingerprint(env)
    bad = {"name": "Tess", "abilities": {"STR": 31}, "hit_points": {"max": 5, "current": 9}, "equipmnt": []}
    result = await table.player.slash(table.channel, "character import", file=upload(bad), replace=tess.id)
    message = result.response.content
    assert result.ephemeral and message.startswith("The sheet has problems:")
    for path in ("`abilities.STR`", "`hit_points`", "unknown key `equipmnt` (did you mean `equipment`?)"):
        assert path in message, path
    assert_error(env, InvalidInputError)
    assert await database_fingerprint(env) == before


async def test_a_new_name_taken_in_the_campaign_is_refused(env):
    table, tess = await tess_table(env)
    await table.gm.slash(table.channel, "character create", name="Brim")
    before = await database_fingerprint(env)
    clash = await table.player.slash(
        table.channel, "character import", file=upload({"name": "brim", "speed": 25}), replace=tess.id
    )
    assert clash.ephemeral and "already a character called Brim" in clash.response.content
    assert_error(env, ConflictError)
    assert await database_fingerprint(env) == before


async def test_replace_with_a_campaign_is_refused_before_reading_the_file(env):
    table, tess = await tess_table(env)
    before = await database_fingerprint(env)
    both = await table.player.slash(
        table.channel, "character import", file=upload({"name": "Tess"}), replace=tess.id, campaign="Saga"
    )
    assert both.ephemeral and "stays in its campaign" in both.response.content
    assert_error(env, InvalidInputError)
    assert await database_fingerprint(env) == before


async def test_the_replace_choices_are_the_players_own_and_every_one_for_a_gm(env):
    table, _ = await tess_table(env)
    await table.gm.slash(table.channel, "character create", name="Torvald")
    mine = await table.player.autocomplete(table.channel, "character import", "replace", "t")
    assert_autocomplete_limits(mine)
    assert [c["name"] for c in mine] == ["Tess (Saga)"]
    every = await table.gm.autocomplete(table.channel, "character import", "replace", "t")
    assert [c["name"] for c in every] == ["Tess (Saga)", "Torvald (Saga)"]
