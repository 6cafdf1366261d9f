"""Typed lines into actions, against a small command tree in Discord's payload shape."""

import pytest

from bot.demo.catalog import Catalog, describe
from bot.demo.errors import InputError
from bot.demo.options import Entities, convert
from bot.demo.parse import Choose, Complete, Help, Press, Quit, Slash, Speak, parse_line
from bot.demo.render import readable

STRING, INTEGER, BOOLEAN, USER = 3, 4, 5, 6
CATALOG = Catalog(
    [
        {
            "name": "spell",
            "description": "Show a spell card",
            "options": [
                {"name": "name", "type": STRING, "required": True, "autocomplete": True},
                {"name": "ruleset", "type": STRING, "choices": [{"name": "2014", "value": "2014"}]},
            ],
        },
        {
            "name": "npc",
            "description": "NPCs",
            "options": [
                {
                    "name": "interact",
                    "type": 1,
                    "description": "Log an interaction",
                    "options": [
                        {"name": "npc", "type": STRING, "required": True, "autocomplete": True},
                        {"name": "summary", "type": STRING, "required": True},
                        {"name": "change", "type": INTEGER, "min_value": -10, "max_value": 10},
                        {"name": "private", "type": BOOLEAN},
                        {"name": "member", "type": USER},
                    ],
                },
                {"name": "rule", "type": 2, "options": [{"name": "add", "type": 1, "options": []}]},
            ],
        },
    ]
)
ENTITIES = Entities(
    member=lambda name: {"player1": "<player1>"}.get(name.lstrip("@")),
    role=lambda name: None,
    channel=lambda name: None,
    known=lambda noun: "player1",
)


def slash(line: str) -> Slash:
    action = parse_line(line, CATALOG)
    assert isinstance(action, Slash)
    return action


def test_values_run_to_the_next_option_and_may_be_quoted():
    action = slash('/npc interact npc:Old Tom summary:"met: at the inn" change:-3')
    assert action.leaf.name == "npc interact"
    assert action.options == {"npc": "Old Tom", "summary": "met: at the inn", "change": "-3"}
    assert slash("/npc interact npc:'Tom' summary:He said: hello").options["summary"] == "He said: hello"


def test_leading_text_fills_the_first_required_option():
    assert slash("/spell fire ball ruleset:2014").options == {"name": "fire ball", "ruleset": "2014"}


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("/spel fireball", "There is no command /spel. Did you mean spell?"),
        ("/npc interac npc:x", "/npc has no `interac`. Did you mean interact?"),
        ("/npc rule", "/npc rule needs one of: add."),
        ("/spell name:x nmae:y", "/spell has no option `nmae`"),
        ("/spell name:x name:y", "given twice"),
        ("/spell name:", "is empty"),
        ('/spell name:"fire', "not closed"),
        ('/spell name:"fire"ball', "Leave a space after the closing"),
        ("press two", "`press` takes a number"),
        ("as", "Say who speaks"),
        ("as gm as player1", "After `as NAME` comes a command"),
        ("complete /spell ruleset:20", "/spell offers no choices for `ruleset` (only name does)"),
        ("complete spell", "Use `complete /command option:text`"),
    ],
)
def test_mistakes_are_explained(line, says):
    with pytest.raises(InputError) as refused:
        parse_line(line, CATALOG)
    assert says in str(refused.value)


def test_the_other_actions():
    assert parse_line("  # a comment", CATALOG) is None
    assert parse_line("", CATALOG) is None
    assert parse_line("press 2", CATALOG) == Press(2)
    assert parse_line("choose 1 3", CATALOG) == Choose((1, 3))
    assert parse_line("QUIT", CATALOG) == Quit()
    assert parse_line("help", CATALOG) == Help()
    help_npc = parse_line("help /npc interact", CATALOG)
    assert isinstance(help_npc, Help) and help_npc.command is not None
    assert describe(help_npc.command)[0] == "/npc interact npc: summary: [change:] [private:] [member:]"
    spoken = parse_line("as Player1 /spell fireball", CATALOG)
    assert isinstance(spoken, Speak) and spoken.who == "player1" and isinstance(spoken.then, Slash)
    completed = parse_line("complete /npc interact summary:x npc:to", CATALOG)
    assert completed == Complete(completed.leaf, "npc", "to", {"summary": "x"})


def test_values_are_typed_by_the_option():
    leaf = slash("/npc interact npc:x summary:y").leaf
    typed = {"npc": "Tom", "summary": "s", "change": "-3", "private": "yes", "member": "@player1"}
    assert convert(leaf, typed, ENTITIES) == {
        "npc": "Tom",
        "summary": "s",
        "change": -3,
        "private": True,
        "member": "<player1>",
    }
    for option, value, says in [
        ("change", "11", "between -10 and 10"),
        ("change", "two", "is a whole number"),
        ("private", "maybe", "true or false"),
        ("member", "gus", "no “gus” here (try player1)"),
    ]:
        with pytest.raises(InputError) as refused:
            convert(leaf, {"npc": "Tom", "summary": "s", option: value}, ENTITIES)
        assert says in str(refused.value)
    with pytest.raises(InputError, match="needs summary:"):
        convert(leaf, {"npc": "Tom"}, ENTITIES)
    assert convert(leaf, {"npc": "Tom"}, ENTITIES, partial=True) == {"npc": "Tom"}


def test_mentions_and_timestamps_read_as_names_and_dates():
    names = {"@1": "@player1", "@&2": "@GM", "#3": "#table"}
    assert readable("<@1> <@!1> <@&2> in <#3>, <@9>", names) == "@player1 @player1 @GM in #table, <@9>"
    assert readable("at <t:0:R>", {}) == "at 1970-01-01 00:00 UTC"
