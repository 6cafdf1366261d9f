"""The party roster as embeds: names, classes and levels for all; each member's vitals for a GM."""

import discord

from bot.ui.campaign_embeds import fit
from bot.ui.paginator import EMBED_DESCRIPTION_MAX, number_pages, split_text
from bot.ui.play_embeds import DEATH_STATE_TEXT, hp_text, slots_text
from bot.ui.text import escape, plural
from db.services.party import MemberVitals, Party, PartyChange, PartyMember
from rules.combat.death_saves import state_of

COLOUR = discord.Colour.dark_green()
# Six members a page, each field at most 256 + 600 characters: an embed stays under Discord's 6000.
MEMBERS_PER_PAGE = 6
FIELD_VALUE = 600


def classes_text(member: PartyMember) -> str:
    classes = " / ".join(f"{c.name} {c.level}" for c in member.classes) or "no class"
    return f"{classes} · level {member.level}"


def member_line(member: PartyMember) -> str:
    return f"**{escape(member.name)}** · {escape(classes_text(member))} · <@{member.owner_id}>"


def vitals_text(vitals: MemberVitals) -> str:
    """HP, AC, passive Perception; dying or dead; conditions and concentration; slots used."""
    sheet = vitals.sheet
    lines = [f"HP {hp_text(sheet)} · AC {sheet.armor_class} · passive Perception {sheet.passive_perception}"]
    saves = sheet.death_saves
    state = state_of(sheet.hit_points.current, saves.successes, saves.failures)
    if state is not None:
        tally = f" (death saves {saves.successes} ✓ / {saves.failures} ✗)" if state != "dead" else ""
        lines.append(f"💀 {DEATH_STATE_TEXT[state]}{tally}")
    if vitals.conditions:
        named = ", ".join(f"{c.name} ({c.rounds})" if c.rounds else c.name for c in vitals.conditions)
        lines.append(f"Conditions: {escape(named)}")
    if vitals.concentration:
        lines.append(f"Concentrating on {escape(', '.join(vitals.concentration))}")
    if sheet.spellcasting is not None and sheet.spellcasting.slots:
        lines.append(f"Slots: {slots_text(sheet)}")
    return fit("\n".join(lines), FIELD_VALUE)


def _gone_text(party: Party) -> str:
    if not party.gone:
        return ""
    return (
        f"\n*{plural(party.gone, 'former member')} no longer in the campaign (dropped at the next change).*"
    )


def party_pages(party: Party, *, gm: bool) -> list[discord.Embed]:
    title = f"{party.campaign_name}: the party ({len(party.members)})"[:256]
    empty = "*Nobody is in the party yet: /party add character:*"
    if not gm or not party.members:
        text = "\n".join(member_line(m) for m in party.members) or empty
        pages = [
            discord.Embed(title=title, description=part, colour=COLOUR)
            for part in split_text(text + _gone_text(party), EMBED_DESCRIPTION_MAX - 96)
        ]
        return number_pages(pages, "/party add, /party remove" if gm else "/party show")
    pages = []
    for start in range(0, len(party.members), MEMBERS_PER_PAGE):
        page = discord.Embed(title=f"{title} · GM view"[:256], colour=COLOUR)
        if start == 0 and party.gone:
            page.description = _gone_text(party).strip()
        for member in party.members[start : start + MEMBERS_PER_PAGE]:
            name = escape(f"{member.name} · {classes_text(member)}")[:256]
            value = vitals_text(member.vitals) if member.vitals else "(no figures)"
            page.add_field(name=name, value=value, inline=False)
        pages.append(page)
    return number_pages(pages, "GM only · /party add, /party remove")


def party_change_text(change: PartyChange) -> str:
    verb = "joins" if change.joined else "leaves"
    size = plural(change.size, "member")
    campaign = escape(change.campaign_name)
    return f"**{escape(change.character_name)}** {verb} the party of **{campaign}** ({size})."
