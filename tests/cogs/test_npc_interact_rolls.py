"""/npc interact roll: dc: consequence: location: through simcord, and /npc history showing them."""

import d20
import pytest
from simcord import OptionError, assert_error

from bot.checks import NotGMError
from rules.errors import InvalidInputError
from tests.helpers import assert_autocomplete_limits, database_fingerprint, make_campaign_table
from tests.unit.dice.test_engine import Faces


async def parley_table(env):
    table = await make_campaign_table(env, campaign="Barovia")
    await table.player.slash(table.channel, "character create", name="Tess")
    await table.player.slash(table.channel, "character edit", character="Tess", charisma=16)  # +3
    await table.gm.slash(table.channel, "npc create", name="Strahd", location="Castle Ravenloft")
    return table


def _history(result) -> str:
    embed = result.response.embeds[0]
    return f"{embed.title}\n{embed.description}"


async def test_a_check_against_a_dc_with_its_consequence_and_place_is_logged_and_shown(env, monkeypatch):
    table = await parley_table(env)
    monkeypatch.setattr(d20.expression, "random", Faces([12]))
    logged = await table.gm.slash(
        table.channel,
        "npc interact",
        npc="Strahd",
        type="social",
        summary="Asked for safe passage",
        character="Tess",
        change=2,
        roll="skill:persuasion",
        dc=15,
        consequence="The gates open at dawn",
        location="Castle Ravenloft",
    )
    assert not logged.ephemeral
    assert logged.response.content.split("\n") == [
        "Logged: **Strahd** and **Tess**. Standing 0 → 2: Indifferent.",
        "🎲 Persuasion (CHA) 1d20 (12) + 3 = `15` vs DC 15: **success**",
        "⇒ The gates open at dawn",
        "📍 Castle Ravenloft",
    ]
    history = _history(await table.player.slash(table.channel, "npc history", npc="Strahd"))
    assert " · social with **Tess** · at Castle Ravenloft · +2" in history
    assert (
        "  Asked for safe passage\n  🎲 Persuasion (CHA) 1d20 + 3 = **15** vs DC 15: **success**" in history
    )
    assert "  ⇒ The gates open at dawn" in history
    rolls = (await table.player.slash(table.channel, "rolls")).response.embeds[0].description
    assert "Tess: Persuasion (CHA) with Strahd" in rolls and "15" in rolls


async def test_dice_typed_by_hand_fail_a_dc_and_a_natural_one_says_so(env, monkeypatch):
    table = await parley_table(env)
    monkeypatch.setattr(d20.expression, "random", Faces([1]))
    logged = await table.gm.slash(
        table.channel, "npc interact", npc="Strahd", type="combat", summary="Grappled", roll="1d20+2", dc=12
    )
    assert "🎲 1d20 (**1**) + 2 = `3` vs DC 12: **failure** (natural 1)" in logged.response.content
    history = _history(await table.gm.slash(table.channel, "npc history", npc="Strahd"))
    assert "🎲 1d20 + 2 = **3** vs DC 12: **failure** (natural 1)" in history


async def test_players_cannot_log_an_interaction_with_a_roll(env):
    table = await parley_table(env)
    before = await database_fingerprint(env)
    denied = await table.player.slash(
        table.channel, "npc interact", npc="Strahd", type="social", summary="x", roll="1d20", dc=10
    )
    assert denied.ephemeral and "game master" in denied.response.content
    assert_error(env, NotGMError)
    assert await database_fingerprint(env) == before


@pytest.mark.parametrize(
    ("options", "phrase"),
    [
        ({"roll": "1d20+"}, "ends too early"),
        ({"roll": "persuade him"}, "Or pick a check from the list"),
        ({"dc": 12}, "A DC needs a roll"),
        ({"roll": "skill:persuasion", "dc": 12}, "give character: too"),
        ({"roll": "1d20", "consequence": "   "}, None),  # a blank consequence is none, not an error
    ],
)
async def test_bad_rolls_are_refused_with_a_reason_and_write_nothing(env, options, phrase):
    table = await parley_table(env)
    before = await database_fingerprint(env)
    result = await table.gm.slash(
        table.channel, "npc interact", npc="Strahd", type="social", summary="x", **options
    )
    if phrase is None:
        assert not result.ephemeral and "⇒" not in result.response.content
        return
    assert result.ephemeral and phrase in result.response.content
    assert_error(env, InvalidInputError)
    assert await database_fingerprint(env) == before


@pytest.mark.parametrize(
    "options",
    [
        {"roll": "1d20", "dc": 31},
        {"roll": "1d20", "dc": 0},
        {"consequence": "x" * 501},
        {"location": "y" * 101},
    ],
)
async def test_out_of_range_options_never_reach_the_bot(env, options):
    table = await parley_table(env)
    with pytest.raises(OptionError):
        await table.gm.slash(
            table.channel, "npc interact", npc="Strahd", type="social", summary="x", **options
        )


async def test_roll_and_location_autocomplete(env):
    table = await parley_table(env)
    without = await table.gm.autocomplete(table.channel, "npc interact", "roll", "pers")
    assert without == []  # no character: no sheet to roll from
    checks = await table.gm.autocomplete(table.channel, "npc interact", "roll", "pers", character="Tess")
    assert_autocomplete_limits(checks)
    assert [(c["name"], c["value"]) for c in checks] == [("Persuasion (CHA)", "skill:persuasion")]
    dice = await table.gm.autocomplete(table.channel, "npc interact", "roll", "1d20+5", character="Tess")
    assert dice == [{"name": "🎲 1d20+5", "value": "1d20+5"}]
    places = await table.gm.autocomplete(table.channel, "npc interact", "location", "raven")
    assert_autocomplete_limits(places)
    assert [c["value"] for c in places] == ["Castle Ravenloft"]


async def test_a_page_of_long_entries_fits_and_still_shows_every_roll(env):
    table = await parley_table(env)
    for number in range(10):
        await table.gm.slash(
            table.channel,
            "npc interact",
            npc="Strahd",
            type="social",
            summary=f"Talk {number} " + "s" * 990,
            outcome="o_" * 500,  # escaped, each underscore doubles
            character="Tess",
            roll="1d20",
            dc=10,
            consequence="c" * 500,
            location="L" * 100,
        )
    history = (await table.player.slash(table.channel, "npc history", npc="Strahd")).response.embeds[0]
    assert len(history.description) <= 4096  # the env fixture checks every limit; this is the one at stake
    assert history.description.count("🎲 1d20 = **") == 10
    assert all(f"Talk {number} " in history.description for number in range(10))
