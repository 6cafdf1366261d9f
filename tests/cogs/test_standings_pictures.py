"""/npc chart and /campaign standings: PNG pictures of standings, for everyone at the table."""

import io

from PIL import Image
from simcord import assert_error

from bot.ui.charts import CHART_SIZE, GRID_SIZE
from rules.errors import NotFoundError
from tests.helpers import database_fingerprint, make_campaign_table


async def _table_with_dealings(env, name="Table"):
    table = await make_campaign_table(env, name)
    await table.player.slash(table.channel, "character create", name="Hero")
    await table.gm.slash(table.channel, "character create", name="Rival")
    await table.gm.slash(table.channel, "npc create", name="Bob")
    await table.gm.slash(table.channel, "npc create", name="Strahd")
    for character, change in [("Hero", 10), ("Hero", -8), ("Rival", 6)]:
        await table.gm.slash(
            table.channel,
            "npc interact",
            npc="Bob",
            type="social",
            summary="Talk",
            character=character,
            change=change,
        )
    return table


async def _png_of(result) -> Image.Image:
    assert not result.ephemeral
    [attachment] = result.response.attachments
    assert attachment.filename == "standings.png"
    image = Image.open(io.BytesIO(await attachment.read()))
    image.load()  # decodes the whole picture: a broken PNG fails here
    assert image.format == "PNG"
    return image


async def test_a_player_gets_the_npc_chart_as_a_png(env):
    table = await _table_with_dealings(env)
    result = await table.player.slash(table.channel, "npc chart", npc="Bob")
    image = await _png_of(result)
    assert image.size == CHART_SIZE
    assert result.response.content == "How **Bob** has stood with each character over time."


async def test_the_campaign_grid_is_a_png_of_every_npc_and_character(env):
    table = await _table_with_dealings(env)
    result = await table.player.slash(table.channel, "campaign standings")
    image = await _png_of(result)
    assert image.size == GRID_SIZE
    assert result.response.content == "How each NPC of **Saga** stands with each character."


async def test_an_npc_without_dealings_says_so_and_draws_nothing(env):
    table = await _table_with_dealings(env)
    result = await table.player.slash(table.channel, "npc chart", npc="Strahd")
    assert result.ephemeral and not result.response.attachments
    assert "no logged dealings" in result.response.content


async def test_a_campaign_without_characters_says_so(env):
    table = await make_campaign_table(env)
    await table.gm.slash(table.channel, "npc create", name="Bob")
    result = await table.player.slash(table.channel, "campaign standings")
    assert result.ephemeral and "has no characters yet" in result.response.content


async def test_unknown_names_are_refused_and_write_nothing(env):
    table = await _table_with_dealings(env)
    before = await database_fingerprint(env)
    result = await table.player.slash(table.channel, "npc chart", npc="Nobody")
    assert result.ephemeral and "No NPC called “Nobody”" in result.response.content
    assert_error(env, NotFoundError)
    result = await table.player.slash(table.channel, "campaign standings", campaign="Nowhere")
    assert result.ephemeral and "No campaign called “Nowhere”" in result.response.content
    assert_error(env, NotFoundError)
    assert await database_fingerprint(env) == before


async def test_another_guild_cannot_chart_our_npcs(env):
    await _table_with_dealings(env, "Ours")
    theirs = await make_campaign_table(env, "Theirs", campaign="Other")
    result = await theirs.player.slash(theirs.channel, "npc chart", npc="Bob")
    assert result.ephemeral and "No NPC called" in result.response.content
    assert_error(env, NotFoundError)
