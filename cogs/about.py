"""/about: what this bot is and how it runs."""

import time
from importlib.metadata import PackageNotFoundError, version

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import TableBot
from bot.ui.about import about_embed


def bot_version() -> str:
    try:
        return version("tablebot")
    except PackageNotFoundError:
        return "unknown"


class AboutCog(commands.Cog):
    def __init__(self, bot: TableBot) -> None:
        self.bot = bot

    @app_commands.command(name="about", description="About this bot: version, database, servers, uptime")
    async def about(self, interaction: discord.Interaction) -> None:
        uptime = time.monotonic() - (self.bot.started_at or time.monotonic())
        embed = about_embed(bot_version(), self.bot.db.backend, len(self.bot.guilds), uptime)
        await interaction.response.send_message(embed=embed, ephemeral=True)


async def setup(bot: TableBot) -> None:
    await bot.add_cog(AboutCog(bot))
