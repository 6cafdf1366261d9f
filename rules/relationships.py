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
