"""Relationship scores and their labels (docs/architecture.md, Relationships)."""

SCORE_MIN, SCORE_MAX = -100, 100
# Upper bound of each label's range, in order; Allied has none.
LABELS: tuple[tuple[int, str], ...] = (
    (-50, "Hostile"),
    (-11, "Unfriendly"),
    (10, "Indifferent"),
    (49, "Friendly"),
)


def clamp(total: int) -> int:
    """A pair's score: the sum of its changes (its stored total), held within -100..100."""
    return max(SCORE_MIN, min(SCORE_MAX, total))


def label(score: int) -> str:
    """Hostile <= -50, Unfriendly -49..-11, Indifferent -10..10, Friendly 11..49, Allied >= 50."""
    for upper, name in LABELS:
        if score <= upper:
            return name
    return "Allied"


def bands() -> tuple[tuple[int, int, str], ...]:
    """Each label's score range (low, high), Hostile first: the shaded bands of a standings chart."""
    found: list[tuple[int, int, str]] = []
    low = SCORE_MIN
    for upper, name in LABELS:
        found.append((low, upper, name))
        low = upper + 1
    found.append((low, SCORE_MAX, "Allied"))
    return tuple(found)


def score_path(total: int, changes: list[int]) -> list[int]:
    """The scores a pair went through: before its first logged change, then after each one.

    ``total`` is the stored running total, the truth; what the log does not explain (a standing
    imported with a score, changes of a deleted character's entries) is where the path starts.
    """
    running = total - sum(changes)
    path = [clamp(running)]
    for change in changes:
        running += change
        path.append(clamp(running))
    return path
