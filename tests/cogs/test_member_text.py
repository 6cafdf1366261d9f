"""Member text is cleaned at one boundary (bot/tree.py): options of every command, and autocomplete input.

On SQLite and PostgreSQL alike: PostgreSQL refuses a NUL in text, SQLite stored it and echoed it
back, and neither can store a lone surrogate.
"""

import logging

import pytest
from sqlalchemy import select

from db.models import NPCInteraction
from tests.helpers import make_campaign_table


@pytest.fixture
def settings(backend_settings):  # these tests run on every backend
    return backend_settings


async def npc_table(env):
    table = await make_campaign_table(env)
    await table.player.slash(table.channel, "character create", name="Hero")
    await table.gm.slash(table.channel, "npc create", name="Bob", location="Greenest")
    return table


async def test_control_characters_in_options_are_removed_and_stored_alike(env):
    table = await npc_table(env)
    created = await table.gm.slash(
        table.channel,
        "npc create",
        name="Ma\x00ra",
        race="El\x1bf",
        location="Green\x00est",
        personality="traits: gr\x00uff\r\nflaws: greedy",
    )
    assert "Created **Mara**" in created.response.content
    await table.gm.slash(table.channel, "npc edit", npc="Mara", notes="line one\r\nline\x00 two\x7f")
    await table.gm.slash(table.channel, "quest add", title="Find\x00 the heir", details="a\rb")
    await table.gm.slash(table.channel, "campaign rule add", text="No\x00 flanking")
    services, guild_id = env.bot.services, table.guild.id
    mara = await services.npcs.get(guild_id, "Mara")
    assert (mara.name, mara.race, mara.location) == ("Mara", "Elf", "Greenest")
    assert mara.personality.traits == ["gruff"]
    assert mara.data.gm_notes == "line one\nline two"
    campaign = await services.campaigns.get(guild_id, None)
    [quest] = campaign.data.quests
    assert (quest.title, quest.details) == ("Find the heir", "a\nb")
    assert campaign.rules == ("No flanking",)


async def test_an_option_that_is_only_control_characters_is_empty(env):
    table = await npc_table(env)
    result = await table.gm.slash(table.channel, "npc create", name="\x00\x00")
    assert result.ephemeral and "needs a name" in result.response.content
    env.errors  # noqa: B018  the refusal (InvalidInputError), acknowledged
    _, npcs = await env.bot.services.npcs.of_guild(table.guild.id)
    assert [n.name for n in npcs] == ["Bob"]


@pytest.mark.parametrize(
    ("command", "options", "option"),
    [
        ("npc create", {"name": "Bo\ud800b"}, "name"),
        ("npc show", {"npc": "B\udfffob"}, "npc"),
        (
            "npc interact",
            {"npc": "Bob", "type": "social", "summary": "Hi\udc00", "character": "Hero"},
            "summary",
        ),
        ("campaign rule add", {"text": "\ud83d"}, "text"),  # the high half of a pair, alone
        ("character create", {"name": "Ok", "class": "Wi\ud800zard"}, "class"),
    ],
)
async def test_a_lone_surrogate_is_refused_naming_the_option_and_writes_nothing(
    env, command, options, option
):
    table = await npc_table(env)
    before = await env.bot.services.campaign_transfer.export(table.guild.id, None)
    result = await table.gm.slash(table.channel, command, **options)
    assert result.ephemeral
    assert f"`{option}`" in result.response.content and "surrogate" in result.response.content
    assert not env.errors  # refused before the command ran: nothing reached the error handler
    after = await env.bot.services.campaign_transfer.export(table.guild.id, None)
    assert _without_stamp(after[1]) == _without_stamp(before[1])


def _without_stamp(payload: bytes) -> bytes:
    return b"\n".join(line for line in payload.splitlines() if b'"exported_at"' not in line)


async def test_a_surrogate_pair_is_one_character(env):
    table = await npc_table(env)
    await table.gm.slash(table.channel, "npc create", name="Smiley \ud83d\ude00")
    assert (await env.bot.services.npcs.get(table.guild.id, "Smiley 😀")).name == "Smiley 😀"


@pytest.mark.parametrize(
    ("command", "option", "typed", "offered"),
    [
        ("npc show", "npc", "B\x00o", "Bob (Saga)"),
        ("npc show", "npc", "\ud800bo\udfff", "Bob (Saga)"),
        ("npc interact", "character", "He\x00r", "Hero (Saga)"),
        ("npc list", "location", "Gre\ud800en\x00", "Greenest"),
        ("campaign use", "campaign", "\x00", "Saga (active)"),
    ],
)
async def test_autocomplete_input_is_cleaned_and_never_fails(env, caplog, command, option, typed, offered):
    table = await npc_table(env)
    with caplog.at_level(logging.ERROR):
        choices = await table.gm.autocomplete(table.channel, command, option, typed)
    assert [c["name"] for c in choices] == [offered]
    assert not [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


async def test_npc_say_posts_and_logs_the_cleaned_text(env):
    table = await npc_table(env)
    result = await table.gm.slash(table.channel, "npc say", npc="Bob", text="Wel\x00come,\r\ntraveller\x07!")
    assert result.ephemeral and "spoke" in result.response.content
    [posted] = [m for m in table.channel.history() if m.webhook_id]
    assert posted.content == "Welcome,\ntraveller!"
    async with env.bot.db.transaction(write=False) as session:
        [entry] = await session.scalars(select(NPCInteraction))
        assert entry.summary == "Welcome,\ntraveller!"
        assert [line.text for line in entry.data.dialogue] == ["Welcome,\ntraveller!"]


async def test_a_long_location_typed_by_hand_is_not_echoed_past_discords_limit(env):
    # The option has no length limit (it autocompletes); Discord's content limit is 2,000.
    table = await npc_table(env)
    result = await table.player.slash(table.channel, "npc list", location="Nowhere " * 750)
    assert result.ephemeral and "has no NPCs at Nowhere" in result.response.content
    assert len(result.response.content) <= 2000
    env.errors  # noqa: B018  the NotFoundError, acknowledged


@pytest.mark.parametrize("text", ["   ", "\x00\x1b", "\r\n\t"])
async def test_npc_say_refuses_blank_text_before_posting(env, text):
    # Discord refuses a blank message; control characters alone are blank once cleaned.
    table = await npc_table(env)
    result = await table.gm.slash(table.channel, "npc say", npc="Bob", text=text)
    assert result.ephemeral and result.response.content == "Give the NPC something to say."
    env.errors  # noqa: B018  the InvalidInputError, acknowledged
    assert not [m for m in table.channel.history() if m.webhook_id]
    _, page = await env.bot.services.npcs.history(table.guild.id, "Bob")
    assert page.total == 0
