"""/spell and /spells: the compendium, from the cache and the spells table."""

from typing import Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import TableBot
from bot.checks import guild_id_of
from bot.ui.paginator import Paginator, send_pages
from bot.ui.spell_card import spell_pages
from bot.ui.spell_lists import list_pages, no_spell_message, spell_choices
from bot.ui.spell_views import SpellCardView, SpellPicker
from rules.errors import NotFoundError
from rules.spells.homebrew import School

Ruleset = Literal["2014", "2024"]


class SpellsCog(commands.Cog):
    def __init__(self, bot: TableBot) -> None:
        self.bot = bot
        self.spells = bot.services.spells

    async def _private(self, guild_id: int) -> bool:
        return (await self.bot.services.guild_settings.get(guild_id)).spell_visibility == "private"

    async def show_spell(self, interaction: discord.Interaction, spell_id: str) -> None:
        """Reply with the card, public or private as the server chose."""
        spell = await self.spells.get(spell_id, guild_id_of(interaction))
        private = await self._private(guild_id_of(interaction))
        pages = spell_pages(spell)
        view = SpellCardView(pages, interaction.user.id, shareable=private)
        await send_pages(interaction, pages, ephemeral=private, view=view)

    @app_commands.command(name="spell", description="Show a spell card")
    @app_commands.describe(name="The spell's name", ruleset="2014 or 2024 rules (default: this server's)")
    async def spell(
        self, interaction: discord.Interaction, name: str, ruleset: Ruleset | None = None
    ) -> None:
        guild_id = guild_id_of(interaction)
        chosen = ruleset or (await self.bot.services.guild_settings.get(guild_id)).ruleset
        found = self.spells.resolve(name, guild_id, chosen, only_ruleset=ruleset is not None)
        if found.kind == "found":
            await self.show_spell(interaction, found.spell.id)
        elif found.kind == "ambiguous":
            picker = SpellPicker(interaction.user.id, found.candidates, self.show_spell)
            await interaction.response.send_message(
                f"Several spells match “{name[:100]}”: pick one.", view=picker, ephemeral=True
            )
        else:
            raise NotFoundError(no_spell_message(name, chosen, found.candidates))

    @spell.autocomplete("name")
    async def spell_name(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        ruleset = interaction.namespace.ruleset or self.bot.services.guild_settings.known_ruleset(
            guild_id_of(interaction)
        )
        return spell_choices(self.spells.autocomplete(current, guild_id_of(interaction), ruleset))

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
        spell_class: app_commands.Range[str, 1, 40] | None = None,
        level: app_commands.Range[int, 0, 9] | None = None,
        school: School | None = None,
        ritual: bool | None = None,
        concentration: bool | None = None,
        ruleset: Ruleset | None = None,
        query: app_commands.Range[str, 1, 100] | None = None,
    ) -> None:
        config = await self.bot.services.guild_settings.get(guild_id_of(interaction))
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
    async def class_name(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        wanted = current.casefold()
        names = self.spells.cache.class_names(guild_id_of(interaction))
        return [app_commands.Choice(name=n, value=n) for n in names if wanted in n.casefold()][:25]


async def setup(bot: TableBot) -> None:
    await bot.add_cog(SpellsCog(bot))
