"""/init: an encounter in this channel: initiative, turns and rounds, hit points, conditions."""

from typing import Literal, cast

import discord
from discord import app_commands
from discord.ext import commands

from bot import autocomplete
from bot.app import TableBot
from bot.checks import guild_id_of, is_gm, is_gm_member
from bot.ui import encounter_embeds as ui
from rules import limits
from rules.combat.hit_points import AMOUNT_MAX

Name = app_commands.Range[str, 1, limits.NAME]
Kind = Literal["damage", "heal", "temp"]
# Negative amounts reach the service, which refuses them in words.
Amount = app_commands.Range[int, -AMOUNT_MAX, AMOUNT_MAX]


def channel_of(interaction: discord.Interaction) -> int:
    # cast: Discord sends the channel with every slash command interaction.
    return cast(int, interaction.channel_id)


@autocomplete.guarded("Combatant")
async def targets(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    bot = cast(TableBot, interaction.client)
    gm = await is_gm_member(interaction)
    found = await bot.services.encounters.targets(
        guild_id_of(interaction), channel_of(interaction), current, viewer_is_gm=gm
    )
    return [app_commands.Choice(name=ui.target_label(c, gm=gm), value=c.id) for c in found]


@autocomplete.guarded("Condition")
async def conditions(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    bot = cast(TableBot, interaction.client)
    names = bot.services.encounters.condition_choices(guild_id_of(interaction), current)
    return [app_commands.Choice(name=n[:100], value=n[:100]) for n in names]


@autocomplete.guarded("Monster")
async def monsters(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    bot = cast(TableBot, interaction.client)
    found = bot.services.encounters.monster_choices(guild_id_of(interaction), current)
    return [app_commands.Choice(name=label[:100], value=slug[:100]) for label, slug in found]


@app_commands.guild_only()
class InitiativeCog(commands.GroupCog, group_name="init", group_description="Initiative and combat"):
    def __init__(self, bot: TableBot) -> None:
        self.bot = bot
        self.encounters = bot.services.encounters
        super().__init__()

    @app_commands.command(name="start", description="Open an encounter in this channel (GM)")
    @is_gm()
    async def start(self, interaction: discord.Interaction) -> None:
        await self.encounters.start(guild_id_of(interaction), channel_of(interaction), interaction.user.id)
        await interaction.response.send_message(ui.started_text())

    @app_commands.command(name="join", description="Join the encounter with your character")
    @app_commands.describe(
        character="Default: yours in the active campaign",
        initiative="Your initiative, if already rolled (else 1d20 + the sheet's initiative)",
        advantage="Roll initiative with advantage",
    )
    @app_commands.autocomplete(character=autocomplete.own_characters)
    async def join(
        self,
        interaction: discord.Interaction,
        character: str | None = None,
        initiative: app_commands.Range[int, -20, 100] | None = None,
        advantage: bool = False,
    ) -> None:
        joined = await self.encounters.join(
            guild_id_of(interaction),
            channel_of(interaction),
            interaction.user.id,
            await is_gm_member(interaction),
            character,
            initiative=initiative,
            advantage=advantage,
        )
        await interaction.response.send_message(ui.joined_text(joined))

    @app_commands.command(name="add", description="Add monsters, NPCs or other combatants (GM)")
    @app_commands.describe(
        name="Name shown in the order; several of one are numbered (Goblin 1, Goblin 2)",
        monster="A monster from the compendium: its stat block gives HP, AC and DEX",
        npc="An NPC of the campaign: its stat block comes along",
        count="How many (1-20)",
        initiative="Initiative for all of them (default: 1d20 + DEX each)",
        hp="Hit points (default: the stat block's average)",
        ac="Armour class",
        hidden="Hidden from players until /init reveal",
    )
    @app_commands.autocomplete(npc=autocomplete.npcs, monster=monsters)
    @is_gm()
    async def add(
        self,
        interaction: discord.Interaction,
        name: Name,
        monster: str | None = None,
        npc: str | None = None,
        count: app_commands.Range[int, 1, 20] = 1,
        initiative: app_commands.Range[int, -20, 100] | None = None,
        hp: app_commands.Range[int, 1, limits.HP_MAX * 10] | None = None,
        ac: app_commands.Range[int, 0, 50] | None = None,
        hidden: bool = False,
    ) -> None:
        joined = await self.encounters.add(
            guild_id_of(interaction),
            channel_of(interaction),
            name,
            monster=monster,
            npc=npc,
            count=count,
            initiative=initiative,
            hp=hp,
            ac=ac,
            hidden=hidden,
        )
        if hidden:
            await interaction.response.send_message(ui.added_text(joined, gm=True), ephemeral=True)
            return
        await interaction.response.send_message(ui.added_text(joined, gm=False))
        await interaction.followup.send(ui.added_text(joined, gm=True), ephemeral=True)

    @app_commands.command(name="next", description="End the turn: the next combatant acts")
    async def next_turn(self, interaction: discord.Interaction) -> None:
        gm = await is_gm_member(interaction)
        result = await self.encounters.next_turn(
            guild_id_of(interaction), channel_of(interaction), interaction.user.id, gm
        )
        text, mention = ui.turn_text(result)
        await interaction.response.send_message(text, allowed_mentions=ui.only_mentioning(mention))
        secret = ui.gm_turn_text(result) if gm else None
        if secret:
            await interaction.followup.send(secret, ephemeral=True)

    @app_commands.command(name="list", description="The order, the round and whose turn it is")
    async def list_order(self, interaction: discord.Interaction) -> None:
        view = await self.encounters.get(guild_id_of(interaction), channel_of(interaction))
        await interaction.response.send_message(embed=ui.order_embed(view, gm=False))
        if await is_gm_member(interaction):
            await interaction.followup.send(embed=ui.order_embed(view, gm=True), ephemeral=True)

    @app_commands.command(name="hp", description="Damage, heal or give temporary HP to a combatant")
    @app_commands.describe(
        target="A combatant of this encounter",
        amount="Hit points (0 or more)",
        critical="Damage from a critical hit (two death save failures at 0 HP)",
    )
    @app_commands.autocomplete(target=targets)
    async def hp(
        self,
        interaction: discord.Interaction,
        target: str,
        amount: Amount,
        kind: Kind = "damage",
        critical: bool = False,
    ) -> None:
        gm = await is_gm_member(interaction)
        result = await self.encounters.hp(
            guild_id_of(interaction),
            channel_of(interaction),
            interaction.user.id,
            gm,
            target,
            amount,
            kind,
            critical=critical,
        )
        if result.target.hidden:
            await interaction.response.send_message(ui.hp_text(result, gm=True), ephemeral=True)
            return
        await interaction.response.send_message(ui.hp_text(result, gm=False))
        if gm and not result.target.is_pc:
            await interaction.followup.send(ui.hp_text(result, gm=True), ephemeral=True)

    @app_commands.command(name="condition", description="Give a combatant a condition, or remove one")
    @app_commands.describe(rounds="How many of its turns it lasts (default: until removed)")
    @app_commands.autocomplete(target=targets, condition=conditions)
    async def condition(
        self,
        interaction: discord.Interaction,
        target: str,
        condition: str,
        rounds: app_commands.Range[int, 1, 1000] | None = None,
        remove: bool = False,
    ) -> None:
        result = await self.encounters.condition(
            guild_id_of(interaction),
            channel_of(interaction),
            interaction.user.id,
            await is_gm_member(interaction),
            target,
            condition,
            rounds=rounds,
            remove=remove,
        )
        await interaction.response.send_message(ui.condition_text(result), ephemeral=result.target.hidden)

    @app_commands.command(name="remove", description="Take a combatant out of the order")
    @app_commands.autocomplete(target=targets)
    async def remove(self, interaction: discord.Interaction, target: str) -> None:
        gone = await self.encounters.remove(
            guild_id_of(interaction),
            channel_of(interaction),
            interaction.user.id,
            await is_gm_member(interaction),
            target,
        )
        await interaction.response.send_message(ui.removed_text(gone), ephemeral=gone.hidden)

    @app_commands.command(name="reveal", description="Show a hidden combatant to the players (GM)")
    @app_commands.autocomplete(target=targets)
    @is_gm()
    async def reveal(self, interaction: discord.Interaction, target: str) -> None:
        shown = await self.encounters.reveal(guild_id_of(interaction), channel_of(interaction), target)
        await interaction.response.send_message(ui.revealed_text(shown))

    @app_commands.command(name="end", description="End the encounter: a summary, and the NPCs remember (GM)")
    @is_gm()
    async def end(self, interaction: discord.Interaction) -> None:
        summary = await self.encounters.end(
            guild_id_of(interaction), channel_of(interaction), interaction.user.id
        )
        await interaction.response.send_message(embed=ui.summary_embed(summary))


async def setup(bot: TableBot) -> None:
    await bot.add_cog(InitiativeCog(bot))
