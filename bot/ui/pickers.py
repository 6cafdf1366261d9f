"""The select offered when a typed name fits several things: picking one runs the command again."""

from collections.abc import Awaitable, Callable

import discord

from bot.ui.views import OwnedView

Pick = Callable[[discord.Interaction, str], Awaitable[None]]


class NamesakePicker(OwnedView):
    """One option per namesake (id, label); the pick is handed to ``pick`` with the id chosen."""

    def __init__(self, owner_id: int, choices: list[tuple[str, str]], pick: Pick) -> None:
        super().__init__(owner_id, timeout=300)
        self.pick = pick
        self.choice.options = [
            discord.SelectOption(label=label, value=value) for value, label in choices[:25]
        ]

    # cls is the default, given so that mypy infers the item's type (else it is Never).
    @discord.ui.select(
        cls=discord.ui.Select, placeholder="Which one did you mean?", min_values=1, max_values=1
    )
    async def choice(self, interaction: discord.Interaction, select: discord.ui.Select) -> None:
        await self.pick(interaction, select.values[0])
