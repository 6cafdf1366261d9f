"""GM-only content never reaches a player, whatever command the player runs.

A table is set up by its GM with a distinct marker planted in every place GM-only data lives:
an NPC's GM notes, tactics and quest hooks, its stat block (HP and AC overrides) and attack
rolls, secret world facts, secret session notes, secret and private rolls, the GM channel,
hidden combatants and a monster's exact hit points. Then a player (neither GM nor admin) runs
every command a player can run, from a table of realistic invocations, pages through what
pages, and types into every autocomplete of every command; each GM-only command is tried too
and must be refused. Nothing the player could see may hold a marker: every request the bot
made while the player acted (replies, followups, edits, channel posts, autocomplete choices),
except posts to the GM channel the player cannot read. The GM's public messages are checked
the same way, through what the player sees of the channels.

The meta-test enumerates every registered command, so a new command fails it until it is in
PLAYER_RUNS or GM_ONLY here.
"""

import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import d20
import discord
import pytest
from discord import AppCommandOptionType
from discord.app_commands import CheckFailure, Command
from simcord import SetupError

from tests.helpers import make_campaign_table

EXAMPLE_SHEET = Path(__file__).parents[2] / "examples" / "character.json"

# Every planted text holds "Secretmark" and a word naming where it was planted.
MARK = re.compile(r"secretmark\w*", re.IGNORECASE)
NOTES = "SecretmarkNotes: the miller launders the cult's coin"
TACTICS = "SecretmarkTactics: flees at half HP, throws flour in eyes"
HOOK = "SecretmarkHook: knows where the heir is buried"
FACT, FACT_VALUE = "SecretmarkFactName", "SecretmarkFactValue: the baron is a vampire"
TURNED_SECRET = "SecretmarkTurnedSecret: the ford is cursed"  # a public fact's new, secret value
SESSION_NOTE_1 = "SecretmarkSessionNoteOne: the miller lied"
SESSION_NOTE_2 = "SecretmarkSessionNoteTwo: ambush at the ford"
SECRET_ROLL = "SecretmarkSecretRoll insight on the miller"
PRIVATE_ROLL = "SecretmarkPrivateRoll the miller's lie"
GM_CHANNEL_POST = "SecretmarkGMChannel: the players must not read this"
LURKER = "SecretmarkLurker"  # hidden, goes down, in the fight that ends in session 1
SHADE = "SecretmarkShade"  # a hidden NPC combatant in that fight
STALKER = "SecretmarkStalker"  # hidden in the running fight
SCOUT = "SecretmarkScout"  # hidden in the running fight, then taken out of it by the GM
# Figures only the GM may know; the digits never stand inside a longer number (ids, timestamps).
FIGURES = {
    "the ogre's exact HP": re.compile(r"(?<!\d)4321(?!\d)"),
    "the ogre's AC": re.compile(r"\bAC 37\b"),
    "Marta's stat block HP": re.compile(r"(?<!\d)3917(?!\d)"),
    "Marta's stat block AC": re.compile(r"\bAC 31\b"),
    "an NPC attack roll of the GM": re.compile(r"\(to hit\)"),
}
PLANTED = [
    NOTES, TACTICS, HOOK, FACT, FACT_VALUE, TURNED_SECRET, SESSION_NOTE_1, SESSION_NOTE_2,
    SECRET_ROLL, PRIVATE_ROLL, GM_CHANNEL_POST, LURKER, SHADE, STALKER, SCOUT,
]  # fmt: skip
TYPED = ["", "secretmark", "a"]  # into every autocomplete: everything, the planted names, anything


@pytest.fixture
def settings(backend_settings):  # this module's bot runs on every backend
    return backend_settings


def leaks(text: str) -> list[str]:
    """The markers and GM-only figures in ``text``."""
    found = sorted({m.group(0) for m in MARK.finditer(text)})
    return found + [what for what, pattern in FIGURES.items() if pattern.search(text)]


def test_leaks_finds_every_marker_and_figure_and_nothing_else():
    assert leaks("x " + " ".join(PLANTED)) == sorted({m.split(":")[0].split()[0] for m in PLANTED})
    figures = "HP 4321/4321 · AC 37; AC 31, 3917 HP; Marta: Longsword (to hit)"
    assert leaks(figures) == list(FIGURES)
    assert leaks("<@1143219170> at <t:1764321000:d>, AC 370, 14321 gold") == []


class Loaded:
    """d20's `random`: the given faces first, then real dice."""

    def __init__(self) -> None:
        self.faces: list[int] = []

    def randrange(self, *args: int) -> int:
        if self.faces:
            face = self.faces.pop(0)
            return face if len(args) == 3 else face - 1
        return random.randrange(*args)


# --- the table -------------------------------------------------------------------------------


@dataclass
class Ctx:
    """The table, and ids of what the GM set up, for the invocations to name."""

    env: Any
    table: Any
    gm_room: Any
    arena: Any
    other: Any  # another player, to hand a character to
    ids: dict[str, str] = field(default_factory=dict)


Options = dict[str, Any] | Callable[[Ctx], dict[str, Any]]


@dataclass(frozen=True)
class Run:
    """One invocation by the player: its options, whether it succeeds, the buttons pressed after."""

    options: Options = field(default_factory=dict)
    ok: bool = True  # False: a refusal in words is expected (still checked for markers)
    press: tuple[str, ...] = ("Next", "Older")  # clicked while present and enabled (paging)


def sheet_file(name: str) -> tuple[str, bytes]:
    sheet = json.loads(EXAMPLE_SHEET.read_text()) | {"name": name}
    return f"{name}.json", json.dumps(sheet).encode()


# Every command a player may run, with realistic options, in order: Cole and Dain are made before use.
PLAYER_RUNS: dict[str, list[Run]] = {
    "about": [Run()],
    "spell": [Run({"name": "Fireball"}), Run({"name": "Humming Ward"})],
    "spells": [Run({"class": "Wizard", "level": 3}), Run({"query": "ward"})],
    "monster": [Run({"name": "goblin"}), Run({"name": "ogre"})],
    "monsters": [Run({"cr": "1/4"})],
    "condition": [Run({"name": "Poisoned"})],
    "item": [Run({"name": "Potion of Healing"})],
    "homebrew list": [Run()],
    "campaign list": [Run()],
    "campaign info": [Run(), Run(lambda c: {"campaign": c.ids["campaign"]})],
    "campaign templates": [Run()],
    "campaign standings": [Run()],
    "quest list": [Run({"status": "all"}), Run()],
    "session list": [Run()],
    "session recap": [Run(), Run({"number": 1}), Run({"number": 2}), Run({"number": 1, "public": True})],
    "faction list": [Run()],
    "faction show": [Run({"faction": "Lantern Guild"})],
    "world show": [Run(), Run({"public": True})],
    "roll": [
        Run({"expression": "1d20+3", "reason": "Stealth"}),
        Run({"expression": "2d20kh1", "private": True}),
        Run({"expression": "1d20", "reason": "Insight", "secret": True}),
    ],
    "rolls": [Run(), Run(lambda c: {"member": c.table.gm}), Run({"limit": 50})],
    "character create": [Run({"name": "Dain", "class": "Fighter", "level": 2})],
    "character import": [
        Run({"file": sheet_file("Cole")}),
        Run({"file": sheet_file("Cole"), "replace": "Cole"}),
    ],
    "character show": [Run(), Run(lambda c: {"character": c.ids["bruna"]}), Run({"character": "Cole"})],
    "character list": [Run(), Run(lambda c: {"member": c.table.player})],
    "character edit": [Run({"character": "Cole", "hp": 20, "ac": 13})],
    "character roll": [Run({"character": "Cole", "roll": "skill:perception"})],
    "character relationships": [Run(lambda c: {"character": c.ids["bruna"]})],
    "character hp": [Run({"character": "Cole", "amount": 3})],
    "character slots": [Run({"character": "Cole", "level": 1})],
    "character rest": [Run({"character": "Cole", "kind": "short", "hit_dice": 1})],
    "character deathsave": [Run({"character": "Cole"}, ok=False)],  # not at 0 HP
    "character cast": [Run({"character": "Cole", "spell": "Magic Missile"}, press=("Spell card",))],
    "character delete": [Run({"character": "Dain"}, press=("Cancel",))],
    "character transfer": [Run(lambda c: {"character": "Dain", "member": c.other})],
    "init list": [Run()],
    "init join": [Run({"character": "Cole", "initiative": 9})],
    "init hp": [
        Run(lambda c: {"target": c.ids["brute"], "amount": 5}),
        Run(lambda c: {"target": c.ids["marta_fighting"], "amount": 2}),
        Run({"target": "Stalker", "amount": 5}, ok=False),  # a guess at the hidden one
    ],
    "init condition": [Run(lambda c: {"target": c.ids["brute"], "condition": "Prone", "rounds": 1})],
    "init next": [Run(ok=False)],  # not the player's turn
    "init remove": [Run({"target": "Cole"})],
    "npc show": [Run(lambda c: {"npc": c.ids["marta"]}), Run(lambda c: {"npc": c.ids["oswin"]})],
    "npc list": [Run(), Run({"location": "Greenest"})],
    "npc history": [Run(lambda c: {"npc": c.ids["marta"]}), Run(lambda c: {"npc": c.ids["oswin"]})],
    "npc relationships": [Run(lambda c: {"npc": c.ids["marta"]})],
    "npc chart": [Run(lambda c: {"npc": c.ids["marta"]})],
    "party add": [Run({"character": "Cole"})],  # a player adds their own character
    "party show": [Run(), Run({"public": True})],
    "party remove": [Run({"character": "Cole"})],
}

# Commands only a GM (or an admin) may run: the player is refused, and sees no marker in the refusal.
GM_ONLY = {
    "config show", "config gm-role", "config gm-channel", "config ruleset", "config spell-visibility",
    "homebrew add", "homebrew import", "homebrew monster-import", "homebrew remove",
    "campaign create", "campaign use", "campaign edit", "campaign delete", "campaign save-template",
    "campaign rule add", "campaign rule remove", "campaign export", "campaign import",
    "quest add", "quest done",
    "session start", "session end", "session note",
    "world set", "world unset",
    "init start", "init add", "init reveal", "init end",
    "npc create", "npc edit", "npc delete", "npc interact", "npc say", "npc statblock", "npc attack",
    "npc hook add", "npc hook remove", "npc item add", "npc item remove",
}  # fmt: skip

# Realistic values for the GM-only commands' options, by option name (else from the option's type).
GM_ONLY_VALUES: dict[str, Callable[[Ctx], Any]] = {
    "npc": lambda c: c.ids["marta"],
    "campaign": lambda c: c.ids["campaign"],
    "quest": lambda c: c.ids["quest"],
    "target": lambda c: c.ids["stalker"],
    "fact": lambda c: FACT,
    "hook": lambda c: HOOK,
    "name": lambda c: "Marta",
    "monster": lambda c: "veteran",
    "action": lambda c: "Longsword",
    "expression": lambda c: "1d20",
    "spell": lambda c: "Humming Ward",
}


def registered(env) -> list[Command]:
    commands = (c for c in env.bot.tree.walk_commands() if isinstance(c, Command))
    return sorted(commands, key=lambda c: c.qualified_name)


def gm_only_options(command: Command, ctx: Ctx) -> dict[str, Any]:
    options: dict[str, Any] = {}
    for parameter in command.parameters:
        if not parameter.required:
            continue
        name, kind = parameter.display_name, parameter.type
        if name in GM_ONLY_VALUES:
            options[name] = GM_ONLY_VALUES[name](ctx)
        elif parameter.choices:
            options[name] = parameter.choices[0].value
        elif kind is AppCommandOptionType.string:
            options[name] = "A realistic line"
        elif kind is AppCommandOptionType.integer:
            options[name] = int(parameter.min_value or 1)
        elif kind is AppCommandOptionType.boolean:
            options[name] = False
        elif kind is AppCommandOptionType.attachment:
            options[name] = ("upload.json", b"[]")
        elif kind is AppCommandOptionType.channel:
            options[name] = ctx.table.channel
        elif kind is AppCommandOptionType.role:
            options[name] = ctx.table.gm_role
        elif kind is AppCommandOptionType.user:
            options[name] = ctx.table.player
        else:
            raise AssertionError(f"/{command.qualified_name}: no value for {kind!r} options")
    return options


# --- watching what the player sees -------------------------------------------------------------


class Watch:
    """What the bot sent from a point on, less what went to channels the player cannot read."""

    def __init__(self, ctx: Ctx) -> None:
        self.ctx = ctx
        self.problems: list[str] = []

    def mark(self) -> int:
        return len(self.ctx.env.http_requests)

    def check(self, since: int, where: str, typed: str = "") -> None:
        """``typed``: what the player typed, which an autocomplete may offer back (e.g. a new tone)."""
        hidden_channel = f"/channels/{self.ctx.gm_room.id}/"
        for request in self.ctx.env.http_requests[since:]:
            if hidden_channel in request.path:
                continue  # the GM channel: the player cannot read it
            text = json.dumps([request.json, request.params], ensure_ascii=False, default=str)
            text = text.replace(typed, "") if typed else text
            for leak in leaks(text):
                self.problems.append(f"{where}: {request.method} {request.path} holds {leak}")

    def check_public(self, where: str) -> None:
        """Every message the player can see in the channels they can read, as it stands now."""
        player = self.ctx.table.player
        for channel in (self.ctx.table.channel, self.ctx.arena):
            for message in channel.history(viewer=player):
                text = json.dumps(
                    [message.content, [e.to_dict() for e in message.embeds]], ensure_ascii=False
                )
                for leak in leaks(text):
                    self.problems.append(f"{where}: #{channel.name} message {message.id} holds {leak}")


async def press(actor, result, labels: tuple[str, ...]) -> int:
    """Click each label's button on the reply and its followups while it is there and enabled."""
    clicks = 0
    messages = ([result.response] if result.response is not None else []) + list(result.followups)
    for message in messages:
        for label in labels:
            for _ in range(60):  # a bound: no view here has more pages
                buttons = [
                    b
                    for row in message.components
                    for b in row.get("components", [])
                    if b.get("label") == label and not b.get("disabled")
                ]
                if not buttons:
                    break
                await actor.click(message, label=label)
                clicks += 1
                if label not in ("Next", "Older", "Previous", "Newer"):
                    break
    return clicks


def acknowledge(env, since: int) -> tuple[BaseException, ...]:
    captured = env.errors_since(since)
    env.errors  # acknowledge every captured refusal  # noqa: B018
    return captured


# --- the GM's setup --------------------------------------------------------------------------


async def set_up(env, dice: Loaded) -> tuple[Ctx, Watch, list[str]]:
    """The table as its GM leaves it; returns what the GM was shown (to prove the planting)."""
    table = await make_campaign_table(env)
    gm, channel = table.gm, table.channel
    hidden = {table.guild.default_role: discord.PermissionOverwrite(view_channel=False)}
    for reader in (table.gm_role, table.admin, env.bot.user):
        hidden[reader] = discord.PermissionOverwrite(view_channel=True)
    gm_room = table.guild.create_text_channel("gm-only", overwrites=hidden)
    arena = table.guild.create_text_channel("arena")
    other = table.guild.add_member(env.create_user("dara"))
    ctx = Ctx(env, table, gm_room, arena, other)
    watch = Watch(ctx)
    start = watch.mark()
    services, guild_id = env.bot.services, table.guild.id

    await table.admin.slash(channel, "config gm-channel", channel=gm_room)
    await table.admin.slash(channel, "config ruleset", ruleset="2014")  # the SRD 5.1 Veteran and Ogre
    await gm.send(gm_room, GM_CHANNEL_POST)
    await table.player.slash(channel, "character create", name="Bruna", level=3, **{"class": "Rogue"})
    ctx.ids["bruna"] = (await services.characters.get(guild_id, "Bruna")).id
    ctx.ids["campaign"] = (await services.campaigns.get(guild_id, None)).id
    await gm.slash(channel, "party add", character=ctx.ids["bruna"])  # the player's show has a roster
    await gm.slash(
        channel, "homebrew add", name="Humming Ward", level=1, school="Abjuration", description="It hums."
    )

    await gm.slash(channel, "session start", title="The mill")
    await gm.slash(channel, "npc create", name="Marta", occupation="miller", location="Greenest")
    await gm.slash(channel, "npc create", name="Oswin", occupation="ferryman", location="Greenest")
    ctx.ids["marta"] = (await services.npcs.get(guild_id, "Marta")).id
    ctx.ids["oswin"] = (await services.npcs.get(guild_id, "Oswin")).id
    marta = ctx.ids["marta"]
    await gm.slash(
        channel, "npc edit", npc=marta, notes=NOTES, tactics=TACTICS, backstory="Widowed young.",
        voice="Hoarse", faction="Lantern Guild",
    )  # fmt: skip
    await gm.slash(channel, "npc edit", npc=ctx.ids["oswin"], faction="Lantern Guild")
    await gm.slash(channel, "npc hook add", npc=marta, hook=HOOK)
    await gm.slash(channel, "npc item add", npc=marta, item="Millstone key")
    await gm.slash(channel, "npc statblock", npc=marta, monster="veteran", hp=3917, ac=31)
    await gm.slash(channel, "npc attack", npc=marta, action="Longsword")
    card = await gm.slash(channel, "npc show", npc=marta)  # the GM's card: ephemeral, it has GM-only parts
    await press(gm, card, ("Next",))
    await gm.slash(channel, "npc show", npc=ctx.ids["oswin"])  # nothing GM-only: public
    for npc, summary in ((marta, "Haggled over flour"), (ctx.ids["oswin"], "Ferried the party")):
        await gm.slash(
            channel, "npc interact", npc=npc, type="trade", summary=summary,
            character=ctx.ids["bruna"], change=4,
        )  # fmt: skip
    await gm.slash(channel, "npc say", npc=marta, text="Flour is dear this year.")
    await gm.slash(channel, "world set", fact="Baron", value="missing")
    await gm.slash(channel, "world set", fact=FACT, value=FACT_VALUE, secret=True)
    await gm.slash(channel, "world set", fact="Ford", value="guarded")
    await gm.slash(channel, "world set", fact="Ford", value=TURNED_SECRET, secret=True)
    await gm.slash(channel, "world show")
    await gm.slash(channel, "world show", public=True)
    await gm.slash(channel, "session note", text="The party reached the mill.")
    await gm.slash(channel, "session note", text=SESSION_NOTE_1, secret=True)
    await gm.slash(channel, "quest add", title="Find the heir", details="Somewhere past the ford")
    campaign = await services.campaigns.get(guild_id, None)
    ctx.ids["quest"] = campaign.open_quests[0].id
    dice.faces += [20]
    await gm.slash(channel, "roll", expression="1d20+2", reason=SECRET_ROLL, secret=True)
    dice.faces += [1]
    await gm.slash(channel, "roll", expression="1d20", reason=PRIVATE_ROLL, private=True)

    # A fight in the arena with two hidden combatants who are never revealed.
    await gm.slash(arena, "init start")
    await table.player.slash(arena, "init join", character=ctx.ids["bruna"], initiative=10)
    await gm.slash(arena, "init add", name=LURKER, monster="goblin", hidden=True, initiative=15)
    await gm.slash(arena, "init add", name=SHADE, npc=marta, hidden=True, initiative=5)
    await gm.slash(arena, "init next")
    await gm.slash(arena, "init hp", target=LURKER, amount=99)
    await gm.slash(arena, "init next")
    await gm.slash(arena, "init list")
    await gm.slash(arena, "init end")
    await gm.slash(channel, "session end", summary="The party left the mill at dusk.")
    await gm.slash(channel, "session recap", number=1)  # the GM's version: ephemeral
    await gm.slash(channel, "session recap", number=1, public=True)

    # Session 2, with a fight still running in the main channel.
    await gm.slash(channel, "session start", title="The ford")
    await gm.slash(channel, "session note", text=SESSION_NOTE_2, secret=True)
    await gm.slash(channel, "init start")
    await table.player.slash(channel, "init join", character=ctx.ids["bruna"], initiative=10)
    await gm.slash(channel, "init add", name="Brute", monster="ogre", hp=4321, ac=37, initiative=12)
    await gm.slash(channel, "init add", name=STALKER, monster="goblin", hidden=True, initiative=15)
    await gm.slash(channel, "init add", name="Marta", npc=marta, initiative=8)
    await gm.slash(channel, "init add", name=SCOUT, monster="goblin", hidden=True, initiative=2)
    await gm.slash(channel, "init remove", target=SCOUT)
    await gm.slash(channel, "init next")  # the Stalker's turn: "Someone unseen acts"
    await gm.slash(channel, "init condition", target=STALKER, condition="Invisible", rounds=1)
    await gm.slash(channel, "init next")  # the Brute's turn; the Stalker's condition ran out
    await gm.slash(channel, "init hp", target="Brute", amount=7)  # the table reads "Healthy" only
    await gm.slash(channel, "init list")
    await gm.slash(channel, "session recap")  # the GM's version of the running session
    await gm.slash(channel, "rolls", limit=50)  # the GM's own: secret, private and attack rolls
    view = await services.encounters.get(guild_id, channel.id)
    by_name = {c.name: c.id for c in view.combatants}
    ctx.ids |= {"brute": by_name["Brute"], "stalker": by_name[STALKER], "marta_fighting": by_name["Marta"]}
    refused = acknowledge(env, 0)
    assert not refused, f"the setup was refused: {refused!r}"
    shown = [
        json.dumps([r.json, r.params], ensure_ascii=False, default=str) for r in env.http_requests[start:]
    ]
    shown += [m.content for m in gm_room.history()]
    watch.check_public("the GM's public messages")
    return ctx, watch, shown


# --- the tests -------------------------------------------------------------------------------


async def test_every_command_is_a_player_command_or_gm_only(env):
    names = {c.qualified_name for c in registered(env)}
    unknown = names - PLAYER_RUNS.keys() - GM_ONLY
    assert not unknown, (
        f"commands in neither PLAYER_RUNS nor GM_ONLY of {Path(__file__).name}: {sorted(unknown)}; "
        "add how a player runs each (or list it as GM-only)"
    )
    gone = (PLAYER_RUNS.keys() | GM_ONLY) - names
    assert not gone, f"listed here but not registered: {sorted(gone)}"
    assert not PLAYER_RUNS.keys() & GM_ONLY, "a command is both a player's and GM-only"


@pytest.mark.simcord(settle_timeout=60)  # the charts import and draw with matplotlib, on a loaded machine
async def test_a_player_never_sees_gm_only_content(env, monkeypatch):
    dice = Loaded()
    monkeypatch.setattr(d20.expression, "random", dice)
    ctx, watch, shown = await set_up(env, dice)
    table, player = ctx.table, ctx.table.player

    # The planting worked: the GM was shown every marker and every figure.
    seen = "\n".join(shown)
    missing = [m.split(":")[0] for m in PLANTED if m.split(":")[0] not in seen]
    missing += [what for what, pattern in FIGURES.items() if not pattern.search(seen)]
    assert not missing, f"the GM never saw: {missing}"

    with pytest.raises(SetupError):  # the GM channel is closed to the player
        ctx.gm_room.history(viewer=player)

    commands = {c.qualified_name: c for c in registered(env)}
    outcomes: list[str] = []
    clicked: set[str] = set()
    for name, runs in PLAYER_RUNS.items():
        if name not in commands:
            continue  # the meta-test names it
        for number, run in enumerate(runs, 1):
            options = run.options(ctx) if callable(run.options) else dict(run.options)
            where = f"/{name} #{number} {sorted(options)}"
            since, errors = watch.mark(), env.error_cursor
            result = await player.slash(table.channel, name, **options)
            if await press(player, result, run.press):
                clicked.add(name)
            refused = acknowledge(env, errors)
            if run.ok and refused:
                outcomes.append(f"{where}: refused with {refused!r}")
            if not run.ok and not refused:
                outcomes.append(f"{where}: expected a refusal, it succeeded")
            watch.check(since, where)

    for name in sorted(GM_ONLY & commands.keys()):
        command = commands[name]
        where = f"/{name} (GM-only)"
        if name not in player.available_commands(table.channel):
            with pytest.raises(SetupError):  # hidden from members without the permission (/config)
                await player.slash(table.channel, name, **gm_only_options(command, ctx))
            continue
        since, errors = watch.mark(), env.error_cursor
        result = await player.slash(table.channel, name, **gm_only_options(command, ctx))
        refused = acknowledge(env, errors)
        if not (refused and all(isinstance(e, CheckFailure) for e in refused) and result.ephemeral):
            outcomes.append(f"{where}: not refused by a permission check: {refused!r}")
        watch.check(since, where)

    # Typing into every autocomplete of every command, GM-only ones too (Discord offers them).
    fill = {"npc": ctx.ids["marta"], "character": ctx.ids["bruna"]}
    for command in commands.values():
        for parameter in (p for p in command.parameters if p.autocomplete):
            filled = {
                p.display_name: fill[p.display_name]
                for p in command.parameters
                if p.display_name in fill and p.display_name != parameter.display_name
            }
            for typed in TYPED:
                where = f"/{command.qualified_name} autocomplete {parameter.display_name} typing {typed!r}"
                since = watch.mark()
                try:
                    choices = await player.autocomplete(
                        table.channel, command.qualified_name, parameter.display_name, typed, **filled
                    )
                except SetupError:
                    break  # a command the player cannot see (/config)
                offered = [c for c in choices if not (typed and c["name"] == typed)]  # an echo
                for leak in leaks(json.dumps(offered, ensure_ascii=False)):
                    watch.problems.append(f"{where}: offered {leak}")
                watch.check(since, where, typed)

    watch.check_public("at the end, what the player sees in the channels")
    # The buttons were really pressed: the NPC card's pages, the spell card, a list, the cancelled deletion.
    assert {"npc show", "character cast", "character delete", "spells"} <= clicked, sorted(clicked)
    assert not watch.problems, f"{len(watch.problems)} leaks:\n" + "\n".join(watch.problems[:80])
    assert not outcomes, "\n".join(outcomes)


async def test_a_combatant_never_revealed_is_left_out_of_the_end_of_the_fight(env):
    """/init end, the NPCs' logs and the recap's fight are the players' to read."""
    table = await make_campaign_table(env)
    gm, channel, services, guild_id = table.gm, table.channel, env.bot.services, table.guild.id
    await table.player.slash(channel, "character create", name="Bruna")
    for name in ("Marta", "Oswin"):
        await gm.slash(channel, "npc create", name=name)
    await gm.slash(channel, "session start")
    await gm.slash(channel, "init start")
    await table.player.slash(channel, "init join", initiative=10)
    await gm.slash(channel, "init add", name=SHADE, npc="Marta", hidden=True, hp=5, initiative=15)
    await gm.slash(channel, "init add", name="Ambusher", npc="Oswin", hidden=True, hp=5, initiative=12)
    await gm.slash(channel, "init reveal", target="Ambusher")
    for target in (SHADE, "Ambusher"):
        await gm.slash(channel, "init hp", target=target, amount=5)
    ended = await gm.slash(channel, "init end")
    assert not ended.ephemeral
    fields = {f.name: f.value for f in ended.response.embeds[0].fields}
    assert fields["Went down"] == "Ambusher"
    assert fields["NPCs who will remember it"] == "Ambusher"
    _, marta_log = await services.npcs.history(guild_id, "Marta")
    _, oswin_log = await services.npcs.history(guild_id, "Oswin")
    assert [e.interaction_type for e in marta_log.entries] == []  # it was never seen in the fight
    assert [e.summary for e in oswin_log.entries] == ["Fought Bruna for 0 rounds and went down."]
    recap = await table.player.slash(channel, "session recap")
    text = recap.response.embeds[0].description
    assert "Fight: 0 rounds, Bruna and Ambusher; down: Ambusher" in text and SHADE not in text
