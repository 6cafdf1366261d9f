"""/party: the active campaign's party roster; a GM also sees each member's vitals at a glance."""

from typing import cast

import discord
from discord import app_commands
from discord.ext import commands

from bot import autocomplete
from bot.app import TableBot
from bot.checks import guild_id_of, is_gm_member
from bot.ui.paginator import send_pages
from bot.ui.party_embeds import party_change_text, party_pages


async def _choices(interaction: discord.Interaction, current: str, *, members: bool) -> autocomplete.Choices:
    # A player is offered only their own characters: those are all they may add or remove.
    owner_id = None if await is_gm_member(interaction) else interaction.user.id
    bot = cast(TableBot, interaction.client)  # cast: the client is always our TableBot
    found = await bot.services.party.choices(
        guild_id_of(interaction), current, members=members, owner_id=owner_id
    )
    return [app_commands.Choice(name=c.name[:100], value=c.id) for c in found]


@autocomplete.guarded("Party candidate")
async def candidates(interaction: discord.Interaction, current: str) -> autocomplete.Choices:
    """The active campaign's characters not in the party yet."""
    return await _choices(interaction, current, members=False)


@autocomplete.guarded("Party member")
async def members(interaction: discord.Interaction, current: str) -> autocomplete.Choices:
    """The party's members."""
    return await _choices(interaction, current, members=True)


@app_commands.guild_only()
class PartyCog(commands.GroupCog, group_name="party", group_description="The active campaign's party"):
    def __init__(self, bot: TableBot) -> None:
        self.bot = bot
        self.party = bot.services.party
        super().__init__()

    @app_commands.command(name="add", description="Add a character to the party (yours, or any as GM)")
    @app_commands.autocomplete(character=candidates)
    async def add(self, interaction: discord.Interaction, character: str) -> None:
        change = await self.party.add(
            guild_id_of(interaction), interaction.user.id, await is_gm_member(interaction), character
        )
        await interaction.response.send_message(party_change_text(change))

    @app_commands.command(
        name="remove", description="Remove a character from the party (yours, or any as GM)"
    )
    @app_commands.autocomplete(character=members)
    async def remove(self, interaction: discord.Interaction, character: str) -> None:
        change = await self.party.remove(
            guild_id_of(interaction), interaction.user.id, await is_gm_member(interaction), character
        )
        await interaction.response.send_message(party_change_text(change))

    @app_commands.command(name="show", description="The party (GMs also see HP, AC, conditions and slots)")
    @app_commands.describe(public="GMs: post the players' view to the channel")
    async def show(self, interaction: discord.Interaction, public: bool = False) -> None:
        gm = await is_gm_member(interaction) and not public
        party = await self.party.show(guild_id_of(interaction), gm=gm)
        # The GM's view holds each member's figures, so only the GM sees it.
        await send_pages(interaction, party_pages(party, gm=gm), ephemeral=gm)


async def setup(bot: TableBot) -> None:
    await bot.add_cog(PartyCog(bot))
