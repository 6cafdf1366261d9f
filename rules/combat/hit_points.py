"""Damage, healing and temporary hit points (SRD 5.1 and 5.2, "Hit Points" and "Temporary Hit Points")."""

from dataclasses import dataclass
from typing import Literal

from rules.errors import InvalidInputError

HPKind = Literal["damage", "heal", "temp", "set"]
HealthState = Literal["Healthy", "Bloodied", "Down"]
HP_KINDS: tuple[HPKind, ...] = ("damage", "heal", "temp", "set")
AMOUNT_MAX = 10_000  # more than any creature's hit points: a bigger number is a typo


@dataclass(frozen=True, slots=True)
class HP:
    current: int
    max: int
    temp: int = 0


@dataclass(frozen=True, slots=True)
class HPChange:
    before: HP
    after: HP
    kind: HPKind
    amount: int

    @property
    def dropped_to_zero(self) -> bool:
        return self.before.current > 0 and self.after.current == 0

    @property
    def revived(self) -> bool:
        """Back above 0 from 0: an unconscious creature wakes, its death saves reset."""
        return self.before.current == 0 and self.after.current > 0

    @property
    def damage_taken(self) -> int:
        """The damage dealt, temporary hit points and overflow below 0 included: the concentration
        save's basis."""
        return self.amount if self.kind == "damage" else 0

    @property
    def past_temp(self) -> int:
        """The damage that reached the hit points, the temporary ones spent (overflow below 0 included)."""
        return self.amount - (self.before.temp - self.after.temp) if self.kind == "damage" else 0


def apply(hp: HP, amount: int, kind: HPKind) -> HPChange:
    """Temporary hit points absorb damage first; hit points stay within 0..max.

    Temporary hit points do not stack: a new grant keeps the larger of the two.
    ``set`` puts the current hit points to ``amount`` (clamped), temporary ones untouched.
    """
    if amount < 0:
        raise InvalidInputError("The amount cannot be negative: use kind:heal or kind:damage.")
    if amount > AMOUNT_MAX:
        raise InvalidInputError(f"The amount is at most {AMOUNT_MAX:,}.")
    if kind == "damage":
        absorbed = min(hp.temp, amount)
        after = HP(max(0, hp.current - (amount - absorbed)), hp.max, hp.temp - absorbed)
    elif kind == "heal":
        after = HP(min(hp.max, hp.current + amount), hp.max, hp.temp)
    elif kind == "temp":
        after = HP(hp.current, hp.max, max(hp.temp, amount))
    elif kind == "set":
        after = HP(min(hp.max, amount), hp.max, hp.temp)
    else:
        raise InvalidInputError("The kind is damage, heal, temp or set.")
    return HPChange(hp, after, kind, amount)


def health_state(current: int, maximum: int) -> HealthState:
    """What players see of a monster: Down at 0, Bloodied at half its maximum or less."""
    if current <= 0:
        return "Down"
    if current * 2 <= maximum:
        return "Bloodied"
    return "Healthy"


def concentration_dc(damage: int) -> int:
    """The Constitution save to keep concentrating after damage: DC 10 or half the damage, the higher."""
    return max(10, damage // 2)
