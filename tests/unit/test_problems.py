"""rules/text.py `problems`: pydantic's errors in plain words, with a suggestion for a near miss."""

from pydantic import ValidationError

from db.schemas import CharacterFile
from rules.text import problems


def lines_for(data: dict) -> list[str]:
    try:
        CharacterFile.model_validate(data)
    except ValidationError as error:
        return problems(error, root="sheet", model=CharacterFile)
    raise AssertionError("the sheet was valid")


def test_unknown_keys_suggest_the_nearest_known_key_at_their_depth():
    lines = lines_for({"name": "E", "nmae": "x", "classes": [{"name": "W", "levle": 2}]})
    assert "unknown key `nmae` (did you mean `name`?)" in lines
    assert "`classes.0`: unknown key `levle` (did you mean `level`?)" in lines


def test_a_far_miss_gets_no_suggestion_and_bounds_read_as_words():
    lines = lines_for({"name": "E", "zzzzzz": 1, "abilities": {"STR": 31}, "armor_class": "x"})
    assert "unknown key `zzzzzz`" in lines
    assert "`abilities.STR`: must be at most 30 (it is 31)" in lines
    assert "`armor_class`: must be a whole number" in lines


def test_choices_and_dict_keys_name_the_allowed_values():
    lines = lines_for({"name": "E", "skills": {"arcana": "pro", "stelth": "proficient"}})
    assert "`skills`: unknown key `stelth` (did you mean `stealth`?)" in lines
    assert any(line.startswith("`skills.arcana`: `pro` is not one of `none`, `proficient`") for line in lines)
    assert not any("Input should be" in line or "Extra inputs" in line for line in lines)
