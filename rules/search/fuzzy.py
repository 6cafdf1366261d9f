"""Typo-tolerant matching that scores only the keys that can reach the cutoff.

rapidfuzz's QRatio is the Indel similarity 200·LCS/(n+m) of two strings of
lengths n and m. A common subsequence uses each letter at most as often as
either string holds it, so LCS <= Σ_c min(count_q(c), count_k(c)): a key whose
letter counts cannot reach the cutoff is never scored. That bound is checked
for all keys at once with numpy: each key's letter counts are kept as bits
("holds at least 1, 2, 3 ... of letter c"), so the letters a key shares with
the query are the popcount of the key's bits AND the query's. Keys are sorted
by length, so only those of a length that could reach the cutoff are looked at.
"""

from collections.abc import Sequence
from fractions import Fraction

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

# Bits per letter class ("holds at least 1, 2, ... of it"), in two 64-bit words: levels 1-2 of
# every class in the first, the rest in the second (most queries need only the first). Letters
# beyond the bits kept are counted as shared, so the bound stays an upper bound. Keys hold a-z,
# 0-9, _ and single spaces (normalise); digits and _ share a class: merging only loosens the bound.
_OTHER = "#"
_LEVELS = {
    **dict.fromkeys("bcdfghjkmpquvwxyz", 3),
    **dict.fromkeys("aeilnorst ", 5),
    _OTHER: 2,
}
_SLOTS = sorted(
    ((c, level) for c, top in _LEVELS.items() for level in range(1, top + 1)), key=lambda slot: slot[1] > 2
)
_FIRST = sum(level <= 2 for _, level in _SLOTS)  # slots in the first word
assert _FIRST <= 64 and len(_SLOTS) - _FIRST <= 64


def _word_bit(slot: int) -> tuple[int, int]:
    return (0, slot) if slot < _FIRST else (1, slot - _FIRST)


# _MASKS[c][k]: the two words' bits for "at least 1 .. k of class c", for k up to its top level.
_MASKS: dict[str, list[tuple[int, int]]] = {}
for _char, _top in _LEVELS.items():
    _bits = [0, 0]
    _MASKS[_char] = [(0, 0)]
    for _level in range(1, _top + 1):
        _word, _bit = _word_bit(_SLOTS.index((_char, _level)))
        _bits[_word] |= 1 << _bit
        _MASKS[_char].append((_bits[0], _bits[1]))
_TO_CLASS = str.maketrans(dict.fromkeys("0123456789_", _OTHER))
_BYTE_TO_CLASS = bytes.maketrans(b"0123456789_", _OTHER.encode() * 11)
_CLASSES = sorted(_LEVELS)
_CLASS_OF = np.full(256, _CLASSES.index(_OTHER), dtype=np.intp)  # byte of a key -> its class
for _char in _CLASSES:
    _CLASS_OF[ord(_char)] = _CLASSES.index(_char)
_MAX_NEEDS = 64  # threshold arrays kept per table, one per query length
_WORD = (1 << 64) - 1
_SCORE_ALL = 64  # bands of at most this many keys are scored without the letter bound


class _Letters(dict[tuple[str, int], int]):
    """(class, count) -> that many of the class as query bits: word 1 | word 2 << 64 | beyond << 128."""

    def __missing__(self, key: tuple[str, int]) -> int:
        char, count = key
        masks = _MASKS.get(char)
        if masks is None:  # no key holds it: counted as shared all the same
            return count << 128
        top = len(masks) - 1
        first, second = masks[min(count, top)]
        value = first | second << 64 | max(0, count - top) << 128
        if count <= 64:
            self[key] = value
        return value


_LETTERS = _Letters()


def query_letters(query: str) -> int:
    """The query's letter counts as bits (see _Letters). The classes' bits are disjoint: sum is or."""
    if query.isascii():  # bytes.translate is a table look-up, str.translate a dict's
        classes = query.encode().translate(_BYTE_TO_CLASS).decode()
    else:
        classes = query.translate(_TO_CLASS)
    chars = set(classes)
    return sum(map(_LETTERS.__getitem__, zip(chars, map(classes.count, chars), strict=True)))


class TypoIndex[T]:
    """Items whose key scores at least ``cutoff`` (rapidfuzz QRatio) against a query.

    Built at once for a fixed set of items (rebuild it when they change): about 40 bytes a key,
    and one more for each query length searched (the thresholds of the last 64 are kept).
    """

    def __init__(self, items: Sequence[T], keys: Sequence[str], cutoff: float) -> None:
        self._cutoff = cutoff
        # Shared letters needed: 200·shared >= cutoff·(n+m), exactly, in integers.
        ratio = Fraction(cutoff) / 200
        self._num, self._den = ratio.numerator, ratio.denominator
        lengths = np.fromiter(map(len, keys), dtype=np.intp, count=len(keys))
        order = np.argsort(lengths, kind="stable")
        positions: list[int] = order.tolist()
        self._items = [items[i] for i in positions]
        self._keys = [keys[i] for i in positions]
        self._lengths = lengths[order]
        longest = int(self._lengths[-1]) if len(keys) else 0
        # _first[m]: where the keys of length m or more start.
        self._first: list[int] = np.searchsorted(self._lengths, np.arange(longest + 2)).tolist()
        self._words = self._letter_bits()
        self._needs: dict[tuple[int, int], npt.NDArray[np.uint8]] = {}
        self._bands: dict[int, tuple[int, int]] = {}

    def __len__(self) -> int:
        return len(self._keys)

    def _letter_bits(self) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
        """Per key, the two words of bits of the letter counts it holds."""
        size, classes = len(self._keys), len(_CLASSES)
        codes = np.frombuffer("".join(self._keys).encode("ascii", "replace"), dtype=np.uint8)
        owners = np.repeat(np.arange(size, dtype=np.intp), self._lengths)
        counts = np.bincount(owners * classes + _CLASS_OF[codes], minlength=size * classes).reshape(
            size, classes
        )
        words = (np.zeros(size, dtype=np.uint64), np.zeros(size, dtype=np.uint64))
        for slot, (char, level) in enumerate(_SLOTS):
            word, bit = _word_bit(slot)
            held = (counts[:, _CLASSES.index(char)] >= level).astype(np.uint64)
            words[word][:] |= held << np.uint64(bit)
        return words

    def _need(self, n: int, beyond: int) -> npt.NDArray[np.uint8]:
        """Per key, the shared letters (of those in bits) that the cutoff needs."""
        need = self._needs.get((n, beyond))
        if need is None:
            if len(self._needs) >= _MAX_NEEDS:
                self._needs.clear()
            exact = -(-(n + self._lengths) * self._num // self._den) - beyond
            need = self._needs[n, beyond] = np.clip(exact, 0, 255).astype(np.uint8)
        return need

    def _band(self, n: int) -> tuple[int, int]:
        """Positions of the keys of a length m that can reach the cutoff: shared <= min(n, m)."""
        num, den = self._num, self._den
        if num >= den:  # a cutoff of 200 or more: nothing
            return 0, 0
        if num == 0:
            return 0, len(self._keys)
        shortest = -(-n * num // (den - num))
        longest = n * (den - num) // num
        first = self._first
        end = len(first) - 1
        return first[min(shortest, end)], first[min(longest + 1, end)]

    def candidates(self, query: "str | TypoQuery") -> tuple[int, list[int]]:
        """Keys the letter bound does not rule out: (low, offsets), at positions low + offset."""
        if isinstance(query, str):
            query = TypoQuery(query)
        low, high = self._band_of(len(query.text))
        if low >= high:
            return low, []
        letters = query.letters
        first, second, beyond = letters & _WORD, (letters >> 64) & _WORD, letters >> 128
        low_words, high_words = self._words
        n = len(query.text)
        shared = np.bitwise_count(low_words[low:high] & np.uint64(first))
        if second:
            shared += np.bitwise_count(high_words[low:high] & np.uint64(second))
        kept = (shared >= self._need(n, beyond)[low:high]).nonzero()[0]
        offsets: list[int] = kept.tolist()
        return low, offsets

    def matches(self, query: "str | TypoQuery") -> list[T]:
        """Every item whose key scores at least the cutoff, in no particular order."""
        if isinstance(query, str):
            query = TypoQuery(query)
        low, high = self._band_of(len(query.text))
        if high - low <= _SCORE_ALL:  # scoring a few keys costs less than ruling some out
            chosen = self._keys[low:high]
            offsets: Sequence[int] = range(high - low)
        else:
            low, offsets = self.candidates(query)
            keys = self._keys
            chosen = [keys[low + i] for i in offsets]
        if not chosen:
            return []
        cutoff = self._cutoff
        scored = process.extract(query.text, chosen, scorer=fuzz.QRatio, score_cutoff=cutoff, limit=None)
        items = self._items
        return [items[low + offsets[index]] for _, _, index in scored]

    def _band_of(self, n: int) -> tuple[int, int]:
        band = self._bands.get(n)
        if band is None:
            band = self._bands[n] = self._band(n)
        return band


class TypoQuery:
    """A query for one or more TypoIndexes: its letter bits are worked out once, when first needed."""

    __slots__ = ("_letters", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._letters: int | None = None

    @property
    def letters(self) -> int:
        """``query_letters(text)``."""
        if self._letters is None:
            self._letters = query_letters(self.text)
        return self._letters
