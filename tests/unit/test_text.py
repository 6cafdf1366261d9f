"""rules.text's cleaning of member text: control characters, line breaks, surrogates."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules.errors import InvalidInputError
from rules.text import drop_surrogates, join_surrogates, member_text, strip_controls

# Every code point, lone surrogates included (Hypothesis leaves category Cs out by default).
ANY_TEXT = st.text(st.characters(exclude_categories=()))
VALID_TEXT = st.text()


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Bo\x00b", "Bob"),
        ("\x00", ""),
        ("a\x01\x07\x1b\x7f\x85\x9fb", "ab"),
        ("line one\r\nline two", "line one\nline two"),
        ("old mac\rline", "old mac\nline"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
        ("\r\n\r\n", "\n\n"),
        ("zero\u200bwidth and \ufeff stay", "zero\u200bwidth and \ufeff stay"),  # format (Cf), not control
        ("émoji 😀", "émoji 😀"),
    ],
)
def test_strip_controls(typed, kept):
    assert strip_controls(typed) == kept


@given(ANY_TEXT)
def test_strip_controls_leaves_no_control_but_newline_and_tab(text):
    cleaned = strip_controls(text)
    assert all(unicodedata.category(ch) != "Cc" or ch in "\n\t" for ch in cleaned)
    assert strip_controls(cleaned) == cleaned


@given(st.text(st.characters(exclude_categories=("Cc", "Cs"))))
def test_text_without_controls_is_unchanged(text):
    assert strip_controls(text) == text
    assert member_text(text, "The option `x`") == text


def test_surrogate_pairs_are_joined_and_lone_ones_found():
    assert join_surrogates("a\ud83d\ude00b") == "a😀b"
    assert join_surrogates("plain") == "plain"
    for lone in ("\ud800", "a\udfffb", "\ude00\ud83d", "\ud83d\ude00\ud800"):
        assert join_surrogates(lone) is None, repr(lone)
    assert drop_surrogates("\ud83d\ude00\udfffx\ud800") == "😀x"


@given(ANY_TEXT)
def test_what_member_text_returns_can_be_stored(text):
    try:
        cleaned = member_text(text, "The option `name`")
    except InvalidInputError as refusal:
        assert "`name`" in refusal.message and "surrogate" in refusal.message
        assert join_surrogates(text) is None
    else:
        cleaned.encode("utf-8")  # no surrogate left: every backend and Discord take it
        assert "\x00" not in cleaned
    drop_surrogates(text).encode("utf-8")


@given(VALID_TEXT)
def test_valid_text_is_never_refused(text):
    assert member_text(text, "The option `x`") == strip_controls(text)
