"""/quest through simcord."""

from simcord import assert_error

from bot.checks import NotGMError
from rules.errors import ConflictError, NotFoundError
from tests.helpers import assert_autocomplete_limits, make_campaign_table, make_table


async def test_gm_adds_and_closes_quests_and_everyone_reads_them(env):
    table = await make_campaign_table(env, campaign="Quests")
    await table.gm.slash(table.channel, "quest add", title="Slay the wyrm", details="It lairs in the peak")
    await table.gm.slash(table.channel, "quest add", title="Find the heir")
    choices = await table.gm.autocomplete(table.channel, "quest done", "quest", "wyrm")
    assert_autocomplete_limits(choices)
    assert [c["name"] for c in choices] == ["Slay the wyrm"]
    done = await table.gm.slash(table.channel, "quest done", quest=choices[0]["value"])
    assert "Quest done" in done.response.content
    open_list = (await table.player.slash(table.channel, "quest list")).response.embeds[0]
    assert "Find the heir" in open_list.description and "Slay the wyrm" not in open_list.description
    done_list = (await table.player.slash(table.channel, "quest list", status="done")).response.embeds[0]
    assert "✅ **Slay the wyrm**: It lairs in the peak" in done_list.description
    assert (
        (await table.player.slash(table.channel, "quest list", status="all"))
        .response.embeds[0]
        .title.endswith("(2)")
    )


async def test_players_cannot_add_or_close(env):
    table = await make_campaign_table(env, campaign="Quests")
    denied = await table.player.slash(table.channel, "quest add", title="My own quest")
    assert denied.ephemeral
    assert_error(env, NotGMError)
    await table.gm.slash(table.channel, "quest add", title="Real quest")
    denied = await table.player.slash(table.channel, "quest done", quest="Real quest")
    assert denied.ephemeral
    assert_error(env, NotGMError)
    assert (
        "Real quest" in (await table.player.slash(table.channel, "quest list")).response.embeds[0].description
    )


async def test_bad_input(env):
    table = await make_campaign_table(env, campaign="Quests")
    unknown = await table.gm.slash(table.channel, "quest done", quest="No such quest")
    assert unknown.ephemeral and "No quest called" in unknown.response.content
    assert_error(env, NotFoundError)
    await table.gm.slash(table.channel, "quest add", title="Twice")
    again = await table.gm.slash(table.channel, "quest add", title="twice")
    assert again.ephemeral and "already an open quest" in again.response.content
    assert_error(env, ConflictError)


async def test_without_an_active_campaign_quests_say_how_to_pick_one(env):
    table = make_table(env)
    result = await table.player.slash(table.channel, "quest list")
    assert result.ephemeral and "/campaign use" in result.response.content
    assert_error(env, NotFoundError)
