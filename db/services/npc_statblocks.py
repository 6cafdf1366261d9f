"""NPC stat blocks from the compendium: set one (/npc statblock), and roll its attacks (/npc attack).

The stat block is a copy of the monster with the GM's overrides, kept in ``npcs.stats``: later
changes to the compendium do not move it. Attack rolls are kept as private rolls of the GM, so
that /rolls shows them to that GM only.
"""

from dataclasses import dataclass

from db.schemas.character import Abilities
from db.schemas.npc import Action, StatBlock
from db.services.base import Service
from db.services.dice import RollEntry, store_roll
from db.services.npcs import NPCDetails, find_npc, npc_view
from rules.compendium.models import Monster, MonsterAction
from rules.dice.engine import roll as roll_dice
from rules.dice.sheet_rolls import Advantage
from rules.errors import InvalidInputError, NotFoundError

_D20 = {"normal": "1d20", "advantage": "2d20kh1", "disadvantage": "2d20kl1"}


@dataclass(frozen=True, slots=True)
class AttackResult:
    npc_name: str
    action: MonsterAction
    to_hit: RollEntry | None  # None for an action without an attack roll (a save effect)
    damage: tuple[RollEntry, ...]


def stat_block_of(monster: Monster) -> StatBlock:
    """``npcs.stats`` for a monster: the summary columns and the whole copy."""
    speeds = [f"{monster.walk_speed} ft."] + [
        f"{k} {v} ft." for k, v in monster.speeds.items() if k != "walk"
    ]
    return StatBlock(
        armor_class=monster.armor_class,
        hit_points=max(1, monster.hit_points),
        speed=", ".join(speeds)[:100],
        abilities=Abilities(**monster.abilities),
        challenge_rating=None if monster.summon else monster.cr,
        actions=[Action(name=a.name[:100], description=a.text[:2000]) for a in monster.actions[:50]],
        monster=monster,
    )


def _attack_expressions(action: MonsterAction, advantage: Advantage) -> tuple[str | None, list[str]]:
    to_hit = None
    if action.attack_bonus is not None:
        bonus = action.attack_bonus
        to_hit = f"{_D20[advantage]}{'+' if bonus >= 0 else '-'}{abs(bonus)}"
    damage = [d.dice.replace(" ", "") for d in action.damage]
    return to_hit, damage


class NPCStatBlockService(Service):
    async def set_stat_block(self, guild_id: int, npc: str, monster: Monster) -> NPCDetails:
        """Give an NPC a copy of ``monster`` (already with the GM's overrides) as its stat block."""
        async with self.db.transaction() as session:
            row, campaign = await find_npc(session, guild_id, npc, lock=True)
            row.stats = stat_block_of(monster)
            await session.flush()
            return await npc_view(session, row, campaign)

    async def actions(self, guild_id: int, npc: str) -> list[MonsterAction]:
        """The NPC's rollable actions (attacks and damaging effects), for autocomplete."""
        async with self.db.transaction(write=False) as session:
            row, _ = await find_npc(session, guild_id, npc)
            return _rollable(row.stats)

    async def attack(
        self,
        guild_id: int,
        channel_id: int,
        user_id: int,
        npc: str,
        action_name: str,
        advantage: Advantage = "normal",
    ) -> AttackResult:
        """Roll an action's to-hit and damage from the NPC's stat block; kept as the GM's private rolls."""
        async with self.db.transaction() as session:
            row, _ = await find_npc(session, guild_id, npc)
            if row.stats is None or row.stats.monster is None:
                raise NotFoundError(f"{row.name} has no stat block yet: give one with /npc statblock.")
            rollable = _rollable(row.stats)
            folded = action_name.casefold().strip()
            action = next((a for a in rollable if a.name.casefold() == folded), None)
            if action is None:
                names = ", ".join(a.name for a in rollable) or "none"
                raise InvalidInputError(
                    f"{row.name} has no action “{action_name[:100]}” to roll (it has: {names})."
                )
            to_hit_expression, damage_expressions = _attack_expressions(action, advantage)
            reason = f"{row.name}: {action.name}"[:100]
            to_hit = None
            if to_hit_expression is not None:
                outcome = roll_dice(to_hit_expression)
                to_hit = await store_roll(
                    session, guild_id, channel_id, user_id, outcome, f"{reason} (to hit)", None, True
                )
            damage = []
            for expression, part in zip(damage_expressions, action.damage, strict=True):
                outcome = roll_dice(expression)
                label = f"{reason} ({part.damage_type or 'damage'})"[:100]
                damage.append(
                    await store_roll(session, guild_id, channel_id, user_id, outcome, label, None, True)
                )
            return AttackResult(row.name, action, to_hit, tuple(damage))


def _rollable(stats: StatBlock | None) -> list[MonsterAction]:
    if stats is None or stats.monster is None:
        return []
    return [a for a in stats.monster.actions if a.attack_bonus is not None or a.damage]
