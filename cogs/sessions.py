"""/session: sessions of play of the active campaign and recaps built from what was logged."""

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import TableBot
from bot.checks import guild_id_of, is_gm, is_gm_member
from bot.ui.paginator import send_pages
from bot.ui.session_embeds import ended_embed, noted_text, recap_pages, session_list_pages, started_embed
from rules import limits


@app_commands.guild_only()
class SessionCog(commands.GroupCog, group_name="session", group_description="Sessions of play and recaps"):
    def __init__(self, bot: TableBot) -> None:
        self.bot = bot
        self.sessions = bot.services.sessions
        super().__init__()

    @app_commands.command(name="start", description="Start a session of the active campaign (GM)")
    @is_gm()
    async def start(
        self,
        interaction: discord.Interaction,
        title: app_commands.Range[str, 1, limits.SESSION_TITLE] | None = None,
    ) -> None:
        change = await self.sessions.start(guild_id_of(interaction), title)
        await interaction.response.send_message(embed=started_embed(change))

    @app_commands.command(name="end", description="End the running session (GM)")
    @is_gm()
    async def end(
        self,
        interaction: discord.Interaction,
        summary: app_commands.Range[str, 1, limits.SESSION_SUMMARY] | None = None,
    ) -> None:
        change = await self.sessions.end(guild_id_of(interaction), summary)
        await interaction.response.send_message(embed=ended_embed(change))

    @app_commands.command(name="note", description="Note something in the running session (GM)")
    @app_commands.describe(secret="Only in the GM's recap (default: in everyone's)")
    @is_gm()
    async def note(
        self,
        interaction: discord.Interaction,
        text: app_commands.Range[str, 1, limits.SESSION_NOTE],
        secret: bool = False,
    ) -> None:
        change = await self.sessions.note(guild_id_of(interaction), text, secret)
        await interaction.response.send_message(noted_text(change, secret), ephemeral=True)

    @app_commands.command(name="list", description="The active campaign's sessions")
    async def list_sessions(self, interaction: discord.Interaction) -> None:
        listing = await self.sessions.list(guild_id_of(interaction))
        await send_pages(interaction, session_list_pages(listing), ephemeral=False)

    @app_commands.command(name="recap", description="What happened in a session (default: the latest)")
    @app_commands.describe(public="GMs: post the players' version to the channel")
    async def recap(
        self,
        interaction: discord.Interaction,
        number: app_commands.Range[int, 1, 10_000] | None = None,
        public: bool = False,
    ) -> None:
        gm = await is_gm_member(interaction) and not public
        recap = await self.sessions.recap(guild_id_of(interaction), number, gm=gm)
        # The GM's version holds secret notes and rolls, so only the GM sees it.
        await send_pages(interaction, recap_pages(recap, gm=gm), ephemeral=gm)


async def setup(bot: TableBot) -> None:
    await bot.add_cog(SessionCog(bot))
