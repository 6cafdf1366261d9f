"""Replies of /init: the order, turns, hit points and conditions in a fight, the summary.

Players see monsters and NPCs only as Healthy, Bloodied or Down; the GM's replies with exact
figures are ephemeral. Hidden combatants appear only in the GM's replies.
"""

import discord

from bot.ui.embeds import info_embed
from bot.ui.paginator import EMBED_DESCRIPTION_MAX, split_text
from bot.ui.text import escape
from db.services.encounters import (
    CombatantView,
    CombatHP,
    ConditionResult,
    EncounterSummary,
    EncounterView,
    Joined,
    TurnResult,
)
from rules.combat.death_saves import state_of
from rules.combat.hit_points import health_state
from rules.dice.engine import RollOutcome

COLOUR = discord.Colour.dark_red()


def _hp(c: CombatantView) -> str:
    temp = f" (+{c.temp_hp} temp)" if c.temp_hp else ""
    return f"{c.hp}/{c.max_hp} HP{temp}"


def _pc_state(c: CombatantView) -> str:
    state = state_of(c.hp, *c.death_saves)
    if state is None:
        return ""
    return {"dying": " · unconscious", "stable": " · stable", "dead": " · dead"}[state]


def _conditions(c: CombatantView) -> str:
    if not c.conditions:
        return ""
    named = ", ".join(f"{x.name} ({x.rounds})" if x.rounds else x.name for x in c.conditions)
    return f" · {escape(named)}"


def public_status(c: CombatantView) -> str:
    """What players see of a combatant: a PC's hit points, anyone else's state."""
    if c.is_pc:
        return _hp(c) + _pc_state(c)
    return health_state(c.hp, c.max_hp)


def gm_status(c: CombatantView) -> str:
    armour = f" · AC {c.ac}" if c.ac is not None else ""
    return f"{_hp(c)}{armour}" + (_pc_state(c) if c.is_pc else f" · {health_state(c.hp, c.max_hp)}")


def _line(c: CombatantView, current: CombatantView | None, gm: bool) -> str:
    arrow = "▶ " if current is not None and c.id == current.id else ""
    hidden = " *(hidden)*" if c.hidden else ""
    status = gm_status(c) if gm else public_status(c)
    return f"{arrow}`{c.initiative:>3}` **{escape(c.name)}**{hidden} · {status}{_conditions(c)}"


def order_embed(view: EncounterView, *, gm: bool) -> discord.Embed:
    """The order, round and current turn: the players' view, or the GM's with exact figures."""
    shown = view.combatants if gm else view.visible()
    current = view.current if view.current is not None and (gm or not view.current.hidden) else None
    lines = [_line(c, current, gm) for c in shown] or ["Nobody yet: /init join (players), /init add (GM)."]
    round_text = f"Round {view.round}" if view.round else "Not started: /init next begins round 1"
    title = ("Initiative (GM view)" if gm else "Initiative") + f" · {round_text}"
    text = split_text("\n".join(lines), EMBED_DESCRIPTION_MAX)[0]
    return discord.Embed(title=title, description=text, colour=COLOUR)


def started_text() -> str:
    return "⚔️ An encounter begins in this channel. Players: `/init join`. GM: `/init add`, then `/init next`."


def _roll_text(roll: RollOutcome | None, value: int) -> str:
    return roll.detail if roll is not None else f"`{value}` (given)"


def joined_text(joined: Joined) -> str:
    [combatant], [roll] = joined.combatants, joined.rolls
    return (
        f"⚔️ **{escape(combatant.name)}** joins the fight: initiative {_roll_text(roll, combatant.initiative)}"
    )


def added_text(joined: Joined, *, gm: bool) -> str:
    """Who joined and at what initiative; the GM's version adds hit points and AC."""
    lines = []
    for combatant, roll in zip(joined.combatants, joined.rolls, strict=True):
        extra = f" · {gm_status(combatant)}" if gm else ""
        hidden = " *(hidden)*" if combatant.hidden and gm else ""
        lines.append(
            f"- **{escape(combatant.name)}**{hidden}: "
            f"initiative {_roll_text(roll, combatant.initiative)}{extra}"
        )
    head = "⚔️ Joining the fight:" if not gm else "Added:"
    return "\n".join([head, *lines])[:2000]


def turn_text(result: TurnResult) -> tuple[str, int | None]:
    """The public turn message and the one member it may mention (the current PC's player)."""
    current: CombatantView | None = result.current
    lines = []
    if result.new_round:
        lines.append(f"🔔 **Round {result.round}** begins.")
    lines += [
        f"⏳ {escape(name)} is no longer {escape(cond)}." for name, cond, hidden in result.ended if not hidden
    ]
    mention: int | None = None
    if current is None:
        pass
    elif current.hidden:
        lines.append("▶ Someone unseen acts…")
    elif current.is_pc and current.owner_id is not None:
        mention = current.owner_id
        lines.append(f"▶ It's **{escape(current.name)}**'s turn, <@{mention}>!")
        state = state_of(current.hp, *current.death_saves)
        if state == "dying":
            lines.append(f"{escape(current.name)} is unconscious at 0 HP: roll `/character deathsave`.")
    else:
        lines.append(f"▶ It's **{escape(current.name)}**'s turn.")
    if current is not None and current.concentration:
        lines.append(f"(Concentrating on {escape(current.concentration)}.)")
    return "\n".join(lines), mention


def gm_turn_text(result: TurnResult) -> str | None:
    """For the GM only: whose turn it is when hidden, and hidden combatants' conditions that ran out."""
    current = result.current
    lines = [
        f"⏳ {escape(name)} is no longer {escape(cond)}." for name, cond, hidden in result.ended if hidden
    ]
    if current is not None and current.hidden:
        lines.append(f"▶ Hidden: it's **{escape(current.name)}**'s turn ({gm_status(current)}).")
    return "\n".join(lines) or None


def only_mentioning(user_id: int | None) -> discord.AllowedMentions:
    """Mentions allowed for that one member, nobody else (no roles, no @everyone)."""
    users = [discord.Object(id=user_id)] if user_id is not None else False
    return discord.AllowedMentions(everyone=False, roles=False, replied_user=False, users=users)


def hp_text(result: CombatHP, *, gm: bool) -> str:
    target, change = result.target, result.change
    name = escape(target.name)
    if change.kind == "damage":
        verb = f"takes {change.amount} damage"
    elif change.kind == "heal":
        verb = f"heals {change.after.current - change.before.current}"
    else:
        verb = f"gains {change.after.temp} temporary hit points"
    status = gm_status(target) if gm else public_status(target)
    lines = [f"🩸 **{name}** {verb}: {status}."]
    if target.is_pc and change.after.current == 0 and change.past_temp > 0:
        failures = target.death_saves[1]
        if state_of(target.hp, *target.death_saves) == "dead":
            lines.append(f"💀 **{name}** is dead.")
        elif change.dropped_to_zero:
            lines.append(f"**{name}** falls unconscious: death saves start (`/character deathsave`).")
        else:
            lines.append(f"**{name}** is hurt at 0 HP: a death save fails ({failures} ✗ of 3).")
    elif change.dropped_to_zero:
        lines.append(f"**{name}** is down!")
    if result.concentration_dc is not None and change.after.current == 0:
        lines.append(f"🧠 **{name}** loses concentration: unconscious.")
    elif result.concentration_dc is not None:
        lines.append(f"🧠 **{name}** is concentrating: Constitution save, DC **{result.concentration_dc}**.")
    return "\n".join(lines)


def condition_text(result: ConditionResult) -> str:
    name, condition = escape(result.target.name), escape(result.condition)
    if result.removed:
        return f"✨ **{name}** is no longer {condition}."
    duration = f" for {result.rounds} round{'s' if result.rounds != 1 else ''}" if result.rounds else ""
    return f"🌀 **{name}** is {condition}{duration}."


def removed_text(target: CombatantView) -> str:
    return f"🚪 **{escape(target.name)}** leaves the fight."


def revealed_text(target: CombatantView) -> str:
    return f"👁️ **{escape(target.name)}** appears! Initiative {target.initiative}."


def summary_embed(summary: EncounterSummary) -> discord.Embed:
    rounds = f"{summary.rounds} round{'s' if summary.rounds != 1 else ''}"
    embed = info_embed("⚔️ The encounter is over", f"It lasted {rounds}.")
    embed.colour = COLOUR
    down = ", ".join(escape(n) for n in summary.went_down) or "nobody"
    embed.add_field(name="Went down", value=down[:1024], inline=False)
    if summary.characters:
        embed.add_field(
            name="Fought", value=", ".join(escape(n) for n in summary.characters)[:1024], inline=False
        )
    if summary.npcs_remembering:
        remembered = ", ".join(escape(n) for n in summary.npcs_remembering)
        embed.add_field(name="NPCs who will remember it", value=remembered[:1024], inline=False)
    return embed


def target_label(c: CombatantView, *, gm: bool) -> str:
    """An autocomplete choice for a combatant: the name and what the asker may know of it."""
    status = gm_status(c) if gm else public_status(c)
    return f"{c.name} ({status})"[:100]
