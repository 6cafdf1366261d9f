"""A session's recap, built from what was logged: deterministic, no AI.

The service gathers the facts of the session's time window; this module turns them into
"Previously, in <campaign>…" prose and a short list. GM-only facts (secret notes, secret rolls)
are marked ``secret`` and reach only the version built for a GM.
"""

from dataclasses import dataclass, field

from rules.relationships import label


@dataclass(frozen=True, slots=True)
class StandingMove:
    npc: str
    character: str
    before: int
    after: int

    @property
    def crossed(self) -> bool:
        return label(self.before) != label(self.after)


@dataclass(frozen=True, slots=True)
class NotableRoll:
    who: str  # a character's name, or a member mention
    natural: int  # 20 or 1
    what: str  # the reason, else the expression
    secret: bool


@dataclass(frozen=True, slots=True)
class Contest:
    """A roll against a DC logged with an interaction (/npc interact roll: dc:)."""

    who: str | None  # the character, or None: the party
    npc: str
    label: str | None  # e.g. "Persuasion (CHA)"
    total: int
    dc: int

    @property
    def succeeded(self) -> bool:
        return self.total >= self.dc


@dataclass(frozen=True, slots=True)
class Fight:
    rounds: int
    fighters: tuple[str, ...]
    downed: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Line:
    npc: str
    text: str


@dataclass(frozen=True, slots=True)
class Note:
    text: str
    secret: bool


@dataclass(frozen=True, slots=True)
class SessionLog:
    campaign: str
    number: int
    title: str | None
    is_open: bool
    run_through_bot: bool  # False: a session written down (imported), which has only its summary
    npcs_met: tuple[str, ...] = ()
    moves: tuple[StandingMove, ...] = ()
    quests_opened: tuple[str, ...] = ()
    quests_closed: tuple[str, ...] = ()
    fights: tuple[Fight, ...] = ()
    contests: tuple[Contest, ...] = ()
    rolls: tuple[NotableRoll, ...] = ()
    lines: tuple[Line, ...] = ()
    notes: tuple[Note, ...] = ()
    summary: str = ""


@dataclass(frozen=True, slots=True)
class Recap:
    heading: str
    prose: str
    items: tuple[str, ...] = field(default=())


MOST_LINES = 5  # quoted NPC lines; more are counted
MOST_CONTESTS = 5  # rolls against a DC told in the prose; more are counted
# What a social skill's success and failure read as, toward the NPC.
SKILL_VERBS = {
    "Persuasion": ("persuaded", "failed to persuade"),
    "Deception": ("deceived", "failed to deceive"),
    "Intimidation": ("intimidated", "failed to intimidate"),
    "Insight": ("read", "could not read"),
    "Performance": ("impressed", "failed to impress"),
}
QUOTE = 200  # characters of a quoted line


def build_recap(log: SessionLog, *, gm: bool) -> Recap:
    """The recap a GM (everything) or a player (nothing secret) reads."""
    name = f"Session {log.number}" + (f": {log.title}" if log.title else "")
    heading = f"{log.campaign}, {name}" + (" (still running)" if log.is_open else "")
    sentences = [f"Previously, in {log.campaign}…"]
    if not log.run_through_bot:
        sentences.append("This session was written down rather than run here; its summary follows.")
    sentences += _meetings(log) + _contests(log) + _quests(log) + _fights(log) + _fortune(log, gm=gm)
    if log.summary:
        sentences.append(log.summary)
    if len(sentences) == 1:
        sentences.append("Nothing was logged in this session yet.")
    return Recap(heading, " ".join(sentences), tuple(_items(log, gm=gm)))


def _meetings(log: SessionLog) -> list[str]:
    if not log.npcs_met:
        return []
    sentences = [f"The party dealt with {_and(list(log.npcs_met))}."]
    for move in log.moves:
        if move.crossed:
            sentences.append(
                f"{move.npc} went from {label(move.before)} to {label(move.after)} toward {move.character}."
            )
    return sentences


def _contests(log: SessionLog) -> list[str]:
    """ "Tess persuaded Strahd (Persuasion 18 vs DC 15)." for each roll against a DC, the first few."""
    sentences = [_contest(c) for c in log.contests[:MOST_CONTESTS]]
    if len(log.contests) > MOST_CONTESTS:
        sentences.append(f"…and {_count(len(log.contests) - MOST_CONTESTS, 'more roll')} against a DC.")
    return sentences


def _contest(contest: Contest) -> str:
    who = contest.who or "The party"
    skill = contest.label.split(" (")[0] if contest.label else None
    numbers = f"{contest.total} vs DC {contest.dc}"
    verbs = SKILL_VERBS.get(skill or "")
    if skill is not None and verbs is not None:
        verb = verbs[0] if contest.succeeded else verbs[1]
        return f"{who} {verb} {contest.npc} ({skill} {numbers})."
    outcome = "succeeded" if contest.succeeded else "failed"
    what = f"{skill} check" if skill else "roll"
    return f"{who}'s {what} with {contest.npc} {outcome} ({numbers})."


def _quests(log: SessionLog) -> list[str]:
    sentences = []
    if log.quests_opened:
        sentences.append(
            f"They took up {_count(len(log.quests_opened), 'quest')}: {_and(log.quests_opened)}."
        )
    if log.quests_closed:
        sentences.append(f"They saw {_and(log.quests_closed)} through.")
    return sentences


def _fights(log: SessionLog) -> list[str]:
    sentences = []
    for fight in log.fights:
        sentence = f"{_and(fight.fighters)} fought for {_count(fight.rounds, 'round')}"
        downed = f"; {_and(fight.downed)} went down" if fight.downed else ""
        sentences.append(sentence + downed + ".")
    return sentences


def _fortune(log: SessionLog, *, gm: bool) -> list[str]:
    rolls = [r for r in log.rolls if gm or not r.secret]
    highs, lows = sum(r.natural == 20 for r in rolls), sum(r.natural == 1 for r in rolls)
    if not (highs or lows):
        return []
    parts = [p for p in (_count(highs, "natural 20"), _count(lows, "natural 1")) if not p.startswith("0 ")]
    return [f"The dice gave {_and(parts)}."]


def _items(log: SessionLog, *, gm: bool) -> list[str]:
    items = [f"{m.npc} toward {m.character}: {_score_change(m)}" for m in log.moves]
    items += [f"New quest: {title}" for title in log.quests_opened]
    items += [f"Quest done: {title}" for title in log.quests_closed]
    items += [
        f"Fight: {_count(f.rounds, 'round')}, {_and(f.fighters)}"
        + (f"; down: {_and(f.downed)}" if f.downed else "")
        for f in log.fights
    ]
    for roll in log.rolls:
        if gm or not roll.secret:
            mark = "🔒 " if roll.secret else ""
            items.append(f"{mark}Natural {roll.natural}: {roll.who} ({roll.what})")
    for line in log.lines[:MOST_LINES]:
        text = line.text if len(line.text) <= QUOTE else line.text[: QUOTE - 2].rsplit(" ", 1)[0] + " …"
        items.append(f"{line.npc} said: “{text}”")
    if len(log.lines) > MOST_LINES:
        items.append(f"…and {_count(len(log.lines) - MOST_LINES, 'more line')} spoken by NPCs")
    for note in log.notes:
        if gm or not note.secret:
            items.append(("🔒 GM note: " if note.secret else "Note: ") + note.text)
    return items


def _score_change(move: StandingMove) -> str:
    change = f"{move.before} → {move.after}"
    if move.crossed:
        return f"{change} ({label(move.before)} → {label(move.after)})"
    return f"{change} ({label(move.after)})"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _and(names: list[str] | tuple[str, ...]) -> str:
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
