"""/session through simcord: a scripted session and what its recap says to a player and to the GM."""

import d20
import pytest
from simcord import assert_error

from bot.checks import NotGMError
from rules.errors import ConflictError, InvalidInputError, NotFoundError
from tests.helpers import database_fingerprint, make_campaign_table, make_table
from tests.unit.dice.test_engine import Faces

SECRET = "The innkeeper is a vampire spawn"


def _text(result) -> str:
    return "\n".join(f"{e.title}\n{e.description}\n{e.footer.text}" for e in result.response.embeds)


async def test_a_scripted_session_recaps_for_players_and_for_the_gm(env, monkeypatch):
    table = await make_campaign_table(env, campaign="Barovia")
    await table.player.slash(table.channel, "character create", name="Tess")
    await table.player.slash(table.channel, "character edit", character="Tess", charisma=16)  # +3
    await table.gm.slash(table.channel, "npc create", name="Ireena")
    await table.gm.slash(table.channel, "quest add", title="Escort Ireena")

    started = await table.gm.slash(table.channel, "session start", title="Into the mists")
    assert not started.ephemeral and "Session 1: Into the mists begins" in started.response.embeds[0].title
    # Interactions with rolls: Persuasion from the sheet meets its DC; dice typed by hand show a
    # natural 20 and still miss theirs.
    monkeypatch.setattr(d20.expression, "random", Faces([14, 20]))
    rolls = [
        {"roll": "skill:persuasion", "dc": 15, "consequence": "She trusts Tess"},
        {"roll": "1d20+1", "dc": 25},
    ]
    for options in rolls:
        await table.gm.slash(
            table.channel,
            "npc interact",
            npc="Ireena",
            type="social",
            summary="Shared a meal",
            character="Tess",
            change=10,
            location="Village of Barovia",
            **options,
        )
    await table.gm.slash(table.channel, "quest done", quest="Escort Ireena")
    # A short fight: Tess against a wolf, two rounds, the wolf goes down.
    await table.gm.slash(table.channel, "init start")
    await table.player.slash(table.channel, "init join", character="Tess", initiative=15)
    await table.gm.slash(table.channel, "init add", name="Wolf", hp=5, initiative=10)
    for _ in range(3):
        await table.gm.slash(table.channel, "init next")
    await table.gm.slash(table.channel, "init hp", target="Wolf", amount=5)
    await table.gm.slash(table.channel, "init end")
    await table.gm.slash(table.channel, "npc say", npc="Ireena", text="Thank you, friend.")
    monkeypatch.setattr(d20.expression, "random", Faces([20]))
    await table.player.slash(table.channel, "roll", expression="1d20+3", reason="Save Ireena")
    noted = await table.gm.slash(table.channel, "session note", text=SECRET, secret=True)
    assert noted.ephemeral and "GM-only" in noted.response.content
    await table.gm.slash(table.channel, "session note", text="Fog over the village")
    ended = await table.gm.slash(table.channel, "session end", summary="They reached the church.")
    assert "ends" in ended.response.embeds[0].title

    player_view = await table.player.slash(table.channel, "session recap")
    text = _text(player_view)
    assert not player_view.ephemeral
    assert "Previously, in Barovia… The party dealt with Ireena." in text
    assert "Ireena went from Indifferent to Friendly toward Tess." in text
    assert "Tess persuaded Ireena (Persuasion 17 vs DC 15)." in text
    assert "Tess's roll with Ireena failed (21 vs DC 25)." in text
    assert "They saw Escort Ireena through." in text
    assert "Tess and Wolf fought for 2 rounds; Wolf went down." in text
    assert "The dice gave 2 natural 20s." in text and "They reached the church." in text
    assert "• Natural 20: Tess (roll with Ireena)" in text  # the interaction's roll, by character
    assert "• Ireena said: “Thank you, friend.”" in text
    assert f"• Natural 20: <@{table.player.id}> (Save Ireena)" in text
    assert "• Note: Fog over the village" in text
    assert SECRET not in text

    gm_view = await table.gm.slash(table.channel, "session recap", number=1)
    assert gm_view.ephemeral, "the GM's version holds secrets"
    gm_text = _text(gm_view)
    assert f"🔒 GM note: {SECRET}" in gm_text
    # Everything the players read, the GM reads too.
    for line in ("Tess persuaded Ireena", "2 natural 20s", "Wolf went down", "Ireena said", "Fog over"):
        assert line in gm_text
    posted = await table.gm.slash(table.channel, "session recap", public=True)
    assert not posted.ephemeral and SECRET not in _text(posted)

    listing = _text(await table.player.slash(table.channel, "session list"))
    assert "Barovia: sessions (1)" in listing and "Session 1: Into the mists" in listing


async def test_players_cannot_run_sessions(env):
    table = await make_campaign_table(env)
    before = await database_fingerprint(env)
    for command, options in [("session start", {}), ("session note", {"text": "x"}), ("session end", {})]:
        denied = await table.player.slash(table.channel, command, **options)
        assert denied.ephemeral
        assert_error(env, NotGMError)
    assert await database_fingerprint(env) == before


@pytest.mark.parametrize(
    ("command", "options", "error", "wording"),
    [
        ("session end", {}, NotFoundError, "No session is running"),
        ("session note", {"text": "x"}, NotFoundError, "No session is running"),
        ("session recap", {}, NotFoundError, "no sessions yet"),
        ("session recap", {"number": 4}, NotFoundError, "no sessions yet"),
    ],
)
async def test_without_a_session_commands_say_what_to_do(env, command, options, error, wording):
    table = await make_campaign_table(env)
    before = await database_fingerprint(env)
    result = await table.gm.slash(table.channel, command, **options)
    assert result.ephemeral and wording in result.response.content
    assert_error(env, error)
    assert await database_fingerprint(env) == before


async def test_a_second_start_and_a_blank_note_are_refused(env):
    table = await make_campaign_table(env)
    await table.gm.slash(table.channel, "session start")
    before = await database_fingerprint(env)
    again = await table.gm.slash(table.channel, "session start", title="Again")
    assert again.ephemeral and "Session 1 of Saga is still running" in again.response.content
    assert_error(env, ConflictError)
    blank = await table.gm.slash(table.channel, "session note", text="   ")
    assert blank.ephemeral and "needs some text" in blank.response.content
    assert_error(env, InvalidInputError)
    assert await database_fingerprint(env) == before


async def test_without_an_active_campaign_sessions_say_how_to_pick_one(env):
    table = make_table(env)
    result = await table.player.slash(table.channel, "session list")
    assert result.ephemeral and "/campaign use" in result.response.content
    assert_error(env, NotFoundError)


async def test_one_guild_never_sees_anothers_sessions(env):
    ours = await make_campaign_table(env, "Ours")
    theirs = await make_campaign_table(env, "Theirs", campaign="Elsewhere")
    await ours.gm.slash(ours.channel, "session start", title="Ours only")
    await ours.gm.slash(ours.channel, "session note", text="Our note")
    listing = _text(await theirs.player.slash(theirs.channel, "session list"))
    assert "Ours only" not in listing and "Elsewhere: sessions (0)" in listing
