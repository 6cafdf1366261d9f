"""The demo: the real bot on simcord's simulated Discord, a sample server, and the typed lines.

`play` starts the bot as `make run` would (create_bot with the settings, migrations, SRD
seeding, command sync), only on a fresh SQLite file in a temporary directory and against
simcord instead of Discord; a `Session` turns each line into what a member does in the client.
"""

import asyncio
import contextlib
import tempfile
import threading
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO, cast

import discord
import simcord

from bot.app import TableBot, create_bot
from bot.config import Settings
from bot.demo.catalog import Catalog, Leaf, describe
from bot.demo.errors import InputError
from bot.demo.options import Entities, convert
from bot.demo.parse import Action, Choose, Complete, Help, Press, Quit, Slash, Speak, parse_line
from bot.demo.render import Controls, render, render_choices
from bot.tree import user_message

SPEAKERS = ("admin", "gm", "player1", "player2")
FIRST_SPEAKER = "gm"
# Run through the real command as the table is set up, so the GM is a GM from the first line.
SETUP = ("as admin /config gm-role role:GM",)
# Seconds the bot may take over one action on a busy machine (simcord waits on real time for I/O).
SETTLE_SECONDS = 30.0

DEMO_HELP = (
    ("/command option:value ...", "run a slash command as the current speaker, e.g. /spell fireball"),
    ("as NAME [/command ...]", f"speak as {', '.join(SPEAKERS)}: from now on, or for one command"),
    ("press N", "press button N of the last reply"),
    ("choose N [M ...]", "pick option N of the last reply's menu"),
    ("complete /command option:text", "the choices the bot offers while that option is typed"),
    ("help [/command]", "this list, or one command's options"),
    ("quit", "leave (Ctrl-D too)"),
)


@dataclass
class Table:
    """The sample server: one channel, an admin, a GM by role and two players."""

    guild: Any
    channel: Any
    roles: dict[str, Any]
    members: dict[str, Any]


def build_table(env: simcord.Env) -> Table:
    guild = env.create_guild("Demo Table")
    channel = guild.create_text_channel("table")
    admin_role = guild.create_role("Admin", permissions=discord.Permissions(manage_guild=True))
    gm_role = guild.create_role("GM")
    roles = {"admin": [admin_role], "gm": [gm_role]}
    members = {name: guild.add_member(env.create_user(name), roles=roles.get(name, [])) for name in SPEAKERS}
    return Table(guild, channel, {"Admin": admin_role, "GM": gm_role}, members)


class Session:
    """Reads one line at a time and writes what the speaker sees."""

    def __init__(self, env: simcord.Env, table: Table, out: TextIO) -> None:
        self.env = env
        self.table = table
        self.out = out
        self.catalog = Catalog.from_tree(cast(TableBot, env.bot).tree)
        self.speaker = FIRST_SPEAKER
        self.controls = Controls()
        self.failures = 0  # lines refused by the demo, or that the bot failed on
        self._error_cursor = env.error_cursor
        # Mentions in replies are shown by name: <@id> as @player1, <@&id> as @GM, <#id> as #table.
        self.names = {
            **{f"@{m.id}": f"@{n}" for n, m in table.members.items()},
            **{f"@&{r.id}": f"@{n}" for n, r in table.roles.items()},
            f"#{table.channel.id}": f"#{table.channel.name}",
        }
        self.entities = Entities(
            member=lambda name: table.members.get(name.lstrip("@").lower()),
            role=lambda name: next(
                (r for n, r in table.roles.items() if n.lower() == name.lstrip("@").lower()), None
            ),
            channel=lambda name: table.channel if name.lstrip("#").lower() == table.channel.name else None,
            known=self._known,
        )

    def _known(self, noun: str) -> str:
        if noun == "role":
            return ", ".join(self.table.roles)
        if noun == "channel":
            return f"#{self.table.channel.name}"
        return ", ".join(SPEAKERS)

    def write(self, *lines: str) -> None:
        for line in lines:
            self.out.write(line + "\n")
        self.out.flush()

    def intro(self) -> None:
        self.write(
            f"Table bot demo: the real bot, on a simulated Discord server “{self.table.guild.name}”, "
            f"channel #{self.table.channel.name}.",
            "Members: admin (Manage Server), gm (the GM role), player1, player2. Nothing reaches Discord;",
            "the database is a fresh SQLite file, removed when the demo ends.",
            "Type `help` for what you can type, `quit` to leave.",
        )

    @property
    def prompt(self) -> str:
        return f"{self.speaker}> "

    async def handle(self, line: str) -> bool:
        """Act on one line; False once the user asks to quit."""
        try:
            action = parse_line(line, self.catalog)
            if action is None:
                return True
            return await self._act(action, self.speaker)
        except InputError as error:
            self._refuse(str(error))
        except (simcord.SetupError, simcord.OptionError, simcord.BackendError) as error:
            # What a real member could not do in the client (simcord refuses it the same way).
            self._refuse(str(error).splitlines()[0] if str(error) else type(error).__name__)
        return True

    def _refuse(self, message: str) -> None:
        self.failures += 1
        self.write(f"! {message}")

    async def _act(self, action: Action, speaker: str) -> bool:
        if isinstance(action, Quit):
            return False
        if isinstance(action, Help):
            self.write(*(self._command_help(action.command) if action.command else self._help()))
        elif isinstance(action, Speak):
            if action.who not in self.table.members:
                raise InputError(f"There is no {action.who} at this table: {', '.join(SPEAKERS)}.")
            if action.then is None:
                self.speaker = action.who
                self.write(f"(now speaking as {action.who})")
            else:
                await self._act(action.then, action.who)
        elif isinstance(action, Slash):
            await self._slash(action, speaker)
        elif isinstance(action, Complete):
            await self._complete(action, speaker)
        elif isinstance(action, Press):
            await self._press(action, speaker)
        elif isinstance(action, Choose):
            await self._choose(action, speaker)
        return True

    def _member(self, speaker: str) -> Any:
        return self.table.members[speaker]

    def _check_visible(self, leaf: Leaf, speaker: str) -> None:
        if leaf.name not in self._member(speaker).available_commands(self.table.channel):
            raise InputError(
                f"{speaker} cannot use /{leaf.name} here: Discord hides it from members without the "
                "permission it needs (try `as admin`)."
            )

    async def _slash(self, action: Slash, speaker: str) -> None:
        self._check_visible(action.leaf, speaker)
        values = convert(action.leaf, action.options, self.entities)
        mark = self._last_message_id(speaker)
        result = await self._member(speaker).slash(self.table.channel, action.leaf.name, **values)
        self._show(result, mark, speaker)

    async def _complete(self, action: Complete, speaker: str) -> None:
        self._check_visible(action.leaf, speaker)
        filled = convert(action.leaf, action.filled, self.entities, partial=True)
        choices = await self._member(speaker).autocomplete(
            self.table.channel, action.leaf.name, action.focused, action.typed, **filled
        )
        self.write(f"Choices for {action.focused}:“{action.typed}”:", *render_choices(choices))
        self._check_bot_errors()

    async def _press(self, action: Press, speaker: str) -> None:
        buttons = self.controls.buttons
        if not 1 <= action.number <= len(buttons):
            raise InputError(
                f"The last reply has buttons 1 to {len(buttons)}."
                if buttons
                else "The last reply has no buttons."
            )
        button = buttons[action.number - 1]
        mark = self._last_message_id(speaker)
        result = await self._member(speaker).click(button.message, custom_id=button.custom_id)
        self._show(result, mark, speaker)

    async def _choose(self, action: Choose, speaker: str) -> None:
        options = self.controls.options
        if not options:
            raise InputError("The last reply has no menu to choose from.")
        if not all(1 <= n <= len(options) for n in action.numbers):
            raise InputError(f"The last reply's menu has options 1 to {len(options)}.")
        picked = [options[n - 1] for n in action.numbers]
        if len({(p.message.id, p.custom_id) for p in picked}) > 1:
            raise InputError("Those options belong to different menus: choose from one at a time.")
        if len(picked) > picked[0].max_values:
            raise InputError(f"That menu takes at most {picked[0].max_values} option(s).")
        mark = self._last_message_id(speaker)
        result = await self._member(speaker).select(
            picked[0].message, [p.value for p in picked], custom_id=picked[0].custom_id
        )
        self._show(result, mark, speaker)

    def _last_message_id(self, speaker: str) -> int:
        """The newest message the speaker can see: what comes after it is the reply."""
        history = self.table.channel.history(viewer=self._member(speaker))
        return history[-1].id if history else 0

    def _show(self, result: Any, mark: int, speaker: str) -> None:
        """Every message the speaker can see that the action posted, and the one it updated."""
        seen = self.table.channel.history(viewer=self._member(speaker))
        updated = result.response.id if result.response is not None else None
        shown = [m for m in seen if m.id > mark or m.id == updated]
        controls = Controls()
        if result.modal is not None:  # no command opens one today; say so rather than "(no reply)"
            title = result.modal.get("title") or "a form"
            self.write(f"── bot opened a form, “{title}”: the demo cannot fill in forms.")
        elif not shown:
            self.write("(no reply)")
        for message in shown:
            audience = speaker if message.flags.ephemeral else None
            self.write(
                *render(
                    message, audience=audience, edited=message.id <= mark, controls=controls, names=self.names
                )
            )
        # The numbers move to the newest reply with controls, as the eye does; a reply without
        # any (a roll, a refusal) leaves the last ones pressable, unless it replaced their message.
        owners = {c.message.id for c in (*self.controls.buttons, *self.controls.options)}
        if controls or any(m.id in owners for m in shown):
            self.controls = controls
        self._check_bot_errors()

    def _check_bot_errors(self) -> None:
        """An error the bot did not expect is a failure of the line (a refusal is a reply)."""
        errors = self.env.errors_since(self._error_cursor)
        self._error_cursor = self.env.error_cursor
        for error in errors:
            if not isinstance(error, Exception) or user_message(error) is None:
                self._refuse(f"The bot failed on that: {type(error).__name__}: {error}")

    def _help(self) -> list[str]:
        width = max(len(usage) for usage, _ in DEMO_HELP)
        lines = ["Demo commands:"]
        lines += [f"  {usage.ljust(width)}  {what}" for usage, what in DEMO_HELP]
        visible = set(self._member(self.speaker).available_commands(self.table.channel))
        leaves = self.catalog.leaves
        lines.append(f"The bot's slash commands ({len(leaves)}; `help /command` shows its options):")
        width = max(len(leaf.name) for leaf in leaves) + 1
        for leaf in leaves:
            hidden = "" if leaf.name in visible else f" (not for {self.speaker})"
            lines.append(f"  /{leaf.name.ljust(width)} {leaf.description}{hidden}")
        return lines

    def _command_help(self, leaf: Leaf) -> list[str]:
        return describe(leaf)


async def terminal_lines(prompt: Callable[[], str]) -> AsyncIterator[str]:
    """Lines typed at the terminal, each read in a daemon thread so Ctrl-C never waits on input()."""
    with contextlib.suppress(ImportError):
        import readline  # noqa: F401  (line editing and history for input(), where available)
    loop = asyncio.get_running_loop()
    while True:
        future: asyncio.Future[str | None] = loop.create_future()

        def read(future: asyncio.Future[str | None] = future) -> None:
            try:
                line: str | None = input(prompt())
            except EOFError:
                line = None
            loop.call_soon_threadsafe(_settle, future, line)

        threading.Thread(target=read, daemon=True).start()
        line = await future
        if line is None:
            return
        yield line


def _settle(future: "asyncio.Future[str | None]", line: str | None) -> None:
    if not future.done():  # cancelled by Ctrl-C meanwhile
        future.set_result(line)


async def scripted_lines(lines: Iterable[str]) -> AsyncIterator[str]:
    for line in lines:
        yield line


async def play(settings: Settings, lines: AsyncIterator[str] | None, out: TextIO, *, echo: bool) -> int:
    """Run the demo over `lines` (None: the terminal); 1 when a scripted line failed."""
    with tempfile.TemporaryDirectory(prefix="tablebot-demo-") as directory:
        demo_settings = settings.model_copy(
            update={
                "database_url": f"sqlite+aiosqlite:///{Path(directory) / 'demo.db'}",
                "dev_guild_id": None,  # commands go to the simulated server, not a real one
                "auto_migrate": True,
                "discord_token": None,
                "shard_count": 1,  # simcord runs one shard; an auto-sharded bot needs its count
                "shard_ids": None,
            }
        )
        out.write("Starting the bot (migrations, SRD spells, commands)...\n")
        out.flush()
        bot = create_bot(demo_settings)
        env = simcord.Env(bot, check_errors=False, settle_timeout=SETTLE_SECONDS)
        await env.start()
        try:
            with env.time_context():
                session = Session(env, build_table(env), out)
                session.intro()
                for line in SETUP:
                    session.write(f"(setting up) {line}")
                    await session.handle(line)
                source = lines if lines is not None else terminal_lines(lambda: session.prompt)
                async for line in source:
                    if echo:  # a script's comments and blank lines read as they are written
                        plain = not line.strip() or line.lstrip().startswith("#")
                        session.write(line.rstrip() if plain else f"{session.prompt}{line}")
                    if not await session.handle(line):
                        break
        finally:
            await env.shutdown()
            await bot.close()
    if echo and session.failures:
        out.write(f"{session.failures} line(s) failed.\n")
        return 1
    return 0


def run(settings: Settings, script: Path | None) -> int:
    """`python -m bot demo [--script FILE]`."""
    import sys

    if script is not None:
        lines = scripted_lines(script.read_text(encoding="utf-8").splitlines())
        return asyncio.run(play(settings, lines, sys.stdout, echo=True))
    if not sys.stdin.isatty():  # piped in: play it like a script, echoing each line
        piped = scripted_lines(sys.stdin.read().splitlines())
        return asyncio.run(play(settings, piped, sys.stdout, echo=True))
    try:
        status = asyncio.run(play(settings, None, sys.stdout, echo=False))
    except KeyboardInterrupt:  # Ctrl-C: the bot and the simulated Discord were shut down on the way out
        status = 130
    print()  # the shell's prompt on a line of its own after Ctrl-D or Ctrl-C
    return status
