"""A guild's bot settings as an embed."""

import discord

from bot.ui.embeds import info_embed
from db.services import GuildConfig


def config_embed(config: GuildConfig, title: str = "Bot settings for this server") -> discord.Embed:
    embed = info_embed(title)
    gm = f"<@&{config.gm_role_id}>" if config.gm_role_id else "not set (only admins count as GMs)"
    embed.add_field(name="GM role", value=gm, inline=False)
    channel = f"<#{config.gm_channel_id}>" if config.gm_channel_id else "not set (no secret rolls)"
    embed.add_field(name="GM channel", value=channel, inline=False)
    embed.add_field(name="Default ruleset", value=config.ruleset, inline=True)
    embed.add_field(name="Spell visibility", value=config.spell_visibility, inline=True)
    embed.add_field(name="Active campaign", value=config.active_campaign_name or "none", inline=False)
    return embed
