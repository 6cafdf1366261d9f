"""Standing paths and label bands, the data of the standings pictures."""

from hypothesis import given
from hypothesis import strategies as st

from rules.relationships import SCORE_MAX, SCORE_MIN, bands, clamp, label, score_path


def test_bands_cover_every_score_once_with_its_label():
    covered = [score for low, high, _ in bands() for score in range(low, high + 1)]
    assert covered == list(range(SCORE_MIN, SCORE_MAX + 1))
    for low, high, name in bands():
        assert label(low) == name and label(high) == name


def test_a_path_starts_where_the_log_does_not_explain_the_total():
    # Imported at 30, then +10 and -5 logged: the stored total is 35.
    assert score_path(35, [10, -5]) == [30, 40, 35]


def test_a_path_is_clamped_at_every_step_as_the_card_is():
    assert score_path(150, [80, 70]) == [0, 80, 100]


@given(st.integers(-500, 500), st.lists(st.integers(-100, 100), max_size=30))
def test_a_path_always_ends_at_the_stored_score(total, changes):
    path = score_path(total, changes)
    assert len(path) == len(changes) + 1
    assert path[-1] == clamp(total)
    assert all(SCORE_MIN <= score <= SCORE_MAX for score in path)
