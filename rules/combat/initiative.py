"""The order of a fight: who acts next, rounds, conditions that run out, numbered monster names."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, get_args

CombatantKind = Literal["pc", "npc", "monster", "other"]
COMBATANT_KINDS: tuple[CombatantKind, ...] = get_args(CombatantKind)

# A combatant's place in the order: higher initiative first, then higher DEX, then who joined first.
OrderKey = tuple[int, int, int]


def order_key(initiative: int, dex_modifier: int, seq: int) -> OrderKey:
    return (-initiative, -dex_modifier, seq)


@dataclass(frozen=True, slots=True)
class Turn:
    index: int  # into the ordered list
    round: int
    new_round: bool


def next_turn(keys: Sequence[OrderKey], current: OrderKey | None, round_: int) -> Turn:
    """The turn after ``current`` among the sorted ``keys`` (which may have changed since).

    The current combatant is kept by its key, not its place, so combatants added or removed in
    between never shift whose turn comes next. Past the last, round ``round_ + 1`` starts.
    """
    if not keys:
        raise ValueError("no combatants")
    if current is not None:
        for index, key in enumerate(keys):
            if key > current:
                return Turn(index, round_, False)
    return Turn(0, round_ + 1, True)


@dataclass(frozen=True, slots=True)
class Timed:
    name: str
    rounds: int | None  # None: until removed


def tick(conditions: Iterable[Timed]) -> tuple[list[Timed], list[str]]:
    """One of the combatant's turns has passed: durations count down; those at 0 drop off (named)."""
    kept: list[Timed] = []
    ended: list[str] = []
    for condition in conditions:
        if condition.rounds is None:
            kept.append(condition)
        elif condition.rounds <= 1:
            ended.append(condition.name)
        else:
            kept.append(Timed(condition.name, condition.rounds - 1))
    return kept, ended


def numbered_names(name: str, count: int, taken: Iterable[str]) -> list[str]:
    """ "Goblin 1", "Goblin 2"...: names for ``count`` of one kind, after any already in the fight.

    One alone keeps the bare name unless it is taken or others of its name are numbered.
    """
    used = {t.casefold() for t in taken}
    prefix = f"{name.casefold()} "
    numbered = any(t.startswith(prefix) and t[len(prefix) :].isdigit() for t in used)
    if count == 1 and name.casefold() not in used and not numbered:
        return [name]
    names: list[str] = []
    number = 1
    while len(names) < count:
        candidate = f"{name} {number}"
        if candidate.casefold() not in used:
            names.append(candidate)
        number += 1
    return names
