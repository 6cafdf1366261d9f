"""/homebrew: a guild's own spells (GMs add, import and remove; everyone lists)."""

import discord
from discord import app_commands
from discord.ext import commands

from bot import autocomplete
from bot.app import TableBot
from bot.checks import guild_id_of, is_gm
from bot.ui.compendium_cards import monsters_imported
from bot.ui.paginator import send_pages
from bot.ui.spell_card import spell_pages
from bot.ui.spell_lists import imported_summary, list_pages, spell_choices
from bot.ui.text import escape
from bot.uploads import read_upload
from rules import limits
from rules.abilities import Ability
from rules.compendium.homebrew import MAX_IMPORT_BYTES as MAX_MONSTER_IMPORT_BYTES
from rules.compendium.homebrew import parse_monster_import
from rules.errors import NotFoundError
from rules.spells.data import School
from rules.spells.homebrew import (
    MAX_IMPORT_BYTES,
    homebrew_spell,
    parse_classes,
    parse_components,
    parse_import,
)


@app_commands.guild_only()
class HomebrewCog(
    commands.GroupCog, group_name="homebrew", group_description="This server's own spells and monsters"
):
    def __init__(self, bot: TableBot) -> None:
        self.bot = bot
        self.spells = bot.services.spells
        super().__init__()

    @app_commands.command(name="add", description="Add a homebrew spell to this server (GM)")
    @app_commands.describe(
        components="e.g. V, S, M (a sprig of mistletoe)",
        classes="Comma-separated, e.g. Wizard, Sorcerer",
        damage_dice="Base damage, e.g. 8d6",
        duration="e.g. 1 minute (concentration is added when set)",
    )
    @is_gm()
    async def add(
        self,
        interaction: discord.Interaction,
        name: app_commands.Range[str, 1, limits.NAME],
        level: app_commands.Range[int, 0, limits.SPELL_LEVEL_MAX],
        school: School,
        description: app_commands.Range[str, 1, limits.SPELL_DESCRIPTION],
        casting_time: app_commands.Range[str, 1, limits.SPELL_CASTING_TIME] = "1 action",
        range: app_commands.Range[str, 1, limits.SPELL_RANGE] = "Self",
        components: app_commands.Range[str, 1, limits.SPELL_COMPONENTS] = "V, S",
        duration: app_commands.Range[str, 1, limits.SPELL_DURATION] = "Instantaneous",
        ritual: bool = False,
        concentration: bool = False,
        higher_levels: app_commands.Range[str, 1, limits.SPELL_HIGHER_LEVELS] | None = None,
        classes: app_commands.Range[str, 1, limits.SPELL_CLASSES] | None = None,
        damage_dice: app_commands.Range[str, 1, limits.SPELL_DAMAGE_DICE] | None = None,
        save_type: Ability | None = None,
    ) -> None:
        parts, material = parse_components(components)
        spell = homebrew_spell(
            name=name,
            level=level,
            school=school,
            description=description,
            casting_time=casting_time,
            range=range,
            components=parts,
            material=material,
            duration=duration,
            ritual=ritual,
            concentration=concentration,
            higher_levels=higher_levels,
            classes=parse_classes(classes or ""),
            damage_dice=damage_dice,
            save_type=save_type,
        )
        [added] = await self.spells.add_homebrew(guild_id_of(interaction), [spell])
        await interaction.response.send_message(
            f"Added **{escape(added.name)}** to this server's homebrew.",
            embed=spell_pages(added)[0],
            ephemeral=True,
        )

    @app_commands.command(name="import", description="Import homebrew spells from a JSON file (GM)")
    @app_commands.describe(file="A JSON list of spells in the 5e-database shape")
    @is_gm()
    async def import_file(self, interaction: discord.Interaction, file: discord.Attachment) -> None:
        payload = await read_upload(file, MAX_IMPORT_BYTES)
        await interaction.response.defer(ephemeral=True, thinking=True)
        spells = parse_import(payload)
        added = await self.spells.add_homebrew(guild_id_of(interaction), spells)
        await interaction.followup.send(imported_summary(added), ephemeral=True)

    @app_commands.command(name="monster-import", description="Import homebrew monsters from a JSON file (GM)")
    @app_commands.describe(file="A JSON list of monsters in the 5e-database shape")
    @is_gm()
    async def monster_import(self, interaction: discord.Interaction, file: discord.Attachment) -> None:
        payload = await read_upload(file, MAX_MONSTER_IMPORT_BYTES)
        await interaction.response.defer(ephemeral=True, thinking=True)
        guild_id = guild_id_of(interaction)
        ruleset = await self.bot.services.compendium.ruleset(guild_id, None)
        monsters = parse_monster_import(payload, ruleset)  # type: ignore[arg-type]
        added = await self.bot.services.homebrew_monsters.import_monsters(guild_id, monsters)
        await interaction.followup.send(monsters_imported(added), ephemeral=True)

    @app_commands.command(name="remove", description="Remove a homebrew spell of this server (GM)")
    @is_gm()
    async def remove(self, interaction: discord.Interaction, spell: str) -> None:
        name = await self.spells.remove_homebrew(guild_id_of(interaction), spell)
        await interaction.response.send_message(
            f"Removed **{escape(name)}** from this server's homebrew.", ephemeral=True
        )

    @remove.autocomplete("spell")
    @autocomplete.guarded("Homebrew spell")
    async def own_spell(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return spell_choices(self.spells.homebrew_autocomplete(current, guild_id_of(interaction)))

    @app_commands.command(name="list", description="List this server's homebrew spells")
    async def list_homebrew(self, interaction: discord.Interaction) -> None:
        entries = self.spells.homebrew(guild_id_of(interaction))
        if not entries:
            raise NotFoundError(
                "This server has no homebrew spells yet. A GM can add some with /homebrew add."
            )
        title = f"{len(entries)} homebrew spell{'s' if len(entries) != 1 else ''}"
        await send_pages(interaction, list_pages(title, entries, "Use /spell for a card"), ephemeral=True)


async def setup(bot: TableBot) -> None:
    await bot.add_cog(HomebrewCog(bot))
