"""Relationship labels and clamping, and personality text parsing."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules.personality import parse_personality
from rules.relationships import clamp, label


@pytest.mark.parametrize(
    ("score", "name"),
    [
        (-100, "Hostile"),
        (-50, "Hostile"),
        (-49, "Unfriendly"),
        (-11, "Unfriendly"),
        (-10, "Indifferent"),
        (0, "Indifferent"),
        (10, "Indifferent"),
        (11, "Friendly"),
        (49, "Friendly"),
        (50, "Allied"),
        (100, "Allied"),
    ],
)
def test_labels_at_every_threshold(score, name):
    assert label(score) == name


@given(st.integers(-10_000, 10_000))
def test_clamp_keeps_scores_in_range(total):
    assert -100 <= clamp(total) <= 100
    assert clamp(total) == total or abs(total) > 100


def test_labelled_personality_text_becomes_lists():
    p = parse_personality("traits: gruff, loyal; ideals: honour\nflaws: drinks; goal: revenge; kind to dogs")
    assert (p.traits, p.ideals, p.flaws, p.motivations) == (
        ["gruff", "loyal"],
        ["honour"],
        ["drinks"],
        ["revenge"],
    )
    assert p.summary == "kind to dogs"


def test_plain_personality_text_is_kept_whole():
    assert (
        parse_personality("A weary innkeeper: kind, but tired").summary
        == "A weary innkeeper: kind, but tired"
    )
    assert parse_personality(None).summary is None


@given(st.text(max_size=300))
def test_any_text_parses_or_is_refused_cleanly(text):
    from rules.errors import InvalidInputError

    try:
        parse_personality(text)
    except InvalidInputError as error:
        assert "too long" in error.message
