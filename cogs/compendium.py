"""/monster, /monsters, /condition and /item: the SRD compendium, answered from memory."""

from typing import Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot import autocomplete
from bot.app import TableBot
from bot.checks import guild_id_of
from bot.ui.compendium_cards import (
    choices,
    condition_pages,
    item_pages,
    monster_list_pages,
    monster_pages,
    not_found_message,
)
from bot.ui.paginator import Paginator, send_pages
from rules import limits
from rules.compendium import Condition, Item, Monster
from rules.compendium.cache import Kind
from rules.errors import InvalidInputError, NotFoundError
from rules.ruleset import Ruleset

Size = Literal["Tiny", "Small", "Medium", "Large", "Huge", "Gargantuan"]


class CompendiumCog(commands.Cog):
    def __init__(self, bot: TableBot) -> None:
        self.bot = bot
        self.compendium = bot.services.compendium

    async def _look_up(
        self, interaction: discord.Interaction, kind: Kind, name: str, ruleset: str | None
    ) -> Monster | Condition | Item:
        found = await self.compendium.look_up(kind, name, guild_id_of(interaction), ruleset)
        resolved = found.resolved
        if resolved.record is None:
            raise NotFoundError(
                not_found_message(kind, name, found.ruleset, resolved.other_ruleset, resolved.suggestions)
            )
        return resolved.record

    async def _choices(
        self, interaction: discord.Interaction, kind: Kind, current: str
    ) -> autocomplete.Choices:
        found = self.compendium.autocomplete(
            kind, current, guild_id_of(interaction), interaction.namespace.ruleset
        )
        return choices(found)

    @app_commands.command(name="monster", description="Show a monster's stat block")
    @app_commands.describe(name="The monster's name", ruleset="2014 or 2024 rules (default: this server's)")
    async def monster(
        self, interaction: discord.Interaction, name: str, ruleset: Ruleset | None = None
    ) -> None:
        record = await self._look_up(interaction, "monster", name, ruleset)
        assert isinstance(record, Monster)
        pages = monster_pages(record)
        await send_pages(interaction, pages, ephemeral=False, view=Paginator(pages, interaction.user.id))

    @monster.autocomplete("name")
    @autocomplete.guarded("Monster name")
    async def monster_name(self, interaction: discord.Interaction, current: str) -> autocomplete.Choices:
        return await self._choices(interaction, "monster", current)

    @app_commands.command(name="monsters", description="List monsters by challenge rating, type and size")
    @app_commands.rename(creature_type="type")
    @app_commands.describe(
        cr="Challenge rating, e.g. 1/4 or 5",
        creature_type="Creature type, e.g. Undead",
        size="Size",
        ruleset="2014 or 2024 rules (default: this server's)",
        query="Part of the name",
    )
    async def monsters(
        self,
        interaction: discord.Interaction,
        cr: app_commands.Range[str, 1, 5] | None = None,
        creature_type: app_commands.Range[str, 1, 30] | None = None,
        size: Size | None = None,
        ruleset: Ruleset | None = None,
        query: app_commands.Range[str, 1, limits.SEARCH_QUERY] | None = None,
    ) -> None:
        guild_id = guild_id_of(interaction)
        chosen = await self.compendium.ruleset(guild_id, ruleset)
        try:
            found = self.compendium.monsters(
                guild_id, chosen, cr=cr, creature_type=creature_type, size=size, query=query
            )
        except ValueError:
            raise InvalidInputError(
                f"“{cr}” is not a challenge rating: use 0, 1/8, 1/4, 1/2 or 1 to 30."
            ) from None
        if not found:
            raise NotFoundError(f"No {chosen} monster matches those filters.")
        title = f"{len(found)} monster{'s' if len(found) != 1 else ''} ({chosen} rules)"
        pages = monster_list_pages(title, found)
        await send_pages(interaction, pages, ephemeral=True, view=Paginator(pages, interaction.user.id))

    @app_commands.command(name="condition", description="Show what a condition does")
    @app_commands.describe(
        name="The condition, e.g. Grappled", ruleset="2014 or 2024 rules (default: this server's)"
    )
    async def condition(
        self, interaction: discord.Interaction, name: str, ruleset: Ruleset | None = None
    ) -> None:
        record = await self._look_up(interaction, "condition", name, ruleset)
        assert isinstance(record, Condition)
        pages = condition_pages(record)
        await send_pages(interaction, pages, ephemeral=False, view=Paginator(pages, interaction.user.id))

    @condition.autocomplete("name")
    @autocomplete.guarded("Condition name")
    async def condition_name(self, interaction: discord.Interaction, current: str) -> autocomplete.Choices:
        return await self._choices(interaction, "condition", current)

    @app_commands.command(name="item", description="Show a magic item or a piece of equipment")
    @app_commands.describe(name="The item's name", ruleset="2014 or 2024 rules (default: this server's)")
    async def item(self, interaction: discord.Interaction, name: str, ruleset: Ruleset | None = None) -> None:
        record = await self._look_up(interaction, "item", name, ruleset)
        assert isinstance(record, Item)
        pages = item_pages(record)
        await send_pages(interaction, pages, ephemeral=False, view=Paginator(pages, interaction.user.id))

    @item.autocomplete("name")
    @autocomplete.guarded("Item name")
    async def item_name(self, interaction: discord.Interaction, current: str) -> autocomplete.Choices:
        return await self._choices(interaction, "item", current)


async def setup(bot: TableBot) -> None:
    await bot.add_cog(CompendiumCog(bot))
