"""Secret rolls: find the GM channel before rolling, post the result there, tell the roller."""

from typing import TYPE_CHECKING, cast

import discord

from bot.checks import guild_id_of
from bot.ui.dice import secret_roll_message, secret_roll_reply
from db.services.dice import RollEntry
from rules.errors import InvalidInputError

if TYPE_CHECKING:
    from bot.app import TableBot

NO_GM_CHANNEL = "This server has no GM channel for secret rolls: an admin sets one with /config gm-channel."


async def secret_channel(interaction: discord.Interaction) -> discord.TextChannel:
    """The GM channel, checked before anything is rolled or stored (no query once settings are cached)."""
    bot = cast("TableBot", interaction.client)  # cast: the client is always our TableBot
    channel_id = (await bot.services.guild_settings.settings(guild_id_of(interaction))).gm_channel_id
    channel = interaction.guild.get_channel(channel_id) if interaction.guild and channel_id else None
    if not isinstance(channel, discord.TextChannel):
        raise InvalidInputError(NO_GM_CHANNEL)
    return channel


async def post_secret(
    interaction: discord.Interaction, channel: discord.TextChannel, roll: RollEntry
) -> None:
    """The result to the GM channel (nobody pinged), and to the roller only that it was rolled."""
    await channel.send(
        secret_roll_message(interaction.user.display_name, roll),
        allowed_mentions=discord.AllowedMentions.none(),
    )
    await interaction.response.send_message(secret_roll_reply(channel.id), ephemeral=True)
