"""Pools spent and regained: spell slots and hit dice, and what rests give back.

Pools are (max, used) pairs keyed by slot level ("1".."9") or die ("d6".."d12"), as a sheet keeps them.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from rules.errors import InvalidInputError

SlotAction = Literal["use", "restore"]


@dataclass(frozen=True, slots=True)
class Pool:
    max: int
    used: int = 0

    @property
    def remaining(self) -> int:
        return self.max - self.used


def _ordinal(level: int) -> str:
    return {1: "1st", 2: "2nd", 3: "3rd"}.get(level, f"{level}th")


def slot_label(level: int) -> str:
    return f"{_ordinal(level)}-level"


def change_slot(slots: Mapping[str, Pool], level: int, action: SlotAction) -> Pool:
    """Spend or give back one slot of ``level``: the pool after, or a clear refusal."""
    pool = slots.get(str(level))
    if pool is None or pool.max == 0:
        raise InvalidInputError(f"The sheet has no {slot_label(level)} spell slots.")
    if action == "use":
        if pool.remaining == 0:
            raise InvalidInputError(
                f"No {slot_label(level)} slots left ({pool.used}/{pool.max} used): a long rest restores them."
            )
        return Pool(pool.max, pool.used + 1)
    if pool.used == 0:
        raise InvalidInputError(f"No {slot_label(level)} slot is spent: nothing to restore.")
    return Pool(pool.max, pool.used - 1)


def long_rest_hit_dice(hit_dice: Mapping[str, Pool]) -> dict[str, Pool]:
    """Spent hit dice regained: up to half the character's total (at least one), largest dice first."""
    total = sum(p.max for p in hit_dice.values())
    back = max(1, total // 2) if total else 0
    regained: dict[str, Pool] = {}
    for die in sorted(hit_dice, key=_die_size, reverse=True):
        pool = hit_dice[die]
        take = min(back, pool.used)
        back -= take
        regained[die] = Pool(pool.max, pool.used - take)
    return regained


def spend_hit_dice(hit_dice: Mapping[str, Pool], count: int) -> tuple[dict[str, Pool], list[str]]:
    """Spend ``count`` hit dice for a short rest, largest first: the pools after and the dice spent."""
    if count < 0:
        raise InvalidInputError("The number of hit dice cannot be negative.")
    left = sum(p.remaining for p in hit_dice.values())
    if count > left:
        raise InvalidInputError(f"Only {left} hit dice are left to spend; a long rest gives some back.")
    pools = dict(hit_dice)
    spent: list[str] = []
    for die in sorted(pools, key=_die_size, reverse=True):
        pool = pools[die]
        take = min(count - len(spent), pool.remaining)
        spent += [die] * take
        pools[die] = Pool(pool.max, pool.used + take)
    return pools, spent


def _die_size(die: str) -> int:
    return int(die.removeprefix("d"))
