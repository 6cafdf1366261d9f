"""Pages of embeds behind Previous/Next buttons, for text longer than one message."""

import discord

from bot.ui.views import OwnedView

EMBED_DESCRIPTION_MAX = 4096
CONTENT_MAX = 2000  # a message's text


def split_text(text: str, limit: int) -> list[str]:
    """Chunks of at most ``limit`` characters, cut at paragraphs, then lines, then sentences, then words."""
    chunks: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        window = rest[:limit]
        cut = -1
        for separator in ("\n\n", "\n", ". ", " "):
            cut = window.rfind(separator)
            if cut > limit // 3:
                cut += len(separator)
                break
        if cut <= 0:
            cut = limit
        chunks.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        chunks.append(rest)
    return chunks


def number_pages(pages: list[discord.Embed], footer: str) -> list[discord.Embed]:
    """Set each page's footer: the credit, plus "page i/n" when there are several."""
    for index, page in enumerate(pages, start=1):
        suffix = f" · page {index}/{len(pages)}" if len(pages) > 1 else ""
        page.set_footer(text=f"{footer}{suffix}")
    return pages


class Paginator(OwnedView):
    def __init__(self, pages: list[discord.Embed], owner_id: int) -> None:
        super().__init__(owner_id)
        self.pages = pages
        self.index = 0
        if len(pages) <= 1:
            self.remove_item(self.previous_page)
            self.remove_item(self.next_page)
        self._update_buttons()

    @property
    def current(self) -> discord.Embed:
        return self.pages[self.index]

    def _update_buttons(self) -> None:
        self.previous_page.disabled = self.index == 0
        self.next_page.disabled = self.index >= len(self.pages) - 1

    async def _show(self, interaction: discord.Interaction) -> None:
        self._update_buttons()
        await interaction.response.edit_message(embed=self.current, view=self)

    @discord.ui.button(label="Previous", style=discord.ButtonStyle.secondary)
    async def previous_page(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        self.index = max(0, self.index - 1)
        await self._show(interaction)

    @discord.ui.button(label="Next", style=discord.ButtonStyle.secondary)
    async def next_page(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        self.index = min(len(self.pages) - 1, self.index + 1)
        await self._show(interaction)


async def send_pages(
    interaction: discord.Interaction,
    pages: list[discord.Embed],
    *,
    ephemeral: bool,
    view: Paginator | None = None,
) -> None:
    """Send the first page with the buttons (if any are needed) as the reply to ``interaction``."""
    view = view or Paginator(pages, interaction.user.id)
    buttons = view if view.children else discord.utils.MISSING
    if interaction.response.is_done():
        await interaction.followup.send(embed=view.current, ephemeral=ephemeral, view=buttons)
    else:
        await interaction.response.send_message(embed=view.current, ephemeral=ephemeral, view=buttons)
