"""/character show: the whole sheet, paged.

Page one is the card every /character reply shows (``sheet_embed``); the pages after it hold
the lists: classes (when too many for the card's line), equipment and currency, features,
proficiencies, languages, the spells prepared and known, and the notes. A sheet holds
nothing GM-only: everyone who may run /character show sees every page.
"""

import discord

from bot.ui.character_embeds import COLOUR, classes_fit_the_line, sheet_embed, spell_mark
from bot.ui.field_pages import Section, field_pages
from bot.ui.paginator import number_pages
from bot.ui.text import escape
from db.schemas import CharacterSheet
from db.schemas.character import Feature, Item
from db.services.characters import CharacterDetails

COINS = ("pp", "gp", "ep", "sp", "cp")  # the most valuable first, as a paper sheet lists them


def item_line(item: Item) -> str:
    """ "**Rope** ×2 · 10 lb each · equipped: notes" """
    parts = [f"**{escape(item.name)}**" + (f" ×{item.quantity:,}" if item.quantity != 1 else "")]
    if item.weight is not None:
        parts.append(f"{item.weight:g} lb" + (" each" if item.quantity != 1 else ""))
    if item.equipped:
        parts.append("equipped")
    line = " · ".join(parts)
    return f"{line}: {escape(item.notes)}" if item.notes else line


def feature_line(feature: Feature) -> str:
    """ "**Arcane Recovery** (0/1 used): description" """
    uses = f" ({feature.uses.used}/{feature.uses.max} used)" if feature.uses is not None else ""
    line = f"**{escape(feature.name)}**{uses}"
    return f"{line}: {escape(feature.description)}" if feature.description else line


def currency_line(sheet: CharacterSheet) -> str | None:
    coins = [f"{getattr(sheet.currency, coin):,} {coin}" for coin in COINS if getattr(sheet.currency, coin)]
    return " · ".join(coins) or None


def sheet_sections(sheet: CharacterSheet, spell_names: set[str]) -> list[Section]:
    """The sheet's lists, in the order a paper sheet has them; an empty one has no items."""
    classes = [] if classes_fit_the_line(sheet) else sheet.classes
    casting = sheet.spellcasting
    currency = currency_line(sheet)
    return [
        Section(
            "Classes",
            [
                f"{escape(c.name)}{f' ({escape(c.subclass)})' if c.subclass else ''} {c.level}"
                for c in classes
            ],
        ),
        Section("Equipment", [item_line(item) for item in sheet.equipment]),
        Section("Currency", [currency] if currency else []),
        Section("Features and traits", [feature_line(f) for f in sheet.features]),
        Section("Proficiencies", [escape(p) for p in sheet.proficiencies], ", "),
        Section("Languages", [escape(language) for language in sheet.languages], ", "),
        Section(
            "Spells prepared (✦ in /spell)",
            [spell_mark(n, spell_names) for n in (casting.prepared if casting else [])],
            ", ",
        ),
        Section(
            "Spells known (✦ in /spell)",
            [spell_mark(n, spell_names) for n in (casting.known if casting else [])],
            ", ",
        ),
        Section("Notes", [escape(sheet.notes)] if sheet.notes else []),
    ]


def sheet_pages(character: CharacterDetails, spell_names: set[str] | None = None) -> list[discord.Embed]:
    """Every part of the sheet on some page, each page within Discord's limits."""
    known = spell_names or set()
    footer = f"Campaign: {character.campaign_name or 'none'}"
    title = escape(character.name)[:256]
    lists = field_pages(title, sheet_sections(character.sheet, known), COLOUR, footer_room=len(footer))
    return number_pages([sheet_embed(character, known), *lists], footer)
