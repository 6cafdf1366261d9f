"""Monster stat blocks, conditions and items as Discord embeds, paged when long (never cut)."""

import discord

from bot.ui.paginator import number_pages, split_text
from bot.ui.text import escape
from rules.compendium import ATTRIBUTION, Condition, Item, Monster, MonsterAction
from rules.compendium.cache import CompendiumEntry
from rules.compendium.dice_text import signed

SRD_COLOUR = discord.Colour.dark_red()
HOMEBREW_COLOUR = discord.Colour.teal()
PAGE_TEXT = 3900  # of an embed description's 4096, leaving room for a heading carried over
LIST_PAGE = 20
_SECTION_TITLES = {
    "trait": "Traits",
    "action": "Actions",
    "bonus_action": "Bonus Actions",
    "reaction": "Reactions",
    "legendary": "Legendary Actions",
    "lair": "Lair Actions",
}


def footer(record: Monster | Condition | Item) -> str:
    if record.source == "homebrew":
        return f"Homebrew of this server ({record.ruleset} rules)"
    return ATTRIBUTION[record.ruleset]


def _shown(record: Monster | Condition | Item, text: str) -> str:
    """SRD text is already plain Discord markdown; homebrew text is a member's, shown as typed."""
    return escape(text) if record.source == "homebrew" else text


def _listing(values: tuple[str, ...] | list[str]) -> str:
    return ", ".join(v[:1].upper() + v[1:] for v in values)


def monster_text(monster: Monster) -> str:
    """The whole stat block as Discord markdown."""
    kind = monster.creature_type.capitalize() + (f" ({monster.subtype})" if monster.subtype else "")
    lines = [f"*{monster.size_label} {kind}{', ' + monster.alignment if monster.alignment else ''}*", ""]
    armor = f" ({', '.join(monster.armor_sources)})" if monster.armor_sources else ""
    lines.append(f"**Armor Class** {monster.armor_class}{armor}")
    if monster.initiative is not None:
        lines.append(f"**Initiative** {signed(monster.initiative)} ({10 + monster.initiative})")
    dice = f" ({monster.hit_dice})" if monster.hit_dice else ""
    lines.append(f"**Hit Points** {monster.hit_points}{dice}")
    speeds = [f"{monster.speeds.get('walk', 0)} ft."] + [
        f"{kind} {feet} ft.{' (hover)' if kind == 'fly' and monster.hover else ''}"
        for kind, feet in monster.speeds.items()
        if kind != "walk"
    ]
    lines.append(f"**Speed** {', '.join(speeds)}")
    lines.append("")
    lines.append(" · ".join(f"**{a}** {score} ({signed(mod)})" for a, score, mod in monster.ability_scores))
    lines.append("")
    if monster.saving_throws:
        lines.append(
            "**Saving Throws** "
            + ", ".join(f"{a.capitalize()} {signed(v)}" for a, v in monster.saving_throws.items())
        )
    if monster.skills:
        lines.append("**Skills** " + ", ".join(f"{name} {signed(v)}" for name, v in monster.skills.items()))
    for label, values in (
        ("Damage Vulnerabilities", monster.damage_vulnerabilities),
        ("Damage Resistances", monster.damage_resistances),
        ("Damage Immunities", monster.damage_immunities),
        ("Condition Immunities", monster.condition_immunities),
    ):
        if values:
            lines.append(f"**{label}** {_listing(values)}")
    senses = [f"{kind} {feet} ft." for kind, feet in monster.senses.items()]
    lines.append(f"**Senses** {', '.join([*senses, f'passive Perception {monster.passive_perception}'])}")
    lines.append(f"**Languages** {escape(monster.languages) or '—'}")
    if monster.summon:
        lines.append("**Challenge** — (a spell's or item's creature)")
    else:
        lair = (
            f", or {monster.lair_xp:,} in lair"
            if monster.legendary_uses and monster.ruleset == "2024"
            else ""
        )
        lines.append(
            f"**Challenge** {monster.cr} (XP {monster.xp:,}{lair}; PB {signed(monster.proficiency_bonus)})"
        )
    for kind, title in _SECTION_TITLES.items():
        entries = monster.entries(kind)  # type: ignore[arg-type]
        if not entries:
            continue
        lines += ["", f"__**{title}**__"]
        if kind == "legendary":
            if monster.legendary_intro:
                lines.append(_shown(monster, monster.legendary_intro))
            elif monster.legendary_uses:
                lines.append(f"Legendary action uses: {monster.legendary_uses}.")
        lines += [_entry(monster, entry) for entry in entries]
    return "\n".join(lines)


def _entry(monster: Monster, entry: MonsterAction) -> str:
    tags = [t for t in (entry.uses, f"Recharge {entry.recharge}" if entry.recharge else None) if t]
    if entry.kind == "legendary" and entry.legendary_cost > 1:
        tags.append(f"Costs {entry.legendary_cost} Actions")
    name = f"{entry.name} ({'; '.join(tags)})" if tags else entry.name
    return f"***{escape(name)}.*** {_shown(monster, entry.text)}"


def monster_pages(monster: Monster) -> list[discord.Embed]:
    colour = HOMEBREW_COLOUR if monster.source == "homebrew" else SRD_COLOUR
    chunks = split_text(monster_text(monster), PAGE_TEXT)
    pages = [
        discord.Embed(title=f"{monster.name[:200]} ({monster.ruleset})", description=chunk, colour=colour)
        for chunk in chunks
    ]
    return number_pages(pages, footer(monster))


def condition_pages(condition: Condition) -> list[discord.Embed]:
    chunks = split_text(condition.text, PAGE_TEXT)
    pages = [
        discord.Embed(title=f"{condition.name} ({condition.ruleset})", description=c, colour=SRD_COLOUR)
        for c in chunks
    ]
    return number_pages(pages, footer(condition))


def item_text(item: Item) -> str:
    lines = []
    if item.is_magic:
        head = ", ".join(p for p in (item.kind, item.rarity) if p)
        lines.append(f"*{head}{' (' + item.attunement + ')' if item.attunement else ''}*")
    elif item.kind:
        lines.append(f"*{item.kind}*")
    for label, value in (
        ("Armor Class", item.armor_class),
        ("Damage", item.damage),
        ("Properties", ", ".join(item.properties) if item.properties else None),
        ("Cost", item.cost),
        ("Weight", item.weight),
    ):
        if value:
            lines.append(f"**{label}** {value}")
    if item.text:
        lines += ["", item.text]
    return "\n".join(lines) or "—"


def item_pages(item: Item) -> list[discord.Embed]:
    chunks = split_text(item_text(item), PAGE_TEXT)
    pages = [
        discord.Embed(title=f"{item.name[:200]} ({item.ruleset})", description=c, colour=SRD_COLOUR)
        for c in chunks
    ]
    return number_pages(pages, footer(item))


def monster_list_pages(title: str, monsters: list[Monster]) -> list[discord.Embed]:
    pages = []
    for start in range(0, len(monsters), LIST_PAGE):
        chunk = monsters[start : start + LIST_PAGE]
        lines = [
            f"**{escape(m.name)}** — CR {m.cr if not m.summon else '—'} {m.size} {m.creature_type}, "
            f"AC {m.armor_class}, HP {m.hit_points}"
            for m in chunk
        ]
        pages.append(discord.Embed(title=title, description="\n".join(lines), colour=SRD_COLOUR))
    return number_pages(pages, "Use /monster for a stat block")


def not_found_message(
    kind: str, name: str, ruleset: str, other_ruleset: str | None, suggestions: tuple[CompendiumEntry, ...]
) -> str:
    shown = escape(name[:100])
    if other_ruleset:
        return (
            f"No {ruleset} {kind} is named “{shown}”; only the {other_ruleset} rules have one: "
            f"pick “{shown} ({other_ruleset})” from the list."
        )
    if suggestions:
        names = ", ".join(escape(s.name) for s in suggestions)
        return f"No {ruleset} {kind} is named “{shown}”. Did you mean: {names}?"
    return f"No {ruleset} {kind} is named “{shown}”."


def choices(entries: list[CompendiumEntry]) -> list[discord.app_commands.Choice[str]]:
    return [discord.app_commands.Choice(name=e.label, value=e.id) for e in entries]


def monsters_imported(monsters: list[Monster]) -> str:
    names = ", ".join(escape(m.name) for m in monsters[:30])
    more = f" and {len(monsters) - 30} more" if len(monsters) > 30 else ""
    ruleset = monsters[0].ruleset if monsters else ""
    return (
        f"Imported {len(monsters)} homebrew monster{'s' if len(monsters) != 1 else ''} ({ruleset} rules): "
        f"{names}{more}. Try /monster."
    )
