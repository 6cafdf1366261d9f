"""The in-memory spell index that answers autocomplete without the database.

It holds every SRD spell and each guild's homebrew. Homebrew changes are
applied in place (``add``/``remove``); nothing is ever reloaded wholesale.

Ranking, best first: the exact name, then names starting with the query,
then names with a later word starting with it, then names containing it,
then typo-tolerant fuzzy matches. Within a tier the guild's ruleset comes
first, then the name.
"""

import heapq
import math
import re
import unicodedata
from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

EXACT, PREFIX, WORD_PREFIX, SUBSTRING, FUZZY = range(5)
FUZZY_MIN_QUERY = 3
FUZZY_CUTOFF = 72.0
_SEPARATOR = "\n"
_NOT_WORD = re.compile(r"[^\w]+")


def normalise(text: str) -> str:
    """Case-, accent- and punctuation-insensitive key: "Hunter’s Mark" -> "hunters mark"."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = text.casefold().replace("'", "")
    return " ".join(_NOT_WORD.sub(" ", text).split())


def ordinal(level: int) -> str:
    return {1: "1st", 2: "2nd", 3: "3rd"}.get(level, f"{level}th")


@dataclass(frozen=True, slots=True)
class SpellEntry:
    """What the cache keeps of a spell: enough to rank and label it."""

    id: str
    name: str
    level: int
    school: str
    ruleset: str
    guild_id: int | None = None
    # Kept for /spells filters, which are answered from memory too.
    ritual: bool = False
    concentration: bool = False
    classes: tuple[str, ...] = ()
    key: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", normalise(self.name))

    @property
    def homebrew(self) -> bool:
        return self.guild_id is not None

    @property
    def label(self) -> str:
        """A choice name that tells spells apart: "Fireball - 3rd-level Evocation (2024)"."""
        kind = f"{self.school} cantrip" if self.level == 0 else f"{ordinal(self.level)}-level {self.school}"
        tag = f"{self.ruleset}, homebrew" if self.homebrew else self.ruleset
        suffix = f" - {kind} ({tag})"
        return self.name[: 100 - len(suffix)] + suffix


class _Index:
    """Sorted keys for prefix search, sorted words for word-prefix search, one blob for substrings."""

    def __init__(self) -> None:
        self.by_id: dict[str, SpellEntry] = {}
        self.keys: list[tuple[str, str]] = []  # (key, id), sorted
        self.words: list[tuple[str, str]] = []  # (later word, id), sorted
        self.trigrams: dict[str, set[str]] = {}  # every 3-character run of a key -> ids
        self._blob: str | None = None
        self._blob_ids: list[str] = []
        self._blob_starts: list[int] = []
        self._classes: frozenset[str] | None = None  # class names on these spells; rebuilt lazily
        # Keys ordered by length, for fuzzy matching within a length band; rebuilt lazily.
        self._by_length: list[tuple[int, str, str]] | None = None
        self._lengths: list[int] = []
        self._length_keys: list[str] = []

    def add(self, entry: SpellEntry) -> None:
        if entry.id in self.by_id:
            self.remove(entry.id)
        self.by_id[entry.id] = entry
        insort(self.keys, (entry.key, entry.id))
        for word in _later_words(entry.key):
            insort(self.words, (word, entry.id))
        for trigram in _trigrams(entry.key):
            self.trigrams.setdefault(trigram, set()).add(entry.id)
        self._blob = self._by_length = self._classes = None

    def remove(self, spell_id: str) -> SpellEntry | None:
        entry = self.by_id.pop(spell_id, None)
        if entry is None:
            return None
        self.keys.remove((entry.key, entry.id))
        for word in _later_words(entry.key):
            self.words.remove((word, entry.id))
        for trigram in _trigrams(entry.key):
            ids = self.trigrams[trigram]
            ids.discard(entry.id)
            if not ids:
                del self.trigrams[trigram]
        self._blob = self._by_length = self._classes = None
        return entry

    def prefixed(self, pairs: list[tuple[str, str]], query: str) -> Iterable[str]:
        for key, spell_id in pairs[bisect_left(pairs, (query, "")) :]:
            if not key.startswith(query):
                break
            yield spell_id

    def classes(self) -> frozenset[str]:
        if self._classes is None:
            self._classes = frozenset(c for entry in self.by_id.values() for c in entry.classes)
        return self._classes

    def containing(self, query: str) -> Iterable[str]:
        """Ids whose key contains the query, in key order."""
        if len(query) >= 3:
            # Only keys holding every 3-character run of the query can contain it.
            runs = sorted((self.trigrams.get(t, set()) for t in _trigrams(query)), key=len)
            candidates = set.intersection(*runs) if runs else set()
            found = [(self.by_id[i].key, i) for i in candidates if query in self.by_id[i].key]
            return [spell_id for _, spell_id in sorted(found)]
        return self._scan(query)

    def _scan(self, query: str) -> Iterable[str]:
        """Short queries: a C-speed search over all keys joined into one string."""
        if self._blob is None:
            self._blob_ids = [spell_id for _, spell_id in self.keys]
            self._blob_starts = []
            position = 0
            for key, _ in self.keys:
                self._blob_starts.append(position)
                position += len(key) + 1
            self._blob = _SEPARATOR.join(key for key, _ in self.keys)
        blob, found = self._blob, self._blob.find(query)
        while found != -1:
            slot = bisect_left(self._blob_starts, found + 1) - 1
            yield self._blob_ids[slot]
            # Skip to the next key: one key is reported once.
            next_start = self._blob_starts[slot + 1] if slot + 1 < len(self._blob_starts) else len(blob)
            found = blob.find(query, next_start)

    def fuzzy(self, query: str, limit: int) -> Iterable[str]:
        """Typo-tolerant matches, compared only with keys whose length could reach the cutoff."""
        if self._by_length is None:
            self._by_length = sorted((len(key), key, spell_id) for key, spell_id in self.keys)
            self._lengths = [length for length, _, _ in self._by_length]
            self._length_keys = [key for _, key, _ in self._by_length]
        # Indel similarity 2*common/(n+m) can only reach the cutoff for m within this band.
        n, c = len(query), FUZZY_CUTOFF
        low = bisect_left(self._lengths, math.ceil(n * c / (200 - c)))
        high = bisect_right(self._lengths, math.floor(n * (200 - c) / c))
        matches = process.extract(
            query, self._length_keys[low:high], scorer=fuzz.QRatio, limit=limit, score_cutoff=c
        )
        return [self._by_length[low + index][2] for _, _, index in matches]


def _later_words(key: str) -> list[str]:
    return key.split(" ")[1:]


def _trigrams(key: str) -> set[str]:
    return {key[i : i + 3] for i in range(len(key) - 2)}


class SpellCache:
    def __init__(self) -> None:
        self._srd = _Index()
        self._homebrew: dict[int, _Index] = {}

    def __len__(self) -> int:
        return len(self._srd.by_id) + sum(len(index.by_id) for index in self._homebrew.values())

    def load(self, entries: Iterable[SpellEntry]) -> None:
        for entry in entries:
            self.add(entry)

    def add(self, entry: SpellEntry) -> None:
        """Add or replace one spell (SRD or a guild's homebrew)."""
        self._index_for(entry.guild_id).add(entry)

    def remove(self, spell_id: str, guild_id: int | None) -> None:
        index = self._srd if guild_id is None else self._homebrew.get(guild_id)
        if index is not None:
            index.remove(spell_id)

    def get(self, spell_id: str, guild_id: int | None) -> SpellEntry | None:
        """A spell by id, if this guild may see it (SRD, or its own homebrew)."""
        entry = self._srd.by_id.get(spell_id)
        if entry is None and guild_id is not None and guild_id in self._homebrew:
            entry = self._homebrew[guild_id].by_id.get(spell_id)
        return entry

    def visible(self, guild_id: int | None) -> Iterable[SpellEntry]:
        """Every spell this guild sees: the SRD and its own homebrew."""
        yield from self._srd.by_id.values()
        if guild_id is not None and guild_id in self._homebrew:
            yield from self._homebrew[guild_id].by_id.values()

    def class_names(self, guild_id: int | None) -> list[str]:
        """Every class on a spell this guild sees, sorted (for /spells autocomplete)."""
        names = set(self._srd.classes())
        if guild_id is not None and guild_id in self._homebrew:
            names |= self._homebrew[guild_id].classes()
        return sorted(names)

    def search(self, query: str, *, guild_id: int | None, ruleset: str, limit: int = 25) -> list[SpellEntry]:
        """The best ``limit`` spells for what was typed so far, as this guild sees them."""
        return [entry for _, entry in self.ranked(query, guild_id=guild_id, ruleset=ruleset, limit=limit)]

    def ranked(
        self, query: str, *, guild_id: int | None, ruleset: str, limit: int = 25
    ) -> list[tuple[int, SpellEntry]]:
        """Like ``search``, with each spell's tier (EXACT .. FUZZY)."""
        indexes = [self._srd]
        if guild_id is not None and guild_id in self._homebrew:
            indexes.append(self._homebrew[guild_id])
        q = normalise(query)
        ranked: dict[str, tuple[int, bool, str, str]] = {}

        def take(tier: int, index: _Index, ids: Iterable[str], *, in_name_order: bool) -> None:
            preferred = 0
            for spell_id in ids:
                entry = index.by_id[spell_id]
                if spell_id not in ranked:
                    actual = tier if tier != PREFIX or entry.key != q else EXACT
                    ranked[spell_id] = (actual, entry.ruleset != ruleset, entry.key, spell_id)
                preferred += entry.ruleset == ruleset
                # Ids come in name order: anything after `limit` of the guild's ruleset ranks lower.
                if in_name_order and preferred >= limit:
                    return

        finder: Callable[[_Index], Iterable[str]]  # declared, so that the lambdas' calls are typed
        for tier, finder, in_name_order in (
            (PREFIX, lambda index: index.prefixed(index.keys, q), True),
            (WORD_PREFIX, lambda index: index.prefixed(index.words, q), False),
            (SUBSTRING, lambda index: index.containing(q), True),
        ):
            for index in indexes:
                take(tier, index, finder(index), in_name_order=in_name_order)
            if len(ranked) >= limit or not q:
                break
        else:
            if len(q) >= FUZZY_MIN_QUERY:
                for index in indexes:
                    take(FUZZY, index, index.fuzzy(q, limit), in_name_order=False)
        best = heapq.nsmallest(limit, ranked.values())
        # Every ranked id was just read from one of this guild's indexes, so get() finds it.
        return [(tier, self.get(spell_id, guild_id)) for tier, *_, spell_id in best]  # type: ignore[misc]

    def _index_for(self, guild_id: int | None) -> _Index:
        if guild_id is None:
            return self._srd
        return self._homebrew.setdefault(guild_id, _Index())
