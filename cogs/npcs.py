"""/npc: NPCs, their interaction log, their relationships, and speaking as them."""

import asyncio
import io
from typing import cast

import discord
from discord import app_commands
from discord.ext import commands

from bot import autocomplete
from bot.app import TableBot
from bot.checks import guild_id_of, is_gm, is_gm_member
from bot.npc_voice import NPCVoice
from bot.tree import mark_changed
from bot.ui.charts import chart_caption, nothing_to_chart, npc_chart_png
from bot.ui.compendium_cards import choices, not_found_message
from bot.ui.confirm import ask
from bot.ui.npc_embeds import (
    NO_WEBHOOK_NOTICE,
    SPOKE_UNLOGGED,
    has_gm_only,
    history_embed,
    history_filters,
    interaction_reply,
    list_change_text,
    list_pages,
    npc_embed,
    npc_pages,
    standings_pages,
)
from bot.ui.npc_statblocks import action_label, attack_embed, statblock_reply
from bot.ui.npc_views import HistoryQuery, HistoryView
from bot.ui.paginator import send_pages
from bot.ui.text import escape
from db.services.interaction_details import InteractionDetails
from db.services.npc_details import ListKind, NPCDetailsEdit
from rules import limits
from rules.compendium import Monster
from rules.dice.sheet_rolls import SHEET_ROLLS, Advantage
from rules.errors import NotFoundError
from rules.interactions import InteractionType
from rules.text import clean_text

Name = app_commands.Range[str, 1, limits.NAME]
Detail = app_commands.Range[str, 1, limits.NPC_DETAIL]
PersonalityText = app_commands.Range[str, 1, limits.PERSONALITY]


@autocomplete.guarded("Quest hook")
async def npc_hooks(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    return await _entries(interaction, current, "hook")


@autocomplete.guarded("NPC item")
async def npc_items(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    return await _entries(interaction, current, "item")


async def _entries(
    interaction: discord.Interaction, current: str, kind: ListKind
) -> list[app_commands.Choice[str]]:
    """The chosen NPC's entries; GMs only, since a quest hook is GM-only."""
    npc = getattr(interaction.namespace, "npc", None)
    if not npc or not await is_gm_member(interaction):
        return []
    bot = cast(TableBot, interaction.client)  # cast: the client is always our TableBot
    entries = await bot.services.npcs.list_entries(guild_id_of(interaction), npc, kind)
    wanted = current.strip().casefold()
    return [app_commands.Choice(name=e[:100], value=e[:100]) for e in entries if wanted in e.casefold()][:25]


@autocomplete.guarded("Interaction roll")
async def interaction_rolls(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    """The checks of a sheet (with a character), and what was typed when it reads as dice."""
    typed = current.strip()
    dice = [app_commands.Choice(name=f"🎲 {typed}", value=typed)] if _looks_like_dice(typed) else []
    if getattr(interaction.namespace, "character", None) is None:
        return dice
    wanted = typed.casefold()
    checks = [
        app_commands.Choice(name=name, value=roll_id)
        for roll_id, name in SHEET_ROLLS.items()
        if wanted in name.casefold()
    ]
    return (dice + checks)[:25]


def _looks_like_dice(typed: str) -> bool:
    return len(typed) <= 90 and any(c.isdigit() for c in typed) and "d" in typed.casefold()


@app_commands.guild_only()
class NPCCog(commands.GroupCog, group_name="npc", group_description="NPCs and what they remember"):
    def __init__(self, bot: TableBot) -> None:
        self.bot = bot
        self.npcs = bot.services.npcs
        self.voice = NPCVoice()
        self.statblocks = bot.services.npc_statblocks
        self.compendium = bot.services.compendium
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
        # GM-only parts are private: a GM sees such a card ephemerally, players see it in the channel.
        await send_pages(interaction, npc_pages(found, gm=gm), ephemeral=gm and has_gm_only(found))

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
    @app_commands.describe(
        tactics="How it fights (GMs only see it)",
        avatar="An https:// link to its picture, used by /npc say",
        faction="The faction it belongs to (see /faction list)",
    )
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
        backstory: app_commands.Range[str, 1, limits.NPC_BACKSTORY] | None = None,
        appearance: app_commands.Range[str, 1, limits.NPC_APPEARANCE] | None = None,
        voice: app_commands.Range[str, 1, limits.NPC_VOICE] | None = None,
        tactics: app_commands.Range[str, 1, limits.NPC_TACTICS] | None = None,
        avatar: app_commands.Range[str, 1, limits.IMAGE_URL] | None = None,
        faction: Name | None = None,
    ) -> None:
        details = NPCDetailsEdit(backstory, appearance, voice, tactics, avatar, faction)
        edited = await self.npcs.edit(
            guild_id_of(interaction),
            npc,
            name=name,
            race=race,
            occupation=occupation,
            location=location,
            personality=personality,
            notes=notes,
            details=details,
        )
        await interaction.response.send_message(
            f"Updated **{escape(edited.name)}**.", embed=npc_pages(edited, gm=True)[0], ephemeral=True
        )

    hook = app_commands.Group(name="hook", description="An NPC's quest hooks (GM-only)")
    item = app_commands.Group(name="item", description="An NPC's inventory")

    @hook.command(name="add", description="Give an NPC a quest hook (GM)")
    @app_commands.autocomplete(npc=autocomplete.npcs)
    @is_gm()
    async def hook_add(
        self, interaction: discord.Interaction, npc: str, hook: app_commands.Range[str, 1, limits.SHORT]
    ) -> None:
        await self._change_list(interaction, npc, "hook", add=hook)

    @hook.command(name="remove", description="Take a quest hook from an NPC (GM)")
    @app_commands.autocomplete(npc=autocomplete.npcs, hook=npc_hooks)
    @is_gm()
    async def hook_remove(self, interaction: discord.Interaction, npc: str, hook: str) -> None:
        await self._change_list(interaction, npc, "hook", remove=hook)

    @item.command(name="add", description="Put an item in an NPC's inventory (GM)")
    @app_commands.autocomplete(npc=autocomplete.npcs)
    @is_gm()
    async def item_add(self, interaction: discord.Interaction, npc: str, item: Name) -> None:
        await self._change_list(interaction, npc, "item", add=item)

    @item.command(name="remove", description="Take an item from an NPC's inventory (GM)")
    @app_commands.autocomplete(npc=autocomplete.npcs, item=npc_items)
    @is_gm()
    async def item_remove(self, interaction: discord.Interaction, npc: str, item: str) -> None:
        await self._change_list(interaction, npc, "item", remove=item)

    async def _change_list(
        self,
        interaction: discord.Interaction,
        npc: str,
        kind: ListKind,
        *,
        add: str | None = None,
        remove: str | None = None,
    ) -> None:
        changed, entry = await self.npcs.change_list(
            guild_id_of(interaction), npc, kind, add=add, remove=remove
        )
        # A quest hook is GM-only; an item changing hands is news for the table.
        await interaction.response.send_message(
            list_change_text(changed, kind, entry, added=add is not None), ephemeral=kind == "hook"
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
    @app_commands.describe(
        change="How the NPC's standing with the character moves, -10..10",
        roll="A check from the character's sheet (e.g. Persuasion), or dice: 1d20+5",
        dc=f"The difficulty the roll must meet ({limits.DC_MIN}-{limits.DC_MAX}): success or failure",
        consequence="What came of it, e.g. The guards now watch the inn",
        location="Where it happened",
    )
    @app_commands.autocomplete(
        npc=autocomplete.npcs,
        character=autocomplete.characters,
        roll=interaction_rolls,
        location=autocomplete.npc_locations,
    )
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
        roll: app_commands.Range[str, 1, limits.DICE_EXPRESSION] | None = None,
        dc: app_commands.Range[int, limits.DC_MIN, limits.DC_MAX] | None = None,
        consequence: app_commands.Range[str, 1, limits.INTERACTION_CONSEQUENCE] | None = None,
        location: Detail | None = None,
    ) -> None:
        # cast: Discord sends the channel with every slash command interaction.
        details = InteractionDetails(roll, dc, consequence, location, cast(int, interaction.channel_id))
        result = await self.npcs.interact(
            guild_id_of(interaction),
            npc,
            interaction_type=interaction_type,
            summary=summary,
            character=character,
            outcome=outcome,
            change=change,
            logged_by=interaction.user.id,
            details=details,
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

    @app_commands.command(
        name="chart", description="A picture of an NPC's standing toward each character over time"
    )
    @app_commands.autocomplete(npc=autocomplete.npcs)
    async def chart(self, interaction: discord.Interaction, npc: str) -> None:
        timeline = await self.bot.services.standings_report.npc_timeline(guild_id_of(interaction), npc)
        caption = chart_caption(timeline)
        if caption is None:
            await interaction.response.send_message(nothing_to_chart(timeline.npc_name), ephemeral=True)
            return
        await interaction.response.defer(thinking=True)
        png = await asyncio.to_thread(npc_chart_png, timeline)  # matplotlib, off the event loop
        await interaction.followup.send(caption, file=discord.File(io.BytesIO(png), filename="standings.png"))

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

    @app_commands.command(
        name="statblock", description="Give an NPC a monster's stat block, e.g. a Veteran (GM)"
    )
    @app_commands.describe(
        monster="The monster whose stat block to copy",
        hp="Hit points instead of the monster's",
        ac="Armor class instead of the monster's",
    )
    @app_commands.autocomplete(npc=autocomplete.npcs)
    @is_gm()
    async def statblock(
        self,
        interaction: discord.Interaction,
        npc: str,
        monster: str,
        hp: app_commands.Range[int, 1, 9999] | None = None,
        ac: app_commands.Range[int, 0, 40] | None = None,
    ) -> None:
        guild_id = guild_id_of(interaction)
        found = await self.compendium.look_up("monster", monster, guild_id)
        record = found.resolved.record
        if not isinstance(record, Monster):
            resolved = found.resolved
            raise NotFoundError(
                not_found_message(
                    "monster", monster, found.ruleset, resolved.other_ruleset, resolved.suggestions
                )
            )
        updated = await self.statblocks.set_stat_block(
            guild_id, npc, record.with_overrides(hit_points=hp, armor_class=ac)
        )
        await interaction.response.send_message(
            statblock_reply(updated.name, record.name, record.ruleset, hp, ac),
            embed=npc_pages(updated, gm=True)[0],
            ephemeral=True,
        )

    @statblock.autocomplete("monster")
    @autocomplete.guarded("Monster name")
    async def statblock_monster(self, interaction: discord.Interaction, current: str) -> autocomplete.Choices:
        return choices(self.compendium.autocomplete("monster", current, guild_id_of(interaction)))

    @app_commands.command(name="attack", description="Roll an NPC's attack from its stat block (GM)")
    @app_commands.describe(
        action="One of the NPC's attacks", advantage="Advantage or disadvantage on the attack"
    )
    @app_commands.autocomplete(npc=autocomplete.npcs)
    @is_gm()
    async def attack(
        self,
        interaction: discord.Interaction,
        npc: str,
        action: app_commands.Range[str, 1, limits.NAME],
        advantage: Advantage = "normal",
    ) -> None:
        assert interaction.channel_id is not None
        result = await self.statblocks.attack(
            guild_id_of(interaction), interaction.channel_id, interaction.user.id, npc, action, advantage
        )
        await interaction.response.send_message(embed=attack_embed(result), ephemeral=True)

    @attack.autocomplete("action")
    @autocomplete.guarded("NPC action")
    async def attack_action(self, interaction: discord.Interaction, current: str) -> autocomplete.Choices:
        npc = interaction.namespace.npc
        if not npc or not await is_gm_member(interaction):
            return []
        found = await self.statblocks.actions(guild_id_of(interaction), npc)
        typed = current.casefold()
        return [
            app_commands.Choice(name=action_label(a)[:100], value=a.name[:100])
            for a in found
            if typed in a.name.casefold()
        ][:25]


async def setup(bot: TableBot) -> None:
    await bot.add_cog(NPCCog(bot))
