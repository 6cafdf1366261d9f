"""Ranking and bookkeeping of the in-memory spell cache."""

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from rules.spells.cache import SpellCache, SpellEntry, normalise

SRD = [
    SpellEntry("srd2024:fireball", "Fireball", 3, "Evocation", "2024"),
    SpellEntry("srd2014:fireball", "Fireball", 3, "Evocation", "2014"),
    SpellEntry("srd2024:ball-lightning", "Ball Lightning", 3, "Evocation", "2024"),
    SpellEntry("srd2024:lightning-ball", "Lightning Ball", 3, "Evocation", "2024"),
    SpellEntry("srd2024:magic-missile", "Magic Missile", 1, "Evocation", "2024"),
    SpellEntry("srd2024:hunters-mark", "Hunter’s Mark", 1, "Divination", "2024"),
    SpellEntry("srd2024:fire-bolt", "Fire Bolt", 0, "Evocation", "2024"),
    SpellEntry("srd2014:fire-bolt", "Fire Bolt", 0, "Evocation", "2014"),
]


def cache_with(*extra: SpellEntry) -> SpellCache:
    cache = SpellCache()
    cache.load([*SRD, *extra])
    return cache


def names(entries) -> list[str]:
    return [f"{e.name} ({e.ruleset})" for e in entries]


def test_exact_then_prefix_then_word_prefix_then_substring():
    found = cache_with().search("ball", guild_id=None, ruleset="2024")
    assert names(found) == [
        "Ball Lightning (2024)",
        "Lightning Ball (2024)",
        "Fireball (2024)",
        "Fireball (2014)",
    ]


def test_exact_name_beats_prefix_and_guild_ruleset_comes_first():
    cache = cache_with(SpellEntry("x", "Fireball Storm", 7, "Evocation", "2024"))
    assert names(cache.search("Fireball", guild_id=None, ruleset="2014")) == [
        "Fireball (2014)",
        "Fireball (2024)",
        "Fireball Storm (2024)",
    ]


def test_typos_resolve():
    cache = cache_with()
    for typo, expected in [
        ("firebal", "Fireball"),
        ("fierball", "Fireball"),
        ("magic misile", "Magic Missile"),
    ]:
        assert cache.search(typo, guild_id=None, ruleset="2024")[0].name == expected, typo


def test_punctuation_and_case_do_not_matter():
    assert normalise("Hunter’s  MARK") == "hunters mark"
    assert cache_with().search("hunters mark", guild_id=None, ruleset="2024")[0].id == "srd2024:hunters-mark"


def test_homebrew_is_seen_only_by_its_guild_and_updates_in_place():
    cache = cache_with()
    brew = SpellEntry("hb-1", "Fizzle Bolt", 1, "Evocation", "2024", guild_id=10)
    cache.add(brew)
    assert "hb-1" in [e.id for e in cache.search("fizzle", guild_id=10, ruleset="2024")]
    assert "hb-1" not in [e.id for e in cache.search("fizzle", guild_id=11, ruleset="2024")]
    assert cache.get("hb-1", 11) is None
    cache.add(SpellEntry("hb-1", "Sizzle Bolt", 1, "Evocation", "2024", guild_id=10))
    assert [e.name for e in cache.search("sizzle", guild_id=10, ruleset="2024")] == ["Sizzle Bolt"]
    assert cache.search("fizzle", guild_id=10, ruleset="2024") == []
    cache.remove("hb-1", 10)
    assert cache.get("hb-1", 10) is None
    assert len(cache) == len(SRD)


def test_labels_tell_spells_apart_and_fit_discord():
    assert SRD[0].label == "Fireball - 3rd-level Evocation (2024)"
    assert SRD[6].label == "Fire Bolt - Evocation cantrip (2024)"
    long = SpellEntry("hb", "X" * 100, 9, "Transmutation", None, guild_id=1)
    assert len(long.label) == 100 and long.label.endswith("(homebrew)")


def test_at_most_the_limit_in_name_order_for_an_empty_query():
    many = [SpellEntry(f"hb{i}", f"Spell {i:03}", 1, "Abjuration", "2024", guild_id=1) for i in range(100)]
    found = cache_with(*many).search("", guild_id=1, ruleset="2024", limit=25)
    assert len(found) == 25
    assert [e.key for e in found] == sorted(e.key for e in found)


@given(st.text(max_size=120))
def test_any_query_returns_at_most_25_known_spells(query):
    cache = cache_with()
    found = cache.search(query, guild_id=None, ruleset="2024")
    assert len(found) <= 25
    assert all(entry in SRD for entry in found)


@given(st.text(alphabet="abcdefghilmnorst ", min_size=1, max_size=8))
def test_substring_lookup_finds_exactly_what_a_full_scan_finds(query):
    index = cache_with()._srd
    scan = [entry for entry in index._names if query in entry.key]
    assert list(index.containing(query)) == scan


def test_removing_a_spell_removes_it_from_every_index():
    cache = cache_with()
    cache.add(SpellEntry("hb", "Zyxwv Bolt", 1, "Evocation", "2024", guild_id=3))
    assert cache.search("xwv", guild_id=3, ruleset="2024")[0].id == "hb"
    assert cache.search("zyxwv blot", guild_id=3, ruleset="2024")[0].id == "hb"  # fuzzy
    cache.remove("hb", 3)
    assert cache.search("xwv", guild_id=3, ruleset="2024") == []
    assert all(e.id != "hb" for e in cache.search("zyxwv blot", guild_id=3, ruleset="2024"))


def test_class_names_follow_homebrew_changes():
    cache = SpellCache()
    cache.add(SpellEntry("a", "Shield", 1, "Abjuration", "2024", classes=("Wizard", "Sorcerer")))
    assert cache.class_names(7) == ["Sorcerer", "Wizard"]
    cache.add(SpellEntry("hb", "Odd Ward", 1, "Abjuration", "2024", guild_id=7, classes=("Artificer",)))
    assert cache.class_names(7) == ["Artificer", "Sorcerer", "Wizard"]
    assert cache.class_names(8) == ["Sorcerer", "Wizard"]
    cache.remove("hb", 7)
    assert cache.class_names(7) == ["Sorcerer", "Wizard"]


def test_loading_at_once_builds_what_adding_one_by_one_builds():
    brew = [SpellEntry(f"hb{i}", f"Brew {i % 7} Bolt", 1, "Evocation", "2024", guild_id=5) for i in range(30)]
    renamed = SpellEntry("hb3", "Renamed Ray", 1, "Evocation", "2014", guild_id=5)
    loaded = cache_with(*brew, renamed)
    added = SpellCache()
    for entry in [*SRD, *brew, renamed]:
        added.add(entry)
    for cache in (loaded, added):
        assert cache.get("hb3", 5) == renamed
    for left, right in ((loaded._srd, added._srd), (loaded._homebrew[5], added._homebrew[5])):
        assert left._names == right._names and left._name_keys == right._name_keys
        assert left._grams == right._grams


def normalise_slowly(text: str) -> str:
    """normalise() without its ASCII shortcut."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = text.casefold().replace("'", "")
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


@given(st.text(max_size=40) | st.text(alphabet="abcXYZ019_ '’-\t.é", max_size=40))
def test_normalise_takes_its_ascii_shortcut_to_the_same_key(text):
    assert normalise(text) == normalise_slowly(text)
