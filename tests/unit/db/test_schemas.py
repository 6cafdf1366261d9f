"""The JSON-column schemas: defaults, round trips, refusals, and the sheet's arithmetic."""

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from db.schemas import (
    ABILITIES,
    SKILLS,
    CampaignData,
    CharacterSheet,
    HomebrewRule,
    NPCData,
    NPCInteractionData,
    Personality,
    Relationship,
    SpellData,
    StatBlock,
    ability_modifier,
)

EXAMPLE = Path(__file__).parents[3] / "examples" / "character.json"


@pytest.mark.parametrize(
    "model", [CharacterSheet, CampaignData, NPCData, NPCInteractionData, Personality, SpellData, StatBlock]
)
def test_constructible_empty_and_round_trips(model):
    value = model()
    assert model.model_validate(json.loads(value.model_dump_json())) == value


def test_a_fresh_sheet_is_level_one_with_all_tens():
    sheet = CharacterSheet()
    assert (sheet.level, sheet.proficiency_bonus) == (1, 2)
    assert all(sheet.modifier(a) == 0 for a in ABILITIES)


def test_the_example_file_validates_and_computes():
    sheet = CharacterSheet.model_validate_json(EXAMPLE.read_text())
    assert (sheet.level, sheet.proficiency_bonus) == (5, 3)
    assert sheet.save_modifier("INT") == 4 + 3
    assert sheet.save_modifier("STR") == -1
    assert sheet.skill_modifier("history") == 4 + 6  # expertise doubles proficiency
    assert sheet.skill_modifier("stealth") == 2
    assert sheet.spellcasting.slots["1"].used == 1


@pytest.mark.parametrize(
    ("score", "modifier"), [(1, -5), (8, -1), (9, -1), (10, 0), (11, 0), (12, 1), (30, 10)]
)
def test_ability_modifiers(score, modifier):
    assert ability_modifier(score) == modifier


@pytest.mark.parametrize(("level", "bonus"), [(1, 2), (4, 2), (5, 3), (9, 4), (13, 5), (17, 6), (20, 6)])
def test_proficiency_bonus_follows_level(level, bonus):
    assert CharacterSheet(classes=[{"name": "Rogue", "level": level}]).proficiency_bonus == bonus


def test_multiclass_levels_add_up():
    sheet = CharacterSheet(classes=[{"name": "Fighter", "level": 3}, {"name": "Wizard", "level": 2}])
    assert sheet.level == 5


def test_every_skill_has_a_governing_ability():
    assert len(SKILLS) == 18 and set(SKILLS.values()) <= set(ABILITIES)


@pytest.mark.parametrize(
    ("data", "location"),
    [
        ({"abilities": {"STR": 0}}, ("abilities", "STR")),
        ({"abilities": {"CHA": 31}}, ("abilities", "CHA")),
        ({"classes": [{"name": "Bard", "level": 21}]}, ("classes", 0, "level")),
        ({"classes": [{"name": "Bard", "level": 12}, {"name": "Cleric", "level": 9}]}, ()),
        ({"equipment": [{"name": "Rope", "quantity": -1}]}, ("equipment", 0, "quantity")),
        ({"hit_points": {"max": 10, "current": 11}}, ("hit_points",)),
        (
            {"spellcasting": {"ability": "INT", "slots": {"1": {"max": 2, "used": 3}}}},
            ("spellcasting", "slots", "1"),
        ),
        ({"spellcasting": {"ability": "INT", "slots": {"10": {"max": 1}}}}, ("spellcasting", "slots", "10")),
        ({"skills": {"cooking": "proficient"}}, ("skills", "cooking")),
        ({"saving_throws": ["STR", "STR"]}, ()),
        ({"favourite_colour": "blue"}, ("favourite_colour",)),
    ],
)
def test_invalid_sheets_are_refused_with_the_field_path(data, location):
    with pytest.raises(ValidationError) as caught:
        CharacterSheet.model_validate(data)
    assert any(tuple(error["loc"])[: len(location)] == location for error in caught.value.errors())


def test_relationship_scores_are_bounded():
    with pytest.raises(ValidationError):
        Relationship(character_id="x", score=101)
    assert Relationship(character_id="x", score=-100).score == -100


def test_values_are_frozen_so_changes_must_be_assigned():
    sheet = CharacterSheet()
    with pytest.raises(ValidationError):
        sheet.armor_class = 20
    assert sheet.model_copy(update={"armor_class": 20}).armor_class == 20


def test_rule_text_is_bounded_and_not_empty():
    with pytest.raises(ValidationError):
        HomebrewRule(text="")
    with pytest.raises(ValidationError):
        HomebrewRule(text="x" * 1001)


abilities = st.fixed_dictionaries({a: st.integers(1, 30) for a in ABILITIES})


@given(abilities=abilities, level=st.integers(1, 20))
def test_any_valid_sheet_round_trips_and_stays_in_bounds(abilities, level):
    sheet = CharacterSheet(abilities=abilities, classes=[{"name": "Monk", "level": level}])
    assert CharacterSheet.model_validate(sheet.model_dump(mode="json")) == sheet
    assert 2 <= sheet.proficiency_bonus <= 6
    for ability in ABILITIES:
        assert -5 <= sheet.modifier(ability) <= 10
        assert sheet.save_modifier(ability) >= sheet.modifier(ability)
    for skill in SKILLS:
        assert -5 <= sheet.skill_modifier(skill) <= 10 + 12


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)


@given(st.dictionaries(st.sampled_from(["abilities", "classes", "hit_points", "skills", "x"]), json_values))
def test_arbitrary_json_either_validates_or_raises_validation_error(data):
    try:
        sheet = CharacterSheet.model_validate(data)
    except ValidationError as error:
        assert error.errors()  # a reason for each problem
    else:
        assert sheet.level >= 1
