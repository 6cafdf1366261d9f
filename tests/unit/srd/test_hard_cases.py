"""The spells whose markup is hardest, rendered in full (run with -s to read them) and checked by phrase."""

import pytest

from rules.srd import SpellRecord

HARD_CASES: dict[str, list[str]] = {
    "fireball": [
        "Each creature in a 20-foot-radius Sphere centered on that point makes a Dexterity saving throw",
        "taking 8d6 Fire damage on a failed save",
        "HL: The damage increases by 1d6 for each spell slot level above 3.",
    ],
    "hunters-mark": [
        "you deal an extra 1d6 Force damage to the target",
        "Advantage on any Wisdom (Perception) or Wisdom (Survival) check",
        "HL: Your Concentration can last longer with a spell slot of level 3–4 (up to 8 hours)",
    ],
    "glyph-of-warding": [
        "requires a successful Wisdom (Perception) check against your spell save DC",
        "**Explosive Rune.** When triggered",
        "makes a Dexterity saving throw. A creature takes 5d8 Acid, Cold, Fire, Lightning, or Thunder damage",
        "**Spell Glyph.** You can store",
        "HL: The damage of an explosive rune increases by 1d8",
    ],
    "mirror-image": [
        "roll a d6 for each of your remaining duplicates",
        "if it has the Blinded condition, Blindsight, or Truesight.",
    ],
    "teleport": [
        "The DM rolls 1d100 and consults the Teleportation Outcome table and the explanations after it.\n\n"
        "**Teleportation Outcome**\n- **Permanent circle** — On Target 01–00\n",
        "- **Very familiar** — Mishap 01–05, Similar Area 06–13, Off Target 14–24, On Target 25–00\n",
        "- **False destination** — Mishap 01–50, Similar Area 51–00\n\n**Familiarity.** Here are",
        "takes 3d10 Force damage",
        "appear 2d12 miles away from the destination in a random direction. Roll 1d8 for the direction",
    ],
    "control-weather": [
        "It takes 1d4 × 10 minutes for the new conditions",
        "change its direction.\n\n**Precipitation**\n*Stage — Condition*\n- **1**: Clear\n",
        "- **5**: Torrential rain, driving hail, or blizzard\n\n**Temperature**",
        "**Wind**\n*Stage — Condition*\n- **1**: Calm",
    ],
    "arcane-hand": [
        "cause one of the following effects:\n\n**Clenched Fist.** The hand strikes a target",
        "**Interposing Hand.** The hand grants you Half Cover",
        "HL: The damage of the Clenched Fist increases by 2d8",
    ],
    "prismatic-spray": [
        "Eight rays of light flash from you in a 60-foot Cone.",
        "consulting the Prismatic Rays table.\n\n**Prismatic Rays**\n*1d8 — Ray*\n- **1 Red.** Failed Save:",
    ],
}


def _card(spell: SpellRecord) -> str:
    return f"{spell.description}\n\nHL: {spell.higher_levels}"


@pytest.mark.parametrize(("slug", "phrases"), HARD_CASES.items(), ids=list(HARD_CASES))
def test_2024_hard_cases_read_well(
    slug: str, phrases: list[str], spells: dict[tuple[str, str], SpellRecord]
) -> None:
    card = _card(spells["2024", slug])
    print(f"\n===== {slug} (2024)\n{card}")
    for phrase in phrases:
        assert phrase in card


def test_foundry_notes_are_gone(spells: dict[tuple[str, str], SpellRecord]) -> None:
    glyph = _card(spells["2024", "glyph-of-warding"])
    assert glyph.endswith("the spell slot you use for the Glyph of Warding.")
    assert "inline roll" not in _card(spells["2024", "slow"])


@pytest.mark.parametrize("slug", list(HARD_CASES))
def test_2014_hard_cases_are_plain(slug: str, spells: dict[tuple[str, str], SpellRecord]) -> None:
    card = _card(spells["2014", slug])
    print(f"\n===== {slug} (2014)\n{card}")
    assert card.count("**") % 2 == 0


def test_2014_flattened_text_reads_well(spells: dict[tuple[str, str], SpellRecord]) -> None:
    command = spells["2014", "command"].description
    assert "**Approach.** The target moves toward you" in command
    assert "**Drop.** The target drops whatever it is holding" in command
    assert (
        "- **Vegetable matter**: 1 day\n- **Stone or crystal**: 12 hours"
        in spells["2014", "creation"].description
    )
    assert "- **97-00**: Tiefling" in spells["2014", "reincarnate"].description
    assert (
        "**8. Special.** The target is struck by two rays." in spells["2014", "prismatic-spray"].description
    )
    assert "- Weal, for good results\n- Woe, for bad results" in spells["2014", "augury"].description
