"""The recap builder: prose and list from a session's log, secrets for the GM's version only."""

from rules.recap import (
    MOST_CONTESTS,
    Contest,
    Fight,
    Line,
    NotableRoll,
    Note,
    SessionLog,
    StandingMove,
    build_recap,
)


def _log(**facts) -> SessionLog:
    return SessionLog(
        campaign="Saga", number=3, title="The Road", is_open=False, run_through_bot=True, **facts
    )


def test_the_prose_tells_label_crossings_quests_fights_and_fortune():
    recap = build_recap(
        _log(
            npcs_met=("Strahd", "Bob"),
            moves=(StandingMove("Strahd", "Tess", 5, -12), StandingMove("Bob", "Pip", 3, 8)),
            quests_opened=("Find the heir",),
            quests_closed=("Go north", "Slay the wyrm"),
            fights=(Fight(3, ("Tess", "Pip", "Goblin 1"), ("Goblin 1",)),),
            rolls=(NotableRoll("Tess", 20, "Attack", False), NotableRoll("Pip", 1, "Stealth", False)),
            summary="The party reached Vallaki.",
        ),
        gm=False,
    )
    assert recap.heading == "Saga, Session 3: The Road"
    assert recap.prose == (
        "Previously, in Saga… The party dealt with Strahd and Bob. "
        "Strahd went from Indifferent to Unfriendly toward Tess. "
        "They took up 1 quest: Find the heir. They saw Go north and Slay the wyrm through. "
        "Tess, Pip and Goblin 1 fought for 3 rounds; Goblin 1 went down. "
        "The dice gave 1 natural 20 and 1 natural 1. The party reached Vallaki."
    )
    assert "Strahd toward Tess: 5 → -12 (Indifferent → Unfriendly)" in recap.items
    assert "Bob toward Pip: 3 → 8 (Indifferent)" in recap.items
    assert "Fight: 3 rounds, Tess, Pip and Goblin 1; down: Goblin 1" in recap.items


def test_secret_notes_and_rolls_reach_the_gm_only():
    log = _log(
        rolls=(NotableRoll("<@1>", 20, "1d20", True),),
        notes=(Note("The steward lies", True), Note("Rain all day", False)),
    )
    player, gm = build_recap(log, gm=False), build_recap(log, gm=True)
    assert "Note: Rain all day" in player.items and "Note: Rain all day" in gm.items
    assert not any("steward" in item or "Natural" in item for item in player.items)
    assert "natural 20" not in player.prose
    assert "🔒 GM note: The steward lies" in gm.items and "🔒 Natural 20: <@1> (1d20)" in gm.items
    assert "The dice gave 1 natural 20." in gm.prose


def test_lines_are_quoted_then_counted():
    lines = tuple(Line("Bob", f"Line {n}") for n in range(7))
    recap = build_recap(_log(lines=lines), gm=False)
    assert [i for i in recap.items if i.startswith("Bob said")] == [f"Bob said: “Line {n}”" for n in range(5)]
    assert "…and 2 more lines spoken by NPCs" in recap.items


def test_an_empty_or_written_down_session_says_so():
    assert "Nothing was logged in this session yet." in build_recap(_log(), gm=False).prose
    written = SessionLog("Saga", 1, None, False, run_through_bot=False, summary="We met in a tavern.")
    recap = build_recap(written, gm=False)
    assert recap.heading == "Saga, Session 1"
    assert "written down rather than run here" in recap.prose and recap.prose.endswith("We met in a tavern.")
    running = SessionLog("Saga", 2, None, True, run_through_bot=True)
    assert build_recap(running, gm=False).heading.endswith("(still running)")


def test_rolls_against_a_dc_read_as_what_the_skill_did():
    contests = (
        Contest("Tess", "Strahd", "Persuasion (CHA)", 18, 15),
        Contest("Tess", "Strahd", "Deception (CHA)", 9, 15),
        Contest("Pip", "Bob", "Athletics (STR)", 15, 15),  # meeting the DC succeeds
        Contest(None, "Bob", None, 3, 12),
    )
    prose = build_recap(_log(npcs_met=("Strahd", "Bob"), contests=contests), gm=False).prose
    assert (
        "Tess persuaded Strahd (Persuasion 18 vs DC 15). "
        "Tess failed to deceive Strahd (Deception 9 vs DC 15). "
        "Pip's Athletics check with Bob succeeded (15 vs DC 15). "
        "The party's roll with Bob failed (3 vs DC 12)."
    ) in prose


def test_many_rolls_against_a_dc_are_counted_past_the_first_few():
    contests = tuple(Contest("Tess", "Bob", None, 10, 5) for _ in range(MOST_CONTESTS + 2))
    prose = build_recap(_log(npcs_met=("Bob",), contests=contests), gm=True).prose
    assert prose.count("Tess's roll with Bob succeeded (10 vs DC 5).") == MOST_CONTESTS
    assert "…and 2 more rolls against a DC." in prose
