"""The SRD 5.2 renames table against the packages' data, and typed autocomplete labels."""

from rules.spells.cache import SpellEntry, normalise
from rules.spells.names import RENAMED_IN_2024, TypedLabel, parse_label, renamed
from rules.srd import SpellRecord


def only_in(these: list[SpellRecord], others: list[SpellRecord]) -> list[SpellRecord]:
    keys = {normalise(r.name) for r in others}
    return [r for r in these if normalise(r.name) not in keys]


def test_the_renames_are_the_pairs_the_data_matches(srd2014, srd2024):
    """Each SRD 5.1 spell missing from 5.2 has exactly one 5.2 spell missing from 5.1 of the same
    level, damage type and save with a class in common: that pair is the rename."""
    derived = {}
    for old in only_in(srd2014, srd2024):
        [new] = [
            r
            for r in only_in(srd2024, srd2014)
            if r.level == old.level
            and r.data.damage_type == old.data.damage_type
            and r.save_type == old.save_type
            and set(r.spell_lists) & set(old.spell_lists)
        ]
        derived[old.name] = new.name
    assert derived == RENAMED_IN_2024


def test_renamed_works_both_ways_whatever_the_case():
    assert renamed("feeblemind", "2024") == "Befuddlement"
    assert renamed("BEFUDDLEMENT", "2014") == "Feeblemind"
    assert renamed("Feeblemind", "2014") is None
    assert renamed("Fireball", "2024") is None


def test_every_label_parses_back_to_its_name_and_ruleset():
    for entry in (
        SpellEntry("a", "Fireball", 3, "Evocation", "2014"),
        SpellEntry("b", "Fire Bolt", 0, "Evocation", "2024"),
        SpellEntry("c", "Frost - Lance", 2, "Evocation", None, guild_id=1),
    ):
        assert parse_label(entry.label) == TypedLabel(entry.name, entry.ruleset)
    assert parse_label("Fireball") is None
    assert parse_label("Fireball - a ball of fire (2014)") is None
