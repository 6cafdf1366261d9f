"""Rolls from a character sheet: the right modifier, advantage, and names typed by hand."""

import pytest

from db.schemas import CharacterSheet
from rules.dice.sheet_rolls import SHEET_ROLLS, resolve_roll_id, sheet_roll
from rules.errors import InvalidInputError

SHEET = CharacterSheet.model_validate(
    {
        "classes": [{"name": "Rogue", "level": 5}],
        "abilities": {"DEX": 18, "INT": 12, "STR": 8},
        "saving_throws": ["DEX", "INT"],
        "skills": {"stealth": "expertise", "arcana": "proficient"},
    }
)


@pytest.mark.parametrize(
    ("roll_id", "advantage", "expression"),
    [
        ("check:DEX", "normal", "1d20+4"),
        ("check:STR", "normal", "1d20-1"),
        ("save:DEX", "advantage", "2d20kh1+7"),
        ("save:STR", "disadvantage", "2d20kl1-1"),
        ("skill:stealth", "normal", "1d20+10"),
        ("skill:arcana", "normal", "1d20+4"),
        ("skill:history", "normal", "1d20+1"),
        ("check:WIS", "normal", "1d20"),
    ],
)
def test_expressions_carry_the_sheets_modifiers(roll_id, advantage, expression):
    assert sheet_roll(SHEET, roll_id, advantage)[0] == expression


def test_labels_and_count():
    assert len(SHEET_ROLLS) == 1 + 6 + 6 + 18  # initiative, checks, saves, skills
    assert (
        sheet_roll(SHEET, "skill:sleight_of_hand", "advantage")[1] == "Sleight of Hand (DEX) with advantage"
    )


@pytest.mark.parametrize(
    ("typed", "roll_id"),
    [
        ("stealth", "skill:stealth"),
        ("DEX save", "save:DEX"),
        ("strength check", "check:STR"),
        ("save:CHA", "save:CHA"),
    ],
)
def test_names_typed_by_hand_resolve(typed, roll_id):
    assert resolve_roll_id(typed) == roll_id


def test_unknown_rolls_are_refused():
    with pytest.raises(InvalidInputError):
        resolve_roll_id("cooking")
