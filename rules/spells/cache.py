"""The in-memory spell index that answers autocomplete without the database.

The index and its ranking are rules/search/index.py's, shared with every other kind; here are
the spell entries (with what /spells filters on) and the class names of the spells a guild sees.
"""

from dataclasses import dataclass, field

from rules.search.index import (
    EXACT,
    FUZZY,
    FUZZY_CUTOFF,
    FUZZY_MIN_QUERY,
    PREFIX,
    SUBSTRING,
    WORD_PREFIX,
    NamedEntry,
    NameOrder,
    SearchCache,
    normalise,
)

__all__ = [
    "EXACT",
    "FUZZY",
    "FUZZY_CUTOFF",
    "FUZZY_MIN_QUERY",
    "PREFIX",
    "SUBSTRING",
    "WORD_PREFIX",
    "SpellCache",
    "SpellEntry",
    "normalise",
    "ordinal",
]


def ordinal(level: int) -> str:
    return {1: "1st", 2: "2nd", 3: "3rd"}.get(level, f"{level}th")


@dataclass(frozen=True, slots=True)
class SpellEntry(NamedEntry):
    """What the cache keeps of a spell: enough to rank and label it."""

    id: str
    name: str
    level: int
    school: str
    ruleset: str | None  # None for homebrew, which belongs to no ruleset
    guild_id: int | None = None
    # Kept for /spells filters, which are answered from memory too.
    ritual: bool = False
    concentration: bool = False
    classes: tuple[str, ...] = ()
    key: str = field(init=False)
    # Name order, (key, not homebrew, id): the index sorts and merges by it (kept, not made on every compare).
    order: NameOrder = field(init=False, repr=False, compare=False)

    @property
    def label(self) -> str:
        """A choice name that tells spells apart: "Fireball - 3rd-level Evocation (2024)"."""
        kind = f"{self.school} cantrip" if self.level == 0 else f"{ordinal(self.level)}-level {self.school}"
        suffix = f" - {kind} ({self.ruleset or 'homebrew'})"
        return self.name[: 100 - len(suffix)] + suffix


class SpellCache(SearchCache[SpellEntry]):
    def __init__(self) -> None:
        super().__init__()
        # Class names per index, with the index version they were read at.
        self._classes: dict[int | None, tuple[int, frozenset[str]]] = {}

    def class_names(self, guild_id: int | None) -> list[str]:
        """Every class on a spell this guild sees, sorted (for /spells autocomplete)."""
        names = set(self._index_classes(None))
        if guild_id is not None and guild_id in self._homebrew:
            names |= self._index_classes(guild_id)
        return sorted(names)

    def _index_classes(self, guild_id: int | None) -> frozenset[str]:
        index = self._srd if guild_id is None else self._homebrew[guild_id]
        built = self._classes.get(guild_id)
        if built is None or built[0] != index.version:
            classes = frozenset(c for entry in index.by_id.values() for c in entry.classes)
            built = self._classes[guild_id] = (index.version, classes)
        return built[1]

    def drop_guild(self, guild_id: int) -> None:
        super().drop_guild(guild_id)
        self._classes.pop(guild_id, None)
