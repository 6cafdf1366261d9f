"""NPCs, their standings and their log as embeds."""

import discord

from bot.ui.campaign_embeds import fit, stamp
from bot.ui.compendium_cards import monster_text
from bot.ui.paginator import number_pages, split_text
from bot.ui.text import change_text, escape
from db.schemas.interaction import RollRecord
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


ROLLS_SHOWN = 2  # of one entry in a list; an imported entry may hold up to 50
HISTORY_TEXT = 4096  # an embed's description
MESSAGE = 2000  # a message's content


def clip(text: str, limit: int) -> str:
    """``text`` escaped in at most ``limit`` characters, cut before escaping so no markup is split."""
    escaped = escape(text)
    if len(escaped) <= limit:
        return escaped
    raw = text[: max(0, limit - 2)]
    while raw and len(escape(raw)) + 2 > limit:
        raw = raw[:-1]
    return escape(raw.rstrip()) + " …"


def roll_text(roll: RollRecord, detail: str | None = None) -> str:
    """ "🎲 Persuasion (CHA) **18** vs DC 15: success (natural 20)"; ``detail`` shows every die."""
    what = f"{clip(roll.label, 40)} " if roll.label else ""
    shown = detail if detail is not None else f"{escape(roll.expression)} = **{roll.total}**"
    against = ""
    if roll.dc is not None:
        against = f" vs DC {roll.dc}: **{'success' if roll.succeeded else 'failure'}**"
    natural = {"critical": " (natural 20)", "fumble": " (natural 1)"}.get(roll.crit or "", "")
    return f"🎲 {what}{shown}{against}{natural}"


def entry_line(entry: InteractionEntry, room: int | None = None) -> str:
    """Date, type, character, place, change; summary, rolls, outcome, consequences: one log entry.

    With ``room``, the texts share what is left after the rest so the entry fits in it.
    """
    who = ""
    if entry.character_name:
        removed = " (character removed)" if entry.character_removed else ""
        who = f" with **{escape(entry.character_name)}**{removed}"
    where = f" · at {clip(entry.location, 60)}" if entry.location else ""
    change = f" · {change_text(entry.relationship_change)}" if entry.relationship_change else ""
    mark = TYPE_MARKS.get(entry.interaction_type, "•")
    head = f"{mark} {stamp(entry.timestamp)} · {entry.interaction_type}{who}{where}{change}"
    rolls = [roll_text(r) for r in entry.rolls[:ROLLS_SHOWN]]
    if len(entry.rolls) > ROLLS_SHOWN:
        rolls.append(f"🎲 …and {len(entry.rolls) - ROLLS_SHOWN} more")
    texts = [("", entry.summary), ("→ ", entry.outcome), *(("⇒ ", c) for c in entry.consequences)]
    present = [(prefix, text) for prefix, text in texts if text]
    if room is None:
        body = [prefix + escape(text) for prefix, text in present]
    else:
        left = room - len(head) - sum(len(r) + 3 for r in rolls)
        body = []
        for number, (prefix, text) in enumerate(present):
            share = left // (len(present) - number) - 3 - len(prefix)
            if share >= 10:  # else left out: a word or two would say nothing
                body.append(prefix + clip(text, share))
                left -= len(body[-1]) + 3
    parts = [head, *body[:1], *rolls, *body[1:]]
    return "\n  ".join(parts)


def entries_text(entries: tuple[InteractionEntry, ...], limit: int) -> str:
    """The entries in at most ``limit`` characters, each in its share (cut at a line when still over)."""
    if not entries:
        return ""
    room = (limit - len(entries) + 1) // len(entries)
    text = "\n".join(entry_line(e, room) for e in entries)
    return text if len(text) <= limit else split_text(text, limit)[0]


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
        embed.add_field(name="Latest interactions", value=entries_text(npc.recent, 1024), inline=False)
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
    """The reply to /npc interact: what was logged, how the standing moved, the roll against the DC,
    what came of it and where."""
    entry = result.entry
    if result.after is None:
        text = (
            f"Logged for **{escape(result.npc_name)}** ({entry.interaction_type}); "
            "no character, so no standing moved."
        )
    else:
        moved = f" ({result.changed_label})" if result.changed_label else ""
        text = (
            f"Logged: **{escape(result.npc_name)}** and **{escape(entry.character_name or '?')}**. "
            f"Standing {result.before} → {result.after}: {label(result.after)}{moved}."
        )
    after = [f"⇒ {clip(c, 600)}" for c in entry.consequences]
    after += [f"📍 {clip(entry.location, 150)}"] if entry.location else []
    reply = "\n".join([text, *(roll_text(r, result.roll_detail) for r in entry.rolls), *after])
    if len(reply) <= MESSAGE:
        return reply
    # Every die of a big roll does not fit beside long names and text: its total does.
    return "\n".join([text, *(roll_text(r) for r in entry.rolls), *after])


def history_filters(one_character: bool, interaction_type: str | None) -> str:
    """The filters of /npc history as a title suffix, e.g. ", one character, trade"."""
    return "".join(
        f", {part}" for part in ("one character" if one_character else "", interaction_type) if part
    )


def history_embed(npc_name: str, page: HistoryPage, filters: str) -> discord.Embed:
    text = entries_text(page.entries, HISTORY_TEXT) or "*Nothing logged yet.*"
    # A type filter counts only so far ahead (HistoryPage.more): "110+ entries", "page 1/11+".
    more = "+" if page.more else ""
    entries = f"{page.total}{more} entr{'y' if page.total == 1 and not more else 'ies'}"
    title = f"{escape(npc_name)}: history ({entries}{filters})"
    embed = discord.Embed(title=title[:256], description=text, colour=COLOUR)
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
