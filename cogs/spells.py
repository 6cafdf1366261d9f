"""/spell and /spells: the compendium, from the cache and the spells table."""

import discord
from discord import app_commands
from discord.ext import commands

from bot import autocomplete
from bot.app import TableBot
from bot.checks import guild_id_of
from bot.ui.paginator import Paginator, send_pages
from bot.ui.spell_lists import list_pages, no_spell_message, spell_choices
from bot.ui.spell_views import SpellPicker, send_card
from rules import limits
from rules.errors import NotFoundError
from rules.ruleset import Ruleset
from rules.spells.data import School


class SpellsCog(commands.Cog):
    def __init__(self, bot: TableBot) -> None:
        self.bot = bot
        self.spells = bot.services.spells

    async def show_spell(self, interaction: discord.Interaction, spell_id: str) -> None:
        """Reply with the card of a spell picked from a list."""
        await send_card(interaction, await self.spells.card(spell_id, guild_id_of(interaction)))

    @app_commands.command(name="spell", description="Show a spell card")
    @app_commands.describe(name="The spell's name", ruleset="2014 or 2024 rules (default: this server's)")
    async def spell(
        self, interaction: discord.Interaction, name: str, ruleset: Ruleset | None = None
    ) -> None:
        found = await self.spells.look_up(name, guild_id_of(interaction), ruleset)
        resolution = found.resolution
        if resolution.kind == "ambiguous":
            picker = SpellPicker(interaction.user.id, resolution.candidates, self.show_spell)
            await interaction.response.send_message(
                f"Several spells match “{name[:100]}”: pick one.", view=picker, ephemeral=True
            )
        elif resolution.kind == "none":
            raise NotFoundError(no_spell_message(name, found.ruleset, resolution.candidates))
        else:
            assert found.card is not None, "look_up reads the card of every name it resolves"
            await send_card(interaction, found.card, note=found.note)

    @spell.autocomplete("name")
    @autocomplete.guarded("Spell name")
    async def spell_name(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        found = self.spells.autocomplete(current, guild_id_of(interaction), interaction.namespace.ruleset)
        return spell_choices(found)

    @app_commands.command(name="spells", description="List spells by class, level, school and more")
    @app_commands.rename(spell_class="class")
    @app_commands.describe(
        spell_class="Class whose list to show, e.g. Wizard",
        level="Spell level (0 for cantrips)",
        query="Part of the name",
        ruleset="2014 or 2024 rules (default: this server's)",
    )
    async def spells_list(
        self,
        interaction: discord.Interaction,
        spell_class: app_commands.Range[str, 1, limits.SPELL_CLASS_NAME] | None = None,
        level: app_commands.Range[int, 0, limits.SPELL_LEVEL_MAX] | None = None,
        school: School | None = None,
        ritual: bool | None = None,
        concentration: bool | None = None,
        ruleset: Ruleset | None = None,
        query: app_commands.Range[str, 1, limits.SEARCH_QUERY] | None = None,
    ) -> None:
        config = await self.bot.services.guild_settings.settings(guild_id_of(interaction))
        chosen = ruleset or config.ruleset
        found = self.spells.filter(
            guild_id_of(interaction),
            chosen,
            spell_class=spell_class,
            level=level,
            school=school,
            ritual=ritual,
            concentration=concentration,
            query=query,
        )
        if not found:
            raise NotFoundError(f"No {chosen} spell matches those filters.")
        title = f"{len(found)} spell{'s' if len(found) != 1 else ''} ({chosen} rules)"
        pages = list_pages(title, found, "Use /spell for a card")
        await send_pages(
            interaction,
            pages,
            ephemeral=config.spell_visibility == "private",
            view=Paginator(pages, interaction.user.id),
        )

    @spells_list.autocomplete("spell_class")
    @autocomplete.guarded("Spell class")
    async def class_name(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        names = self.spells.class_names(guild_id_of(interaction), current)
        return [app_commands.Choice(name=n, value=n) for n in names]


async def setup(bot: TableBot) -> None:
    await bot.add_cog(SpellsCog(bot))
