"""Death saving throws (SRD "Death Saving Throws"): at 0 hit points, 1d20 at the start of each turn."""

from dataclasses import dataclass
from typing import Literal

DeathState = Literal["dying", "stable", "dead", "revived"]

SUCCESS_AT = 10  # 10 or higher succeeds
NEEDED = 3  # three of a kind end it


@dataclass(frozen=True, slots=True)
class DeathSaveResult:
    natural: int
    successes: int
    failures: int
    state: DeathState
    regained_hp: int = 0


def death_save(natural: int, successes: int, failures: int) -> DeathSaveResult:
    """One roll: a natural 20 regains 1 hit point; a natural 1 counts as two failures.

    Three successes make the creature stable, three failures dead. A revived creature's
    tallies reset to zero (the caller stores them as given).
    """
    if natural == 20:
        return DeathSaveResult(natural, 0, 0, "revived", regained_hp=1)
    if natural == 1:
        failures += 2
    elif natural >= SUCCESS_AT:
        successes += 1
    else:
        failures += 1
    successes, failures = min(successes, NEEDED), min(failures, NEEDED)
    if failures >= NEEDED:
        return DeathSaveResult(natural, successes, failures, "dead")
    if successes >= NEEDED:
        return DeathSaveResult(natural, successes, failures, "stable")
    return DeathSaveResult(natural, successes, failures, "dying")


def state_of(hp: int, successes: int, failures: int) -> DeathState | None:
    """The death-save state a sheet shows: None when the character is above 0 hit points."""
    if hp > 0:
        return None
    if failures >= NEEDED:
        return "dead"
    if successes >= NEEDED:
        return "stable"
    return "dying"


def after_hp_change(
    before_current: int,
    max_hp: int,
    lost: int,
    successes: int,
    failures: int,
    *,
    revived: bool = False,
    critical: bool = False,
) -> tuple[int, int]:
    """The death saves (successes, failures) after a change of a character's hit points.

    ``lost``: the damage that reached the hit points, past any temporary ones. SRD 5.1 p. 98 and
    5.2.1 pp. 17-18: damage that reduces a character to 0 with a remainder of at least its hit
    point maximum kills it ("Instant Death", "Massive Damage"); any damage taken at 0 hit points
    is a death saving throw failure, two from a critical hit, and death when it equals or
    exceeds the hit point maximum ("Damage at 0 Hit Points"); a stable creature that takes
    damage stops being stable. Regaining any hit points resets both tallies to zero.
    """
    if revived:
        return 0, 0
    if lost <= 0:
        return successes, failures
    if before_current > 0:
        return (successes, NEEDED) if lost - before_current >= max_hp else (successes, failures)
    successes = 0 if successes >= NEEDED else successes
    if lost >= max_hp:
        return successes, NEEDED
    return successes, min(NEEDED, failures + (2 if critical else 1))
