"""Sample spells in both rulesets against facts written down here from the SRDs."""

from typing import Any

import pytest

from rules.srd import SpellRecord

SLOTS_1_TO_9 = [str(n) for n in range(1, 10)]

# (ruleset, slug) -> expected SpellRecord fields; "data.x" names SpellData fields.
FACTS: dict[tuple[str, str], dict[str, Any]] = {
    ("2014", "fireball"): {
        "name": "Fireball",
        "level": 3,
        "school": "Evocation",
        "casting_time": "1 action",
        "range": "150 feet",
        "components": ["V", "S", "M"],
        "duration": "Instantaneous",
        "damage_dice": "8d6",
        "save_type": "DEX",
        "spell_lists": ["Sorcerer", "Wizard"],
        "ritual": False,
        "concentration": False,
        "data.damage_type": "Fire",
        "data.material": "A tiny ball of bat guano and sulfur.",
    },
    ("2024", "fireball"): {
        "name": "Fireball",
        "level": 3,
        "school": "Evocation",
        "casting_time": "1 action",
        "range": "150 feet",
        "components": ["V", "S", "M"],
        "duration": "Instantaneous",
        "damage_dice": "8d6",
        "save_type": "DEX",
        "spell_lists": ["Sorcerer", "Wizard"],
        "ritual": False,
        "concentration": False,
        "data.damage_type": "Fire",
        "data.material": "a ball of bat guano and sulfur",
        "higher_levels": "The damage increases by 1d6 for each spell slot level above 3.",
    },
    ("2014", "cure-wounds"): {
        "level": 1,
        "school": "Evocation",
        "range": "Touch",
        "damage_dice": None,
        "spell_lists": ["Bard", "Cleric", "Druid", "Paladin", "Ranger"],
    },
    ("2024", "cure-wounds"): {
        "level": 1,
        "school": "Abjuration",
        "range": "Touch",
        "damage_dice": None,
        "spell_lists": ["Bard", "Cleric", "Druid", "Paladin", "Ranger"],
    },
    ("2014", "magic-missile"): {
        "level": 1,
        "school": "Evocation",
        "range": "120 feet",
        "components": ["V", "S"],
        "damage_dice": "1d4 + 1",
        "save_type": None,
        "data.damage_type": "Force",
    },
    ("2024", "magic-missile"): {
        "level": 1,
        "school": "Evocation",
        "range": "120 feet",
        "components": ["V", "S"],
        "damage_dice": "1d4 + 1",
        "save_type": None,
        "data.damage_type": "Force",
    },
    ("2014", "hunters-mark"): {
        "casting_time": "1 bonus action",
        "duration": "Concentration, up to 1 hour",
        "concentration": True,
        "spell_lists": ["Ranger"],
    },
    ("2024", "hunters-mark"): {
        "casting_time": "1 bonus action",
        "duration": "Concentration, up to 1 hour",
        "concentration": True,
        "spell_lists": ["Ranger"],
        "damage_dice": "1d6",
        "data.damage_type": "Force",
    },
    ("2014", "detect-magic"): {
        "ritual": True,
        "concentration": True,
        "duration": "Concentration, up to 10 minutes",
    },
    ("2024", "detect-magic"): {
        "ritual": True,
        "concentration": True,
        "duration": "Concentration, up to 10 minutes",
    },
    ("2014", "fire-bolt"): {"level": 0, "damage_dice": "1d10", "data.attack_type": "ranged"},
    ("2024", "fire-bolt"): {"level": 0, "damage_dice": "1d10", "data.attack_type": "ranged"},
    ("2014", "eldritch-blast"): {"level": 0, "damage_dice": "1d10", "spell_lists": ["Warlock"]},
    ("2024", "eldritch-blast"): {"level": 0, "damage_dice": "1d10", "spell_lists": ["Warlock"]},
    # Corrections of upstream errors.
    ("2024", "hypnotic-pattern"): {"concentration": True, "duration": "Concentration, up to 1 minute"},
    ("2024", "resilient-sphere"): {"concentration": True, "duration": "Concentration, up to 1 minute"},
    ("2024", "forbiddance"): {"ritual": True},
    ("2024", "eyebite"): {"range": "Self"},
    ("2024", "raise-dead"): {"range": "Touch"},
    ("2024", "spare-the-dying"): {"range": "15 feet"},
    ("2024", "animal-messenger"): {"duration": "24 hours"},
    ("2024", "dominate-monster"): {"duration": "Concentration, up to 1 hour"},
    ("2024", "magic-circle"): {"duration": "1 hour"},
    ("2024", "silent-image"): {"casting_time": "1 action"},
    ("2014", "animal-friendship"): {"spell_lists": ["Bard", "Druid", "Ranger"]},
    ("2014", "find-the-path"): {"spell_lists": ["Bard", "Cleric", "Druid"]},
    ("2014", "guardian-of-faith"): {"spell_lists": ["Cleric"]},
    ("2014", "poison-spray"): {
        "spell_lists": ["Druid", "Sorcerer", "Warlock", "Wizard"],
        "data.attack_type": None,
    },
    ("2014", "sleep"): {"damage_dice": None, "data.damage_at_slot_level": {}},
    ("2024", "sleep"): {"damage_dice": None, "save_type": "WIS"},
    # Derived from the data with some judgement.
    ("2024", "divine-smite"): {
        "damage_dice": "2d8",
        "data.damage_type": "Radiant",
        "spell_lists": ["Paladin"],
    },
    ("2024", "shield"): {
        "casting_time": "1 reaction, which you take when you are hit by an attack roll or targeted by the "
        "Magic Missile spell"
    },
    ("2024", "hellish-rebuke"): {
        "casting_time": "1 reaction, which you take in response to taking damage from a creature that you "
        "can see within 60 feet of yourself"
    },
    ("2024", "plant-growth"): {"casting_time": "1 action or 8 hours"},
    ("2024", "burning-hands"): {"range": "Self (15-foot Cone)", "data.area": {"shape": "cone", "size": 15}},
    ("2014", "burning-hands"): {"range": "Self (15-foot cone)", "data.area": {"shape": "cone", "size": 15}},
    ("2024", "flame-strike"): {"damage_dice": "5d6 + 5d6", "data.damage_type": "Fire and Radiant"},
    ("2024", "chromatic-orb"): {
        "data.damage_type": "Varies",
        "data.damage_types": ["Acid", "Cold", "Fire", "Lightning", "Poison", "Thunder"],
    },
    ("2024", "dragons-breath"): {"data.material": "a hot pepper"},
    ("2024", "ice-knife"): {
        "level": 1,
        "school": "Conjuration",
        "casting_time": "1 action",
        "range": "60 feet",
        "components": ["S", "M"],
        "duration": "Instantaneous",
        "damage_dice": "1d10",
        "save_type": "DEX",
        "spell_lists": ["Druid", "Sorcerer", "Wizard"],
        "data.attack_type": "ranged",
        "higher_levels": "The Cold damage increases by 1d6 for each spell slot level above 1.",
    },
}


def _value(spell: SpellRecord, field: str) -> Any:
    if field.startswith("data."):
        value = getattr(spell.data, field[5:])
        return value.model_dump() if hasattr(value, "model_dump") else value
    return getattr(spell, field)


@pytest.mark.parametrize(("key", "facts"), FACTS.items(), ids=[f"{r}-{s}" for r, s in FACTS])
def test_facts(
    key: tuple[str, str], facts: dict[str, Any], spells: dict[tuple[str, str], SpellRecord]
) -> None:
    spell = spells[key]
    assert {field: _value(spell, field) for field in facts} == facts


def test_healing_differs_by_ruleset(spells: dict[tuple[str, str], SpellRecord]) -> None:
    assert spells["2014", "cure-wounds"].data.heal_at_slot_level["1"] == "1d8 + MOD"
    assert spells["2024", "cure-wounds"].data.heal_at_slot_level["1"] == "2d8 + MOD"
    assert spells["2024", "cure-wounds"].data.heal_at_slot_level["2"] == "4d8 + MOD"


def test_slot_tables(spells: dict[tuple[str, str], SpellRecord]) -> None:
    for ruleset in ("2014", "2024"):
        assert spells[ruleset, "fireball"].data.damage_at_slot_level == {
            str(n): f"{n + 5}d6" for n in range(3, 10)
        }
        hellish = spells[ruleset, "hellish-rebuke"].data.damage_at_slot_level
        assert list(hellish) == SLOTS_1_TO_9 and hellish["9"] == "10d10"
        # Per dart, in both rulesets: a higher slot adds darts, not dice.
        missile = spells[ruleset, "magic-missile"].data.damage_at_slot_level
        assert set(missile.values()) == {"1d4 + 1"}


def test_cantrips_scale_by_character_level(spells: dict[tuple[str, str], SpellRecord]) -> None:
    for ruleset in ("2014", "2024"):
        assert spells[ruleset, "fire-bolt"].data.damage_at_character_level == {
            "1": "1d10",
            "5": "2d10",
            "11": "3d10",
            "17": "4d10",
        }
        assert spells[ruleset, "fire-bolt"].data.damage_at_slot_level == {}
    # One beam's damage in both rulesets: the upgrade adds beams.
    assert spells["2014", "eldritch-blast"].data.damage_at_character_level["17"] == "1d10"
    assert "four beams at level 17" in (spells["2024", "eldritch-blast"].higher_levels or "")
