"""Characters of one name in two campaigns: the active campaign's wins, else a select (issue 16, item 1)."""

from simcord import assert_error

from rules.errors import InvalidInputError
from tests.helpers import make_campaign_table


def options_of(message) -> list[dict]:
    return [o for row in message.components for c in row["components"] for o in c.get("options", [])]


async def two_elaras(env):
    table = await make_campaign_table(env)  # Saga, active
    await table.gm.slash(table.channel, "campaign create", name="Other", setting="S")
    await table.player.slash(table.channel, "character create", name="Elara", **{"class": "Wizard"})
    await table.player.slash(
        table.channel, "character create", name="Elara", **{"class": "Bard"}, campaign="Other"
    )
    return table


async def test_a_typed_name_prefers_the_active_campaigns_character(env):
    table = await two_elaras(env)
    shown = await table.player.slash(table.channel, "character show", character="elara")
    assert "Wizard 1" in shown.response.embeds[0].description
    await table.gm.slash(table.channel, "campaign use", campaign="Other")
    shown = await table.player.slash(table.channel, "character show", character="Elara")
    assert "Bard 1" in shown.response.embeds[0].description
    edited = await table.player.slash(table.channel, "character edit", character="Elara", ac=14)
    assert "Bard 1" in edited.response.embeds[0].description
    assert "AC 10 → 14" in edited.response.content


async def test_without_an_active_namesake_a_select_offers_each_and_the_pick_runs_the_command(env):
    table = await two_elaras(env)
    await table.gm.slash(table.channel, "campaign create", name="Third", setting="S")
    await table.gm.slash(table.channel, "campaign use", campaign="Third")
    asked = await table.player.slash(table.channel, "character edit", character="Elara", ac=15)
    assert asked.ephemeral and "Several characters are called Elara" in asked.response.content
    assert_error(env, InvalidInputError)
    options = options_of(asked.response)
    assert sorted(o["label"] for o in options) == ["Elara (Other)", "Elara (Saga)"]
    bard = next(o["value"] for o in options if o["label"] == "Elara (Other)")
    picked = await table.player.select(asked.response, [bard])
    assert "Bard 1" in picked.response.embeds[0].description and "AC 10 → 15" in picked.response.content
    sheets = {
        c.sheet.classes[0].name: c.sheet.armor_class
        for c in await env.bot.services.characters.of_guild(table.guild.id, owner_id=table.player.id)
    }
    assert sheets == {"Bard": 15, "Wizard": 10}


async def test_a_pick_from_show_shows_that_sheet_and_a_unique_name_needs_no_pick(env):
    table = await two_elaras(env)
    await table.gm.slash(table.channel, "campaign create", name="Third", setting="S")
    await table.gm.slash(table.channel, "campaign use", campaign="Third")
    await table.player.slash(table.channel, "character create", name="Tess", campaign="Saga")
    asked = await table.player.slash(table.channel, "character show", character="ELARA")
    assert_error(env, InvalidInputError)
    wizard = next(o["value"] for o in options_of(asked.response) if o["label"] == "Elara (Saga)")
    picked = await table.player.slash(table.channel, "character show", character=wizard)
    assert "Wizard 1" in picked.response.embeds[0].description
    chosen = await table.player.select(asked.response, [wizard])
    assert "Wizard 1" in chosen.response.embeds[0].description
    alone = await table.player.slash(table.channel, "character show", character="tess")
    assert alone.response.embeds[0].title == "Tess"
