"""/config: per-guild settings for server admins."""

from typing import Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import TableBot
from bot.checks import guild_id_of, is_admin
from bot.ui.config_embeds import config_embed
from bot.ui.embeds import success_embed
from rules.errors import InvalidInputError
from rules.ruleset import Ruleset


@app_commands.default_permissions(manage_guild=True)
class ConfigCog(
    commands.GroupCog, group_name="config", group_description="Bot settings for this server (admins)"
):
    def __init__(self, bot: TableBot) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(name="show", description="Show this server's bot settings")
    @is_admin()
    async def show(self, interaction: discord.Interaction) -> None:
        config = await self.bot.services.guild_settings.get(guild_id_of(interaction))
        await interaction.response.send_message(embed=config_embed(config), ephemeral=True)

    @app_commands.command(name="gm-role", description="Set the role whose members are game masters")
    @app_commands.describe(role="Members with this role can run campaigns and NPCs")
    @is_admin()
    async def gm_role(self, interaction: discord.Interaction, role: discord.Role) -> None:
        if role.guild.id != guild_id_of(interaction):
            raise InvalidInputError("That role is not a role of this server.")
        if role.is_default():
            raise InvalidInputError("@everyone cannot be the GM role: it would make every member a GM.")
        config = await self.bot.services.guild_settings.set_gm_role(guild_id_of(interaction), role.id)
        await interaction.response.send_message(
            embed=config_embed(config, f"GM role set to {role.name}"[:256]), ephemeral=True
        )

    @app_commands.command(name="gm-channel", description="Set the channel where secret rolls are posted")
    @app_commands.describe(channel="A channel only the GMs can read")
    @is_admin()
    async def gm_channel(self, interaction: discord.Interaction, channel: discord.TextChannel) -> None:
        if channel.guild.id != guild_id_of(interaction):
            raise InvalidInputError("That channel is not a channel of this server.")
        config = await self.bot.services.guild_settings.set_gm_channel(guild_id_of(interaction), channel.id)
        await interaction.response.send_message(
            embed=config_embed(config, f"GM channel set to #{channel.name}"[:256]), ephemeral=True
        )

    @app_commands.command(
        name="ruleset", description="Set the default rules: 2014 (SRD 5.1) or 2024 (SRD 5.2)"
    )
    @is_admin()
    async def ruleset(self, interaction: discord.Interaction, ruleset: Ruleset) -> None:
        config = await self.bot.services.guild_settings.set_ruleset(guild_id_of(interaction), ruleset)
        await interaction.response.send_message(
            embed=success_embed(f"Default ruleset is now {config.ruleset}"), ephemeral=True
        )

    @app_commands.command(
        name="spell-visibility", description="Whether spell cards are posted or shown only to you"
    )
    @app_commands.describe(
        visibility="public: everyone sees cards; private: only the asker, with a Share button"
    )
    @is_admin()
    async def spell_visibility(
        self, interaction: discord.Interaction, visibility: Literal["public", "private"]
    ) -> None:
        config = await self.bot.services.guild_settings.set_spell_visibility(
            guild_id_of(interaction), visibility
        )
        await interaction.response.send_message(
            embed=success_embed(f"Spell cards are now {config.spell_visibility}"), ephemeral=True
        )


async def setup(bot: TableBot) -> None:
    await bot.add_cog(ConfigCog(bot))
