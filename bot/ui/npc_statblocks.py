"""Replies of /npc statblock and /npc attack (GM-only, so ephemeral)."""

import discord

from bot.ui.text import escape
from db.services.npc_statblocks import AttackResult
from rules.compendium import MonsterAction
from rules.compendium.dice_text import signed

COLOUR = discord.Colour.purple()


def statblock_reply(npc_name: str, monster_name: str, ruleset: str, hp: int | None, ac: int | None) -> str:
    overrides = ", ".join(
        part for part in (f"HP {hp}" if hp else "", f"AC {ac}" if ac is not None else "") if part
    )
    suffix = f" with {overrides}" if overrides else ""
    return (
        f"**{escape(npc_name)}** now uses the {escape(monster_name)} stat block ({ruleset}){suffix}. "
        "Only GMs see it (/npc show)."
    )


def action_label(action: MonsterAction) -> str:
    """ "Longsword - +5 to hit, 1d8 + 3 slashing"."""
    parts = []
    if action.attack_bonus is not None:
        parts.append(f"{signed(action.attack_bonus)} to hit")
    if action.save_dc is not None:
        parts.append(f"DC {action.save_dc}")
    parts += [f"{d.dice} {d.damage_type}".strip() for d in action.damage]
    return f"{action.name} - {', '.join(parts)}" if parts else action.name


def attack_embed(result: AttackResult) -> discord.Embed:
    action = result.action
    embed = discord.Embed(title=f"{result.npc_name}: {action.name}"[:256], colour=COLOUR)
    if result.to_hit is not None:
        embed.add_field(name="To hit", value=result.to_hit.detail[:1024], inline=False)
    elif action.save_dc is not None:
        ability = f" {action.save_ability}" if action.save_ability else ""
        embed.add_field(name="Save", value=f"DC {action.save_dc}{ability}", inline=False)
    for roll, part in zip(result.damage, action.damage, strict=True):
        kind = part.damage_type.capitalize() or "Damage"
        embed.add_field(name=kind, value=roll.detail[:1024], inline=False)
    embed.set_footer(text="Kept in /rolls for you only")
    return embed
