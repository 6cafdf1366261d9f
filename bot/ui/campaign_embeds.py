"""Campaigns as embeds, and the replies around them."""

import re

import discord

from bot.ui.embeds import success_embed
from bot.ui.paginator import CONTENT_MAX, EMBED_DESCRIPTION_MAX, number_pages, split_text
from bot.ui.text import escape, plural
from db.schemas import Quest
from db.services import CampaignCounts, CampaignDetails
from db.services.campaign_transfer import ImportResult

COLOUR = discord.Colour.dark_green()
LIST_PAGE_SIZE = 15


def stamp(moment) -> str:
    return discord.utils.format_dt(moment, "R")


def fit(text: str, limit: int = 1024) -> str:
    """Text for a field; a longer one says it was shortened instead of ending mid-word unannounced."""
    if len(text) <= limit:
        return text
    return text[: limit - 30].rsplit(" ", 1)[0] + " … (shortened)"


def numbered(items: list[str] | tuple[str, ...]) -> str:
    return "\n".join(f"{number}. {text}" for number, text in enumerate(items, start=1))


def quest_line(quest: Quest) -> str:
    mark = "✅" if quest.status == "done" else "•"
    details = f": {quest.details}" if quest.details else ""
    return f"{mark} **{escape(quest.title)}**{details}"


def info_pages(campaign: CampaignDetails, counts: CampaignCounts, active: bool) -> list[discord.Embed]:
    """Overview on page one; world description, house rules and quests on further pages when long."""
    title = f"{escape(campaign.name)} (active)" if active else escape(campaign.name)
    overview = discord.Embed(
        title=title, description=campaign.description or "*No description yet.*", colour=COLOUR
    )
    overview.add_field(name="Setting", value=fit(campaign.setting), inline=False)
    overview.add_field(name="Tone", value=campaign.tone, inline=True)
    overview.add_field(name="NPCs", value=str(counts.npcs), inline=True)
    overview.add_field(name="Characters", value=str(counts.characters), inline=True)
    overview.add_field(name="Created", value=stamp(campaign.created_at), inline=True)
    overview.add_field(name="Updated", value=stamp(campaign.updated_at), inline=True)

    sections: list[tuple[str, str]] = []
    if campaign.world_description:
        sections.append(("World", campaign.world_description))
    sections.append(("House rules", numbered(campaign.rules) if campaign.rules else "*None yet.*"))
    open_quests = campaign.open_quests
    sections.append(
        ("Open quests", "\n".join(quest_line(q) for q in open_quests) if open_quests else "*None.*")
    )

    pages = [overview]
    for name, text in sections:
        if (
            len(text) <= 1024
            and len(pages) == 1
            and sum(len(f.value or "") for f in overview.fields) + len(text) < 4000
        ):
            overview.add_field(name=name, value=text, inline=False)
            continue
        for part in split_text(text, EMBED_DESCRIPTION_MAX):
            pages.append(
                discord.Embed(title=f"{escape(campaign.name)}: {name}"[:256], description=part, colour=COLOUR)
            )
    return number_pages(pages, "/campaign edit to change it")


def list_pages(campaigns: list[CampaignDetails], active_id: str | None) -> list[discord.Embed]:
    lines = [
        f"{'▶ ' if c.id == active_id else ''}**{escape(c.name)}** · {c.tone} · {escape(c.setting[:80])}"
        for c in campaigns
    ]
    chunks = ["\n".join(lines[i : i + LIST_PAGE_SIZE]) for i in range(0, len(lines), LIST_PAGE_SIZE)]
    title = f"{len(campaigns)} campaign{'s' if len(campaigns) != 1 else ''}"
    pages = [discord.Embed(title=title, description=chunk, colour=COLOUR) for chunk in chunks]
    return number_pages(pages, "▶ marks the active campaign · /campaign use to change it")


def template_pages(templates: list[CampaignDetails]) -> list[discord.Embed]:
    pages = []
    for template in templates:
        kind = "Built-in template" if template.builtin else "This server's template"
        embed = discord.Embed(
            title=escape(template.name)[:256], description=template.description or "", colour=COLOUR
        )
        embed.add_field(name="Kind", value=kind, inline=True)
        embed.add_field(name="Tone", value=template.tone, inline=True)
        embed.add_field(name="Setting", value=fit(template.setting), inline=False)
        if template.world_description:
            embed.add_field(name="World", value=fit(template.world_description), inline=False)
        if template.rules:
            embed.add_field(name="House rules", value=fit(numbered(template.rules)), inline=False)
        pages.append(embed)
    return number_pages(pages, "/campaign create template: to start from one")


def quest_pages(campaign: CampaignDetails, status: str) -> list[discord.Embed]:
    quests = [q for q in campaign.data.quests if status == "all" or q.status == status]
    text = "\n".join(quest_line(q) for q in quests) or "*No quests here.*"
    title = f"{escape(campaign.name)}: {status} quests ({len(quests)})"[:256]
    pages = [discord.Embed(title=title, description=part, colour=COLOUR) for part in split_text(text, 4000)]
    return number_pages(pages, "/quest add, /quest done")


def created_embed(campaign: CampaignDetails, active: bool) -> discord.Embed:
    """The reply to /campaign create: from a template or not, and whether it became active."""
    note = "It is now this server's active campaign." if active else "Use /campaign use to make it active."
    origin = " from a template" if campaign.template_id else ""
    return success_embed(f"Campaign created{origin}: {escape(campaign.name)}"[:256], note)


def edited_embed(campaign: CampaignDetails) -> discord.Embed:
    """The reply to /campaign edit: each change (long texts shortened), so the table sees what moved."""
    lines = "\n".join(f"- {escape(change)}" for change in campaign.changes)
    return success_embed(f"Updated {escape(campaign.name)}"[:256], fit(lines, EMBED_DESCRIPTION_MAX))


def delete_question(campaign: CampaignDetails, counts: CampaignCounts) -> str:
    return (
        f"Delete **{escape(campaign.name)}**? "
        f"This also deletes its {plural(counts.npcs, 'NPC')} and their "
        f"{plural(counts.interactions, 'logged interaction')}, and cannot be undone. "
        f"Its {plural(counts.characters, 'character')} {'is' if counts.characters == 1 else 'are'} kept, "
        "without a campaign."
    )


def deleted_text(name: str, removed: CampaignCounts) -> str:
    return (
        f"Deleted **{escape(name)}** with {plural(removed.npcs, 'NPC')} and "
        f"{plural(removed.interactions, 'logged interaction')}. "
        f"Its {plural(removed.characters, 'character')} {'was' if removed.characters == 1 else 'were'} kept, "
        "without a campaign."
    )


def export_filename(name: str) -> str:
    """The export's file name: the campaign's name in lowercase ASCII words, e.g. travelling.json."""
    return (re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower() or "campaign") + ".json"


def imported_text(result: ImportResult) -> str:
    """The import reply: what came in, and that standings follow the imported log."""
    lines = [f"Imported **{escape(result.campaign.name)}**. Use /campaign use to make it active."]
    if not result.corrected:
        lines.append("Standings were recomputed from the interaction log; the file's scores agreed with it.")
    else:
        count = len(result.corrected)
        lines.append(
            f"Standings were recomputed from the interaction log: {count} score{'s' if count != 1 else ''} "
            "in the file disagreed with it and follow the log:"
        )
        lines += [
            f"- {escape(c.npc_name)} toward {escape(c.character_name)}: "
            f"{c.stated} in the file, {c.logged} logged"
            for c in result.corrected
        ]
    if result.given_to_importer:
        names = ", ".join(f"**{escape(name)}**" for name in result.given_to_importer)
        lines.append(
            f"Their players are not members here, so these characters are yours until you "
            f"hand them over with /character transfer: {names}."
        )
    return fit("\n".join(lines), CONTENT_MAX)
