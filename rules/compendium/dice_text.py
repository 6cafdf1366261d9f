"""Small helpers for the dice and numbers printed in stat blocks."""

import re

_DICE = re.compile(r"^\s*(\d+)d(\d+)\s*(?:([+\-\u2212])\s*(\d+))?\s*$")


def tidy_dice(formula: str) -> str:
    """ "1d6+2" -> "1d6 + 2", "3d8\u22123" -> "3d8 - 3"; anything else is returned stripped."""
    match = _DICE.match(formula)
    if match is None:
        return formula.strip()
    count, die, sign, bonus = match.groups()
    if not bonus or int(bonus) == 0:
        return f"{count}d{die}"
    return f"{count}d{die} {'+' if sign == '+' else '-'} {bonus}"


def average(formula: str) -> int | None:
    """Average of "NdM + K" rounded down, as stat blocks print it; None for other formulas."""
    match = _DICE.match(formula)
    if match is None:
        return int(formula) if formula.strip().isdigit() else None
    count, die, sign, bonus = match.groups()
    total = int(count) * (int(die) + 1) / 2 + (int(bonus or 0) * (1 if sign in (None, "+") else -1))
    return int(total)


def with_bonus(dice: str, bonus: int) -> str:
    """ "19d12" and +133 -> "19d12 + 133"."""
    if bonus == 0:
        return dice
    return f"{dice} {'+' if bonus > 0 else '-'} {abs(bonus)}"


def signed(value: int) -> str:
    return f"+{value}" if value >= 0 else f"\u2212{abs(value)}"


def feet(value: str | int | None) -> int:
    """ "30 ft." -> 30; None or "None" -> 0."""
    if isinstance(value, int):
        return value
    match = re.match(r"\s*(\d+)", str(value or ""))
    return int(match.group(1)) if match else 0
