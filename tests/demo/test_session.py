"""The demo driven by scripted lines: what the terminal shows for commands, buttons, menus,
autocomplete and mistakes, on the real bot over simcord."""

import io
from pathlib import Path

import pytest

from bot.config import Settings
from bot.demo.session import play, scripted_lines

SAMPLE = Path(__file__).parents[2] / "examples" / "demo-session.txt"


@pytest.fixture
def demo_settings() -> Settings:
    # The demo makes its own fresh SQLite file; this URL is replaced, as a .env's would be.
    return Settings(_env_file=None, discord_token=None, database_url="sqlite+aiosqlite:///unused.db")


async def run_demo(settings: Settings, *lines: str) -> tuple[int, str]:
    out = io.StringIO()
    status = await play(settings, scripted_lines(lines), out, echo=True)
    return status, out.getvalue()


def after(output: str, line: str) -> str:
    """What the demo printed for one echoed input line, up to the next prompt."""
    start = output.index(f"> {line}\n") + len(f"> {line}\n")
    following = [output.find(f"{who}> ", start) for who in ("admin", "gm", "player1", "player2")]
    ends = [i for i in following if i != -1]
    return output[start : min(ends)] if ends else output[start:]


async def test_replies_are_rendered_with_embeds_buttons_selects_and_audience(demo_settings):
    status, out = await run_demo(
        demo_settings,
        "as player1",
        "/spell fireball",
        "/spells class:Wizard level:1",
        "press 1",
        "/spell name:'wall of'",
        "choose 1",
        "as gm /campaign create name:Saga setting:The North",
        "/character create name:Brim class:Wizard",
    )
    assert status == 0
    card = after(out, "/spell fireball")
    assert card.startswith("── bot\n┌ Fireball\n")
    assert "│ Damage: 8d6 Fire\n" in card and "│ Range: 150 feet\n" in card
    assert "└ System Reference Document 5.2" in card

    first_page = after(out, "/spells class:Wizard level:1")
    assert "page 1/2" in first_page and "[- Previous] [1 Next]" in first_page
    second_page = after(out, "press 1")
    assert second_page.startswith("── bot (updated)\n")
    assert "page 2/2" in second_page and "**Magic Missile**" in second_page
    assert "[1 Previous] [- Next]" in second_page

    menu = after(out, "/spell name:'wall of'")
    assert menu.startswith("── bot (only player1 sees this)\n")
    assert "  1. Wall of Fire - 4th-level Evocation (2024)\n" in menu
    assert after(out, "choose 1").startswith("── bot\n┌ Wall of Fire\n")

    assert "┌ Campaign created: Saga" in after(out, "as gm /campaign create name:Saga setting:The North")
    sheet = after(out, "/character create name:Brim class:Wizard")
    assert "(only player1 sees this)" in sheet and "Created **Brim** in **Saga**." in sheet


async def test_autocomplete_lists_the_choices_the_bot_offers(demo_settings):
    status, out = await run_demo(demo_settings, "complete /spell name:fire")
    assert status == 0
    listing = after(out, "complete /spell name:fire")
    assert listing.startswith("Choices for name:“fire”:\n  1. Fire Bolt - Evocation cantrip (2024)")
    assert "Fireball - 3rd-level Evocation (2014)  (sends srd2014:fireball)" in listing


async def test_options_take_spaces_quotes_entities_and_a_leading_value(demo_settings):
    status, out = await run_demo(
        demo_settings,
        "as gm",
        "/campaign create name:Saga setting:The North",
        "/npc create name:Old Tom occupation:miller",
        "as player1 /character create name:Pip class:Rogue",
        '/npc interact npc:Old Tom type:dialogue summary:"asked: about the mill" character:Pip change:5',
        "/character list member:player1",
        "/roll 1d1+2",
    )
    assert status == 0
    assert "Logged: **Old Tom** and **Pip**. Standing 0 → 5" in out
    assert "Pip" in after(out, "/character list member:player1")
    assert "`3`" in after(out, "/roll 1d1+2")


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("/nope", "There is no command /nope."),
        ("/npc frobnicate", "/npc has no `frobnicate`."),
        ("/npc", "/npc needs one of: "),
        ("/roll expression:1d20 frob:1", "/roll has no option `frob`"),
        ("/npc interact npc:Tom type:chat summary:x", "`type` of /npc interact is one of: dialogue"),
        ("/npc interact npc:Tom type:trade summary:x change:99", "is between -10 and 10"),
        ("/npc interact npc:Tom", "/npc interact needs type:, summary:"),
        ("/roll expression:'1d20", "not closed"),
        ("/character list member:nobody", "no “nobody” here (try admin, gm, player1, player2)"),
        ("as nobody", "There is no nobody at this table"),
        ("as player1 /config show", "player1 cannot use /config show here"),
        ("press 1", "The last reply has no buttons."),
        ("choose 2", "The last reply has no menu"),
        ("complete /roll expression:1d", "/roll offers no choices for `expression`"),
        ("dance", "`dance` is not something I know"),
    ],
)
async def test_a_mistake_gets_one_line_and_the_script_fails(demo_settings, line, says):
    status, out = await run_demo(demo_settings, line, "/roll 1d1")
    assert status == 1
    explanation = after(out, line)
    assert explanation.startswith("! ") and explanation.count("\n") == 1, explanation
    assert says in explanation
    assert "Traceback" not in out
    assert "`1`" in after(out, "/roll 1d1")  # the session goes on


async def test_help_lists_the_demo_commands_and_the_bots_own(demo_settings):
    status, out = await run_demo(demo_settings, "as player1", "help", "help /npc interact")
    assert status == 0
    listing = after(out, "help")
    assert "press N" in listing and "complete /command option:text" in listing
    assert "/npc interact" in listing and "/spell " in listing
    assert "/config show" in listing and "(not for player1)" in listing
    options = after(out, "help /npc interact")
    assert options.startswith("/npc interact npc: type: summary: [character:]")
    assert "change: whole number, optional (-10..10)" in options


async def test_quit_ends_the_session(demo_settings):
    status, out = await run_demo(demo_settings, "quit", "/roll 1d1")
    assert status == 0
    assert "/roll 1d1" not in out


async def test_the_shipped_script_runs_through_without_an_error(demo_settings):
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    status, out = await run_demo(demo_settings, *lines)
    assert status == 0, out
    assert "\n! " not in out and "(no reply)" not in out
    assert "Standing 6 → 14: Friendly (Indifferent -> Friendly)" in out
    assert "Old Tom: GM notes" in out  # a press
    assert "Choices for npc:“old”:" in out  # an autocomplete


async def test_buttons_stay_pressable_after_a_reply_without_any(demo_settings):
    status, out = await run_demo(
        demo_settings,
        "/campaign create name:Saga setting:The North",
        "/campaign delete campaign:Saga",
        "as player1 press 1",
        "/roll 1d1",
        "press 2",
    )
    assert status == 0
    assert "[1 Confirm] [2 Cancel]" in after(out, "/campaign delete campaign:Saga")
    assert "These buttons belong to whoever ran the command" in after(out, "as player1 press 1")
    assert after(out, "press 2").startswith("── bot (updated)\n")
