"""A Confirm/Cancel question that only the asker can answer and that expires harmlessly."""

import contextlib
from collections.abc import Awaitable, Callable

import discord

from bot.ui.views import OwnedView

OnConfirm = Callable[[discord.Interaction], Awaitable[None]]


class ConfirmView(OwnedView):
    def __init__(self, owner_id: int, on_confirm: OnConfirm, *, timeout: float = 60) -> None:
        super().__init__(owner_id, timeout=timeout)
        self.on_confirm = on_confirm
        self.message: discord.InteractionMessage | None = None

    def _disable(self) -> None:
        for item in self.children:
            if isinstance(item, discord.ui.Button):  # all of them: Confirm and Cancel
                item.disabled = True
        self.stop()

    @discord.ui.button(label="Confirm", style=discord.ButtonStyle.danger)
    async def confirm(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        self._disable()
        await self.on_confirm(interaction)

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary)
    async def cancel(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        self._disable()
        await interaction.response.edit_message(
            content="Cancelled: nothing was changed.", embed=None, view=self
        )

    async def on_timeout(self) -> None:
        if self.message is not None:
            self._disable()
            # The message may be gone by now; then there is nothing to tidy.
            with contextlib.suppress(discord.HTTPException):
                await self.message.edit(content="Timed out: nothing was changed.", view=self)


async def ask(
    interaction: discord.Interaction, question: str, on_confirm: OnConfirm, *, wait: float = 60
) -> None:
    """Ask in the channel; run ``on_confirm`` only if the invoker presses Confirm within ``wait`` s.

    The question is public so the table sees what is about to go; the buttons answer the invoker only.
    """
    view = ConfirmView(interaction.user.id, on_confirm, timeout=wait)
    await interaction.response.send_message(question, view=view)
    view.message = await interaction.original_response()
