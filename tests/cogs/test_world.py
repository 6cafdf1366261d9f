"""/world through simcord: facts of the world, secret ones for GMs only."""

import pytest
from simcord import assert_error

from bot.checks import NotGMError
from rules.errors import InvalidInputError, NotFoundError
from tests.helpers import assert_autocomplete_limits, database_fingerprint, make_campaign_table, make_table

SECRET = "The steward poisoned the king"


async def _world_text(result) -> str:
    embed = result.response.embeds[0]
    return f"{embed.title}\n{embed.description}"


async def test_the_gm_sets_facts_and_the_table_reads_the_public_ones(env):
    table = await make_campaign_table(env)
    news = await table.gm.slash(table.channel, "world set", fact="Baron", value="dead")
    assert not news.ephemeral and "New fact in **Saga**" in news.response.content
    secret = await table.gm.slash(table.channel, "world set", fact="Traitor", value=SECRET, secret=True)
    assert secret.ephemeral, "a secret fact is not announced to the channel"

    seen_by_player = await table.player.slash(table.channel, "world show")
    text = await _world_text(seen_by_player)
    assert not seen_by_player.ephemeral
    assert "**Baron**: dead" in text and SECRET not in text and "Traitor" not in text
    assert "(1)" in seen_by_player.response.embeds[0].title

    seen_by_gm = await table.gm.slash(table.channel, "world show")
    assert seen_by_gm.ephemeral, "the GM's view holds secrets"
    assert f"🔒 **Traitor**: {SECRET}" in await _world_text(seen_by_gm)

    posted = await table.gm.slash(table.channel, "world show", public=True)
    assert not posted.ephemeral and SECRET not in await _world_text(posted)


async def test_changing_and_unsetting_a_fact_say_what_changed(env):
    table = await make_campaign_table(env)
    await table.gm.slash(table.channel, "world set", fact="Baron", value="alive")
    changed = await table.gm.slash(table.channel, "world set", fact="baron", value="dead")
    assert "**Baron**: alive → dead" in changed.response.content
    choices = await table.gm.autocomplete(table.channel, "world unset", "fact", "bar")
    assert_autocomplete_limits(choices)
    assert [c["value"] for c in choices] == ["Baron"]
    removed = await table.gm.slash(table.channel, "world unset", fact="Baron")
    assert "Removed from **Saga**" in removed.response.content
    assert "No facts" in await _world_text(await table.player.slash(table.channel, "world show"))


async def test_players_cannot_set_unset_or_see_secret_fact_names(env):
    table = await make_campaign_table(env)
    await table.gm.slash(table.channel, "world set", fact="Traitor", value=SECRET, secret=True)
    before = await database_fingerprint(env)
    denied = await table.player.slash(table.channel, "world set", fact="Baron", value="dead")
    assert denied.ephemeral
    assert_error(env, NotGMError)
    denied = await table.player.slash(table.channel, "world unset", fact="Traitor")
    assert denied.ephemeral
    assert_error(env, NotGMError)
    assert await database_fingerprint(env) == before
    assert await table.player.autocomplete(table.channel, "world unset", "fact", "") == []
    assert await table.player.autocomplete(table.channel, "world set", "fact", "trai") == []


@pytest.mark.parametrize(
    ("options", "error", "wording"),
    [
        ({"fact": "   ", "value": "dead"}, InvalidInputError, "needs a name"),
        ({"fact": "Baron", "value": "   "}, InvalidInputError, "needs a value"),
    ],
)
async def test_blank_input_is_refused_and_writes_nothing(env, options, error, wording):
    table = await make_campaign_table(env)
    before = await database_fingerprint(env)
    result = await table.gm.slash(table.channel, "world set", **options)
    assert result.ephemeral and wording in result.response.content
    assert_error(env, error)
    assert await database_fingerprint(env) == before


async def test_unsetting_an_unknown_fact_says_so(env):
    table = await make_campaign_table(env)
    result = await table.gm.slash(table.channel, "world unset", fact="Nobody")
    assert result.ephemeral and "No fact called “Nobody”" in result.response.content
    assert_error(env, NotFoundError)


async def test_without_an_active_campaign_world_says_how_to_pick_one(env):
    table = make_table(env)
    result = await table.player.slash(table.channel, "world show")
    assert result.ephemeral and "/campaign use" in result.response.content
    assert_error(env, NotFoundError)


async def test_one_guild_never_sees_anothers_world(env):
    ours = await make_campaign_table(env, "Ours")
    theirs = await make_campaign_table(env, "Theirs", campaign="Other saga")
    await ours.gm.slash(ours.channel, "world set", fact="Baron", value="dead")
    text = await _world_text(await theirs.gm.slash(theirs.channel, "world show"))
    assert "Baron" not in text and "Other saga" in text


async def test_secret_facts_travel_through_export_and_import(env):
    table = await make_campaign_table(env, campaign="Travelling")
    await table.gm.slash(table.channel, "world set", fact="Baron", value="dead")
    await table.gm.slash(table.channel, "world set", fact="Traitor", value=SECRET, secret=True)
    exported = await table.gm.slash(table.channel, "campaign export")
    payload = await exported.response.attachments[0].read()
    other = await make_campaign_table(env, "Other", campaign="Home")
    await other.gm.slash(other.channel, "campaign import", file=("travelling.json", payload))
    await other.gm.slash(other.channel, "campaign use", campaign="Travelling")
    player_text = await _world_text(await other.player.slash(other.channel, "world show"))
    assert "Baron" in player_text and SECRET not in player_text
    assert f"🔒 **Traitor**: {SECRET}" in await _world_text(await other.gm.slash(other.channel, "world show"))
