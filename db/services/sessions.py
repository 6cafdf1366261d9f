"""Sessions of play of the active campaign, and their recaps from what was logged meanwhile.

A session owns a time window (``started_at`` .. ``ended_at``, or now while it runs): the
interactions of the campaign's NPCs, the guild's rolls and the quests opened and closed in it
belong to it. Nothing else has to remember which session it was logged in.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import JSON, func, select, type_coerce
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import NPC, Campaign, Character, DiceRoll, NPCInteraction, NPCStanding
from db.schemas import NPCInteractionData, SessionEntry, SessionNote
from db.schemas.campaign import MAX_ITEMS as MAX_SESSIONS
from db.schemas.interaction import RollRecord
from db.services.base import Service
from db.services.lookups import find_campaign
from db.types import utcnow
from rules import limits
from rules.errors import ConflictError, InvalidInputError, NotFoundError
from rules.recap import (
    Contest,
    Fight,
    Line,
    NotableRoll,
    Note,
    Recap,
    SessionLog,
    StandingMove,
    build_recap,
)
from rules.relationships import clamp
from rules.text import clean_text

NO_OPEN_SESSION = "No session is running: a GM starts one with /session start."


@dataclass(frozen=True, slots=True)
class SessionChange:
    campaign_name: str
    session: SessionEntry


@dataclass(frozen=True, slots=True)
class SessionList:
    campaign_name: str
    sessions: tuple[SessionEntry, ...]  # newest first


class SessionService(Service):
    async def start(self, guild_id: int, title: str | None = None) -> SessionChange:
        title = clean_text(title, "session title", limits.SESSION_TITLE, one_line=True)
        async with self.db.transaction() as session:
            row = await find_campaign(session, guild_id, None, lock=True)
            running = row.data.open_session
            if running is not None:
                raise ConflictError(
                    f"Session {running.number} of {row.name} is still running: end it with /session end."
                )
            if len(row.data.sessions) >= MAX_SESSIONS:
                raise InvalidInputError(f"A campaign keeps at most {MAX_SESSIONS} sessions.")
            now = utcnow()
            number = max((s.number for s in row.data.sessions), default=0) + 1
            entry = SessionEntry(number=number, date=now.date(), title=title, started_at=now)
            row.data = row.data.model_copy(update={"sessions": [*row.data.sessions, entry]})
            return SessionChange(row.name, entry)

    async def end(self, guild_id: int, summary: str | None = None) -> SessionChange:
        summary = clean_text(summary, "summary", limits.SESSION_SUMMARY)
        async with self.db.transaction() as session:
            row = await find_campaign(session, guild_id, None, lock=True)
            running = _running(row)
            ended = running.model_copy(update={"ended_at": utcnow(), "summary": summary or running.summary})
            ended = SessionEntry.model_validate(ended.model_dump())  # model_copy skips validation
            _replace(row, ended)
            return SessionChange(row.name, ended)

    async def note(self, guild_id: int, text: str, secret: bool = False) -> SessionChange:
        text = clean_text(text, "note", limits.SESSION_NOTE, required=True, empty="A note needs some text.")
        async with self.db.transaction() as session:
            row = await find_campaign(session, guild_id, None, lock=True)
            running = _running(row)
            if len(running.notes) >= limits.SESSION_NOTES:
                raise InvalidInputError(f"A session keeps at most {limits.SESSION_NOTES} notes.")
            noted = running.model_copy(
                update={"notes": [*running.notes, SessionNote(text=text, secret=secret, at=utcnow())]}
            )
            _replace(row, noted)
            return SessionChange(row.name, noted)

    async def list(self, guild_id: int) -> SessionList:
        async with self.db.transaction(write=False) as session:
            row = await find_campaign(session, guild_id, None)
            newest_first = sorted(row.data.sessions, key=lambda s: -s.number)
            return SessionList(row.name, tuple(newest_first))

    async def recap(self, guild_id: int, number: int | None = None, *, gm: bool) -> Recap:
        """The recap of session ``number`` (default: the latest) as a GM or a player may read it."""
        async with self.db.transaction(write=False) as session:
            row = await find_campaign(session, guild_id, None)
            entry = _numbered(row, number)
            log = await _session_log(session, row, entry)
        return build_recap(log, gm=gm)


def _running(row: Campaign) -> SessionEntry:
    running = row.data.open_session
    if running is None:
        raise NotFoundError(NO_OPEN_SESSION)
    return running


def _replace(row: Campaign, entry: SessionEntry) -> None:
    sessions = [entry if s.number == entry.number else s for s in row.data.sessions]
    row.data = row.data.model_copy(update={"sessions": sessions})


def _numbered(row: Campaign, number: int | None) -> SessionEntry:
    if not row.data.sessions:
        raise NotFoundError(f"{row.name} has no sessions yet: a GM starts one with /session start.")
    if number is None:
        return max(row.data.sessions, key=lambda s: s.number)
    found = next((s for s in row.data.sessions if s.number == number), None)
    if found is None:
        raise NotFoundError(f"{row.name} has no session {number}: see /session list.")
    return found


async def _session_log(session: AsyncSession, row: Campaign, entry: SessionEntry) -> SessionLog:
    base = SessionLog(
        campaign=row.name,
        number=entry.number,
        title=entry.title,
        is_open=entry.is_open,
        run_through_bot=entry.started_at is not None,
        notes=tuple(Note(n.text, n.secret) for n in entry.notes),
        summary=entry.summary,
    )
    if entry.started_at is None:
        return base
    start, end = entry.started_at, entry.ended_at or utcnow()
    met, moves, lines = await _dealings(session, row.id, start, end)
    contests, crits, roll_ids = await _interaction_rolls(session, row.id, start, end)
    # An interaction's roll counts from its record, which the campaign (and its export) keeps,
    # rather than from its copy in the guild's roll history: once, and the same after an import.
    crits += await _notable_rolls(session, row.guild_id or 0, start, end, roll_ids)
    rolls = tuple(roll for _, roll in sorted(crits, key=lambda timed: timed[0]))
    quests = row.data.quests
    return SessionLog(
        **{field: getattr(base, field) for field in ("campaign", "number", "title", "is_open")},
        run_through_bot=True,
        npcs_met=met,
        moves=moves,
        quests_opened=tuple(q.title for q in quests if start <= q.created_at <= end),
        fights=tuple(
            Fight(f.rounds, tuple(f.fighters), tuple(f.downed))
            for f in row.data.fights
            if start <= f.ended_at <= end
        ),
        quests_closed=tuple(
            q.title for q in quests if q.closed_at is not None and start <= q.closed_at <= end
        ),
        contests=contests,
        rolls=rolls,
        lines=lines,
        notes=base.notes,
        summary=base.summary,
    )


async def _dealings(
    session: AsyncSession, campaign_id: str, start: datetime, end: datetime
) -> tuple[tuple[str, ...], tuple[StandingMove, ...], tuple[Line, ...]]:
    """The NPCs met in the window, each pair's standing before and after it, and what NPCs said."""
    entries = (
        await session.execute(
            select(
                NPCInteraction.npc_id,
                NPC.name,
                NPCInteraction.character_id,
                NPCInteraction.relationship_change,
                NPCInteraction.timestamp,
                NPCInteraction.interaction_type,
            )
            .join(NPC, NPC.id == NPCInteraction.npc_id)
            .where(NPC.campaign_id == campaign_id, NPCInteraction.timestamp >= start)
            .order_by(NPCInteraction.timestamp, NPCInteraction.id)
        )
    ).all()
    met: dict[str, str] = {}
    during: dict[tuple[str, str], int] = defaultdict(int)
    since: dict[tuple[str, str], int] = defaultdict(int)  # changes after the window: undone to get "after"
    for npc_id, npc_name, character_id, change, moment, _ in entries:
        inside = moment <= end
        if inside:
            met.setdefault(npc_id, npc_name)
        if character_id is not None:
            (during if inside else since)[npc_id, character_id] += change
    moves = await _moves(session, met, during, since)
    lines = await _spoken(session, campaign_id, start, end)
    return tuple(met.values()), moves, lines


async def _moves(
    session: AsyncSession,
    met: dict[str, str],
    during: dict[tuple[str, str], int],
    since: dict[tuple[str, str], int],
) -> tuple[StandingMove, ...]:
    pairs = [pair for pair, change in during.items() if change]
    if not pairs:
        return ()
    rows = await session.execute(
        select(
            NPCStanding.npc_id,
            NPCStanding.character_id,
            NPCStanding.total,
            func.coalesce(Character.name, NPCStanding.character_name),
        )
        .outerjoin(Character, Character.id == NPCStanding.character_id)
        .where(NPCStanding.npc_id.in_({npc_id for npc_id, _ in pairs}))
    )
    moves = []
    for npc_id, character_id, total, character_name in rows:
        pair = (npc_id, character_id)
        if pair not in during or not during[pair]:
            continue
        after = total - since.get(pair, 0)
        moves.append(
            StandingMove(met[npc_id], character_name or "?", clamp(after - during[pair]), clamp(after))
        )
    return tuple(sorted(moves, key=lambda m: (m.npc.lower(), m.character.lower())))


async def _spoken(
    session: AsyncSession, campaign_id: str, start: datetime, end: datetime
) -> tuple[Line, ...]:
    """Lines NPCs spoke aloud (/npc say), oldest first; only these entries' JSON is read."""
    rows = await session.execute(
        select(NPCInteraction.data)
        .join(NPC, NPC.id == NPCInteraction.npc_id)
        .where(
            NPC.campaign_id == campaign_id,
            NPCInteraction.interaction_type == "dialogue",
            NPCInteraction.timestamp >= start,
            NPCInteraction.timestamp <= end,
        )
        .order_by(NPCInteraction.timestamp, NPCInteraction.id)
    )
    data: list[NPCInteractionData] = [d for (d,) in rows]
    return tuple(Line(line.speaker, line.text) for entry in data for line in entry.dialogue)


async def _interaction_rolls(
    session: AsyncSession, campaign_id: str, start: datetime, end: datetime
) -> tuple[tuple[Contest, ...], list[tuple[datetime, NotableRoll]], set[str]]:
    """The window's interaction rolls: those against a DC, the natural 20s and 1s, and the ids of
    their rows in the roll history. Only these parts of the entries' JSON are read."""
    data = type_coerce(NPCInteraction.data, JSON)
    rows = await session.execute(
        select(
            NPCInteraction.timestamp,
            NPCInteraction.logged_by,
            NPC.name,
            data["character_name"].as_string(),
            data["rolls"],
        )
        .join(NPC, NPC.id == NPCInteraction.npc_id)
        .where(
            NPC.campaign_id == campaign_id, NPCInteraction.timestamp >= start, NPCInteraction.timestamp <= end
        )
        .order_by(NPCInteraction.timestamp, NPCInteraction.id)
    )
    contests: list[Contest] = []
    crits: list[tuple[datetime, NotableRoll]] = []
    roll_ids: set[str] = set()
    for moment, logged_by, npc_name, character_name, rolls in rows:
        for roll in map(RollRecord.model_validate, rolls or ()):
            if roll.roll_id is not None:
                roll_ids.add(roll.roll_id)
            if roll.dc is not None:
                contests.append(Contest(character_name, npc_name, roll.label, roll.total, roll.dc))
            if roll.crit is not None:
                who = character_name or f"<@{logged_by}>"
                what = f"{roll.label or 'roll'} with {npc_name}"
                crits.append((moment, NotableRoll(who, 20 if roll.crit == "critical" else 1, what, False)))
    return tuple(contests), crits, roll_ids


async def _notable_rolls(
    session: AsyncSession, guild_id: int, start: datetime, end: datetime, counted: set[str]
) -> list[tuple[datetime, NotableRoll]]:
    """Natural 20s and 1s rolled in the guild in the window, but those ``counted`` already, each
    with its time; a private or secret roll is the GM's to see."""
    query = (
        select(
            DiceRoll.rolled_at,
            DiceRoll.user_id,
            Character.name,
            DiceRoll.crit,
            DiceRoll.reason,
            DiceRoll.expression,
            DiceRoll.private | DiceRoll.secret,  # either way the GM's to see
        )
        .outerjoin(Character, Character.id == DiceRoll.character_id)
        .where(
            DiceRoll.guild_id == guild_id,
            DiceRoll.rolled_at >= start,
            DiceRoll.rolled_at <= end,
            DiceRoll.crit.is_not(None),
        )
        .order_by(DiceRoll.rolled_at)
    )
    if counted:
        query = query.where(DiceRoll.id.not_in(counted))
    rows = await session.execute(query)
    return [
        (
            rolled_at,
            NotableRoll(
                who=character or f"<@{user_id}>",
                natural=20 if crit == "critical" else 1,
                what=reason or expression,
                secret=private,
            ),
        )
        for rolled_at, user_id, character, crit, reason, expression, private in rows
    ]
