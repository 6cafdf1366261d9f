"""/world: facts of the active campaign's world, some of them secret (GM-only)."""

import discord
from discord import app_commands
from discord.ext import commands

from bot import autocomplete
from bot.app import TableBot
from bot.checks import guild_id_of, is_gm, is_gm_member
from bot.ui.paginator import send_pages
from bot.ui.world_embeds import fact_set_text, fact_unset_text, world_pages
from rules import limits


@app_commands.guild_only()
class WorldCog(commands.GroupCog, group_name="world", group_description="The active campaign's world state"):
    def __init__(self, bot: TableBot) -> None:
        self.bot = bot
        self.world = bot.services.world
        super().__init__()

    @app_commands.command(name="set", description="Set a fact of the world, e.g. Baron: dead (GM)")
    @app_commands.describe(secret="Only GMs see it (default: everyone sees it)")
    @app_commands.autocomplete(fact=autocomplete.world_facts)
    @is_gm()
    async def set_fact(
        self,
        interaction: discord.Interaction,
        fact: app_commands.Range[str, 1, limits.WORLD_FACT],
        value: app_commands.Range[str, 1, limits.WORLD_FACT_VALUE],
        secret: bool = False,
    ) -> None:
        change = await self.world.set_fact(guild_id_of(interaction), fact, value, secret)
        # A secret stays between the GM and the bot; a public fact is news for the table.
        hidden = change.fact.secret or bool(change.previous and change.previous.secret)
        await interaction.response.send_message(fact_set_text(change), ephemeral=hidden)

    @app_commands.command(name="unset", description="Forget a fact of the world (GM)")
    @app_commands.autocomplete(fact=autocomplete.world_facts)
    @is_gm()
    async def unset_fact(self, interaction: discord.Interaction, fact: str) -> None:
        campaign_name, removed = await self.world.unset_fact(guild_id_of(interaction), fact)
        await interaction.response.send_message(
            fact_unset_text(campaign_name, removed), ephemeral=removed.secret
        )

    @app_commands.command(name="show", description="What is known of the world (GMs also see secret facts)")
    @app_commands.describe(public="GMs: post the facts everyone may see to the channel")
    async def show(self, interaction: discord.Interaction, public: bool = False) -> None:
        gm = await is_gm_member(interaction) and not public
        world = await self.world.show(guild_id_of(interaction), gm=gm)
        # The GM's view holds secrets, so only the GM sees it.
        await send_pages(interaction, world_pages(world, gm=gm), ephemeral=gm)


async def setup(bot: TableBot) -> None:
    await bot.add_cog(WorldCog(bot))
