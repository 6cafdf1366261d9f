"""The command tree, home of the bot's one error handler."""

import logging
import secrets
import time
from typing import Any, cast

import discord
from discord import app_commands

from db.health import Health, commit_unconfirmed, describe, is_unavailable
from rules.errors import DomainError, InvalidInputError
from rules.text import drop_surrogates, member_text

log = logging.getLogger(__name__)

CHANGED = "changed"  # interaction.extras key: what the command already changed, in words
STARTED = "started"  # interaction.extras key: perf_counter() when the command arrived (metrics)

NOT_ANSWERING = "The database is not answering right now; nothing was changed. Please try again in a moment."
UNCONFIRMED = (
    "The database stopped answering while saving this, so it may or may not have been kept. "
    "Please check before trying again."
)


def mark_changed(interaction: discord.Interaction, what: str) -> None:
    """Note that the command has made a visible change, so an error after it does not deny it.

    ``what`` continues "Something went wrong on my side (error id `…`)", e.g. "after the NPC spoke: …".
    """
    interaction.extras[CHANGED] = what


def note_unavailable(client: discord.Client, error: BaseException) -> None:
    """Make sure the outage ``error`` belongs to is logged (once, by the bot's Health).

    Units of work report their own failures; this covers an error that reached the error
    handler or an autocomplete guard some other way.
    """
    health = getattr(client, "health", None)
    if isinstance(health, Health) and not health.down:
        health.failed(error)


def _cause(error: BaseException) -> BaseException:
    return error.original if isinstance(error, app_commands.CommandInvokeError) else error


def user_message(error: BaseException) -> str | None:
    """What to tell the member about an expected error; None when it is a bug."""
    cause = _cause(error)
    if isinstance(cause, DomainError):
        return cause.message
    if is_unavailable(cause):
        return UNCONFIRMED if commit_unconfirmed(cause) else NOT_ANSWERING
    if isinstance(cause, app_commands.NoPrivateMessage):
        return "This command works only in a server."
    if isinstance(cause, app_commands.MissingPermissions):
        return "You need the Manage Server permission to do that."
    if isinstance(cause, app_commands.BotMissingPermissions):
        missing = ", ".join(p.replace("_", " ").title() for p in cause.missing_permissions)
        return f"I am missing a permission here: {missing}."
    if isinstance(cause, app_commands.CommandOnCooldown):
        return f"Slow down: try again in {cause.retry_after:.0f} s."
    if isinstance(cause, app_commands.TransformerError):
        return f"{cause.value!r} is not a valid value for that option."
    if isinstance(cause, app_commands.CheckFailure):
        # Our checks carry their own plain-words message.
        return str(cause) or "You are not allowed to use this command."
    return None


async def report_error(interaction: discord.Interaction, error: BaseException) -> None:
    """Answer the member once, ephemerally; log unexpected errors with an id they can quote.

    A database that does not answer is no bug: no traceback per command, only the outage's
    own two log lines (db.health), and the member is told so, unless the command had already
    made a visible change, whose reply keeps saying what happened.
    """
    cause = _cause(error)
    command = interaction.command.qualified_name if interaction.command else "?"
    unavailable = not isinstance(cause, DomainError) and is_unavailable(cause)
    if unavailable:
        note_unavailable(interaction.client, cause)
    message = user_message(error)
    changed = interaction.extras.get(CHANGED)
    if message is None or (unavailable and changed):
        error_id = secrets.token_hex(4)
        if unavailable:
            log.warning(
                "Error %s in /%s: the database is unavailable (%s)", error_id, command, describe(cause)
            )
        else:
            log.error("Unexpected error %s in /%s", error_id, command, exc_info=cause)
        if changed:
            message = (
                f"Something went wrong on my side (error id `{error_id}`) {changed}. "
                "Quote the id to the bot's host if it matters."
            )
        else:
            message = (
                f"Something went wrong on my side (error id `{error_id}`). "
                "Nothing was changed; please try again, and quote the id to the bot's host if it persists."
            )
    try:
        if interaction.response.is_done():
            await interaction.followup.send(message, ephemeral=True)
        else:
            await interaction.response.send_message(message, ephemeral=True)
    except discord.HTTPException:
        # The interaction expired or was deleted: nobody is left to tell.
        log.warning("Could not deliver an error reply for interaction %s", interaction.id)


def clean_options(options: list[dict[str, Any]], *, autocomplete: bool) -> None:
    """Every text value of a command's options (subcommands' too) cleaned in place, as ``member_text``.

    A lone surrogate refuses the command (InvalidInputError naming the option); while the member
    is still typing (``autocomplete``) it is dropped instead, as an autocomplete never fails.
    """
    for option in options:
        value = option.get("value")
        if isinstance(value, str):
            if autocomplete:
                value = drop_surrogates(value)
            option["value"] = member_text(value, f"The option `{option.get('name', '?')}`")
        clean_options(option.get("options") or [], autocomplete=autocomplete)


class BotTree(app_commands.CommandTree):
    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        """Member text is cleaned here, once, for every command and autocomplete.

        discord.py calls this before it reads the options, so every cog, check and service sees
        the cleaned text: no control characters (PostgreSQL refuses NUL), no lone surrogates.
        """
        interaction.extras[STARTED] = time.perf_counter()
        data = cast(dict[str, Any], interaction.data or {})
        autocomplete = interaction.type is discord.InteractionType.autocomplete
        try:
            clean_options(data.get("options") or [], autocomplete=autocomplete)
        except InvalidInputError as refusal:
            await report_error(interaction, refusal)  # nothing has run yet: nothing to undo
            return False
        return True

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        self.count_failure(interaction)
        await report_error(interaction, error)

    def count_failure(self, interaction: discord.Interaction) -> None:
        """The failed command in the metrics (every on_error, a subclass's too, calls this)."""
        metrics = getattr(interaction.client, "metrics", None)
        if metrics is not None and interaction.command is not None:
            metrics.command_done(
                interaction.command.qualified_name, interaction.extras.get(STARTED), failed=True
            )
