"""Relationship scores and their labels (docs/architecture.md, Relationships)."""

from collections.abc import Iterable

SCORE_MIN, SCORE_MAX = -100, 100
# Upper bound of each label's range, in order; Allied has none.
LABELS: tuple[tuple[int, str], ...] = (
    (-50, "Hostile"),
    (-11, "Unfriendly"),
    (10, "Indifferent"),
    (49, "Friendly"),
)


def scores_from_log(changes: Iterable[tuple[str, int]]) -> dict[str, int]:
    """Each character's score from the log's (character, change) pairs: the clamped sum."""
    totals: dict[str, int] = {}
    for character_id, change in changes:
        totals[character_id] = totals.get(character_id, 0) + change
    return {character_id: clamp(total) for character_id, total in totals.items()}


def clamp(total: int) -> int:
    """A pair's score: the sum of its changes, held within -100..100."""
    return max(SCORE_MIN, min(SCORE_MAX, total))


def label(score: int) -> str:
    """Hostile <= -50, Unfriendly -49..-11, Indifferent -10..10, Friendly 11..49, Allied >= 50."""
    for upper, name in LABELS:
        if score <= upper:
            return name
    return "Allied"
