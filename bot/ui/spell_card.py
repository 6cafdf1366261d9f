"""A spell as Discord embeds: the card, paged when its text is long."""

from typing import cast

import discord

from bot.ui.paginator import EMBED_DESCRIPTION_MAX, number_pages, split_text
from db.services import SpellDetails
from rules.abilities import ABILITY_NAMES, Ability
from rules.spells.cache import ordinal

SRD_COLOUR = discord.Colour.dark_red()
HOMEBREW_COLOUR = discord.Colour.teal()
EMBED_TOTAL_MAX = 6000
FIELD_VALUE_MAX = 1024
SRD_NAMES = {"2014": "System Reference Document 5.1", "2024": "System Reference Document 5.2"}


def level_line(level: int, school: str, ritual: bool = False) -> str:
    line = f"{school} cantrip" if level == 0 else f"{ordinal(level)}-level {school}"
    return f"{line} (ritual)" if ritual else line


def higher_levels_heading(spell: SpellDetails) -> str:
    """The heading each SRD gives the section: SRD 5.2 names a cantrip's apart from a slot's."""
    if spell.ruleset != "2024":
        return "At Higher Levels."
    return "Cantrip Upgrade." if spell.level == 0 else "Using a Higher-Level Spell Slot."


def credit(spell: SpellDetails) -> str:
    if spell.ruleset is None:
        return "Homebrew spell of this server"
    return f"{SRD_NAMES[spell.ruleset]} by Wizards of the Coast LLC, CC-BY-4.0 · credits: /about"


def _components(spell: SpellDetails) -> tuple[str, str | None]:
    """The components field, and the material text when it is too long for a field."""
    text = ", ".join(spell.components) or "None"
    material = spell.data.material
    if not material:
        return text, None
    with_material = f"{text} ({material})"
    return (with_material, None) if len(with_material) <= FIELD_VALUE_MAX else (text, material)


def _fields(spell: SpellDetails) -> tuple[list[tuple[str, str]], str | None]:
    components, long_material = _components(spell)
    casting = f"{spell.casting_time} or ritual" if spell.ritual else spell.casting_time
    fields = [("Casting Time", casting), ("Range", spell.range), ("Components", components)]
    duration = spell.duration
    if spell.concentration and "concentration" not in duration.lower():
        duration = f"Concentration, {duration}"
    fields.append(("Duration", duration))
    if spell.spell_lists:
        fields.append(("Classes", ", ".join(spell.spell_lists)))
    if spell.data.damage_parts:  # several types at once: each roll names its own
        fields.append(("Damage", " + ".join(spell.data.damage_parts)))
    elif spell.damage_dice:
        kind = spell.data.damage_type
        fields.append(("Damage", f"{spell.damage_dice} {kind}" if kind else spell.damage_dice))
    if spell.save_type:
        # cast: the spells.save_type CHECK constraint keeps it an ability.
        fields.append(("Save", ABILITY_NAMES.get(cast(Ability, spell.save_type), spell.save_type)))
    # Discord refuses an empty field value: a blank one reads as a dash.
    return [(name, (value.strip() or "—")[:FIELD_VALUE_MAX]) for name, value in fields], long_material


def spell_pages(spell: SpellDetails) -> list[discord.Embed]:
    """The card: level line, fields and text on page one; the rest of a long text on further pages."""
    fields, long_material = _fields(spell)
    colour = HOMEBREW_COLOUR if spell.homebrew else SRD_COLOUR
    header = f"*{level_line(spell.level, spell.school, spell.ritual)}*"
    body = spell.description.strip()
    if long_material:
        body = f"**Material.** {long_material}\n\n{body}"
    if spell.higher_levels:
        body += f"\n\n**{higher_levels_heading(spell)}** {spell.higher_levels.strip()}"
    footer = credit(spell)
    title = spell.name + (" (homebrew)" if spell.homebrew else "")
    reserve = len(title) + len(footer) + 40 + sum(len(n) + len(v) for n, v in fields)
    first_limit = min(EMBED_DESCRIPTION_MAX, EMBED_TOTAL_MAX - reserve) - len(header) - 2
    first, *rest = split_text(body, first_limit) or [""]
    later = split_text("\n\n".join(rest), EMBED_DESCRIPTION_MAX - 200) if rest else []

    card = discord.Embed(title=title, description=f"{header}\n\n{first}", colour=colour)
    for name, value in fields:
        card.add_field(name=name, value=value, inline=name not in ("Classes", "Components"))
    pages = [card]
    pages += [discord.Embed(title=f"{title} (continued)", description=text, colour=colour) for text in later]
    return number_pages(pages, footer)
