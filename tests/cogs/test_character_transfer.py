"""/character transfer, and who owns the characters of an imported campaign."""

from simcord import assert_error

from rules.errors import ForbiddenError, InvalidInputError, NotFoundError
from tests.helpers import database_fingerprint, make_campaign_table


async def _owner_of(env, guild_id: int, name: str) -> int:
    return (await env.bot.services.characters.get(guild_id, name)).owner_id


async def test_a_player_hands_a_character_to_another_member(env):
    table = await make_campaign_table(env)
    other = table.guild.add_member(env.create_user("Table-ola"))
    await table.player.slash(table.channel, "character create", name="Tess")
    await table.gm.slash(table.channel, "npc create", name="Bob")
    await table.gm.slash(
        table.channel, "npc interact", npc="Bob", type="trade", summary="Sold", character="Tess", change=5
    )
    moved = await table.player.slash(table.channel, "character transfer", character="Tess", member=other)
    assert not moved.ephemeral
    assert f"**Tess** now belongs to <@{other.id}>" in moved.response.content
    assert await _owner_of(env, table.guild.id, "Tess") == other.id
    standings = await table.player.slash(table.channel, "character relationships", character="Tess")
    assert "Bob" in standings.response.embeds[0].description, "the standing stays with the character"


async def test_a_gm_may_transfer_any_character_and_another_player_may_not(env):
    table = await make_campaign_table(env)
    other = table.guild.add_member(env.create_user("Table-ola"))
    await table.player.slash(table.channel, "character create", name="Tess")
    before = await database_fingerprint(env)
    denied = await other.slash(table.channel, "character transfer", character="Tess", member=other)
    assert denied.ephemeral and "player or a GM" in denied.response.content
    assert_error(env, ForbiddenError)
    assert await database_fingerprint(env) == before
    await table.gm.slash(table.channel, "character transfer", character="Tess", member=other)
    assert await _owner_of(env, table.guild.id, "Tess") == other.id


async def test_bad_transfers_are_refused_and_write_nothing(env):
    table = await make_campaign_table(env)
    await table.player.slash(table.channel, "character create", name="Tess")
    robot = table.guild.add_member(env.create_user("Table-bot", bot=True))
    before = await database_fingerprint(env)
    cases = [
        ({"character": "Tess", "member": table.player}, InvalidInputError, "already belongs"),
        ({"character": "Tess", "member": robot}, InvalidInputError, "A bot cannot play"),
        ({"character": "Nobody", "member": table.gm}, NotFoundError, "Nobody"),
    ]
    for options, error, wording in cases:
        result = await table.player.slash(table.channel, "character transfer", **options)
        assert result.ephemeral and wording in result.response.content, result.response.content
        assert_error(env, error)
    assert await database_fingerprint(env) == before


async def test_an_import_gives_the_importer_the_characters_of_non_members(env):
    home = await make_campaign_table(env, "Home", campaign="Travelling")
    traveller = env.create_user("Traveller")
    home_member = home.guild.add_member(traveller)
    await home_member.slash(home.channel, "character create", name="Wanderer")
    await home.player.slash(home.channel, "character create", name="Tess")
    exported = await home.gm.slash(home.channel, "campaign export")
    payload = await exported.response.attachments[0].read()

    away = await make_campaign_table(env, "Away", campaign="Here")
    away.guild.add_member(traveller)  # a member of both servers: keeps the copy
    imported = await away.gm.slash(away.channel, "campaign import", file=("t.json", payload))
    assert "yours until you hand them over with /character transfer: **Tess**." in imported.response.content
    assert "Wanderer" not in imported.response.content
    assert await _owner_of(env, away.guild.id, "Tess") == away.gm.id
    assert await _owner_of(env, away.guild.id, "Wanderer") == traveller.id
