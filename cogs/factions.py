"""/faction: the active campaign's factions, made of the NPCs who carry them (/npc edit faction:)."""

from typing import cast

import discord
from discord import app_commands
from discord.ext import commands

from bot import autocomplete
from bot.app import TableBot
from bot.checks import guild_id_of
from bot.ui.faction_embeds import faction_list_pages, faction_pages
from bot.ui.paginator import send_pages


@autocomplete.guarded("Faction")
async def factions(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    bot = cast(TableBot, interaction.client)  # cast: the client is always our TableBot
    _, found = await bot.services.factions.of_campaign(guild_id_of(interaction))
    wanted = current.strip().casefold()
    return [app_commands.Choice(name=f.name, value=f.name) for f in found if wanted in f.name.casefold()][:25]


@app_commands.guild_only()
class FactionCog(commands.GroupCog, group_name="faction", group_description="The active campaign's factions"):
    def __init__(self, bot: TableBot) -> None:
        self.bot = bot
        self.factions = bot.services.factions
        super().__init__()

    @app_commands.command(name="list", description="The factions of the active campaign")
    async def list_factions(self, interaction: discord.Interaction) -> None:
        campaign_name, found = await self.factions.of_campaign(guild_id_of(interaction))
        await send_pages(interaction, faction_list_pages(campaign_name, found), ephemeral=False)

    @app_commands.command(name="show", description="A faction's members and its standing with each character")
    @app_commands.autocomplete(faction=factions)
    async def show(self, interaction: discord.Interaction, faction: str) -> None:
        found = await self.factions.get(guild_id_of(interaction), faction)
        await send_pages(interaction, faction_pages(found), ephemeral=False)


async def setup(bot: TableBot) -> None:
    await bot.add_cog(FactionCog(bot))
