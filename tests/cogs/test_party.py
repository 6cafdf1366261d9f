"""/party through simcord: the GM, a player's own character, another player refused, bad input,
GM-only figures never in a player's reply, one guild never seeing another's party."""

import json
from pathlib import Path

import pytest
from simcord import assert_error

from rules.errors import ConflictError, ForbiddenError, InvalidInputError, NotFoundError
from tests.helpers import assert_autocomplete_limits, database_fingerprint, make_campaign_table, make_table

EXAMPLE = Path(__file__).parents[2] / "examples" / "character.json"
# Elara's sheet: HP 22/27, AC 12, WIS 12 and proficient in Perception at level 5 (+3): passive 14.
ELARA_FIGURES = ("22/27", "AC 12", "passive Perception 14", "L1: 1/4 used")
GM_ONLY = ("HP ", "AC ", "passive Perception", "Slots", "Conditions", "death saves", "GM view")


async def elara_table(env):
    """A campaign table; the player owns Elara (the example sheet), the GM owns Gorm."""
    table = await make_campaign_table(env)
    await table.player.slash(table.channel, "character import", file=("elara.json", EXAMPLE.read_bytes()))
    await table.gm.slash(table.channel, "character create", name="Gorm", **{"class": "Fighter"}, level=3)
    return table


def page_text(result) -> str:
    embed = result.response.embeds[0]
    fields = "\n".join(f"{f.name}\n{f.value}" for f in embed.fields)
    return f"{embed.title}\n{embed.description or ''}\n{fields}\n{embed.footer.text or ''}"


async def party_ids(env, table) -> list[str]:
    return (await env.bot.services.campaigns.get(table.guild.id, None)).data.party


async def test_players_add_their_own_the_gm_anyone_and_the_table_sees_it(env):
    table = await elara_table(env)
    joined = await table.player.slash(table.channel, "party add", character="Elara Moonwhisper")
    assert not joined.ephemeral, "a change of the roster is news for the table"
    assert "**Elara Moonwhisper** joins the party of **Saga** (1 member)" in joined.response.content
    by_gm = await table.gm.slash(table.channel, "party add", character="gorm")
    assert not by_gm.ephemeral and "**Gorm** joins" in by_gm.response.content

    seen = await table.player.slash(table.channel, "party show")
    assert not seen.ephemeral
    text = page_text(seen)
    assert "Saga: the party (2)" in text
    assert "**Elara Moonwhisper** · Wizard 5 · level 5" in text and "**Gorm** · Fighter 3 · level 3" in text
    assert text.index("Elara") < text.index("Gorm"), "members are listed in the order they joined"
    for figure in (*ELARA_FIGURES, *GM_ONLY):
        assert figure not in text, figure

    left = await table.player.slash(table.channel, "party remove", character="Elara Moonwhisper")
    assert not left.ephemeral and "**Elara Moonwhisper** leaves the party of **Saga** (1 member)" in (
        left.response.content
    )
    assert len(await party_ids(env, table)) == 1


async def test_the_gm_sees_each_members_figures_ephemerally(env):
    table = await elara_table(env)
    await table.gm.slash(table.channel, "party add", character="Elara Moonwhisper")
    await table.gm.slash(table.channel, "party add", character="Gorm")
    seen = await table.gm.slash(table.channel, "party show")
    assert seen.ephemeral, "the GM's view holds every member's figures"
    [elara, gorm] = seen.response.embeds[0].fields
    assert elara.name == "Elara Moonwhisper · Wizard 5 · level 5"
    for figure in ELARA_FIGURES:
        assert figure in elara.value, figure
    assert "HP 1/1 · AC 10 · passive Perception 10" in gorm.value and "Slots" not in gorm.value

    posted = await table.gm.slash(table.channel, "party show", public=True)
    assert not posted.ephemeral
    assert not any(figure in page_text(posted) for figure in (*ELARA_FIGURES, *GM_ONLY))


async def test_conditions_of_open_fights_and_dying_members_reach_the_gm_only(env):
    table = await elara_table(env)
    await table.player.slash(table.channel, "party add", character="Elara Moonwhisper")
    await table.gm.slash(table.channel, "init start")
    await table.player.slash(table.channel, "init join", character="Elara Moonwhisper", initiative=12)
    await table.gm.slash(
        table.channel, "init condition", target="Elara Moonwhisper", condition="Poisoned", rounds=2
    )
    # A fight in another channel of the guild counts too.
    cellar = table.guild.create_text_channel("cellar")
    await table.gm.slash(cellar, "init start")
    await table.player.slash(cellar, "init join", character="Elara Moonwhisper", initiative=3)
    await table.gm.slash(cellar, "init condition", target="Elara Moonwhisper", condition="Prone")
    await table.gm.slash(table.channel, "init hp", target="Elara Moonwhisper", amount=40)

    [elara] = (await table.gm.slash(table.channel, "party show")).response.embeds[0].fields
    assert "Conditions: Poisoned (2), Prone" in elara.value
    assert (
        "HP 0/27" in elara.value and "unconscious, making death saves (death saves 0 ✓ / 0 ✗)" in elara.value
    )
    player_text = page_text(await table.player.slash(table.channel, "party show"))
    assert "Poisoned" not in player_text and "unconscious" not in player_text

    await table.gm.slash(table.channel, "init end")
    await table.gm.slash(cellar, "init end")
    [elara] = (await table.gm.slash(table.channel, "party show")).response.embeds[0].fields
    assert "Conditions" not in elara.value, "a closed fight's conditions are gone"


async def test_another_player_cannot_add_or_remove_someone_elses_character(env):
    table = await elara_table(env)
    await table.player.slash(table.channel, "party add", character="Elara Moonwhisper")
    other = table.guild.add_member(env.create_user("olaf"))
    before = await database_fingerprint(env)
    for command in ("party add", "party remove"):
        character = "Gorm" if command == "party add" else "Elara Moonwhisper"
        denied = await other.slash(table.channel, command, character=character)
        assert denied.ephemeral and "or a GM can" in denied.response.content
        assert_error(env, ForbiddenError)
    denied = await table.player.slash(table.channel, "party add", character="Gorm")
    assert denied.ephemeral and "Only Gorm's player or a GM can add Gorm." in denied.response.content
    assert_error(env, ForbiddenError)
    assert await database_fingerprint(env) == before


async def test_bad_input_gets_a_clear_error_and_writes_nothing(env):
    table = await elara_table(env)
    await table.gm.slash(table.channel, "campaign create", name="Elsewhere", setting="S")
    await table.player.slash(table.channel, "character create", name="Wanderer", campaign="Elsewhere")
    await table.player.slash(table.channel, "party add", character="Elara Moonwhisper")
    before = await database_fingerprint(env)
    for command, character, error, wording in [
        ("party add", "Nobody", NotFoundError, "No character called “Nobody” in this server."),
        ("party add", "Wanderer", InvalidInputError, "Wanderer is not a character of Saga"),
        ("party add", "Elara Moonwhisper", ConflictError, "already in the party of Saga"),
        ("party remove", "Gorm", NotFoundError, "Gorm is not in the party of Saga"),
        ("party remove", "Nobody", NotFoundError, "No character called"),
        ("party add", "   ", InvalidInputError, "Name a character"),
    ]:
        result = await table.gm.slash(table.channel, command, character=character)
        assert result.ephemeral and wording in result.response.content, (command, character)
        assert_error(env, error)
    assert await database_fingerprint(env) == before


async def test_without_an_active_campaign_party_says_how_to_pick_one(env):
    table = make_table(env)
    for command, options in [("party show", {}), ("party add", {"character": "Elara"})]:
        result = await table.player.slash(table.channel, command, **options)
        assert result.ephemeral and "/campaign use" in result.response.content
        assert_error(env, NotFoundError)


async def test_one_guild_never_sees_or_touches_anothers_party(env):
    ours = await elara_table(env)
    await ours.player.slash(ours.channel, "party add", character="Elara Moonwhisper")
    [elara_id] = await party_ids(env, ours)
    theirs = await make_campaign_table(env, "Theirs", campaign="Other saga")
    text = page_text(await theirs.gm.slash(theirs.channel, "party show"))
    assert "Elara" not in text and "Other saga: the party (0)" in text
    for command in ("party add", "party remove"):
        result = await theirs.gm.slash(theirs.channel, command, character=elara_id)
        assert result.ephemeral and "No character called" in result.response.content
        assert_error(env, NotFoundError)
    assert await theirs.gm.autocomplete(theirs.channel, "party add", "character", "") == []
    assert await party_ids(env, theirs) == []


async def test_autocomplete_offers_what_the_member_may_add_or_remove(env):
    table = await elara_table(env)
    gm_add = await table.gm.autocomplete(table.channel, "party add", "character", "")
    assert_autocomplete_limits(gm_add)
    assert [c["name"] for c in gm_add] == ["Elara Moonwhisper", "Gorm"]
    player_add = await table.player.autocomplete(table.channel, "party add", "character", "el")
    assert [c["name"] for c in player_add] == ["Elara Moonwhisper"]
    assert await table.player.autocomplete(table.channel, "party add", "character", "gorm") == []

    await table.gm.slash(table.channel, "party add", character=player_add[0]["value"])
    remove = await table.gm.autocomplete(table.channel, "party remove", "character", "")
    assert_autocomplete_limits(remove)
    assert [c["name"] for c in remove] == ["Elara Moonwhisper"]
    assert [c["name"] for c in await table.gm.autocomplete(table.channel, "party add", "character", "")] == [
        "Gorm"
    ]


async def test_a_deleted_member_is_skipped_and_dropped_at_the_next_change(env):
    table = await elara_table(env)
    await table.player.slash(table.channel, "party add", character="Elara Moonwhisper")
    await table.gm.slash(table.channel, "party add", character="Gorm")
    question = await table.gm.slash(table.channel, "character delete", character="Gorm")
    await table.gm.click(question.response, label="Confirm")
    assert len(await party_ids(env, table)) == 2, "deleting a character leaves the roster as it is"

    for member in (table.gm, table.player):
        text = page_text(await member.slash(table.channel, "party show"))
        assert "the party (1)" in text and "Gorm" not in text
        assert "1 former member no longer in the campaign" in text

    await table.gm.slash(table.channel, "character create", name="Hilde")
    added = await table.gm.slash(table.channel, "party add", character="Hilde")
    assert "(2 members)" in added.response.content
    elara = await env.bot.services.characters.get(table.guild.id, "Elara Moonwhisper")
    hilde = await env.bot.services.characters.get(table.guild.id, "Hilde")
    assert await party_ids(env, table) == [elara.id, hilde.id], "the deleted id is dropped by the change"
    assert "former member" not in page_text(await table.gm.slash(table.channel, "party show"))


@pytest.mark.parametrize("members", [7, 13])
async def test_a_large_party_pages_for_the_gm(env, members):
    table = await make_campaign_table(env)
    for number in range(members):
        sheet = json.loads(EXAMPLE.read_text()) | {"name": f"Hero {number:02}"}
        await table.gm.slash(table.channel, "character import", file=("h.json", json.dumps(sheet).encode()))
        await table.gm.slash(table.channel, "party add", character=f"Hero {number:02}")
    message = (await table.gm.slash(table.channel, "party show")).response
    seen = []
    pages = -(-members // 6)
    for page in range(1, pages + 1):
        embed = message.embeds[0]
        assert embed.footer.text.endswith(f"page {page}/{pages}")
        seen += [f.name.split(" · ")[0] for f in embed.fields]
        if page < pages:
            message = (await table.gm.click(message, label="Next")).response
    assert seen == [f"Hero {number:02}" for number in range(members)]
