"""Views around spell cards: the Share button of private cards, and the pick-one select."""

from collections.abc import Awaitable, Callable

import discord

from bot.ui.paginator import Paginator
from bot.ui.spell_card import spell_pages
from bot.ui.text import escape
from bot.ui.views import OwnedView
from db.services import SpellCard
from rules.spells.cache import SpellEntry


class SpellCardView(Paginator):
    """Page buttons, plus "Share" when the card was shown only to its asker."""

    def __init__(self, pages: list[discord.Embed], owner_id: int, *, shareable: bool) -> None:
        super().__init__(pages, owner_id)
        self.shared = False
        if not shareable:
            self.remove_item(self.share)

    @discord.ui.button(label="Share", style=discord.ButtonStyle.primary)
    async def share(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        if self.shared:  # set before any await: a second click never posts the card again
            await interaction.response.send_message("This card is already shared.", ephemeral=True)
            return
        self.shared = True
        # A new public message, so everyone at the table sees the page being read.
        await interaction.response.send_message(
            content=f"{interaction.user.mention} shared a spell:", embed=self.current
        )


async def send_card(interaction: discord.Interaction, card: SpellCard, *, note: str | None = None) -> None:
    """Reply with the card, public or private (with Share) as the server chose, and a note if any."""
    pages = spell_pages(card.spell)
    view = SpellCardView(pages, interaction.user.id, shareable=card.private)
    buttons = view if view.children else discord.utils.MISSING
    content = escape(note) if note else discord.utils.MISSING
    if interaction.response.is_done():
        await interaction.followup.send(content, embed=view.current, ephemeral=card.private, view=buttons)
    else:
        await interaction.response.send_message(
            content, embed=view.current, ephemeral=card.private, view=buttons
        )


ShowSpell = Callable[[discord.Interaction, str], Awaitable[None]]


class SpellPicker(OwnedView):
    """Several spells match a typed name closely: the member picks one."""

    def __init__(self, owner_id: int, candidates: tuple[SpellEntry, ...], show: ShowSpell) -> None:
        super().__init__(owner_id, timeout=300)
        self.show = show
        self.choice.options = [discord.SelectOption(label=e.label, value=e.id) for e in candidates[:25]]

    # cls is the default, given so that mypy infers the item's type (else it is Never).
    @discord.ui.select(
        cls=discord.ui.Select, placeholder="Which spell did you mean?", min_values=1, max_values=1
    )
    async def choice(self, interaction: discord.Interaction, select: discord.ui.Select) -> None:
        await self.show(interaction, select.values[0])
