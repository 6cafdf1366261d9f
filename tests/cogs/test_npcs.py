"""/npc through simcord: GM paths, players denied, bad input, labels, history, say, isolation."""

import discord
import pytest
from simcord import assert_error

from bot.checks import NotGMError
from rules.errors import ConflictError, InvalidInputError, NotFoundError
from tests.helpers import assert_autocomplete_limits, make_campaign_table


async def npc_table(env, name="Table"):
    table = await make_campaign_table(env, name)
    await table.player.slash(table.channel, "character create", name="Hero")
    await table.gm.slash(
        table.channel,
        "npc create",
        name="Bob",
        race="Human",
        occupation="Innkeeper",
        location="Greenest",
        personality="traits: gruff, loyal; flaws: gossip",
    )
    return table


async def test_gm_creates_and_everyone_sees_the_card(env):
    table = await npc_table(env)
    card = (await table.player.slash(table.channel, "npc show", npc="Bob")).response.embeds[0]
    assert card.title == "Bob" and card.description == "Human · Innkeeper in Greenest"
    fields = {f.name: f.value for f in card.fields}
    assert "**Traits:** gruff, loyal" in fields["Personality"]
    assert "No dealings" in fields["Relationships"]


async def test_gm_notes_are_shown_to_gms_only(env):
    table = await npc_table(env)
    await table.gm.slash(table.channel, "npc edit", npc="Bob", notes="Secretly a cultist")
    player_view = await table.player.slash(table.channel, "npc show", npc="Bob")
    assert not player_view.ephemeral
    assert "cultist" not in str([e.to_dict() for e in player_view.response.embeds])
    gm_view = await table.gm.slash(table.channel, "npc show", npc="Bob")
    assert gm_view.ephemeral
    footer = gm_view.response.embeds[0].footer.text
    assert footer.endswith("page 1/2")
    notes = await table.gm.click(gm_view.response, label="Next")
    assert "Secretly a cultist" in notes.response.embeds[0].description


async def test_interact_moves_the_relationship_and_crosses_labels(env):
    table = await npc_table(env)
    steps = [(10, "Indifferent"), (5, "Friendly (Indifferent -> Friendly)"), (10, "Friendly")]
    for change, expected in steps:
        result = await table.gm.slash(
            table.channel,
            "npc interact",
            npc="Bob",
            type="quest",
            summary="Helped",
            character="Hero",
            change=change,
        )
        assert expected in result.response.content, result.response.content
    for _ in range(3):
        result = await table.gm.slash(
            table.channel,
            "npc interact",
            npc="Bob",
            type="social",
            summary="Drinks",
            character="Hero",
            change=10,
        )
    assert "Standing 45 → 55: Allied (Friendly -> Allied)" in result.response.content
    card = (await table.player.slash(table.channel, "npc relationships", npc="Bob")).response.embeds[0]
    assert "**Hero**: 55 (Allied)" in card.description
    mine = (
        await table.player.slash(table.channel, "character relationships", character="Hero")
    ).response.embeds[0]
    assert "**Bob**: 55 (Allied)" in mine.description


async def test_general_events_have_no_character_and_no_change(env):
    table = await npc_table(env)
    result = await table.gm.slash(
        table.channel, "npc interact", npc="Bob", type="other", summary="Inn burned down"
    )
    assert result.response.content == "Logged for **Bob** (other); no character, so no standing moved."
    history = (await table.player.slash(table.channel, "npc history", npc="Bob")).response.embeds[0]
    assert "Inn burned down" in history.description


@pytest.mark.parametrize(
    ("options", "phrase"),
    [
        ({"npc": "Nobody", "type": "trade", "summary": "x"}, "No NPC called"),
        ({"npc": "Bob", "type": "trade", "summary": "x", "change": 4}, "needs a character"),
        (
            {"npc": "Bob", "type": "trade", "summary": "x", "character": "Ghost", "change": 1},
            "No character called",
        ),
        ({"npc": "Bob", "type": "trade", "summary": "  "}, "cannot be empty"),
    ],
)
async def test_bad_interactions_are_refused_and_write_nothing(env, options, phrase):
    table = await npc_table(env)
    result = await table.gm.slash(table.channel, "npc interact", **options)
    assert result.ephemeral and phrase in result.response.content
    assert_error(env, NotFoundError if "No " in phrase else InvalidInputError)
    _, page = await env.bot.services.npcs.history(table.guild.id, "Bob")
    assert page.total == 0


async def test_out_of_range_change_and_overlong_summary_never_reach_the_bot(env):
    table = await npc_table(env)
    from simcord import OptionError

    with pytest.raises(OptionError):
        await table.gm.slash(table.channel, "npc interact", npc="Bob", type="trade", summary="x", change=11)
    with pytest.raises(OptionError):
        await table.gm.slash(table.channel, "npc interact", npc="Bob", type="trade", summary="x" * 1001)


async def test_players_are_denied_every_gm_command(env):
    table = await npc_table(env)
    attempts = [
        ("npc create", {"name": "Mine"}),
        ("npc edit", {"npc": "Bob", "name": "Bobby"}),
        ("npc delete", {"npc": "Bob"}),
        ("npc interact", {"npc": "Bob", "type": "trade", "summary": "x"}),
        ("npc say", {"npc": "Bob", "text": "Hello"}),
    ]
    for command, options in attempts:
        result = await table.player.slash(table.channel, command, **options)
        assert result.ephemeral and "game master" in result.response.content, command
        assert_error(env, NotGMError)
    _, page = await env.bot.services.npcs.history(table.guild.id, "Bob")
    assert page.total == 0


async def test_duplicate_npc_names_are_refused(env):
    table = await npc_table(env)
    result = await table.gm.slash(table.channel, "npc create", name="BOB")
    assert result.ephemeral and "already has an NPC called Bob" in result.response.content
    assert_error(env, ConflictError)


async def test_history_pages_newest_first_and_filters(env):
    table = await npc_table(env)
    services = env.bot.services
    for i in range(12):
        await services.npcs.interact(
            table.guild.id,
            "Bob",
            interaction_type="trade" if i % 2 else "dialogue",
            summary=f"Entry {i}",
            character="Hero",
            change=1,
            logged_by=table.gm.id,
            outcome=f"Outcome {i}",
        )
    result = await table.player.slash(table.channel, "npc history", npc="Bob")
    first = result.response.embeds[0]
    assert first.description.index("Entry 11") < first.description.index("Entry 10")
    assert (
        "Outcome 11" in first.description
        and "with **Hero**" in first.description
        and "· +1" in first.description
    )
    assert first.footer.text.endswith("page 1/2")
    older = await table.player.click(result.response, label="Older")
    assert "Entry 0" in older.response.embeds[0].description
    trades = (
        await table.player.slash(table.channel, "npc history", npc="Bob", type="trade")
    ).response.embeds[0]
    assert "(6 entries, trade)" in trades.title


async def test_deleted_character_stays_readable_in_the_log(env):
    table = await npc_table(env)
    await table.gm.slash(
        table.channel,
        "npc interact",
        npc="Bob",
        type="trade",
        summary="Sold a map",
        character="Hero",
        change=3,
    )
    hero = (await env.bot.services.characters.of_guild(table.guild.id))[0]
    await env.bot.services.characters.delete(table.guild.id, table.player.id, False, hero.id)
    history = (await table.player.slash(table.channel, "npc history", npc="Bob")).response.embeds[0]
    assert "**Hero** (character removed)" in history.description


async def test_delete_asks_and_removes_the_log(env):
    table = await npc_table(env)
    await table.gm.slash(table.channel, "npc interact", npc="Bob", type="trade", summary="x")
    question = await table.gm.slash(table.channel, "npc delete", npc="Bob")
    done = await table.gm.click(question.response, label="Confirm")
    assert "Deleted **Bob** and 1 logged interactions" in done.response.content
    gone = await table.player.slash(table.channel, "npc show", npc="Bob")
    assert gone.ephemeral
    assert_error(env, NotFoundError)


async def test_list_and_location_autocomplete(env):
    table = await npc_table(env)
    await table.gm.slash(table.channel, "npc create", name="Alia", location="Neverwinter")
    choices = await table.player.autocomplete(table.channel, "npc list", "location", "never")
    assert_autocomplete_limits(choices)
    assert [c["value"] for c in choices] == ["Neverwinter"]
    listing = (await table.player.slash(table.channel, "npc list", location="Neverwinter")).response.embeds[0]
    assert "**Alia**" in listing.description and "Bob" not in listing.description
    npc_choices = await table.player.autocomplete(table.channel, "npc show", "npc", "b")
    assert_autocomplete_limits(npc_choices)
    assert [c["name"] for c in npc_choices] == ["Bob (Saga)"]


async def test_say_posts_through_a_reused_webhook_pinging_nobody(env):
    table = await npc_table(env)
    first = await table.gm.slash(table.channel, "npc say", npc="Bob", text="Welcome, @everyone! Ale's on me.")
    assert first.ephemeral and "spoke" in first.response.content
    await table.gm.slash(table.channel, "npc say", npc="Bob", text="Second round.")
    posted = [m for m in table.channel.history() if m.webhook_id]
    assert sorted(m.content for m in posted) == ["Second round.", "Welcome, @everyone! Ale's on me."]
    assert all(m.author.name == "Bob" for m in posted)
    assert len({m.webhook_id for m in posted}) == 1  # created once, reused
    assert not any(m.mention_everyone for m in posted)
    _, page = await env.bot.services.npcs.history(table.guild.id, "Bob")
    assert page.total == 2 and all(e.interaction_type == "dialogue" for e in page.entries)


async def test_say_without_manage_webhooks_falls_back_to_an_embed_and_says_so(env):
    table = await npc_table(env)
    me = env.bot.get_guild(table.guild.id).me
    quiet = table.guild.create_text_channel(
        "no-hooks", overwrites={me: discord.PermissionOverwrite(manage_webhooks=False)}
    )
    result = await table.gm.slash(quiet, "npc say", npc="Bob", text="Psst.")
    assert not result.ephemeral
    assert result.response.embeds[0].author.name == "Bob" and result.response.embeds[0].description == "Psst."
    assert "Manage Webhooks" in result.followups[0].content and result.followups[0].ephemeral
    _, page = await env.bot.services.npcs.history(table.guild.id, "Bob")
    assert page.total == 1


@pytest.mark.parametrize("webhooks", [True, False])
async def test_say_whose_logging_fails_admits_the_npc_spoke(env, monkeypatch, webhooks):
    table = await npc_table(env)
    channel = table.channel
    if not webhooks:
        me = env.bot.get_guild(table.guild.id).me
        channel = table.guild.create_text_channel(
            "no-hooks", overwrites={me: discord.PermissionOverwrite(manage_webhooks=False)}
        )

    async def broken_log(*args, **kwargs):
        raise RuntimeError("the log is on fire")

    monkeypatch.setattr(env.bot.services.npcs, "log_speech", broken_log)
    result = await table.gm.slash(channel, "npc say", npc="Bob", text="Hear me.")
    if webhooks:
        assert [m.content for m in channel.history() if m.webhook_id] == ["Hear me."]
    else:
        assert result.response.embeds[0].description == "Hear me."
    [reply] = [m for m in [result.response, *result.followups] if "error id" in m.content]
    assert reply.ephemeral
    assert "Nothing was changed" not in reply.content
    assert "after the NPC spoke" in reply.content and "posted" in reply.content
    assert_error(env, RuntimeError)


async def test_another_guilds_npc_cannot_be_reached(env):
    mine = await npc_table(env, "Mine")
    theirs = await make_campaign_table(env, "Theirs", campaign="Other")
    bob = (await env.bot.services.npcs.get(mine.guild.id, "Bob")).id
    assert await theirs.gm.autocomplete(theirs.channel, "npc show", "npc", "bob") == []
    for command, options in [
        ("npc show", {"npc": bob}),
        ("npc edit", {"npc": bob, "name": "Stolen"}),
        ("npc interact", {"npc": bob, "type": "trade", "summary": "x"}),
        ("npc history", {"npc": bob}),
        ("npc say", {"npc": bob, "text": "hi"}),
        ("npc delete", {"npc": bob}),
    ]:
        result = await theirs.gm.slash(theirs.channel, command, **options)
        assert result.ephemeral and "No NPC called" in result.response.content, command
        assert_error(env, NotFoundError)
