"""Views around NPCs: the paged interaction log."""

from typing import TypedDict

import discord

from bot.ui.npc_embeds import history_embed
from bot.ui.views import OwnedView
from db.services.npcs import NPCService
from rules.interactions import InteractionType


class HistoryQuery(TypedDict):
    """The /npc history options that every page of the log is read with."""

    npc: str
    character: str | None
    interaction_type: InteractionType | None


class HistoryView(OwnedView):
    """Older/Newer buttons that fetch one page of the log at a time."""

    def __init__(
        self, owner_id: int, npcs: NPCService, guild_id: int, query: HistoryQuery, pages: int, filters: str
    ) -> None:
        super().__init__(owner_id)
        self.npcs, self.guild_id, self.query, self.filters = npcs, guild_id, query, filters
        self.page, self.pages = 1, pages
        self._update()

    def _update(self) -> None:
        self.newer.disabled = self.page <= 1
        self.older.disabled = self.page >= self.pages

    async def _show(self, interaction: discord.Interaction, page: int) -> None:
        name, found = await self.npcs.history(self.guild_id, page=page, **self.query)
        self.page, self.pages = found.page, found.pages
        self._update()
        await interaction.response.edit_message(embed=history_embed(name, found, self.filters), view=self)

    @discord.ui.button(label="Newer", style=discord.ButtonStyle.secondary)
    async def newer(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await self._show(interaction, self.page - 1)

    @discord.ui.button(label="Older", style=discord.ButtonStyle.secondary)
    async def older(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await self._show(interaction, self.page + 1)
