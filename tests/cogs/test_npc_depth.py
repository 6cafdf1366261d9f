"""/npc edit's details, quest hooks and inventory, and /faction: what players see and what they never do."""

import pytest
from simcord import assert_error

from bot.checks import NotGMError
from rules.errors import ConflictError, InvalidInputError, NotFoundError
from tests.helpers import assert_autocomplete_limits, database_fingerprint, make_campaign_table

TACTICS = "Flees at half HP through the cellar"
HOOK = "Knows where the heir is hidden"


async def _every_page(member, result) -> str:
    """The text of every page of a paged reply, clicking Next as the member would."""
    texts = []
    message = result.response
    while True:
        texts += [
            f"{e.title}\n{e.description}\n" + "\n".join(f"{f.name}: {f.value}" for f in e.fields)
            for e in message.embeds
        ]
        footer = message.embeds[0].footer.text or ""
        if "page " not in footer or footer.split("page ")[1].split("/")[0] == footer.split("/")[-1]:
            return "\n".join(texts)
        message = (await member.click(message, label="Next")).response


async def _npc_table(env, name="Table"):
    table = await make_campaign_table(env, name)
    await table.gm.slash(table.channel, "npc create", name="Bob", race="Human")
    await table.gm.slash(
        table.channel,
        "npc edit",
        npc="Bob",
        backstory="Once a soldier of the Baron.",
        appearance="Scarred, grey beard",
        voice="Gravelly, slow",
        tactics=TACTICS,
        avatar="https://example.com/bob.png",
        faction="Zhentarim",
    )
    return table


async def test_players_see_the_details_and_never_the_tactics_or_hooks(env):
    table = await _npc_table(env)
    await table.gm.slash(table.channel, "npc hook add", npc="Bob", hook=HOOK)
    added = await table.gm.slash(table.channel, "npc item add", npc="Bob", item="Rusty key")
    assert not added.ephemeral and "**Bob** has a new item: Rusty key" in added.response.content

    player_view = await _every_page(
        table.player, await table.player.slash(table.channel, "npc show", npc="Bob")
    )
    for shown in (
        "Faction: Zhentarim",
        "Appearance: Scarred, grey beard",
        "Voice: Gravelly, slow",
        "Inventory: Rusty key",
        "Once a soldier of the Baron.",
    ):
        assert shown in player_view, shown
    assert TACTICS not in player_view and HOOK not in player_view

    gm_result = await table.gm.slash(table.channel, "npc show", npc="Bob")
    assert gm_result.ephemeral
    assert gm_result.response.embeds[0].thumbnail.url == "https://example.com/bob.png"
    gm_view = await _every_page(table.gm, gm_result)
    assert f"Bob: tactics (GM-only)\n{TACTICS}" in gm_view and f"• {HOOK}" in gm_view


async def test_hooks_and_items_are_removed_by_autocomplete(env):
    table = await _npc_table(env)
    await table.gm.slash(table.channel, "npc hook add", npc="Bob", hook=HOOK)
    choices = await table.gm.autocomplete(table.channel, "npc hook remove", "hook", "heir", npc="Bob")
    assert_autocomplete_limits(choices)
    assert [c["value"] for c in choices] == [HOOK]
    assert await table.player.autocomplete(table.channel, "npc hook remove", "hook", "", npc="Bob") == []
    removed = await table.gm.slash(table.channel, "npc hook remove", npc="Bob", hook=choices[0]["value"])
    assert removed.ephemeral and "no longer has the quest hook" in removed.response.content
    gone = await _every_page(table.gm, await table.gm.slash(table.channel, "npc show", npc="Bob"))
    assert HOOK not in gone


async def test_players_cannot_change_details_hooks_or_items(env):
    table = await _npc_table(env)
    before = await database_fingerprint(env)
    for command, options in [
        ("npc edit", {"npc": "Bob", "tactics": "x"}),
        ("npc hook add", {"npc": "Bob", "hook": "x"}),
        ("npc item add", {"npc": "Bob", "item": "x"}),
    ]:
        denied = await table.player.slash(table.channel, command, **options)
        assert denied.ephemeral
        assert_error(env, NotGMError)
    assert await database_fingerprint(env) == before


@pytest.mark.parametrize(
    ("command", "options", "error", "wording"),
    [
        ("npc edit", {"avatar": "http://example.com/bob.png"}, InvalidInputError, "https://"),
        ("npc edit", {"backstory": "   "}, InvalidInputError, "backstory is empty"),
        ("npc hook add", {"hook": "   "}, InvalidInputError, "hook is empty"),
        ("npc item remove", {"item": "Sword"}, NotFoundError, "no item “Sword”"),
        ("npc item add", {"item": "rusty KEY"}, ConflictError, "already has the item"),
    ],
)
async def test_bad_details_are_refused_and_write_nothing(env, command, options, error, wording):
    table = await _npc_table(env)
    await table.gm.slash(table.channel, "npc item add", npc="Bob", item="Rusty key")
    before = await database_fingerprint(env)
    result = await table.gm.slash(table.channel, command, npc="Bob", **options)
    assert result.ephemeral and wording in result.response.content, result.response.content
    assert_error(env, error)
    assert await database_fingerprint(env) == before


async def test_a_faction_stands_with_each_character_as_its_members_mean(env):
    table = await _npc_table(env)
    await table.player.slash(table.channel, "character create", name="Tess")
    await table.gm.slash(table.channel, "character create", name="Rival")
    await table.gm.slash(table.channel, "npc create", name="Ansa")
    await table.gm.slash(table.channel, "npc edit", npc="Ansa", faction="zhentarim")  # other capitals
    await table.gm.slash(table.channel, "npc create", name="Loner")
    for npc, change in (("Bob", 10), ("Ansa", -4)):
        await table.gm.slash(
            table.channel,
            "npc interact",
            npc=npc,
            type="social",
            summary="Talk",
            character="Tess",
            change=change,
        )
    listing = await table.player.slash(table.channel, "faction list")
    assert "**Zhentarim**: 2 members" in listing.response.embeds[0].description
    choices = await table.player.autocomplete(table.channel, "faction show", "faction", "zhen")
    assert [c["value"] for c in choices] == ["Zhentarim"]
    shown = (await table.player.slash(table.channel, "faction show", faction="ZHENTARIM")).response.embeds[0]
    assert "**Members (2):** Ansa, Bob" in shown.description
    assert (
        "**Tess**: 3 (Indifferent)" in shown.description and "**Rival**: 0 (Indifferent)" in shown.description
    )


async def test_an_unknown_faction_says_where_to_look_and_guilds_do_not_mix(env):
    ours = await _npc_table(env, "Ours")
    theirs = await make_campaign_table(env, "Theirs", campaign="Elsewhere")
    result = await theirs.player.slash(theirs.channel, "faction show", faction="Zhentarim")
    assert result.ephemeral and "No faction called “Zhentarim” in Elsewhere" in result.response.content
    assert_error(env, NotFoundError)
    assert (
        "No factions yet"
        in (await theirs.player.slash(theirs.channel, "faction list")).response.embeds[0].description
    )
    assert ours.guild.id != theirs.guild.id
