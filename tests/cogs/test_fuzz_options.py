"""Property tests over every slash command: whatever a member types, no traceback and no partial write.

Every registered command is enumerated from the tree; each string, integer and boolean option
gets values from Hypothesis (plain text, NUL and other control characters, lone surrogates,
the longest text the option allows, boundary integers), and each command runs a bounded
number of examples as the GM (and some as a player), on SQLite and on PostgreSQL. Options
that autocomplete are typed into as well. For every example:

- nothing unexpected reached the error handler, and nothing was logged at ERROR;
- the member never read "Something went wrong";
- a value with a lone surrogate is refused ephemerally, naming the option;
- when the reply was an error, the guild's rows are exactly as they were before.

Hypothesis drives the examples from a worker thread (``@given`` is synchronous); each example
runs on the test's event loop, where simcord lives, and the thread waits for it.
"""

import asyncio
import json
import logging
import os
import zlib
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from discord import AppCommandOptionType
from discord.app_commands import Command
from hypothesis import HealthCheck, Phase, given, seed
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from bot.tree import user_message
from tests.discord_limits import all_breaches
from tests.helpers import assert_autocomplete_limits, database_fingerprint, make_campaign_table

# Per command (about one in four as the player) and per option that autocompletes. FUZZ_SCALE=10
# runs ten times as many, for a search beyond the suite's budget (with --hypothesis-profile=explore
# the examples are new each run).
SCALE = int(os.environ.get("FUZZ_SCALE", "1"))
COMMAND_EXAMPLES = 8 * SCALE
AUTOCOMPLETE_EXAMPLES = 3 * SCALE
DISCORD_STRING_MAX = 6000  # a string option without max_length
DISCORD_INTEGER_LIMIT = 2**53  # what Discord accepts for an integer option
EXAMPLE_SHEET = Path(__file__).parents[2] / "examples" / "character.json"

# Control characters (NUL first: PostgreSQL refuses it), line breaks, lone surrogates, then the rest.
SPECIAL = ["\x00", "\x01", "\x07", "\x1b", "\x7f", "\x85", "\x9f", "\r", "\r\n", "\n", "\t"]
SPECIAL += ["\ud800", "\udfff", "\ud83d"]
SPECIAL += ["\u200b", "\ufeff", "\u202e", " ", "`", "*", "@everyone", "<@1>", "é", "😀", "\U0010ffff"]
SPECIAL_CHARACTERS = [piece for piece in SPECIAL if len(piece) == 1]
PLAIN = ["Bob", "Hero", "Saga", "Greenest", "1d20+5", "4d6kh3", "8d6", "V, S, M (a feather)", "Wizard"]
PLAIN += ["traits: gruff, loyal; flaws: gossip", "1 action", "60 feet", "Evocation", "x", "  padded  "]


@pytest.fixture
def settings(backend_settings):  # this module's bot runs on every backend
    return backend_settings


def _has_surrogate(value: str) -> bool:
    return any("\ud800" <= ch <= "\udfff" for ch in value)


def _insert(text: str, special: str, at: int) -> str:
    at = at % (len(text) + 1)
    return text[:at] + special + text[at:]


def _fit(text: str, low: int, high: int) -> str:
    text = text[:high]
    return text + "x" * (low - len(text)) if len(text) < low else text


def text_values(low: int = 0, high: int = 100, known: list[str] | None = None) -> st.SearchStrategy[str]:
    """Text an option accepts by length: plain, with specials mixed in, at its longest."""
    alphabet = st.one_of(st.characters(exclude_categories=()), st.sampled_from(SPECIAL_CHARACTERS))
    plain = st.sampled_from(PLAIN + (known or []))
    shapes = st.one_of(
        plain,
        st.builds(_insert, plain, st.sampled_from(SPECIAL), st.integers(0, 40)),
        st.builds(_insert, plain, st.sampled_from(SPECIAL), st.integers(0, 40)),
        st.text(alphabet, max_size=min(high, 40)),
        st.builds(lambda unit, n: unit * n, st.sampled_from([*SPECIAL, "a", "é"]), st.just(high)),
        st.builds(lambda head: head + "z" * high, st.text(alphabet, max_size=5)),
    )
    return shapes.map(lambda text: _fit(text, low, high))


def integer_values(low: int | None, high: int | None) -> st.SearchStrategy[int]:
    low = -DISCORD_INTEGER_LIMIT if low is None else int(low)
    high = DISCORD_INTEGER_LIMIT if high is None else int(high)
    edges = sorted({low, high, min(max(0, low), high), min(low + 1, high), max(high - 1, low)})
    return st.one_of(st.sampled_from(edges), st.integers(low, high))


@dataclass
class Known:
    """Values that name things the table really has, so a command gets past its lookups."""

    refs: dict[str, list[str]] = field(default_factory=dict)


def attachment_values(command: str) -> st.SearchStrategy[tuple[str, bytes]]:
    """A small file whose text fields are fuzzed: the uploads are member text too."""
    name = text_values(1, 100)
    if command == "character import":
        sheet = json.loads(EXAMPLE_SHEET.read_text())
        return name.map(lambda n: ("c.json", json.dumps({**sheet, "name": n}).encode()))
    if command == "homebrew import":
        return st.tuples(name, text_values(1, 300)).map(
            lambda v: (
                "s.json",
                json.dumps([{"name": v[0], "level": 1, "school": "Evocation", "desc": [v[1]]}]).encode(),
            )
        )
    stamp = "2024-01-01T00:00:00Z"

    def export(values: tuple[str, str]) -> tuple[str, bytes]:
        campaign = {"name": values[0], "setting": values[1], "tone": "Heroic"} | _stamps(stamp)
        return "x.json", json.dumps({"exported_at": stamp, "campaign": campaign}).encode()

    return st.tuples(name, text_values(1, 300)).map(export)


def _stamps(stamp: str) -> dict[str, str]:
    return {"created_at": stamp, "updated_at": stamp}


def option_values(command: Command, parameter: Any, known: Known, table: Any) -> st.SearchStrategy[Any]:
    kind = parameter.type
    if parameter.choices:
        return st.sampled_from([choice.value for choice in parameter.choices])
    if kind is AppCommandOptionType.string:
        low = parameter.min_value or 0
        high = parameter.max_value or DISCORD_STRING_MAX
        refs = known.refs.get(parameter.display_name, [])
        fuzzed = text_values(int(low), int(high), refs)
        return st.one_of(st.sampled_from(refs), fuzzed) if refs else fuzzed
    if kind is AppCommandOptionType.integer:
        return integer_values(parameter.min_value, parameter.max_value)
    if kind is AppCommandOptionType.boolean:
        return st.booleans()
    if kind is AppCommandOptionType.user:
        return st.just(table.player)
    if kind is AppCommandOptionType.channel:
        return st.just(table.channel)
    if kind is AppCommandOptionType.role:
        return st.just(table.gm_role)
    if kind is AppCommandOptionType.attachment:
        return attachment_values(command.qualified_name)
    raise AssertionError(f"/{command.qualified_name}: no strategy for {kind!r} options")


def command_examples(command: Command, known: Known, table: Any) -> st.SearchStrategy[tuple[str, dict]]:
    required, optional = {}, {}
    for parameter in command.parameters:
        values = option_values(command, parameter, known, table)
        (required if parameter.required else optional)[parameter.display_name] = values
    root = command.root_parent or command
    # A command hidden behind a permission (/config) is run by the admin, who sees it.
    actors = ["admin"] if root.default_permissions is not None else ["gm", "gm", "gm", "player"]
    return st.tuples(st.sampled_from(actors), st.fixed_dictionaries(required, optional=optional))


class ErrorLog(logging.Handler):
    """Every ERROR record of the run: a logged traceback is a bug, whoever logged it."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@dataclass
class Run:
    examples: int = 0
    autocompletes: int = 0
    tracebacks: int = 0  # examples in which something unexpected was raised or logged
    problems: list[str] = field(default_factory=list)
    commands: set[str] = field(default_factory=set)


def texts_of(result: Any) -> list[str]:
    messages = ([result.response] if result.response is not None else []) + list(result.followups)
    return [m.content or "" for m in messages]


async def run_slash(env, table, errors: ErrorLog, run: Run, command: Command, example: tuple) -> None:
    actor_name, options = example
    actor = getattr(table, actor_name)
    where = f"/{command.qualified_name} as {actor_name} with {options!r}"
    cursor, logged, sent = env.error_cursor, len(errors.records), len(env.http_requests)
    before = await database_fingerprint(env)
    result = await actor.slash(table.channel, command.qualified_name, **options)
    run.examples += 1
    captured = env.errors_since(cursor)
    env.errors  # acknowledge: every expected refusal reaches simcord's capture too  # noqa: B018
    problems = [f"unexpected {error!r}" for error in captured if user_message(error) is None]
    problems += [f"logged {r.getMessage()!r}" for r in errors.records[logged:]]
    run.tracebacks += bool(problems)
    texts = texts_of(result)
    if any("Something went wrong" in text for text in texts):
        problems.append(f"the member read {texts!r}")
    # The env fixture checks every request against Discord's limits too; this names the example.
    problems += all_breaches(env.http_requests[sent:])
    surrogate = next(
        (name for name, value in options.items() if isinstance(value, str) and _has_surrogate(value)), None
    )
    if surrogate is not None and not (result.ephemeral and any(f"`{surrogate}`" in text for text in texts)):
        problems.append(f"a lone surrogate in {surrogate!r} was not refused naming it: {texts!r}")
    refused = bool(captured) or surrogate is not None
    if refused and await database_fingerprint(env) != before:
        problems.append(f"the refusal {texts!r} left a partial write")
    run.problems += [f"{where}: {p}" for p in problems]


async def run_autocomplete(env, table, errors: ErrorLog, run: Run, command: Command, example) -> None:
    option, typed = example
    where = f"/{command.qualified_name} autocomplete {option} typing {typed!r}"
    logged = len(errors.records)
    choices = await table.gm.autocomplete(table.channel, command.qualified_name, option, typed)
    run.autocompletes += 1
    problems = [f"logged {r.getMessage()!r}" for r in errors.records[logged:]]
    run.tracebacks += bool(problems)
    try:
        assert_autocomplete_limits(choices)
    except AssertionError as error:
        problems.append(str(error))
    run.problems += [f"{where}: {p}" for p in problems]


def explore(
    loop: asyncio.AbstractEventLoop,
    name: str,
    strategy: st.SearchStrategy[Any],
    examples: int,
    step: Callable[[Any], Coroutine[Any, Any, None]],
) -> None:
    """Hypothesis draws in this (worker) thread; every example runs on the test's loop."""

    @hypothesis_settings(
        max_examples=examples,
        phases=[Phase.explicit, Phase.generate],  # a finding is reported as drawn, not shrunk
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        derandomize=False,  # the seed below: the same examples every run, different per command
    )
    @given(strategy)
    def check(example: Any) -> None:
        asyncio.run_coroutine_threadsafe(step(example), loop).result(timeout=120)

    if hypothesis_settings.default.derandomize:  # the "ci" profile; "explore" searches afresh
        check = seed(zlib.crc32(name.encode()))(check)
    check()


async def fuzz_table(env):
    table = await make_campaign_table(env)
    await table.player.slash(table.channel, "character create", name="Hero")
    await table.gm.slash(table.channel, "npc create", name="Bob", location="Greenest")
    await table.gm.slash(table.channel, "quest add", title="Find the heir")
    await table.gm.slash(
        table.channel,
        "homebrew add",
        name="Humming Ward",
        level=1,
        school="Abjuration",
        description="A ward that hums.",
    )
    services, guild_id = env.bot.services, table.guild.id
    campaign = await services.campaigns.get(guild_id, None)
    hero = await services.characters.get(guild_id, "Hero")
    bob = await services.npcs.get(guild_id, "Bob")
    templates = await services.campaigns.templates(guild_id)
    known = Known(
        {
            "campaign": [campaign.id, "Saga"],
            "template": [t.id for t in templates[:1]],
            "character": [hero.id, "Hero"],
            "npc": [bob.id, "Bob"],
            "quest": [q.id for q in campaign.open_quests],
            "spell": ["Humming Ward"],
            "name": ["Fireball", "Humming Ward"],
            "roll": ["skill:perception", "save:DEX", "Stealth"],
            "location": ["Greenest"],
            "spell_class": ["Wizard"],
            "tone": ["Heroic"],
            "expression": ["1d20+5", "2d6"],
        }
    )
    return table, known


async def test_every_command_survives_what_members_type(env, backend):
    table, known = await fuzz_table(env)
    errors, run = ErrorLog(), Run()
    logging.getLogger().addHandler(errors)
    loop = asyncio.get_running_loop()
    commands = sorted(
        (c for c in env.bot.tree.walk_commands() if isinstance(c, Command)), key=lambda c: c.qualified_name
    )
    try:
        for command in commands:
            run.commands.add(command.qualified_name)

            async def slash(example, command=command):
                await run_slash(env, table, errors, run, command, example)

            strategy = command_examples(command, known, table)
            await asyncio.to_thread(explore, loop, command.qualified_name, strategy, COMMAND_EXAMPLES, slash)
            for parameter in command.parameters:
                if not parameter.autocomplete:
                    continue
                name = parameter.display_name

                async def complete(example, command=command):
                    await run_autocomplete(env, table, errors, run, command, example)

                typed = st.tuples(st.just(name), text_values(0, 100, known.refs.get(name)))
                await asyncio.to_thread(
                    explore, loop, f"{command.qualified_name} {name}", typed, AUTOCOMPLETE_EXAMPLES, complete
                )
    finally:
        logging.getLogger().removeHandler(errors)
    summary = (
        f"{backend}: {len(run.commands)} commands, {run.examples} examples, "
        f"{run.autocompletes} autocompletes; {run.tracebacks} with a traceback, {len(run.problems)} problems"
    )
    print(summary)
    assert not run.problems, summary + "\n" + "\n".join(run.problems[:60])
