"""/npc: NPCs, their interaction log, their relationships, and speaking as them."""

import discord
from discord import app_commands
from discord.ext import commands

from bot import autocomplete
from bot.app import TableBot
from bot.checks import guild_id_of, is_gm, is_gm_member
from bot.npc_voice import NPCVoice
from bot.tree import mark_changed
from bot.ui.confirm import ask
from bot.ui.npc_embeds import (
    NO_WEBHOOK_NOTICE,
    SPOKE_UNLOGGED,
    history_embed,
    history_filters,
    interaction_reply,
    list_pages,
    npc_embed,
    npc_pages,
    standings_pages,
)
from bot.ui.npc_views import HistoryQuery, HistoryView
from bot.ui.paginator import send_pages
from bot.ui.text import escape
from rules import limits
from rules.errors import NotFoundError
from rules.interactions import InteractionType
from rules.text import clean_text

Name = app_commands.Range[str, 1, limits.NAME]
Detail = app_commands.Range[str, 1, limits.NPC_DETAIL]
PersonalityText = app_commands.Range[str, 1, limits.PERSONALITY]


@app_commands.guild_only()
class NPCCog(commands.GroupCog, group_name="npc", group_description="NPCs and what they remember"):
    def __init__(self, bot: TableBot) -> None:
        self.bot = bot
        self.npcs = bot.services.npcs
        self.voice = NPCVoice()
        super().__init__()

    @app_commands.command(name="create", description="Create an NPC in a campaign (GM)")
    @app_commands.describe(personality="e.g. traits: gruff, loyal; ideals: honour; flaws: greedy")
    @app_commands.autocomplete(campaign=autocomplete.campaigns)
    @is_gm()
    async def create(
        self,
        interaction: discord.Interaction,
        name: Name,
        race: Detail | None = None,
        occupation: Detail | None = None,
        location: Detail | None = None,
        personality: PersonalityText | None = None,
        campaign: str | None = None,
    ) -> None:
        npc = await self.npcs.create(
            guild_id_of(interaction),
            name,
            race=race,
            occupation=occupation,
            location=location,
            personality=personality,
            campaign=campaign,
        )
        await interaction.response.send_message(
            f"Created **{escape(npc.name)}** in {escape(npc.campaign_name)}.",
            embed=npc_pages(npc, gm=True)[0],
            ephemeral=True,
        )

    @app_commands.command(
        name="show", description="An NPC's card: who they are and how they stand with each PC"
    )
    @app_commands.autocomplete(npc=autocomplete.npcs)
    async def show(self, interaction: discord.Interaction, npc: str) -> None:
        found = await self.npcs.get(guild_id_of(interaction), npc)
        gm = await is_gm_member(interaction)
        # GM notes are private: a GM sees the card ephemerally, players see it in the channel.
        await send_pages(interaction, npc_pages(found, gm=gm), ephemeral=gm and bool(found.data.gm_notes))

    @app_commands.command(name="list", description="NPCs of a campaign (default: the active one)")
    @app_commands.autocomplete(location=autocomplete.npc_locations, campaign=autocomplete.campaigns)
    async def list_npcs(
        self, interaction: discord.Interaction, location: str | None = None, campaign: str | None = None
    ) -> None:
        campaign_name, found = await self.npcs.of_guild(
            guild_id_of(interaction), location=location, campaign=campaign
        )
        if not found:
            where = f" at {location[: limits.NPC_DETAIL]}" if location else ""
            raise NotFoundError(f"{campaign_name} has no NPCs{where} yet.")
        await send_pages(interaction, list_pages(campaign_name, found), ephemeral=False)

    @app_commands.command(name="edit", description="Change an NPC (GM)")
    @app_commands.autocomplete(npc=autocomplete.npcs)
    @is_gm()
    async def edit(
        self,
        interaction: discord.Interaction,
        npc: str,
        name: Name | None = None,
        race: Detail | None = None,
        occupation: Detail | None = None,
        location: Detail | None = None,
        personality: PersonalityText | None = None,
        notes: app_commands.Range[str, 1, limits.GM_NOTES] | None = None,
    ) -> None:
        edited = await self.npcs.edit(
            guild_id_of(interaction),
            npc,
            name=name,
            race=race,
            occupation=occupation,
            location=location,
            personality=personality,
            notes=notes,
        )
        await interaction.response.send_message(
            f"Updated **{escape(edited.name)}**.", embed=npc_pages(edited, gm=True)[0], ephemeral=True
        )

    @app_commands.command(name="delete", description="Delete an NPC and its interaction log (GM)")
    @app_commands.autocomplete(npc=autocomplete.npcs)
    @is_gm()
    async def delete(self, interaction: discord.Interaction, npc: str) -> None:
        found = await self.npcs.get(guild_id_of(interaction), npc)

        async def confirmed(button_interaction: discord.Interaction) -> None:
            name, entries = await self.npcs.delete(guild_id_of(interaction), found.id)
            await button_interaction.response.edit_message(
                content=f"Deleted **{escape(name)}** and {entries} logged interactions.", view=None
            )

        await ask(
            interaction,
            f"Delete **{escape(found.name)}** and its whole interaction log? This cannot be undone.",
            confirmed,
        )

    @app_commands.command(
        name="interact", description="Log an interaction, optionally moving a relationship (GM)"
    )
    @app_commands.rename(interaction_type="type")
    @app_commands.describe(change="How the NPC's standing with the character moves, -10..10")
    @app_commands.autocomplete(npc=autocomplete.npcs, character=autocomplete.characters)
    @is_gm()
    async def interact(
        self,
        interaction: discord.Interaction,
        npc: str,
        interaction_type: InteractionType,
        summary: app_commands.Range[str, 1, limits.INTERACTION_SUMMARY],
        character: str | None = None,
        outcome: app_commands.Range[str, 1, limits.INTERACTION_OUTCOME] | None = None,
        change: app_commands.Range[int, -limits.RELATIONSHIP_CHANGE, limits.RELATIONSHIP_CHANGE] = 0,
    ) -> None:
        result = await self.npcs.interact(
            guild_id_of(interaction),
            npc,
            interaction_type=interaction_type,
            summary=summary,
            character=character,
            outcome=outcome,
            change=change,
            logged_by=interaction.user.id,
        )
        await interaction.response.send_message(interaction_reply(result))

    @app_commands.command(name="history", description="An NPC's interaction log, newest first")
    @app_commands.rename(interaction_type="type")
    @app_commands.autocomplete(npc=autocomplete.npcs, character=autocomplete.characters)
    async def history(
        self,
        interaction: discord.Interaction,
        npc: str,
        character: str | None = None,
        interaction_type: InteractionType | None = None,
    ) -> None:
        query: HistoryQuery = {"npc": npc, "character": character, "interaction_type": interaction_type}
        name, page = await self.npcs.history(guild_id_of(interaction), **query)
        filters = history_filters(bool(character), interaction_type)
        view = HistoryView(
            interaction.user.id, self.npcs, guild_id_of(interaction), query, page.pages, filters
        )
        await interaction.response.send_message(
            embed=history_embed(name, page, filters),
            view=view if page.pages > 1 else discord.utils.MISSING,
        )

    @app_commands.command(name="relationships", description="How an NPC stands with each character")
    @app_commands.autocomplete(npc=autocomplete.npcs)
    async def relationships(self, interaction: discord.Interaction, npc: str) -> None:
        found = await self.npcs.get(guild_id_of(interaction), npc)
        pages = standings_pages(
            f"{escape(found.name)}: relationships", list(found.standings), toward_npc=False
        )
        await send_pages(interaction, pages, ephemeral=False)

    @app_commands.command(name="say", description="Speak as an NPC in this channel (GM)")
    @app_commands.autocomplete(npc=autocomplete.npcs)
    @is_gm()
    async def say(
        self, interaction: discord.Interaction, npc: str, text: app_commands.Range[str, 1, limits.SPEECH]
    ) -> None:
        # Refused before anything is posted: Discord refuses a blank message (after the boundary's
        # cleaning, text of control characters only is blank too), and the log keeps what was posted.
        text = clean_text(text, "text", limits.SPEECH, required=True, empty="Give the NPC something to say.")
        found = await self.npcs.get(guild_id_of(interaction), npc)
        channel = interaction.channel
        avatar = found.data.avatar_url
        if isinstance(channel, discord.TextChannel) and self.voice.can_use_webhooks(channel):
            await interaction.response.defer(ephemeral=True, thinking=True)
            await self.voice.speak(channel, found.name, text, avatar)
            mark_changed(interaction, SPOKE_UNLOGGED)
            await interaction.followup.send(f"{escape(found.name)} spoke.", ephemeral=True)
        else:
            await interaction.response.send_message(embed=npc_embed(found.name, text, avatar))
            mark_changed(interaction, SPOKE_UNLOGGED)
            await interaction.followup.send(NO_WEBHOOK_NOTICE, ephemeral=True)
        await self.npcs.log_speech(guild_id_of(interaction), found.id, text, logged_by=interaction.user.id)


async def setup(bot: TableBot) -> None:
    await bot.add_cog(NPCCog(bot))
