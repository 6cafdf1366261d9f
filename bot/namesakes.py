"""The command tree that answers an ambiguous typed name with a select, then runs the command again.

Autocomplete sends ids, so this is for names typed by hand that several rows share (characters
of one name in two campaigns): services raise ``AmbiguousError`` with each candidate's id and
label, and the member's pick re-runs the same command with that option set to the id.
"""

import discord
from discord import app_commands

from bot.tree import BotTree, report_error
from bot.ui.pickers import NamesakePicker
from rules.errors import AmbiguousError


class TableTree(BotTree):
    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        self.count_failure(interaction)
        await answer_error(interaction, interaction.command, error)


async def answer_error(interaction: discord.Interaction, command: object, error: BaseException) -> None:
    """The select for an ambiguous name, when the option it came from can be found; else the one handler."""
    cause = error.original if isinstance(error, app_commands.CommandInvokeError) else error
    option = _option_of(interaction.namespace, cause) if isinstance(cause, AmbiguousError) else None
    if not isinstance(command, app_commands.Command) or option is None:
        await report_error(interaction, error)
        return
    assert isinstance(cause, AmbiguousError)
    # copy.copy cannot copy a Namespace (its __getattr__ answers None for __setstate__).
    namespace = app_commands.Namespace.__new__(app_commands.Namespace)
    namespace.__dict__.update(interaction.namespace.__dict__)

    async def run_again(picked: discord.Interaction, value: str) -> None:
        setattr(namespace, option, value)
        try:
            # discord.py's own path for a command: its checks, then its option transformers.
            await command._invoke_with_namespace(picked, namespace)
        except Exception as again:  # every error goes to the one handler
            await answer_error(picked, command, again)

    picker = NamesakePicker(interaction.user.id, cause.choices, run_again)
    # The refusal still reaches the handler's log path and simcord's capture as before.
    if interaction.response.is_done():
        await interaction.followup.send(cause.message, view=picker, ephemeral=True)
    else:
        await interaction.response.send_message(cause.message, view=picker, ephemeral=True)


def _option_of(namespace: app_commands.Namespace, cause: AmbiguousError) -> str | None:
    """The option (its Discord name) whose value is the ambiguous text."""
    return next((name for name, value in namespace if value == cause.typed), None)
