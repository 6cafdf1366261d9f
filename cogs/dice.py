"""/roll and /rolls: dice in d20 notation, kept in the guild's roll history."""

from typing import cast

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import TableBot
from bot.checks import guild_id_of, is_gm_member
from bot.secret_rolls import post_secret, secret_channel
from bot.ui.dice import history_pages, history_title, no_rolls_text, roll_message
from bot.ui.paginator import Paginator, send_pages
from rules import limits


class DiceCog(commands.Cog):
    def __init__(self, bot: TableBot) -> None:
        self.bot = bot
        self.dice = bot.services.dice

    @app_commands.command(name="roll", description="Roll dice, e.g. 1d20+5, 2d20kh1+5 (advantage), 4d6kh3")
    @app_commands.describe(
        expression="d20 notation: 1d20+5, 2d20kh1+5 (adv.), 2d20kl1 (disadv.), 4d6kh3, 2d6ro1, 8d6e6",
        reason="What the roll is for, e.g. Stealth",
        private="Show the result only to you (your own /rolls still lists it; nobody else's does)",
        secret="Post the result only to the GM channel (/config gm-channel); /rolls shows it to GMs",
    )
    async def roll(
        self,
        interaction: discord.Interaction,
        expression: app_commands.Range[str, 1, limits.DICE_EXPRESSION],
        reason: app_commands.Range[str, 1, limits.ROLL_REASON] | None = None,
        private: bool = False,
        secret: bool = False,
    ) -> None:
        gm_channel = await secret_channel(interaction) if secret else None
        roll = await self.dice.roll(
            guild_id_of(interaction),
            # cast: Discord sends the channel with every slash command interaction.
            cast(int, interaction.channel_id),
            interaction.user.id,
            expression,
            reason,
            private=private,
            secret=secret,
        )
        if gm_channel is not None:
            await post_secret(interaction, gm_channel, roll)
            return
        await interaction.response.send_message(
            roll_message(interaction.user.display_name, roll),
            ephemeral=private,
            allowed_mentions=discord.AllowedMentions.none(),
        )

    @app_commands.command(name="rolls", description="Recent dice rolls in this server")
    @app_commands.describe(
        member="Only this member's rolls", limit=f"How many (1-{limits.RECENT_ROLLS}, default 10)"
    )
    async def rolls(
        self,
        interaction: discord.Interaction,
        member: discord.Member | None = None,
        limit: app_commands.Range[int, 1, limits.RECENT_ROLLS] = 10,
    ) -> None:
        rolls = await self.dice.recent(
            guild_id_of(interaction),
            member.id if member else None,
            limit,
            viewer_id=interaction.user.id,
            viewer_is_gm=await is_gm_member(interaction),
        )
        member_name = member.display_name if member else None
        if not rolls:
            await interaction.response.send_message(no_rolls_text(member_name), ephemeral=True)
            return
        pages = history_pages(history_title(len(rolls), member_name), rolls)
        await send_pages(interaction, pages, ephemeral=True, view=Paginator(pages, interaction.user.id))


async def setup(bot: TableBot) -> None:
    await bot.add_cog(DiceCog(bot))
