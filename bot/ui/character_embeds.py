"""Characters as embeds: the sheet, the list, and the replies around them."""

import discord

from bot.ui.campaign_embeds import fit
from bot.ui.paginator import number_pages, split_text
from bot.ui.play_embeds import condition_line, hp_text, slots_text
from bot.ui.text import escape, modifier_text
from db.schemas import CharacterSheet
from db.services.characters import CharacterDetails
from db.services.sheet_changes import summary
from rules.abilities import ABILITIES, SKILL_NAMES, SKILLS, Skill

COLOUR = discord.Colour.gold()

# What /character create assumes for everything it was not told, and how to complete it.
ASSUMED = (
    "Assumed until you say otherwise: HP 1/1, every ability 10, AC 10, speed 30 ft. "
    "Complete the sheet with `/character edit` "
    "(`strength:` … `charisma:`, `ac:`, `speed:`, `max_hp:`, `hp:`), "
    "or import a whole sheet with `/character import`."
)


def skill_label(skill: Skill) -> str:
    return SKILL_NAMES[skill]


SPELLS_HEADING = "Spells (✦ in /spell)"
CLASSES_LINE_MAX = 1000  # longer (many long class names) and the classes get a section of their own


def class_text(sheet: CharacterSheet) -> str:
    """ "Wizard (School of Evocation) 5 / Fighter 1", escaped."""
    return " / ".join(
        f"{escape(c.name)}{f' ({escape(c.subclass)})' if c.subclass else ''} {c.level}" for c in sheet.classes
    )


def classes_fit_the_line(sheet: CharacterSheet) -> bool:
    return len(class_text(sheet)) <= CLASSES_LINE_MAX


def spell_mark(name: str, known: set[str]) -> str:
    return f"{escape(name)} ✦" if name.casefold() in known else escape(name)


def _spells_field(names: list[str], known: set[str]) -> str:
    """Whole spell names up to one field; the rest counted, as the sheet's spell pages list them all."""
    shown: list[str] = []
    for index, name in enumerate(names):
        left = len(names) - index - 1  # after this one
        tail = f", … and {left} more on the spell pages of /character show" if left else ""
        if len(", ".join([*shown, spell_mark(name, known)])) + len(tail) > 1024:
            return ", ".join(shown) + f", … and {left + 1} more on the spell pages of /character show"
        shown.append(spell_mark(name, known))
    return ", ".join(shown)


def hit_dice_text(sheet: CharacterSheet) -> str:
    return "  ".join(f"{die}: {pool.used}/{pool.max} used" for die, pool in sorted(sheet.hit_dice.items()))


def sheet_embed(character: CharacterDetails, spell_names: set[str] | None = None) -> discord.Embed:
    """Abilities with modifiers, proficiency, AC, HP, saves, skills, slots and spells on one card.

    Background, alignment, XP, inspiration, hit dice and death saves too, each only when the sheet has it.
    """
    sheet = character.sheet
    if not sheet.classes:
        classes = "No class yet"
    elif classes_fit_the_line(sheet):
        classes = class_text(sheet)
    else:
        classes = f"{len(sheet.classes)} classes (listed on the next pages)"
    line = " · ".join(part for part in (escape(sheet.race or ""), classes, f"level {sheet.level}") if part)
    embed = discord.Embed(title=escape(character.name), description=line, colour=COLOUR)
    embed.add_field(
        name="Abilities",
        value="  ".join(
            f"**{a}** {getattr(sheet.abilities, a)} ({modifier_text(sheet.modifier(a))})" for a in ABILITIES
        ),
        inline=False,
    )
    embed.add_field(name="HP", value=hp_field(character), inline=True)
    embed.add_field(name="AC", value=str(sheet.armor_class), inline=True)
    embed.add_field(name="Proficiency", value=modifier_text(sheet.proficiency_bonus), inline=True)
    embed.add_field(name="Initiative", value=modifier_text(sheet.initiative_modifier), inline=True)
    embed.add_field(name="Speed", value=f"{sheet.speed} ft.", inline=True)
    embed.add_field(name="Passive Perception", value=str(sheet.passive_perception), inline=True)
    if sheet.hit_dice:
        embed.add_field(name="Hit dice", value=hit_dice_text(sheet), inline=True)
    saves = sheet.death_saves
    if saves.successes or saves.failures:
        embed.add_field(name="Death saves", value=f"{saves.successes} ✓ / {saves.failures} ✗", inline=True)
    if sheet.experience:
        embed.add_field(name="XP", value=f"{sheet.experience:,}", inline=True)
    if sheet.inspiration:
        embed.add_field(name="Inspiration", value="yes", inline=True)
    for name, value in (("Background", sheet.background), ("Alignment", sheet.alignment)):
        if value:
            embed.add_field(name=name, value=escape(value), inline=True)
    marked = "  ".join(
        f"{a} {modifier_text(sheet.save_modifier(a))}{'•' if a in sheet.saving_throws else ''}"
        for a in ABILITIES
    )
    embed.add_field(name="Saving throws (• proficient)", value=marked, inline=False)
    trained = [s for s in SKILLS if sheet.skills.get(s, "none") != "none"]
    if trained:
        marks = {s: "**" if sheet.skills[s] == "expertise" else "" for s in trained}
        skills = ", ".join(
            f"{skill_label(s)} {modifier_text(sheet.skill_modifier(s))}{marks[s]}" for s in trained
        )
        embed.add_field(name="Skills (** expertise)", value=fit(skills), inline=False)
    casting = sheet.spellcasting
    if casting is not None:
        slots = slots_text(sheet) if casting.slots else ""
        attack = modifier_text(sheet.spell_attack_modifier or 0)
        header = f"{casting.ability} · save DC {sheet.spell_save_dc} · attack {attack}"
        embed.add_field(name="Spellcasting", value=f"{header}\n{slots}" if slots else header, inline=False)
        names = casting.prepared or casting.known
        if names:
            embed.add_field(
                name=SPELLS_HEADING, value=_spells_field(names, spell_names or set()), inline=False
            )
    embed.add_field(name="Player", value=f"<@{character.owner_id}>", inline=True)
    embed.set_footer(text=f"Campaign: {character.campaign_name or 'none'}")
    return embed


def hp_field(character: CharacterDetails) -> str:
    """Current/max (and temporary) hit points; at 0, unconscious or dead with the death saves."""
    state = condition_line(character.name, character.sheet)
    return f"{hp_text(character.sheet)}\n{state}" if state else hp_text(character.sheet)


def list_lines(characters: list[CharacterDetails]) -> str:
    return "\n".join(
        f"**{escape(c.name)}** · "
        f"{' / '.join(f'{k.name} {k.level}' for k in c.sheet.classes) or 'no class'} · <@{c.owner_id}>"
        for c in characters
    )


def list_pages(characters: list[CharacterDetails]) -> list[discord.Embed]:
    title = f"{len(characters)} character{'s' if len(characters) != 1 else ''}"
    pages = [
        discord.Embed(title=title, description=part, colour=COLOUR)
        for part in split_text(list_lines(characters), 4000)
    ]
    return number_pages(pages, "/character show for a sheet")


def created_text(character: CharacterDetails) -> str:
    """The reply to /character create: the name, the campaign it joined (if any), what was assumed."""
    name = escape(character.name)
    if character.campaign_name:
        made = f"Created **{name}** in **{escape(character.campaign_name)}**."
    else:
        made = f"Created **{name}** outside any campaign."
    return f"{made}\n{ASSUMED}"


def transferred_text(character: CharacterDetails, member: discord.abc.User) -> str:
    """The public note that a character changed hands (it mentions the new player only)."""
    return f"**{escape(character.name)}** now belongs to {member.mention}: its sheet, standings and log stay."


def edited_text(character: CharacterDetails) -> str:
    """The reply to /character edit: each change, old → new."""
    changes = "; ".join(escape(change) for change in character.changes) or "nothing new"
    return f"Updated **{escape(character.name)}**: {changes}."[:2000]


def replaced_text(character: CharacterDetails) -> str:
    """The reply to /character import replace: what the file changed, in short."""
    name = escape(character.name)
    if not character.changes:
        return f"**{name}** already matched the file: nothing changed."
    return f"Updated **{name}** from the file: {summary([escape(c) for c in character.changes])}."
