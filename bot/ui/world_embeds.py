"""The world state of a campaign as embeds, and the replies to its changes."""

import discord

from bot.ui.paginator import number_pages, split_text
from bot.ui.text import escape
from db.services.world import FactChange, WorldFact, WorldState

COLOUR = discord.Colour.dark_teal()
SECRET_MARK = "🔒"


def fact_line(fact: WorldFact) -> str:
    mark = f"{SECRET_MARK} " if fact.secret else ""
    return f"{mark}**{escape(fact.fact)}**: {escape(fact.value)}"


def world_pages(world: WorldState, *, gm: bool) -> list[discord.Embed]:
    text = "\n".join(fact_line(f) for f in world.facts) or "*No facts of the world are known yet.*"
    title = f"{world.campaign_name}: the world ({len(world.facts)})"[:256]
    pages = [discord.Embed(title=title, description=part, colour=COLOUR) for part in split_text(text, 4000)]
    footer = f"{SECRET_MARK} GM-only · /world set, /world unset" if gm else "/world show"
    return number_pages(pages, footer)


def fact_set_text(change: FactChange) -> str:
    fact = change.fact
    where = f"in **{escape(change.campaign_name)}**"
    if change.previous is None:
        return f"New fact {where}: {fact_line(fact)}"
    before = escape(change.previous.value)
    visibility = ""
    if change.previous.secret != fact.secret:
        visibility = " It is now secret (GM-only)." if fact.secret else " It is no longer secret."
    return f"Changed {where}: **{escape(fact.fact)}**: {before} → {escape(fact.value)}.{visibility}"


def fact_unset_text(campaign_name: str, fact: WorldFact) -> str:
    return f"Removed from **{escape(campaign_name)}**: {fact_line(fact)}"
