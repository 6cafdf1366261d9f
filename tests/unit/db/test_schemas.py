"""The JSON-column schemas: defaults, round trips, refusals, and the sheet's arithmetic."""

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, get_args

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from db.schemas import (
    CampaignData,
    CharacterFile,
    CharacterSheet,
    HomebrewRule,
    NPCData,
    NPCInteractionData,
    Personality,
    Quest,
    Relationship,
    Skill,
    SpellData,
    StatBlock,
    WorldArt,
)
from rules.abilities import ABILITIES, SKILLS, ability_modifier

EXAMPLE = Path(__file__).parents[3] / "examples" / "character.json"
EMPTY_CONSTRUCTIBLE = [
    CharacterSheet,
    CampaignData,
    NPCData,
    NPCInteractionData,
    Personality,
    StatBlock,
    SpellData,
]
NOW = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)


def error_locations(model: type[BaseModel], data: Any) -> list[tuple[str | int, ...]]:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return [tuple(error["loc"]) for error in caught.value.errors()]


def round_trip(value: BaseModel) -> BaseModel:
    return type(value).model_validate(json.loads(json.dumps(value.model_dump(mode="json"))))


# --- construction and round trips --------------------------------------------------------------


@pytest.mark.parametrize("model", EMPTY_CONSTRUCTIBLE)
def test_constructible_empty_and_round_trips(model):
    value = model()
    assert round_trip(value) == value


@pytest.mark.parametrize(
    "value",
    [
        CharacterFile.model_validate_json(EXAMPLE.read_text()).sheet(),
        CampaignData(
            quests=[
                Quest(id="q1", title="Find the map", created_at=NOW),
                Quest(id="q2", title="Slay it", status="done", created_at=NOW, closed_at=NOW),
            ],
            sessions=[{"number": 1, "date": "2025-01-02", "summary": "Met in a tavern."}],
            party=["c1", "c2"],
            world_state={"Baron": "dead"},
        ),
        HomebrewRule(text="Flanking gives advantage."),
        WorldArt(url="https://example.org/map.png", alt="A map", credit="Jo", prompt="an old map"),
        NPCData(quest_hooks=["Lost ring"], inventory=["Dagger"], avatar_url="https://example.org/a.png"),
        Personality(traits=["gruff"], flaws=["greedy"]),
        Relationship(character_id="c1", score=-100, character_name="Bruna"),
        StatBlock(challenge_rating="1/4", actions=[{"name": "Bite", "description": "+4 to hit"}]),
        NPCInteractionData(
            dialogue=[{"speaker": "Bruna", "text": "Hello"}],
            rolls=[{"expression": "1d20+5", "total": 17, "label": "Persuasion"}],
            consequences=["The gate opens"],
            location="Waterdeep",
            character_name="Bruna",
        ),
    ],
    ids=lambda value: type(value).__name__,
)
def test_filled_values_round_trip_through_json(value):
    assert round_trip(value) == value


def test_values_are_frozen_so_changes_must_be_assigned():
    sheet = CharacterSheet()
    with pytest.raises(ValidationError):
        sheet.armor_class = 20
    assert sheet.model_copy(update={"armor_class": 20}).armor_class == 20


# --- the character sheet's arithmetic ----------------------------------------------------------


def test_a_fresh_sheet_is_level_one_with_all_tens():
    sheet = CharacterSheet()
    assert (sheet.level, sheet.proficiency_bonus, sheet.spellcasting, sheet.spell_save_dc) == (
        1,
        2,
        None,
        None,
    )
    assert all(sheet.modifier(a) == sheet.save_modifier(a) == 0 for a in ABILITIES)
    assert all(sheet.skill_modifier(s) == 0 for s in SKILLS)


def test_the_example_file_validates_and_computes():
    sheet = CharacterFile.model_validate_json(EXAMPLE.read_text()).sheet()
    assert (sheet.level, sheet.proficiency_bonus) == (5, 3)
    assert sheet.save_modifier("INT") == 4 + 3
    assert sheet.save_modifier("STR") == -1
    assert sheet.ability_check_modifier("INT") == 4
    assert sheet.skill_modifier("arcana") == 4 + 3
    assert sheet.skill_modifier("history") == 4 + 6  # expertise doubles proficiency
    assert sheet.skill_modifier("stealth") == 2
    assert (sheet.initiative_modifier, sheet.passive_perception) == (2, 14)
    assert (sheet.spell_attack_modifier, sheet.spell_save_dc) == (7, 15)
    assert sheet.spellcasting.slots["1"].remaining == 3
    assert sheet.hit_dice["d6"].remaining == 4


@pytest.mark.parametrize(
    ("score", "modifier"), [(1, -5), (2, -4), (8, -1), (9, -1), (10, 0), (11, 0), (12, 1), (20, 5), (30, 10)]
)
def test_ability_modifiers(score, modifier):
    assert ability_modifier(score) == modifier
    assert CharacterSheet(abilities={"WIS": score}).modifier("WIS") == modifier


@pytest.mark.parametrize(
    ("level", "bonus"), [(1, 2), (4, 2), (5, 3), (8, 3), (9, 4), (12, 4), (13, 5), (16, 5), (17, 6), (20, 6)]
)
def test_proficiency_bonus_follows_level(level, bonus):
    assert CharacterSheet(classes=[{"name": "Rogue", "level": level}]).proficiency_bonus == bonus


@pytest.mark.parametrize(("rank", "expected"), [("none", 3), ("proficient", 3 + 4), ("expertise", 3 + 8)])
def test_skill_modifier_adds_proficiency_or_expertise(rank, expected):
    sheet = CharacterSheet(
        classes=[{"name": "Rogue", "level": 9}], abilities={"DEX": 16}, skills={"stealth": rank}
    )
    assert sheet.skill_modifier("stealth") == expected
    assert sheet.ability_check_modifier("DEX") == 3


def test_save_modifier_adds_proficiency_only_to_proficient_saves():
    sheet = CharacterSheet(abilities={"CON": 14, "WIS": 8}, saving_throws=["CON"])
    assert (sheet.save_modifier("CON"), sheet.save_modifier("WIS")) == (2 + 2, -1)


def test_multiclass_levels_add_up():
    sheet = CharacterSheet(classes=[{"name": "Fighter", "level": 3}, {"name": "Wizard", "level": 2}])
    assert (sheet.level, sheet.proficiency_bonus) == (5, 3)


def test_every_skill_has_a_governing_ability_and_a_literal():
    assert len(SKILLS) == 18 and set(SKILLS.values()) <= set(ABILITIES)
    assert set(get_args(Skill)) == set(SKILLS)


# --- refusals, with where they are -------------------------------------------------------------

SPELLS = {"ability": "INT"}


@pytest.mark.parametrize(
    ("data", "location"),
    [
        ({"abilities": {"STR": 0}}, ("abilities", "STR")),
        ({"abilities": {"CHA": 31}}, ("abilities", "CHA")),
        ({"abilities": {"LUCK": 10}}, ("abilities", "LUCK")),
        ({"classes": [{"name": "Bard", "level": 21}]}, ("classes", 0, "level")),
        ({"classes": [{"name": "Bard", "level": 0}]}, ("classes", 0, "level")),
        ({"classes": [{"name": "Bard", "level": 12}, {"name": "Cleric", "level": 9}]}, ("classes",)),
        ({"classes": [{"name": "Bard", "level": 2}, {"name": "bard", "level": 3}]}, ("classes",)),
        ({"classes": [{"name": "  ", "level": 1}]}, ("classes", 0, "name")),
        ({"race": "x" * 101}, ("race",)),
        ({"experience": -1}, ("experience",)),
        ({"equipment": [{"name": "Rope", "quantity": -1}]}, ("equipment", 0, "quantity")),
        ({"equipment": [{"name": "Rope", "weight": "nan"}]}, ("equipment", 0, "weight")),
        ({"equipment": [{"name": "Rope"}] * 201}, ("equipment",)),
        ({"currency": {"gp": -5}}, ("currency", "gp")),
        ({"hit_points": {"max": 10, "current": 11}}, ("hit_points",)),
        ({"hit_points": {"max": 0, "current": 0}}, ("hit_points", "max")),
        ({"hit_points": {"max": 10, "current": 5, "temp": -1}}, ("hit_points", "temp")),
        ({"hit_dice": {"d6": {"max": 2, "used": 3}}}, ("hit_dice", "d6")),
        ({"hit_dice": {"d4": {"max": 1}}}, ("hit_dice", "d4")),
        ({"hit_dice": {"d6": {"max": 15}, "d8": {"max": 6}}}, ("hit_dice",)),
        ({"death_saves": {"failures": 4}}, ("death_saves", "failures")),
        ({"spellcasting": {**SPELLS, "slots": {"1": {"max": 2, "used": 3}}}}, ("spellcasting", "slots", "1")),
        ({"spellcasting": {**SPELLS, "slots": {"10": {"max": 1}}}}, ("spellcasting", "slots", "10")),
        ({"spellcasting": {**SPELLS, "known": ["x" * 101]}}, ("spellcasting", "known", 0)),
        ({"spellcasting": {"ability": "LCK"}}, ("spellcasting", "ability")),
        ({"skills": {"cooking": "proficient"}}, ("skills", "cooking")),
        ({"skills": {"stealth": "master"}}, ("skills", "stealth")),
        ({"saving_throws": ["STR", "STR"]}, ("saving_throws",)),
        ({"features": [{"name": "Rage", "uses": {"max": 2, "used": 3}}]}, ("features", 0, "uses")),
        ({"notes": "x" * 4001}, ("notes",)),
        ({"name": "Bruna"}, ("name",)),  # the name is a column, not part of the sheet
        ({"favourite_colour": "blue"}, ("favourite_colour",)),
    ],
)
def test_invalid_sheets_are_refused_with_the_field_path(data, location):
    assert any(loc[: len(location)] == location for loc in error_locations(CharacterSheet, data))


QUEST = {"id": "q1", "title": "Find the map", "created_at": "2025-01-02T00:00:00Z"}


@pytest.mark.parametrize(
    ("model", "data", "location"),
    [
        (CampaignData, {"quests": [{**QUEST, "status": "lost"}]}, ("quests", 0, "status")),
        (CampaignData, {"quests": [{**QUEST, "status": "done"}]}, ("quests", 0)),
        (CampaignData, {"quests": [{**QUEST, "closed_at": "2025-01-03T00:00:00Z"}]}, ("quests", 0)),
        (
            CampaignData,
            {"quests": [{**QUEST, "status": "done", "closed_at": "2024-01-01T00:00:00Z"}]},
            ("quests", 0),
        ),
        (
            CampaignData,
            {"quests": [{**QUEST, "created_at": "2025-01-02T00:00:00"}]},
            ("quests", 0, "created_at"),
        ),
        (CampaignData, {"quests": [QUEST, QUEST]}, ("quests",)),
        (CampaignData, {"sessions": [{"number": 0, "date": "2025-01-02"}]}, ("sessions", 0, "number")),
        (CampaignData, {"sessions": [{"number": 1, "date": "2025-01-02"}] * 2}, ("sessions",)),
        (CampaignData, {"party": ["c1", "c1"]}, ("party",)),
        (CampaignData, {"party": ["x" * 37]}, ("party", 0)),
        (CampaignData, {"world_state": {"Baron": "x" * 501}}, ("world_state", "Baron")),
        (CampaignData, {"world_state": {str(i): "" for i in range(201)}}, ("world_state",)),
        (CampaignData, {"quest": []}, ("quest",)),
        (HomebrewRule, {"text": ""}, ("text",)),
        (HomebrewRule, {"text": "x" * 1001}, ("text",)),
        (WorldArt, {"url": "javascript:alert(1)"}, ("url",)),
        (WorldArt, {}, ("url",)),
        (NPCData, {"avatar_url": "file:///etc/passwd"}, ("avatar_url",)),
        (NPCData, {"quest_hooks": ["x" * 201]}, ("quest_hooks", 0)),
        (NPCData, {"secret": 1}, ("secret",)),
        (Personality, {"traits": ["kind"] * 21}, ("traits",)),
        (Personality, {"flaws": [""]}, ("flaws", 0)),
        (Relationship, {"character_id": "c1", "score": 101}, ("score",)),
        (Relationship, {"character_id": "c1", "score": -101}, ("score",)),
        (Relationship, {"score": 0}, ("character_id",)),
        (Relationship, {"character_id": "c1", "score": 0, "label": "Friendly"}, ("label",)),
        (StatBlock, {"challenge_rating": "1/3"}, ("challenge_rating",)),
        (StatBlock, {"challenge_rating": "31"}, ("challenge_rating",)),
        (StatBlock, {"hit_points": 0}, ("hit_points",)),
        (StatBlock, {"abilities": {"DEX": 31}}, ("abilities", "DEX")),
        (StatBlock, {"actions": [{"description": "Bites"}]}, ("actions", 0, "name")),
        (NPCInteractionData, {"dialogue": [{"speaker": "Bruna", "text": ""}]}, ("dialogue", 0, "text")),
        (NPCInteractionData, {"rolls": [{"expression": "1d20"}]}, ("rolls", 0, "total")),
        (NPCInteractionData, {"consequences": ["x" * 501]}, ("consequences", 0)),
        (NPCInteractionData, {"logged_by": 123}, ("logged_by",)),
    ],
)
def test_invalid_values_are_refused_with_the_field_path(model, data, location):
    assert any(loc[: len(location)] == location for loc in error_locations(model, data))


@pytest.mark.parametrize("rating", ["0", "1/8", "1/4", "1/2", "1", "9", "10", "29", "30"])
def test_every_challenge_rating_form_is_accepted(rating):
    assert StatBlock(challenge_rating=rating).challenge_rating == rating


def test_whitespace_is_stripped_from_text():
    assert CharacterSheet(race="  Dwarf ").race == "Dwarf"


# --- properties --------------------------------------------------------------------------------

abilities = st.fixed_dictionaries({a: st.integers(1, 30) for a in ABILITIES})
levels = st.lists(st.integers(1, 20), min_size=1, max_size=4).filter(lambda ls: sum(ls) <= 20)


@given(
    abilities=abilities,
    levels=levels,
    saves=st.lists(st.sampled_from(ABILITIES), unique=True),
    skills=st.dictionaries(
        st.sampled_from(sorted(SKILLS)), st.sampled_from(["none", "proficient", "expertise"])
    ),
)
def test_any_valid_sheet_round_trips_and_stays_in_bounds(abilities, levels, saves, skills):
    classes = [{"name": f"Class {i}", "level": level} for i, level in enumerate(levels)]
    sheet = CharacterSheet(abilities=abilities, classes=classes, saving_throws=saves, skills=skills)
    assert CharacterSheet.model_validate(sheet.model_dump()) == sheet
    assert round_trip(sheet) == sheet
    assert sheet.level == sum(levels)
    assert 2 <= sheet.proficiency_bonus <= 6
    for ability in ABILITIES:
        assert -5 <= sheet.modifier(ability) <= 10
        assert sheet.ability_check_modifier(ability) == sheet.modifier(ability)
        assert sheet.modifier(ability) <= sheet.save_modifier(ability) <= sheet.modifier(ability) + 6
    for skill, ability in SKILLS.items():
        assert sheet.modifier(ability) <= sheet.skill_modifier(skill) <= sheet.modifier(ability) + 12


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=20)
    | st.sampled_from(["2025-01-02", "2025-01-02T00:00:00", "2025-01-02T00:00:00Z", "INT", "d6", "1"]),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)


def json_dicts_for(model: type[BaseModel]) -> st.SearchStrategy[dict[str, Any]]:
    """Dicts keyed mostly by the model's own fields, so the values reach its validators."""
    keys = st.sampled_from([*model.model_fields, "unknown"])
    return st.dictionaries(keys, json_values, max_size=6)


@pytest.mark.parametrize("model", [*EMPTY_CONSTRUCTIBLE, Relationship, Quest, WorldArt, HomebrewRule])
@given(data=st.data())
def test_arbitrary_json_either_validates_or_raises_validation_error(model, data):
    value = data.draw(json_dicts_for(model))
    try:
        parsed = model.model_validate(value)
    except ValidationError as error:
        assert all(e["msg"] for e in error.errors())
    else:
        assert round_trip(parsed) == parsed
