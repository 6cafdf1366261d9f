"""Issue 16, items 18-19: capital D, zero dice, and results that surprise explained."""

import pytest

from rules.dice.engine import roll
from rules.errors import InvalidInputError
from tests.unit.dice.test_engine import faces  # noqa: F401  (the fixture)


def test_a_capital_d_rolls_like_a_small_one(faces):  # noqa: F811
    faces(17, 4, 5)
    assert roll("1D20").total == 17
    assert roll("2D6 + 1").total == 10


def test_a_capital_d_inside_an_annotation_stays_as_typed(faces):  # noqa: F811
    faces(3)
    assert "Damage" in roll("1D6[Damage]").detail


@pytest.mark.parametrize("expression", ["0d6", "0D6", "1d20 + 0d6", "(0d6, 1d4)"])
def test_zero_dice_are_refused(expression):
    with pytest.raises(InvalidInputError, match="at least one die"):
        roll(expression)


def test_keep_an_exact_face_is_explained_with_kh_and_kl(faces):  # noqa: F811
    faces(17, 12)
    outcome = roll("2d20k1")
    assert outcome.total == 0
    assert outcome.note is not None
    assert "exactly 1" in outcome.note and "`2d20kh1`" in outcome.note and "`2d20kl1`" in outcome.note


def test_a_comparison_on_many_dice_is_explained_with_the_count_of_successes(faces):  # noqa: F811
    faces(6, 1, 4, 4, 1, 5, 5, 1, 4, 1)
    outcome = roll("10d6>=5")
    assert outcome.total == 1
    assert outcome.note is not None
    assert "whole total" in outcome.note
    assert "3 of the 10 dice" in outcome.note and "`10d6k>4`" in outcome.note


@pytest.mark.parametrize("expression", ["2d20kh1", "4d6kh3", "1d20>=15", "1d20+5"])
def test_ordinary_rolls_need_no_note(faces, expression):  # noqa: F811
    faces(10, 11, 12, 13)
    assert roll(expression).note is None
