"""Spells as list pages, autocomplete choices and the short replies around them."""

import discord
from discord import app_commands

from bot.ui.paginator import EMBED_DESCRIPTION_MAX, number_pages, split_text
from bot.ui.text import escape
from db.services import SpellDetails
from rules.spells.cache import SpellEntry

LIST_PAGE_SIZE = 20


def spell_choices(entries: list[SpellEntry]) -> list[app_commands.Choice[str]]:
    return [app_commands.Choice(name=e.label, value=e.id) for e in entries[:25]]


def list_line(entry: SpellEntry) -> str:
    marks = "".join(
        mark for flag, mark in ((entry.ritual, " · ritual"), (entry.concentration, " · conc.")) if flag
    )
    level = "cantrip" if entry.level == 0 else f"level {entry.level}"
    brew = " · homebrew" if entry.homebrew else ""
    return f"**{escape(entry.name)}** · {level} {entry.school}{marks}{brew}"


def list_pages(title: str, entries: list[SpellEntry], footer: str) -> list[discord.Embed]:
    lines = [list_line(e) for e in entries]
    chunks = ["\n".join(lines[i : i + LIST_PAGE_SIZE]) for i in range(0, len(lines), LIST_PAGE_SIZE)]
    # A page of long homebrew names could still pass the limit: split again where needed.
    pages = [part for chunk in chunks for part in split_text(chunk, EMBED_DESCRIPTION_MAX)]
    embeds = [
        discord.Embed(title=title, description=page, colour=discord.Colour.dark_red()) for page in pages
    ]
    return number_pages(embeds, footer)


def no_spell_message(name: str, ruleset: str, suggestions: tuple[SpellEntry, ...]) -> str:
    """ "No spell named ...", with the closest names when there are some (another ruleset's tagged)."""
    hint = ", ".join(
        e.name if e.ruleset in (None, ruleset) else f"{e.name} ({e.ruleset})" for e in suggestions
    )
    message = f"No spell named “{name[:100]}” in the {ruleset} rules."
    return f"{message} Did you mean: {hint}?" if hint else message


def imported_summary(added: list[SpellDetails]) -> str:
    """The reply to /homebrew import: how many and which, within one message."""
    names = ", ".join(escape(s.name) for s in added)
    summary = f"Imported {len(added)} homebrew spell{'s' if len(added) != 1 else ''}: {names}"
    return summary[:2000]
