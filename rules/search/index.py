"""The in-memory search index behind every autocomplete: spells, monsters, conditions, items.

One ``SearchCache`` per kind holds the SRD's entries and each guild's homebrew. Homebrew changes
are applied in place (``add``/``remove``); ``drop_guild`` forgets a guild's homebrew so that it
can be loaded again (for cross-process invalidation).

Ranking, best first: the exact name, then names starting with the query, then names with a
later word starting with it, then names containing it, then typo-tolerant fuzzy matches. Within
a tier the guild's ruleset comes first, then the name.
"""

import re
import unicodedata
from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable, Sequence
from operator import attrgetter
from typing import Any, Protocol

from rules.search.fuzzy import TypoIndex

EXACT, PREFIX, WORD_PREFIX, SUBSTRING, FUZZY = range(5)
FUZZY_MIN_QUERY = 3
FUZZY_CUTOFF = 72.0
_NOT_WORD = re.compile(r"[^\w]+")
_PLAIN = re.compile(r"[a-z0-9_]+(?: [a-z0-9_]+)*")  # already a key: lower-case words, one space apart


def normalise(text: str) -> str:
    """Case-, accent- and punctuation-insensitive key: "Hunter’s Mark" -> "hunters mark"."""
    if text.isascii():
        # NFKD leaves ASCII as it is, and casefold() is lower() there.
        text = " ".join(text.lower().replace("'", "").split())
        if _PLAIN.fullmatch(text):
            return text
    else:
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        text = text.casefold().replace("'", "")
    return " ".join(_NOT_WORD.sub(" ", text).split())


# Name order: the key, then the server's own (homebrew) before the SRD's, then the id.
type NameOrder = tuple[str, bool, str]


class Entry(Protocol):
    """What the index needs of an entry: an id, its ruleset and guild, its key, and its name order."""

    @property
    def id(self) -> str: ...
    @property
    def ruleset(self) -> str | None: ...  # None: homebrew, which belongs to no ruleset
    @property
    def guild_id(self) -> int | None: ...
    @property
    def key(self) -> str: ...  # normalise(name)
    @property
    def order(self) -> NameOrder: ...  # (key, not homebrew, id)


class NamedEntry:
    """The part of an entry dataclass that follows from its name: ``key`` and ``order``, and ``homebrew``.

    A frozen dataclass inherits it and declares ``key`` and ``order`` as ``field(init=False)``;
    its ``__post_init__`` fills them once, so the index never normalises a name again.
    """

    __slots__ = ()
    id: str
    name: str
    guild_id: int | None

    def __post_init__(self) -> None:
        key = normalise(self.name)
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "order", (key, self.guild_id is None, self.id))

    @property
    def homebrew(self) -> bool:
        return self.guild_id is not None


_NAME_ORDER = attrgetter("order")

_PAST_EVERY_KEY = "\x7f"  # sorts after every character a key holds (normalise keeps ASCII word characters)
_GRAM = 4  # substrings of up to this many characters are indexed as they are
_NONE: list[Any] = []  # the entries of a run no key holds (never changed)


class _Index[E: Entry]:
    """One set of entries (the SRD's, or one guild's homebrew), each tier's matches in name order.

    Names: every entry in name order (``NameOrder``), for the exact and prefix tiers. Grams: every run of
    1 to 4 characters of a key -> the entries holding it, in name order, for substrings (a
    later word's prefix is a substring after a space). Typos: see ``SearchCache._typo_index``.
    """

    def __init__(self) -> None:
        self.by_id: dict[str, E] = {}
        self._names: list[E] = []
        self._name_keys: list[str] = []
        self._grams: dict[str, list[E]] = {}
        self.version = 0  # changes with every change, for what is built from this index

    def load(self, entries: Iterable[E]) -> None:
        """Add many at once (as many ``add`` calls would): the lists are built anew, in name order."""
        for entry in entries:
            self.by_id[entry.id] = entry
        self._names = sorted(self.by_id.values(), key=_NAME_ORDER)
        self._name_keys = [entry.key for entry in self._names]
        grams: dict[str, list[E]] = {}
        for entry in self._names:
            for gram in _grams(entry.key):
                if gram in grams:
                    grams[gram].append(entry)
                else:
                    grams[gram] = [entry]
        self._grams = grams
        self.version += 1

    def add(self, entry: E) -> None:
        if entry.id in self.by_id:
            self.remove(entry.id)
        self.by_id[entry.id] = entry
        at = bisect_left(self._names, entry.order, key=_NAME_ORDER)
        self._names.insert(at, entry)
        self._name_keys.insert(at, entry.key)
        for gram in _grams(entry.key):
            insort(self._grams.setdefault(gram, []), entry, key=_NAME_ORDER)
        self.version += 1

    def remove(self, entry_id: str) -> E | None:
        entry = self.by_id.pop(entry_id, None)
        if entry is None:
            return None
        at = _remove_from(self._names, entry)
        del self._name_keys[at]
        for gram in _grams(entry.key):
            entries = self._grams[gram]
            _remove_from(entries, entry)
            if not entries:
                del self._grams[gram]
        self.version += 1
        return entry

    def exact_and_prefixed(self, query: str) -> tuple[Iterable[E], Iterable[E]]:
        """Entries whose key is the query, and those whose key starts with it, in name order."""
        keys = self._name_keys
        low = bisect_left(keys, query)
        middle = bisect_right(keys, query, low) if low < len(keys) and keys[low] == query else low
        high = bisect_left(keys, query + _PAST_EVERY_KEY, middle)
        # By position: slicing would copy the tail, islice would step through the head.
        at = self._names.__getitem__
        exact = map(at, range(low, middle)) if low < middle else ()
        return exact, map(at, range(middle, high)) if middle < high else ()

    def containing(self, text: str) -> Iterable[E]:
        """Entries whose key contains the text, in name order."""
        return self.substrings(text, later_words=False)[1]

    def substrings(self, query: str, *, later_words: bool) -> tuple[Iterable[E], Iterable[E]]:
        """Entries with a later word starting with the query (if ``later_words``, else none), and
        entries whose key contains it, each in name order.

        A later word starts with the query when the key holds " " + query (keys are words joined
        by one space). Only keys holding every run of a text can hold it: the entries of the
        rarest of some runs are read, and kept if they hold the text.
        """
        grams = self._grams
        size = len(query)
        inside: Iterable[E]
        if size <= _GRAM:
            rarest = inside = grams.get(query, _NONE)
        else:
            # Runs side by side, and the last: together they cover the query.
            starts = [*range(0, size - _GRAM, _GRAM), size - _GRAM]
            rarest = min([grams.get(query[i : i + _GRAM], _NONE) for i in starts], key=len)
            inside = _holding(rarest, query)
        if not later_words or not rarest:
            return (), inside
        spaced = " " + query
        if size < _GRAM:
            return grams.get(spaced, _NONE), inside
        # The runs of " " + query: its first, and those of the query.
        first = grams.get(spaced[:_GRAM], _NONE)
        return _holding(first if len(first) < len(rarest) else rarest, spaced), inside


def _holding[E: Entry](entries: list[E], text: str) -> Iterable[E]:
    return (entry for entry in entries if text in entry.key) if entries else ()


def _remove_from[E: Entry](entries: list[E], entry: E) -> int:
    """Delete the entry from a list in name order; return where it was."""
    at = bisect_left(entries, entry.order, key=_NAME_ORDER)
    del entries[at]
    return at


def _grams(key: str) -> set[str]:
    """Every run of 1 to _GRAM characters of the key."""
    return {key[i : i + size] for size in range(1, _GRAM + 1) for i in range(len(key) - size + 1)}


class SearchCache[E: Entry]:
    """One kind's entries: the SRD's and each guild's homebrew, ranked as module docstring says."""

    def __init__(self) -> None:
        self._srd: _Index[E] = _Index()
        self._homebrew: dict[int, _Index[E]] = {}
        # One TypoIndex per set of indexes searched together (None: the SRD alone), with the
        # versions of the indexes it was built from; rebuilt on the first typo search after a change.
        self._typos: dict[int | None, tuple[tuple[int, ...], TypoIndex[E]]] = {}

    def __len__(self) -> int:
        return len(self._srd.by_id) + sum(len(index.by_id) for index in self._homebrew.values())

    def load(self, entries: Iterable[E]) -> None:
        """Add many entries at once (at start)."""
        batches: dict[int | None, list[E]] = {}
        for entry in entries:
            batches.setdefault(entry.guild_id, []).append(entry)
        for guild_id, batch in batches.items():
            self._index_for(guild_id).load(batch)

    def add(self, entry: E) -> None:
        """Add or replace one entry (SRD or a guild's homebrew)."""
        self._index_for(entry.guild_id).add(entry)

    def remove(self, entry_id: str, guild_id: int | None) -> None:
        index = self._srd if guild_id is None else self._homebrew.get(guild_id)
        if index is not None:
            index.remove(entry_id)

    def get(self, entry_id: str, guild_id: int | None) -> E | None:
        """An entry by id, if this guild may see it (SRD, or its own homebrew)."""
        entry = self._srd.by_id.get(entry_id)
        if entry is None and guild_id is not None and guild_id in self._homebrew:
            entry = self._homebrew[guild_id].by_id.get(entry_id)
        return entry

    def visible(self, guild_id: int | None) -> Iterable[E]:
        """Every entry this guild sees: the SRD and its own homebrew."""
        yield from self._srd.by_id.values()
        if guild_id is not None and guild_id in self._homebrew:
            yield from self._homebrew[guild_id].by_id.values()

    def search(self, query: str, *, guild_id: int | None, ruleset: str, limit: int = 25) -> list[E]:
        """The best ``limit`` entries for what was typed so far, as this guild sees them."""
        return [entry for _, entry in self.ranked(query, guild_id=guild_id, ruleset=ruleset, limit=limit)]

    def ranked(
        self, query: str, *, guild_id: int | None, ruleset: str, limit: int = 25
    ) -> list[tuple[int, E]]:
        """Like ``search``, with each entry's tier (EXACT .. FUZZY).

        Tier by tier, each index gives its matches in name order, read only as far as needed
        (see ``_take``); the fuzzy tier runs only when the others found fewer than ``limit``.
        """
        indexes = [self._srd]
        if guild_id is not None and guild_id in self._homebrew:
            indexes.append(self._homebrew[guild_id])
        q = normalise(query)
        found: list[tuple[int, E]] = []
        seen: set[str] = set()
        if limit <= 0:
            return found
        bounds = [index.exact_and_prefixed(q) for index in indexes]
        _take(found, seen, EXACT, [exact for exact, _ in bounds], limit, ruleset)
        _take(found, seen, PREFIX, [prefixed for _, prefixed in bounds], limit, ruleset)
        if not q:
            return found  # every key starts with ""
        if len(found) < limit:
            # Words hold no space: a query with one is no later word's prefix.
            found_in = [index.substrings(q, later_words=" " not in q) for index in indexes]
            words, inside = zip(*found_in, strict=True)
            _take(found, seen, WORD_PREFIX, words, limit, ruleset)
            if len(found) < limit:
                _take(found, seen, SUBSTRING, inside, limit, ruleset)
        if len(found) < limit and len(q) >= FUZZY_MIN_QUERY:
            typos = self._typo_index(guild_id if len(indexes) > 1 else None, indexes).matches(q)
            _take(found, seen, FUZZY, [typos], limit, ruleset, in_name_order=False)
        return found

    def _typo_index(self, key: int | None, indexes: list[_Index[E]]) -> TypoIndex[E]:
        """The SRD's and a guild's entries in one TypoIndex (one scan for both), as they are now."""
        versions = tuple(index.version for index in indexes)
        built = self._typos.get(key)
        if built is None or built[0] != versions:
            entries = [entry for index in indexes for entry in index.by_id.values()]
            built = self._typos[key] = (versions, TypoIndex(entries, [e.key for e in entries], FUZZY_CUTOFF))
        return built[1]

    def drop_guild(self, guild_id: int) -> None:
        """Forget a guild's homebrew (to load it again after another process changed it)."""
        self._homebrew.pop(guild_id, None)
        self._typos.pop(guild_id, None)

    def _index_for(self, guild_id: int | None) -> _Index[E]:
        if guild_id is None:
            return self._srd
        return self._homebrew.setdefault(guild_id, _Index())


def _take[E: Entry](
    found: list[tuple[int, E]],
    seen: set[str],
    tier: int,
    matches: Sequence[Iterable[E]],
    limit: int,
    ruleset: str,
    *,
    in_name_order: bool = True,
) -> None:
    """Append this tier's best entries not found before: the guild's ruleset first, then by name.

    ``matches`` holds one iterable per index. In name order, an index is read only until it
    gave as many of the guild's ruleset as are still wanted, and once one index did, the next
    only up to that one's last key: anything after ranks lower.
    """
    if not any(matches):  # () or [] when an index has none; other iterables are read
        return
    wanted = limit - len(found)
    preferred: list[E] = []
    others: list[E] = []
    last: str | None = None  # in name order: nothing after this key can be wanted
    merge = not in_name_order  # entries of two indexes, or in no order: sort them
    for entries in matches:
        mine = 0
        gave = False
        for entry in entries:
            if last is not None and entry.key > last:
                break
            if entry.id in seen:
                continue
            if not gave:
                merge |= bool(preferred or others)
                gave = True
            if entry.ruleset == ruleset or entry.ruleset is None:  # homebrew counts as every ruleset's
                preferred.append(entry)
                mine += 1
                if mine >= wanted and in_name_order:
                    last = entry.key
                    break
            else:
                others.append(entry)
    if merge:
        preferred.sort(key=_NAME_ORDER)
    if len(preferred) < wanted:
        if merge:
            others.sort(key=_NAME_ORDER)
        preferred += others[: wanted - len(preferred)]
    elif len(preferred) > wanted:
        del preferred[wanted:]
    for entry in preferred:
        seen.add(entry.id)
        found.append((tier, entry))
