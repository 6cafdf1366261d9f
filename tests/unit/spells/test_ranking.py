"""The fast index ranks exactly as the plain reference ranking does (rules/spells/reference.py)."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from rules.spells.cache import FUZZY, FUZZY_CUTOFF, SpellCache, SpellEntry, normalise
from rules.spells.fuzzy import TypoIndex, TypoQuery
from rules.spells.reference import reference_ranking

GUILD, OTHER_GUILD = 10, 11
WORDS = (
    "fire", "fireball", "ball", "bolt", "wall", "of", "fire", "ice", "storm", "mass", "cure",
    "wounds", "word", "power", "light", "lightning", "shield", "faith", "misty", "step", "ward",
    "a", "b", "x", "xx", "eel", "sees", "essence", "assess", "lll", "zzz", "9", "d20", "_",
)  # fmt: skip
PUNCTUATION = ("", "", "", "'s", "’s", "-", ",", " (v2)", "é")


def name_of(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(1, 4))]
    name = " ".join(word.capitalize() if rng.random() < 0.7 else word for word in words)
    return name + rng.choice(PUNCTUATION)


def entries_of(rng: random.Random, count: int) -> list[SpellEntry]:
    """SRD spells (both rulesets, some names in both), and homebrew of two guilds."""
    entries = []
    for i in range(count):
        name = name_of(rng)
        guild = rng.choice((None, None, GUILD, GUILD, OTHER_GUILD))
        both = guild is None and rng.random() < 0.3
        for ruleset in ("2014", "2024") if both else (rng.choice(("2014", "2024")),):
            entries.append(SpellEntry(f"s{i}-{ruleset}", name, 1, "Evocation", ruleset, guild_id=guild))
    return entries


def misspelt(text: str, rng: random.Random) -> str:
    if len(text) < 2:
        return text
    i = rng.randrange(len(text) - 1)
    return rng.choice(
        (
            text[:i] + text[i + 1] + text[i] + text[i + 2 :],  # swap
            text[:i] + text[i + 1 :],  # drop
            text[:i] + text[i] + text[i:],  # double
            text[:i] + rng.choice("aeiosx ") + text[i + 1 :],  # replace
        )
    )


def query_of(names: list[str], rng: random.Random) -> str:
    name = rng.choice(names)
    kind = rng.random()
    if kind < 0.3:
        return name[: rng.randint(0, len(name))]  # a keystroke
    if kind < 0.55:
        start = rng.randrange(len(name))
        return name[start : start + rng.randint(1, 8)]  # a piece from the middle
    if kind < 0.85:
        return misspelt(name.lower(), rng)
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3)))  # made up


def assert_same(cache: SpellCache, query: str, guild_id: int | None, ruleset: str, limit: int) -> None:
    fast = cache.ranked(query, guild_id=guild_id, ruleset=ruleset, limit=limit)
    slow = reference_ranking(cache.visible(guild_id), query, ruleset=ruleset, limit=limit)
    assert [(tier, e.id) for tier, e in fast] == [(tier, e.id) for tier, e in slow], (query, ruleset, limit)


def test_many_seeded_queries_rank_as_the_reference_does():
    rng = random.Random(2024)
    entries = entries_of(rng, 400)
    cache = SpellCache()
    cache.load(entries)
    names = [entry.name for entry in entries]
    for _ in range(1500):
        limit = rng.choice((1, 2, 3, 5, 10, 25, 25, 25, 200))
        guild = rng.choice((None, GUILD, GUILD, OTHER_GUILD, 12))
        assert_same(cache, query_of(names, rng), guild, rng.choice(("2014", "2024", "2024")), limit)


def test_ranking_follows_adds_and_removes():
    rng = random.Random(7)
    entries = entries_of(rng, 150)
    cache = SpellCache()
    cache.load(entries)
    names = [entry.name for entry in entries]
    for step in range(300):
        if step % 3 == 0:
            victim = rng.choice(entries)
            cache.remove(victim.id, victim.guild_id)
            entries.remove(victim)
            fresh = SpellEntry(f"new{step}", name_of(rng), 2, "Illusion", rng.choice(("2014", "2024")), GUILD)
            cache.add(fresh)
            entries.append(fresh)
            names.append(fresh.name)
        assert_same(cache, query_of(names, rng), GUILD, "2024", rng.choice((3, 25)))
    assert len(cache) == len(entries)


names_strategy = st.lists(
    st.text(alphabet="abcdeilnorstx _'9É", min_size=0, max_size=14), min_size=1, max_size=40
)


@settings(max_examples=300)
@given(
    names=names_strategy,
    homebrew=st.lists(st.booleans(), min_size=40, max_size=40),
    rulesets=st.lists(st.sampled_from(("2014", "2024")), min_size=40, max_size=40),
    query=st.text(alphabet="abcdeilnorstx _'9É", max_size=16),
    ruleset=st.sampled_from(("2014", "2024")),
    limit=st.integers(min_value=0, max_value=30),
)
def test_any_spells_and_query_rank_as_the_reference_does(names, homebrew, rulesets, query, ruleset, limit):
    cache = SpellCache()
    cache.load(
        SpellEntry(f"id{i}", name, 0, "Abjuration", rulesets[i], guild_id=GUILD if homebrew[i] else None)
        for i, name in enumerate(names)
    )
    assert_same(cache, query, GUILD, ruleset, limit)
    # A query that is a name with a typo reaches the fuzzy tier more often.
    assert_same(cache, normalise(names[0])[::-1] + query[:2], GUILD, ruleset, limit)


@settings(max_examples=300)
@given(
    keys=st.lists(st.text(alphabet="aeeeeilnorst 90_qz", max_size=30), max_size=120),
    query=st.text(alphabet="aeeeeilnorst 90_qzé", min_size=1, max_size=30),
)
def test_typo_index_finds_exactly_the_keys_that_reach_the_cutoff(keys, query):
    index = TypoIndex(list(range(len(keys))), keys, FUZZY_CUTOFF)
    expected = {i for i, key in enumerate(keys) if fuzz.QRatio(query, key) >= FUZZY_CUTOFF}
    # The letter bound never rules out a match, however few keys there are...
    low, offsets = index.candidates(TypoQuery(query))
    assert expected <= {index._items[low + offset] for offset in offsets}
    # ...and matches() scores what is left (or a short band whole).
    assert set(index.matches(query)) == expected


def test_typo_index_on_many_keys_goes_through_the_letter_bound():
    rng = random.Random(5)
    keys = [normalise(name_of(rng)) for _ in range(3000)]
    index = TypoIndex(keys, keys, FUZZY_CUTOFF)
    for _ in range(300):
        query = normalise(misspelt(rng.choice(keys), rng)) or "abc"
        expected = sorted(key for key in keys if fuzz.QRatio(query, key) >= FUZZY_CUTOFF)
        assert sorted(index.matches(query)) == expected, query
        assert len(index.candidates(query)[1]) < len(keys)


def test_fuzzy_tier_is_every_match_by_name_not_the_closest_few():
    """More typo matches than the limit: the first by ruleset and name, as in every other tier."""
    cache = SpellCache()
    cache.load(SpellEntry(f"id{i}", f"Fireball {chr(97 + i)}", 3, "Evocation", "2024") for i in range(26))
    cache.add(SpellEntry("close", "Firebalz", 3, "Evocation", "2024"))  # the closest, but last by name
    ranked = cache.ranked("firebalx", guild_id=None, ruleset="2024", limit=5)
    assert [tier for tier, _ in ranked] == [FUZZY] * 5
    assert [e.name for _, e in ranked] == [f"Fireball {letter}" for letter in "abcde"]


def test_the_servers_own_spell_comes_before_the_srd_spell_of_its_name_whatever_their_ids():
    # Ids that sort the other way: the order must come from what the entries are, not their ids.
    srd = SpellEntry("0-srd", "Fireball", 3, "Evocation", "2024")
    own = SpellEntry("zzzz-homebrew", "Fireball", 3, "Evocation", None, guild_id=GUILD)
    cache = SpellCache()
    cache.load([srd, own])
    for typed in ("Fireball", "fire", "ball", "firebal"):
        ranked = cache.search(typed, guild_id=GUILD, ruleset="2024")
        assert [entry.id for entry in ranked] == ["zzzz-homebrew", "0-srd"], typed
        assert [entry.id for _, entry in reference_ranking([srd, own], typed, ruleset="2024")] == [
            "zzzz-homebrew",
            "0-srd",
        ]
    assert [entry.id for entry in cache.search("fire", guild_id=OTHER_GUILD, ruleset="2024")] == ["0-srd"]
