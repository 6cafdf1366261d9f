"""NPCs, their standings and their log as embeds."""

import discord

from bot.ui.campaign_embeds import fit, stamp
from bot.ui.compendium_cards import monster_text
from bot.ui.paginator import number_pages, split_text
from bot.ui.text import change_text, escape
from db.services.npcs import HistoryPage, InteractionEntry, InteractionResult, NPCDetails, Standing
from rules.relationships import label

COLOUR = discord.Colour.purple()
NO_WEBHOOK_NOTICE = (
    "I lack the **Manage Webhooks** permission in this channel, so I posted an embed instead. "
    "Grant it to let NPCs speak under their own name and avatar."
)
# Completes the error reply when logging fails after the NPC spoke (bot.tree.mark_changed).
SPOKE_UNLOGGED = (
    "after the NPC spoke: the message was posted but may not be in their log. "
    "Running the command again would post it twice"
)
TYPE_MARKS = {"dialogue": "💬", "combat": "⚔️", "trade": "💰", "quest": "📜", "social": "🤝", "other": "•"}


def standing_line(standing: Standing, *, toward_npc: bool = False) -> str:
    who = standing.npc_name if toward_npc else standing.character_name
    return f"**{escape(who)}**: {standing.score} ({standing.label})"


def entry_line(entry: InteractionEntry) -> str:
    """Date, type, character, summary, outcome, change: one log entry."""
    who = ""
    if entry.character_name:
        removed = " (character removed)" if entry.character_removed else ""
        who = f" with **{escape(entry.character_name)}**{removed}"
    change = f" · {change_text(entry.relationship_change)}" if entry.relationship_change else ""
    outcome = f"\n  → {escape(entry.outcome)}" if entry.outcome else ""
    mark = TYPE_MARKS.get(entry.interaction_type, "•")
    head = f"{mark} {stamp(entry.timestamp)} · {entry.interaction_type}{who}{change}"
    return f"{head}\n  {escape(entry.summary)}{outcome}"


def personality_text(npc: NPCDetails) -> str:
    p = npc.personality
    parts = [f"**{name.title()}:** {', '.join(values)}" for name, values in (
        ("traits", p.traits), ("ideals", p.ideals), ("bonds", p.bonds), ("flaws", p.flaws),
        ("motivations", p.motivations),
    ) if values]  # fmt: skip
    if p.summary:
        parts.append(p.summary)
    return "\n".join(parts)


def has_gm_only(npc: NPCDetails) -> bool:
    """Whether the GM's card holds what players never see (then it is sent to the GM alone)."""
    return bool(npc.data.gm_notes or npc.data.tactics or npc.data.quest_hooks or npc.stats is not None)


def npc_pages(npc: NPCDetails, *, gm: bool) -> list[discord.Embed]:
    """The NPC card; GM-only notes only when ``gm``."""
    facts = " · ".join(escape(x) for x in (npc.race, npc.occupation) if x) or "Someone"
    where = f" in {escape(npc.location)}" if npc.location else ""
    embed = discord.Embed(title=escape(npc.name)[:256], description=f"{facts}{where}", colour=COLOUR)
    if npc.data.avatar_url:
        embed.set_thumbnail(url=npc.data.avatar_url)
    personality = personality_text(npc)
    if personality:
        embed.add_field(name="Personality", value=fit(personality), inline=False)
    if npc.data.faction:
        embed.add_field(name="Faction", value=escape(npc.data.faction), inline=True)
    for name, text in (("Appearance", npc.data.appearance), ("Voice", npc.data.voice)):
        if text:
            embed.add_field(name=name, value=fit(escape(text)), inline=False)
    if npc.data.inventory:
        embed.add_field(
            name="Inventory", value=fit(", ".join(escape(i) for i in npc.data.inventory)), inline=False
        )
    if gm and npc.stats is not None:  # AC, HP and actions are the GM's secret
        stats = npc.stats
        cr = f" · CR {stats.challenge_rating}" if stats.challenge_rating else ""
        based = f" · {escape(stats.monster.name)} ({stats.monster.ruleset})" if stats.monster else ""
        embed.add_field(
            name="Stat block",
            value=f"AC {stats.armor_class} · HP {stats.hit_points} · {stats.speed}{cr}{based}",
            inline=False,
        )
    standings = "\n".join(standing_line(s) for s in npc.standings) or "*No dealings with any character yet.*"
    embed.add_field(name="Relationships", value=fit(standings), inline=False)
    if npc.recent:
        embed.add_field(
            name="Latest interactions", value=fit("\n".join(entry_line(e) for e in npc.recent)), inline=False
        )
    pages = [embed]
    longer = [("backstory", npc.data.backstory)]
    if gm:  # what players never see: the stat block, tactics, quest hooks, notes
        monster = npc.stats.monster if npc.stats is not None else None
        hooks = "\n".join(f"• {escape(h)}" for h in npc.data.quest_hooks) or None
        longer += [("stat block", monster_text(monster) if monster is not None else None)]
        longer += [("tactics (GM-only)", npc.data.tactics), ("quest hooks (GM-only)", hooks)]
        longer += [("GM notes", npc.data.gm_notes)]
    for heading, text in longer:
        for part in split_text(text or "", 3900) if text else ():
            pages.append(
                discord.Embed(title=f"{escape(npc.name)}: {heading}"[:256], description=part, colour=COLOUR)
            )
    return number_pages(pages, f"Campaign: {npc.campaign_name}")


def interaction_reply(result: InteractionResult) -> str:
    """The reply to /npc interact: what was logged, and how the standing moved."""
    entry = result.entry
    if result.after is None:
        return (
            f"Logged for **{escape(result.npc_name)}** ({entry.interaction_type}); "
            "no character, so no standing moved."
        )
    moved = f" ({result.changed_label})" if result.changed_label else ""
    return (
        f"Logged: **{escape(result.npc_name)}** and **{escape(entry.character_name or '?')}**. "
        f"Standing {result.before} → {result.after}: {label(result.after)}{moved}."
    )


def history_filters(one_character: bool, interaction_type: str | None) -> str:
    """The filters of /npc history as a title suffix, e.g. ", one character, trade"."""
    return "".join(
        f", {part}" for part in ("one character" if one_character else "", interaction_type) if part
    )


def history_embed(npc_name: str, page: HistoryPage, filters: str) -> discord.Embed:
    text = "\n".join(entry_line(e) for e in page.entries) or "*Nothing logged yet.*"
    # A type filter counts only so far ahead (HistoryPage.more): "110+ entries", "page 1/11+".
    more = "+" if page.more else ""
    entries = f"{page.total}{more} entr{'y' if page.total == 1 and not more else 'ies'}"
    title = f"{escape(npc_name)}: history ({entries}{filters})"
    embed = discord.Embed(title=title[:256], description=text[:4096], colour=COLOUR)
    embed.set_footer(text=f"Newest first · page {page.page}/{page.pages}{more}")
    return embed


def standings_pages(title: str, standings: list[Standing], *, toward_npc: bool) -> list[discord.Embed]:
    text = "\n".join(standing_line(s, toward_npc=toward_npc) for s in standings) or "*No dealings yet.*"
    pages = [
        discord.Embed(title=title[:256], description=part, colour=COLOUR) for part in split_text(text, 4000)
    ]
    return number_pages(pages, "Hostile ≤ -50 · Unfriendly · Indifferent -10..10 · Friendly · Allied ≥ 50")


def list_pages(campaign_name: str, npcs: list[NPCDetails]) -> list[discord.Embed]:
    def facts(npc: NPCDetails) -> str:
        return " · ".join(escape(x) for x in (npc.race, npc.occupation, npc.location) if x) or "—"

    lines = [f"**{escape(n.name)}** · {facts(n)}" for n in npcs]
    chunks = ["\n".join(lines[i : i + 15]) for i in range(0, len(lines), 15)]
    title = f"{escape(campaign_name)}: {len(npcs)} NPC{'s' if len(npcs) != 1 else ''}"
    pages = [discord.Embed(title=title[:256], description=c, colour=COLOUR) for c in chunks]
    return number_pages(pages, "/npc show for a card")


def npc_embed(name: str, text: str, avatar_url: str | None) -> discord.Embed:
    """What an NPC says, as an embed under their name (when the bot may not use webhooks)."""
    embed = discord.Embed(description=text, colour=COLOUR)
    embed.set_author(name=name[:256], icon_url=avatar_url)
    return embed


def list_change_text(npc: NPCDetails, kind: str, entry: str, *, added: bool) -> str:
    """The reply to /npc hook|item add|remove."""
    what = "quest hook" if kind == "hook" else "item"
    if added:
        return f"**{escape(npc.name)}** has a new {what}: {escape(entry)}"
    return f"**{escape(npc.name)}** no longer has the {what}: {escape(entry)}"
