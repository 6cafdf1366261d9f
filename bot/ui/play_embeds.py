"""Replies of play from a sheet: hit points, slots, rests, death saves, casting."""

from collections.abc import Awaitable, Callable

import discord

from bot.tree import report_error
from bot.ui.text import escape, modifier_text
from db.schemas import CharacterSheet
from db.services.sheet_play import CastResult, DeathSaveOutcome, HPResult, RestResult, SlotResult
from rules.combat.death_saves import state_of
from rules.combat.hit_points import HPChange
from rules.combat.resources import slot_label

DEATH_STATE_TEXT = {
    "dying": "unconscious, making death saves",
    "stable": "unconscious but stable",
    "dead": "dead",
    "revived": "back on their feet",
}


def hp_text(sheet: CharacterSheet) -> str:
    hp = sheet.hit_points
    temp = f" (+{hp.temp} temp)" if hp.temp else ""
    return f"{hp.current}/{hp.max}{temp}"


def condition_line(name: str, sheet: CharacterSheet) -> str | None:
    """At 0 hit points: unconscious (dying, stable) or dead, with the death saves' tally."""
    saves = sheet.death_saves
    state = state_of(sheet.hit_points.current, saves.successes, saves.failures)
    if state is None:
        return None
    tally = f" (death saves: {saves.successes} ✓ / {saves.failures} ✗)"
    return f"**{escape(name)}** is {DEATH_STATE_TEXT[state]}{tally if state != 'dead' else ''}."


def change_words(change: HPChange) -> str:
    if change.kind == "damage":
        return f"takes {change.amount} damage"
    if change.kind == "heal":
        return f"heals {change.after.current - change.before.current}"
    if change.kind == "temp":
        return f"has {change.after.temp} temporary hit points"
    return f"has HP set to {change.after.current}"


def hp_message(result: HPResult) -> str:
    lines = [f"❤️ **{escape(result.name)}** {change_words(result.change)}: HP {hp_text(result.sheet)}."]
    state = condition_line(result.name, result.sheet)
    if state:
        lines.append(state)
    return "\n".join(lines)


def slots_text(sheet: CharacterSheet) -> str:
    casting = sheet.spellcasting
    if casting is None or not casting.slots:
        return "no spell slots"
    pools = sorted(casting.slots.items())
    return "  ".join(f"L{level}: {pool.used}/{pool.max} used" for level, pool in pools)


def slot_message(result: SlotResult) -> str:
    verb = "spends" if result.action == "use" else "regains"
    return (
        f"✨ **{escape(result.name)}** {verb} a {slot_label(result.level)} slot.\n"
        f"Slots: {slots_text(result.sheet)}"
    )


def rest_message(result: RestResult) -> str:
    name = escape(result.name)
    if result.kind == "long":
        return (
            f"🛏️ **{name}** finishes a long rest: HP {hp_text(result.sheet)}, every spell slot back, "
            f"hit dice {hit_dice_text(result.sheet)}, death saves reset."
        )
    if not result.hit_dice_rolls:
        return f"☕ **{name}** finishes a short rest without spending hit dice: HP {hp_text(result.sheet)}."
    dice = "\n".join(f"- {roll.detail}" for roll in result.hit_dice_rolls)
    return (
        f"☕ **{name}** finishes a short rest, spending {len(result.hit_dice_rolls)} hit "
        f"{'die' if len(result.hit_dice_rolls) == 1 else 'dice'}:\n{dice}\n"
        f"Healed {result.healed}: HP {hp_text(result.sheet)}; hit dice {hit_dice_text(result.sheet)}."
    )


def hit_dice_text(sheet: CharacterSheet) -> str:
    if not sheet.hit_dice:
        return "none"
    return ", ".join(f"{pool.remaining}/{pool.max} {die}" for die, pool in sorted(sheet.hit_dice.items()))


def death_save_message(outcome: DeathSaveOutcome) -> str:
    result = outcome.result
    name = escape(outcome.name)
    head = f"💀 **{name}** rolls a death save: {outcome.roll.detail}"
    if result.state == "revived":
        return f"{head}\nNatural 20: **{name}** regains 1 hit point and wakes up!"
    verdict = {
        "dying": "success" if result.natural >= 10 else "failure",
        "stable": "three successes: **stable**",
        "dead": "three failures: **dead**",
    }[result.state]
    if result.natural == 1 and result.state == "dying":
        verdict = "natural 1: two failures"
    return f"{head}\n{verdict.capitalize()} (death saves: {result.successes} ✓ / {result.failures} ✗)."


def cast_message(result: CastResult) -> str:
    spell = result.spell
    name = escape(result.name)
    if result.slot_level is not None:
        how = f"with a {slot_label(result.slot_level)} slot"
    elif result.ritual:
        how = "as a ritual (no slot)"
    else:
        how = "(a cantrip: no slot)"
    lines = [
        f"🪄 **{name}** casts **{escape(spell.name)}** {how}.",
        f"Spell save DC **{result.save_dc}** · spell attack **{modifier_text(result.attack_bonus)}**",
    ]
    if result.effect is not None and result.roll is not None:
        kind = "Healing" if result.effect.kind == "healing" else "Damage"
        types = f" {spell.data.damage_type.lower()}" if spell.data.damage_type and kind == "Damage" else ""
        lines.append(f"{kind}{types}: {result.roll.detail}")
    if spell.save_type:
        lines.append(f"Targets make a {spell.save_type} saving throw.")
    if spell.concentration:
        lines.append("Concentration: damage calls for a Constitution save.")
    if result.slot_level is not None:
        lines.append(f"Slots: {slots_text(result.sheet)}")
    return "\n".join(lines)


ShowCard = Callable[[discord.Interaction, str], Awaitable[None]]


class SpellCardLink(discord.ui.View):
    """A "Spell card" button under a cast: anyone at the table may read the card, privately."""

    def __init__(self, spell_id: str, show: ShowCard) -> None:
        super().__init__(timeout=600)
        self.spell_id = spell_id
        self.show = show

    @discord.ui.button(label="Spell card", style=discord.ButtonStyle.secondary, emoji="📖")
    async def card(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await self.show(interaction, self.spell_id)

    async def on_error(
        self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item
    ) -> None:
        await report_error(interaction, error)
