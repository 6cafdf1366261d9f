"""Base views: owned by the member who ran the command, errors through the one handler."""

import discord

from bot.tree import report_error


class OwnedView(discord.ui.View):
    """Only the invoking member may press; everyone else is told so (never silence)."""

    def __init__(self, owner_id: int, *, timeout: float | None = 600) -> None:
        super().__init__(timeout=timeout)
        self.owner_id = owner_id

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id == self.owner_id:
            return True
        await interaction.response.send_message(
            "These buttons belong to whoever ran the command; run it yourself to get your own.",
            ephemeral=True,
        )
        return False

    async def on_error(
        self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item
    ) -> None:
        await report_error(interaction, error)
