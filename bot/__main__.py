"""Command line: `python -m bot` runs the bot; `db` and `sync` manage it."""

import argparse
import asyncio
import logging
import sys
from pathlib import Path

import alembic.util
import discord
from pydantic import ValidationError
from sqlalchemy.engine import make_url

from bot.app import create_bot, engine_for
from bot.config import Settings
from bot.log_setup import setup_logging
from db import migrate
from db.engine import Database
from db.health import is_unavailable
from db.spells.seed import seed_srd
from rules.ruleset import RULESETS
from rules.text import problems

log = logging.getLogger("bot")

NO_TOKEN = (
    "DISCORD_TOKEN is not set: create a bot at https://discord.com/developers/applications, "
    "copy its token, and put DISCORD_TOKEN=<token> in .env (see .env.example) or the environment."
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="The D&D 5e table bot.")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="run the bot (the default)")
    db = sub.add_parser("db", help="database migrations")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    up = db_sub.add_parser("upgrade", help="migrate to a revision (default: head)")
    up.add_argument("revision", nargs="?", default="head")
    down = db_sub.add_parser("downgrade", help="migrate down to a revision (e.g. -1 or base)")
    down.add_argument("revision")
    db_sub.add_parser("current", help="print the database's revision")
    srd = sub.add_parser("srd", help="SRD spell data")
    srd_sub = srd.add_subparsers(dest="srd_command", required=True)
    srd_import = srd_sub.add_parser("import", help="(re)import the SRD spells; homebrew is never touched")
    srd_import.add_argument("--ruleset", choices=RULESETS, default=None, help="only this ruleset")
    sync = sub.add_parser("sync", help="sync slash commands with Discord now")
    sync.add_argument("--guild", type=int, default=None, help="sync to this guild only (instant)")
    demo = sub.add_parser("demo", help="try the bot in the terminal, on a simulated Discord (no token)")
    demo.add_argument("--script", type=Path, default=None, help="play the lines of FILE, echoing each")
    demo.add_argument("--verbose", action="store_true", help="show the bot's log at LOG_LEVEL")
    return parser


def _missing_sqlite_file(url: str) -> str | None:
    """The SQLite file the URL names when it does not exist (None: it exists, or it is not a file)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return None if Path(parsed.database).exists() else parsed.database


async def _db_command(settings: Settings, args: argparse.Namespace) -> int:
    if args.db_command == "current" and (missing := _missing_sqlite_file(settings.database_url)):
        # A read creates nothing: opening the engine would make the folders and the file.
        print(f"sqlite: no database at {missing} (nothing was created; check DATABASE_URL)", file=sys.stderr)
        return 1
    revision = getattr(args, "revision", "head")
    if not migrate.is_known_revision(revision):
        print(f"No such revision: {revision} (head is {migrate.head_revision()})", file=sys.stderr)
        return 2
    engine = engine_for(settings, for_commands=False)
    try:
        try:
            if args.db_command == "upgrade":
                await migrate.upgrade(engine, args.revision)
            elif args.db_command == "downgrade":
                await migrate.downgrade(engine, args.revision)
        except alembic.util.CommandError as error:
            # Alembic's refusal (an unknown revision above all) in one line, not its traceback.
            print(
                f"{_revision_problem(args.revision, error)} (head is {migrate.head_revision()})",
                file=sys.stderr,
            )
            return 2
        current = await migrate.current_revision(engine)
        print(
            f"{settings.backend}: at revision {current or 'base (empty)'} (head is {migrate.head_revision()})"
        )
        return 0
    finally:
        await engine.dispose()


def _revision_problem(revision: str, error: alembic.util.CommandError) -> str:
    if "Can't locate revision" in str(error) or "No such revision" in str(error):
        return f"No such revision: {revision}"
    return str(error).splitlines()[0]


async def _srd_command(settings: Settings, args: argparse.Namespace) -> int:
    engine = engine_for(settings, for_commands=False)
    try:
        await migrate.upgrade(engine)
        rulesets = (args.ruleset,) if args.ruleset else RULESETS
        for result in await seed_srd(Database(engine), rulesets, force=True):
            counts = f"{result.added} added, {result.updated} updated, {result.removed} removed"
            print(f"SRD {result.ruleset}: {counts}")
        return 0
    finally:
        await engine.dispose()


async def _run(settings: Settings, token: str) -> int:
    bot = create_bot(settings)
    async with bot:
        try:
            await bot.start(token)
        except discord.LoginFailure:
            log.error("Discord refused the token: check DISCORD_TOKEN")
            return 1
        except (OSError, discord.GatewayNotFound, discord.HTTPException) as error:
            log.error("Could not reach Discord: %s", error)
            return 1
    return 0


async def _sync(settings: Settings, token: str, guild_id: int | None) -> int:
    from bot.sync import sync_commands

    bot = create_bot(settings, auto_sync=False)
    async with bot:
        try:
            await bot.login(token)  # runs setup_hook: cogs loaded, tree complete
        except discord.LoginFailure:
            log.error("Discord refused the token: check DISCORD_TOKEN")
            return 1
        except (OSError, discord.HTTPException) as error:
            log.error("Could not reach Discord: %s", error)
            return 1
        count = await sync_commands(bot.tree, guild_id)
        print(f"Synced {count} commands {'to guild ' + str(guild_id) if guild_id else 'globally'}.")
    return 0


NO_DEMO = (
    "The demo needs simcord, the simulated Discord: install it with "
    "`.venv/bin/pip install -e '.[demo]'` (or run `make demo`)."
)


def _demo(settings: Settings, args: argparse.Namespace) -> int:
    if args.script is not None and not args.script.is_file():
        print(f"No script at {args.script}", file=sys.stderr)
        return 2
    from bot.demo.logs import quiet_logs

    if not args.verbose:
        quiet_logs()
    try:
        # Only here: the bot runs without the demo extra, which brings simcord.
        from bot.demo.session import run
    except ImportError as error:
        if (error.name or "").partition(".")[0] != "simcord":
            raise
        print(NO_DEMO, file=sys.stderr)
        return 2
    return run(settings, args.script)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as error:
        print(f"Invalid configuration: {'; '.join(problems(error, root='settings'))}", file=sys.stderr)
        return 2
    setup_logging(settings.log_level, settings.log_format)
    if args.command in ("db", "srd"):
        command = _db_command if args.command == "db" else _srd_command
        try:
            return asyncio.run(command(settings, args))
        except Exception as error:
            if not is_unavailable(error):
                raise
            # One line, as for every other mistake of the command line; the URL without its password.
            reason = (str(error).strip().splitlines() or [type(error).__name__])[0][:200]
            print(f"The database at {settings.database_url_safe} is not answering: {reason}", file=sys.stderr)
            return 1
    if args.command == "demo":
        return _demo(settings, args)
    token = settings.discord_token.get_secret_value() if settings.discord_token else ""
    if not token.strip():
        print(NO_TOKEN, file=sys.stderr)
        return 2
    if args.command == "sync":
        return asyncio.run(_sync(settings, token, args.guild))
    return asyncio.run(_run(settings, token))


if __name__ == "__main__":
    sys.exit(main())
