"""/about: what this bot is and how it runs."""

import time
from datetime import timedelta
from importlib.metadata import PackageNotFoundError, version

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import TableBot
from bot.ui.embeds import info_embed
from rules.srd import ATTRIBUTION


def bot_version() -> str:
    try:
        return version("tablebot")
    except PackageNotFoundError:
        return "unknown"


def format_uptime(seconds: float) -> str:
    return str(timedelta(seconds=int(seconds)))


class AboutCog(commands.Cog):
    def __init__(self, bot: TableBot) -> None:
        self.bot = bot

    @app_commands.command(name="about", description="About this bot: version, database, servers, uptime")
    async def about(self, interaction: discord.Interaction) -> None:
        uptime = time.monotonic() - (self.bot.started_at or time.monotonic())
        embed = info_embed(
            "D&D table bot", "Spells, dice, characters, campaigns and NPCs with memory, for live 5e play."
        )
        embed.add_field(name="Version", value=bot_version(), inline=True)
        # The backend's name only: never the URL, which may hold a password.
        embed.add_field(name="Database", value=self.bot.db.backend, inline=True)
        embed.add_field(name="Servers", value=str(len(self.bot.guilds)), inline=True)
        embed.add_field(name="Uptime", value=format_uptime(uptime), inline=True)
        for ruleset, text in ATTRIBUTION.items():
            embed.add_field(name=f"Spells ({ruleset} rules)", value=text, inline=False)
        await interaction.response.send_message(embed=embed, ephemeral=True)


async def setup(bot: TableBot) -> None:
    await bot.add_cog(AboutCog(bot))
