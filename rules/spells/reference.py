"""The ranking of ``SpellCache.ranked`` spelled out plainly and slowly, to check the index against.

Every visible entry is given its tier by looking at its key alone: the exact
name, a name starting with the query, a later word starting with it, a name
containing it; then, only when those found fewer than ``limit``, the rest of
the entries whose rapidfuzz QRatio reaches FUZZY_CUTOFF (queries of at least
FUZZY_MIN_QUERY characters). Within a tier the guild's ruleset (and homebrew,
which has none) comes first, then the key, then the server's own before the
SRD's, then the id. The tests and bench/autocomplete.py compare the index with
this on many queries.
"""

from collections.abc import Iterable

from rapidfuzz import fuzz

from rules.spells.cache import (
    EXACT,
    FUZZY,
    FUZZY_CUTOFF,
    FUZZY_MIN_QUERY,
    PREFIX,
    SUBSTRING,
    WORD_PREFIX,
    SpellEntry,
    normalise,
)


def exact_tier(key: str, query: str) -> int | None:
    """EXACT .. SUBSTRING for a key and a normalised query, or None if none of those."""
    if key == query:
        return EXACT
    if key.startswith(query):
        return PREFIX
    if any(word.startswith(query) for word in key.split(" ")[1:]):
        return WORD_PREFIX
    if query in key:
        return SUBSTRING
    return None


def reference_ranking(
    entries: Iterable[SpellEntry], query: str, *, ruleset: str, limit: int = 25
) -> list[tuple[int, SpellEntry]]:
    """The best ``limit`` of these entries (every spell a guild sees) for the query, with their tiers."""
    q = normalise(query)
    ranked: list[tuple[int, bool, str, bool, str, SpellEntry]] = []
    rest: list[SpellEntry] = []
    for entry in entries:
        tier = exact_tier(entry.key, q)
        if tier is None:
            rest.append(entry)
        else:
            ranked.append((tier, entry.ruleset not in (ruleset, None), *entry.order, entry))
    if len(ranked) < limit and len(q) >= FUZZY_MIN_QUERY:
        ranked += [
            (FUZZY, entry.ruleset not in (ruleset, None), *entry.order, entry)
            for entry in rest
            if fuzz.QRatio(q, entry.key) >= FUZZY_CUTOFF
        ]
    ranked.sort(key=lambda row: row[:5])
    return [(tier, entry) for tier, *_, entry in ranked[: max(limit, 0)]]
