"""/quest: the active campaign's quest log."""

from typing import Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot import autocomplete
from bot.app import TableBot
from bot.checks import guild_id_of, is_gm
from bot.ui.campaign_embeds import quest_pages
from bot.ui.paginator import send_pages
from bot.ui.text import escape
from rules import limits


@app_commands.guild_only()
class QuestCog(commands.GroupCog, group_name="quest", group_description="The active campaign's quest log"):
    def __init__(self, bot: TableBot) -> None:
        self.bot = bot
        self.campaigns = bot.services.campaigns
        super().__init__()

    @app_commands.command(name="add", description="Add an open quest to the active campaign (GM)")
    @is_gm()
    async def add(
        self,
        interaction: discord.Interaction,
        title: app_commands.Range[str, 1, limits.QUEST_TITLE],
        details: app_commands.Range[str, 1, limits.QUEST_DETAILS] | None = None,
    ) -> None:
        campaign, quest = await self.campaigns.add_quest(guild_id_of(interaction), title, details)
        await interaction.response.send_message(
            f"New quest in **{escape(campaign.name)}**: {escape(quest.title)}"
        )

    @app_commands.command(name="done", description="Mark a quest of the active campaign done (GM)")
    @app_commands.autocomplete(quest=autocomplete.open_quests)
    @is_gm()
    async def done(self, interaction: discord.Interaction, quest: str) -> None:
        campaign, closed = await self.campaigns.complete_quest(guild_id_of(interaction), quest)
        await interaction.response.send_message(
            f"Quest done in **{escape(campaign.name)}**: {escape(closed.title)}"
        )

    @app_commands.command(name="list", description="The active campaign's quests")
    async def list_quests(
        self, interaction: discord.Interaction, status: Literal["open", "done", "all"] = "open"
    ) -> None:
        campaign = await self.campaigns.get(guild_id_of(interaction), None)
        await send_pages(interaction, quest_pages(campaign, status), ephemeral=False)


async def setup(bot: TableBot) -> None:
    await bot.add_cog(QuestCog(bot))
