"""/campaign: a guild's campaigns, their templates, house rules, export and import."""

import asyncio
import io

import discord
from discord import app_commands
from discord.ext import commands

from bot import autocomplete
from bot.app import TableBot
from bot.checks import guild_id_of, is_gm, membership_of
from bot.ui.campaign_embeds import (
    created_embed,
    delete_question,
    deleted_text,
    edited_embed,
    export_filename,
    imported_text,
    info_pages,
    list_pages,
    template_pages,
)
from bot.ui.charts import grid_caption, nothing_in_grid, standings_grid_png
from bot.ui.confirm import ask
from bot.ui.embeds import success_embed
from bot.ui.paginator import send_pages
from bot.ui.text import escape
from bot.uploads import read_upload
from db.campaigns.export import MAX_EXPORT_BYTES
from db.services.campaigns import TONES
from rules import limits
from rules.errors import NotFoundError

Name = app_commands.Range[str, 1, limits.NAME]
Setting = app_commands.Range[str, 1, limits.CAMPAIGN_SETTING]
Tone = app_commands.Range[str, 1, limits.CAMPAIGN_TONE]
Description = app_commands.Range[str, 1, limits.CAMPAIGN_DESCRIPTION]


@autocomplete.guarded("Tone")
async def tone_suggestions(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    wanted = current.strip().lower()
    return [app_commands.Choice(name=t, value=t) for t in TONES if t.startswith(wanted)] or [
        app_commands.Choice(name=current[:100], value=current[:100])
    ] * bool(current.strip())


@app_commands.guild_only()
class CampaignCog(commands.GroupCog, group_name="campaign", group_description="This server's campaigns"):
    rule = app_commands.Group(name="rule", description="House rules of the active campaign")

    def __init__(self, bot: TableBot) -> None:
        self.bot = bot
        self.campaigns = bot.services.campaigns
        super().__init__()

    @app_commands.command(name="create", description="Start a new campaign (GM)")
    @app_commands.describe(template="Start from a template: its world and house rules are copied")
    @app_commands.autocomplete(tone=tone_suggestions, template=autocomplete.templates)
    @is_gm()
    async def create(
        self,
        interaction: discord.Interaction,
        name: Name,
        setting: Setting,
        tone: Tone | None = None,
        description: Description | None = None,
        template: str | None = None,
    ) -> None:
        campaign, active = await self.campaigns.create(
            guild_id_of(interaction),
            name=name,
            setting=setting,
            tone=tone,
            description=description,
            template=template,
        )
        await interaction.response.send_message(embed=created_embed(campaign, active))

    @app_commands.command(name="list", description="This server's campaigns")
    async def list_campaigns(self, interaction: discord.Interaction) -> None:
        campaigns, active = await self.campaigns.of_guild(guild_id_of(interaction))
        if not campaigns:
            raise NotFoundError("This server has no campaigns yet. A GM can start one with /campaign create.")
        await send_pages(interaction, list_pages(campaigns, active), ephemeral=False)

    @app_commands.command(name="info", description="A campaign's overview (default: the active one)")
    @app_commands.autocomplete(campaign=autocomplete.campaigns)
    async def info(self, interaction: discord.Interaction, campaign: str | None = None) -> None:
        found = await self.campaigns.info(guild_id_of(interaction), campaign)
        pages = info_pages(found.campaign, found.counts, active=found.active)
        await send_pages(interaction, pages, ephemeral=False)

    @app_commands.command(name="use", description="Make a campaign this server's active one (GM)")
    @app_commands.autocomplete(campaign=autocomplete.campaigns)
    @is_gm()
    async def use(self, interaction: discord.Interaction, campaign: str) -> None:
        chosen = await self.campaigns.use(guild_id_of(interaction), campaign)
        await interaction.response.send_message(
            embed=success_embed(f"Active campaign: {escape(chosen.name)}"[:256])
        )

    @app_commands.command(
        name="edit", description="Change a campaign's details (GM); `-` clears an optional one"
    )
    @app_commands.describe(
        description="The campaign's description; `-` clears it",
        world_description="The world's description; `-` clears it",
    )
    @app_commands.autocomplete(campaign=autocomplete.campaigns, tone=tone_suggestions)
    @is_gm()
    async def edit(
        self,
        interaction: discord.Interaction,
        campaign: str,
        name: Name | None = None,
        setting: Setting | None = None,
        tone: Tone | None = None,
        description: Description | None = None,
        world_description: app_commands.Range[str, 1, limits.WORLD_DESCRIPTION] | None = None,
    ) -> None:
        edited = await self.campaigns.edit(
            guild_id_of(interaction),
            campaign,
            name=name,
            setting=setting,
            tone=tone,
            description=description,
            world_description=world_description,
        )
        await interaction.response.send_message(embed=edited_embed(edited))

    @app_commands.command(name="delete", description="Delete a campaign with its NPCs and their history (GM)")
    @app_commands.autocomplete(campaign=autocomplete.campaigns)
    @is_gm()
    async def delete(self, interaction: discord.Interaction, campaign: str) -> None:
        found = await self.campaigns.info(guild_id_of(interaction), campaign)

        async def confirmed(button_interaction: discord.Interaction) -> None:
            name, removed = await self.campaigns.delete(guild_id_of(interaction), found.campaign.id)
            await button_interaction.response.edit_message(content=deleted_text(name, removed), view=None)

        await ask(interaction, delete_question(found.campaign, found.counts), confirmed)

    @app_commands.command(name="templates", description="Campaign templates: built-in ones and this server's")
    async def templates(self, interaction: discord.Interaction) -> None:
        found = await self.campaigns.templates(guild_id_of(interaction))
        await send_pages(interaction, template_pages(found), ephemeral=True)

    @app_commands.command(name="save-template", description="Save a copy of a campaign as a template (GM)")
    @app_commands.autocomplete(campaign=autocomplete.campaigns)
    @is_gm()
    async def save_template(self, interaction: discord.Interaction, campaign: str) -> None:
        template = await self.campaigns.save_template(guild_id_of(interaction), campaign)
        await interaction.response.send_message(
            embed=success_embed(f"Template saved: {escape(template.name)}"[:256]), ephemeral=True
        )

    @rule.command(name="add", description="Add a house rule to the active campaign (GM)")
    @is_gm()
    async def rule_add(
        self, interaction: discord.Interaction, text: app_commands.Range[str, 1, limits.HOUSE_RULE]
    ) -> None:
        campaign = await self.campaigns.add_rule(guild_id_of(interaction), text)
        await interaction.response.send_message(
            f"House rule {len(campaign.rules)} added to **{escape(campaign.name)}**: {escape(text)}"[:2000]
        )

    @rule.command(name="remove", description="Remove a house rule by its number in /campaign info (GM)")
    @is_gm()
    async def rule_remove(
        self, interaction: discord.Interaction, number: app_commands.Range[int, 1, limits.HOUSE_RULES]
    ) -> None:
        text, campaign = await self.campaigns.remove_rule(guild_id_of(interaction), number)
        await interaction.response.send_message(
            f"Removed rule {number} of **{escape(campaign.name)}**: {escape(text)}"[:2000]
        )

    @app_commands.command(name="standings", description="A picture: how each NPC stands with each character")
    @app_commands.autocomplete(campaign=autocomplete.campaigns)
    async def standings(self, interaction: discord.Interaction, campaign: str | None = None) -> None:
        grid = await self.bot.services.standings_report.campaign_grid(guild_id_of(interaction), campaign)
        caption = grid_caption(grid)
        if caption is None:
            await interaction.response.send_message(nothing_in_grid(grid), ephemeral=True)
            return
        await interaction.response.defer(thinking=True)
        png = await asyncio.to_thread(standings_grid_png, grid)  # matplotlib, off the event loop
        await interaction.followup.send(caption, file=discord.File(io.BytesIO(png), filename="standings.png"))

    @app_commands.command(name="export", description="Download a campaign with its NPCs and characters (GM)")
    @app_commands.autocomplete(campaign=autocomplete.campaigns)
    @is_gm()
    async def export(self, interaction: discord.Interaction, campaign: str | None = None) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        name, payload = await self.bot.services.campaign_transfer.export(guild_id_of(interaction), campaign)
        await interaction.followup.send(
            f"Export of **{escape(name)}**: import it with /campaign import.",
            file=discord.File(io.BytesIO(payload), filename=export_filename(name)),
            ephemeral=True,
        )

    @app_commands.command(name="import", description="Recreate an exported campaign in this server (GM)")
    @app_commands.describe(file="A file made by /campaign export")
    @is_gm()
    async def import_file(self, interaction: discord.Interaction, file: discord.Attachment) -> None:
        payload = await read_upload(file, MAX_EXPORT_BYTES)
        await interaction.response.defer(ephemeral=True, thinking=True)
        guild_id = guild_id_of(interaction)
        if interaction.guild is None:  # a guild not in the cache: as good as a DM here
            raise app_commands.NoPrivateMessage()
        result = await self.bot.services.campaign_transfer.import_(
            guild_id, payload, importer_id=interaction.user.id, is_member=membership_of(interaction.guild)
        )
        await interaction.followup.send(imported_text(result), ephemeral=True)


async def setup(bot: TableBot) -> None:
    await bot.add_cog(CampaignCog(bot))
