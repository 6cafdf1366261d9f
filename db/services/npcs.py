"""NPCs of a guild's campaigns, their interaction log and their standing with each character."""

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, NamedTuple, cast

from sqlalchemy import (
    JSON,
    ColumnElement,
    Executable,
    Select,
    Table,
    and_,
    bindparam,
    func,
    literal,
    select,
    true,
    type_coerce,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Row
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from db.engine import Database
from db.models import (
    NPC,
    Campaign,
    Character,
    GuildSettings,
    NPCInteraction,
    NPCLogCount,
    NPCStanding,
    looks_like_id,
    new_id,
)
from db.schemas import NPCData, NPCInteractionData, Personality, StatBlock
from db.schemas.interaction import DialogueLine, RollRecord
from db.services.base import Service
from db.services.interaction_details import InteractionDetails, keep_roll
from db.services.interaction_write import NAME_FROM_LOOKUP, add_to_pair_total, log_by_ids
from db.services.lookups import (
    CharacterRef,
    ensure_name_free,
    find_campaign,
    find_character_ref,
    flush_unique,
    like_pattern,
)
from db.services.npc_details import LISTS as _LISTS
from db.services.npc_details import ListKind, NPCDetailsEdit
from db.types import utcnow
from rules import limits
from rules.errors import ConflictError, InvalidInputError, NotFoundError
from rules.interactions import INTERACTION_TYPES
from rules.personality import parse_personality
from rules.relationships import clamp, label
from rules.text import clean_name, clean_text

HISTORY_PAGE = 10
# A type filter's total is counted only this many pages past the page shown (plus one row,
# to tell whether there are more): no stored per-type count, and never a count of every row.
COUNTED_PAGES_AHEAD = 10


class CampaignRef(NamedTuple):
    """A campaign's id and name, without loading its JSON columns."""

    id: str
    name: str


class NPCRef(NamedTuple):
    """An NPC's id and name, without loading (and validating) its JSON columns."""

    id: str
    name: str


@dataclass(frozen=True, slots=True)
class Standing:
    """An NPC's relationship toward one character."""

    npc_id: str
    npc_name: str
    character_id: str | None
    character_name: str
    score: int

    @property
    def label(self) -> str:
        return label(self.score)


@dataclass(frozen=True, slots=True)
class InteractionEntry:
    id: str
    npc_id: str
    interaction_type: str
    summary: str
    outcome: str | None
    relationship_change: int
    timestamp: datetime
    logged_by: int
    character_id: str | None
    # The name when logged; the entry says so when the character has since been deleted.
    character_name: str | None
    character_removed: bool
    # From ``data``: the roll against a DC, what came of it, where it happened.
    rolls: tuple[RollRecord, ...] = ()
    consequences: tuple[str, ...] = ()
    location: str | None = None

    @classmethod
    def of(cls, row: NPCInteraction) -> "InteractionEntry":
        return cls(
            id=row.id,
            npc_id=row.npc_id,
            interaction_type=row.interaction_type,
            summary=row.summary,
            outcome=row.outcome,
            relationship_change=row.relationship_change,
            timestamp=row.timestamp,
            logged_by=row.logged_by,
            character_id=row.character_id,
            character_name=row.data.character_name,
            character_removed=row.character_id is None and row.data.character_name is not None,
            rolls=tuple(row.data.rolls),
            consequences=tuple(row.data.consequences),
            location=row.data.location,
        )

    @classmethod
    def of_columns(cls, row: Row[Any]) -> "InteractionEntry":
        """An entry from ``_ENTRY_COLUMNS``: the name snapshot read out of ``data`` by the database."""
        return cls(
            id=row.id,
            npc_id=row.npc_id,
            interaction_type=row.interaction_type,
            summary=row.summary,
            outcome=row.outcome,
            relationship_change=row.relationship_change,
            timestamp=row.timestamp,
            logged_by=row.logged_by,
            character_id=row.character_id,
            character_name=row.character_name,
            character_removed=row.character_id is None and row.character_name is not None,
            rolls=tuple(RollRecord.model_validate(r) for r in row.rolls or ()),
            consequences=tuple(row.consequences or ()),
            location=row.location,
        )


@dataclass(frozen=True, slots=True)
class NPCDetails:
    id: str
    campaign_id: str
    campaign_name: str
    name: str
    race: str | None
    occupation: str | None
    location: str | None
    personality: Personality
    stats: StatBlock | None
    data: NPCData
    standings: tuple[Standing, ...]
    recent: tuple[InteractionEntry, ...]
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class InteractionResult:
    entry: InteractionEntry
    npc_name: str
    before: int | None
    after: int | None
    roll_detail: str | None = None  # every die of the entry's roll, e.g. "1d20 (**13**) + 5 = `18`"

    @property
    def changed_label(self) -> str | None:
        """ "Friendly -> Allied" when the label moved, else None."""
        if self.before is None or self.after is None or label(self.before) == label(self.after):
            return None
        return f"{label(self.before)} -> {label(self.after)}"


@dataclass(frozen=True, slots=True)
class HistoryPage:
    entries: tuple[InteractionEntry, ...]
    page: int
    pages: int
    total: int
    more: bool = False  # a type filter's count stopped at ``total``: there are more entries


def _interaction_data(
    npc_name: str, character_name: str | None, spoken: str | None, entry: "InteractionEntry | None" = None
) -> NPCInteractionData:
    """What an entry's JSON holds: the character's name snapshot, the NPC's spoken line, and the
    entry's roll, consequence and location (``interact``'s details)."""
    return NPCInteractionData(
        character_name=character_name,
        dialogue=[DialogueLine(speaker=npc_name, text=spoken)] if spoken else [],
        rolls=list(entry.rolls) if entry else [],
        consequences=list(entry.consequences) if entry else [],
        location=entry.location if entry else None,
    )


async def _interact_by_ids(
    db: Database,
    guild_id: int,
    npc: str,
    character: str | None,
    interaction_type: str,
    summary: str,
    outcome: str | None,
    change: int,
    logged_by: int,
    spoken: str | None,
) -> InteractionResult | None:
    """``interact`` on PostgreSQL by ids, one statement in autocommit (``interaction_write``).

    None when it wrote nothing: the NPC or the character is not found by id in this guild, or
    was deleted meanwhile; ``interact`` then takes its transactional path, which says which.
    """
    entry = InteractionEntry(
        id=new_id(),
        npc_id=npc,
        interaction_type=interaction_type,
        summary=summary,
        outcome=outcome,
        relationship_change=change,
        timestamp=utcnow(),
        logged_by=logged_by,
        character_id=character,
        character_name=None,
        character_removed=False,
    )
    data = _interaction_data(NAME_FROM_LOOKUP, None, spoken)
    values = {
        "guild_id": guild_id,
        "id": entry.id,
        "npc_id": npc,
        "character_id": character,
        "interaction_type": interaction_type,
        "summary": summary,
        "outcome": outcome,
        "relationship_change": change,
        "timestamp": entry.timestamp,
        "data": data.model_dump(mode="json"),
        "logged_by": logged_by,
    }
    try:
        logged = await log_by_ids(db, values, spoken=bool(spoken))
    except IntegrityError:
        return None  # a foreign key: deleted since the statement's snapshot; nothing was written
    if logged is None:
        return None
    entry = replace(entry, character_name=logged.character_name)
    if logged.total is None:
        return InteractionResult(entry, logged.npc_name, None, None)
    return InteractionResult(entry, logged.npc_name, clamp(logged.total - change), clamp(logged.total))


def _capped(page: int) -> int:
    """The most rows a type filter's count reads for ``page``: COUNTED_PAGES_AHEAD pages on, plus one."""
    return (page + COUNTED_PAGES_AHEAD) * HISTORY_PAGE + 1


def _history_page(
    entries: tuple[InteractionEntry, ...], page: int, count: int, cap: int | None
) -> HistoryPage:
    """The page, with the total as counted: at ``cap`` rows a type filter's count stopped early."""
    more = cap is not None and count >= cap
    total = cap - 1 if more and cap is not None else count
    return HistoryPage(entries, page, max(1, -(-total // HISTORY_PAGE)), total, more)


@dataclass(frozen=True, slots=True)
class NPCChoice:
    id: str
    name: str
    campaign_name: str


class NPCService(Service):
    # --- records ---------------------------------------------------------------------------

    async def create(
        self,
        guild_id: int,
        name: str,
        *,
        race: str | None = None,
        occupation: str | None = None,
        location: str | None = None,
        personality: str | None = None,
        campaign: str | None = None,
    ) -> NPCDetails:
        name = clean_name(name, "NPC")
        values = {
            "race": clean_text(race, "race", limits.NPC_DETAIL, one_line=True),
            "occupation": clean_text(occupation, "occupation", limits.NPC_DETAIL, one_line=True),
            "location": clean_text(location, "location", limits.NPC_DETAIL, one_line=True),
            "personality": parse_personality(personality),
        }
        async with self.db.transaction() as session:
            target = await find_campaign(session, guild_id, campaign)
            await _ensure_free_name(session, target.id, name)
            npc = NPC(campaign_id=target.id, name=name, data=NPCData(), **values)
            session.add(npc)
            await flush_unique(session, _taken(name))
            return await npc_view(session, npc, target, recent=0, standings=())

    async def get(self, guild_id: int, npc: str) -> NPCDetails:
        async with self.db.transaction(write=False) as session:
            row, campaign = await find_npc(session, guild_id, npc)
            return await npc_view(session, row, campaign)

    async def of_guild(
        self, guild_id: int, *, location: str | None = None, campaign: str | None = None
    ) -> tuple[str, list[NPCDetails]]:
        """The NPCs of a campaign (default: the active one), optionally at one location."""
        async with self.db.transaction(write=False) as session:
            target = await find_campaign(session, guild_id, campaign)
            query = select(NPC).where(NPC.campaign_id == target.id).order_by(func.lower(NPC.name))
            if location:
                query = query.where(func.lower(NPC.location) == location.strip().lower())
            rows = list(await session.scalars(query))
            standings = await _standings(session, [row.id for row in rows])
            return target.name, [
                await npc_view(session, row, target, recent=0, standings=standings.get(row.id, ()))
                for row in rows
            ]

    async def edit(
        self,
        guild_id: int,
        npc: str,
        *,
        name: str | None = None,
        race: str | None = None,
        occupation: str | None = None,
        location: str | None = None,
        personality: str | None = None,
        notes: str | None = None,
        details: NPCDetailsEdit | None = None,
    ) -> NPCDetails:
        details = details or NPCDetailsEdit()
        if all(v is None for v in (name, race, occupation, location, personality, notes)) and details.empty:
            raise InvalidInputError("Nothing to change: give at least one option to edit.")
        data_update = details.cleaned()
        async with self.db.transaction() as session:
            row, campaign = await find_npc(session, guild_id, npc, lock=True)
            if name is not None:
                name = clean_name(name, "NPC")
                if name.lower() != row.name.lower():
                    await _ensure_free_name(session, row.campaign_id, name)
                row.name = name
            for field, value in (("race", race), ("occupation", occupation), ("location", location)):
                if value is not None:
                    setattr(row, field, clean_text(value, field, limits.NPC_DETAIL, one_line=True))
            if personality is not None:
                row.personality = parse_personality(personality)
            if notes is not None:
                data_update["gm_notes"] = clean_text(notes, "notes", limits.GM_NOTES)
            if data_update:
                row.data = NPCData.model_validate({**row.data.model_dump(), **data_update})
            await flush_unique(session, _taken(row.name))
            return await npc_view(session, row, campaign)

    async def change_list(
        self, guild_id: int, npc: str, kind: ListKind, *, add: str | None = None, remove: str | None = None
    ) -> tuple[NPCDetails, str]:
        """Add an entry to, or remove one from, an NPC's quest hooks or inventory; returns the entry."""
        field, what, most, limit = _LISTS[kind]
        async with self.db.transaction() as session:
            row, campaign = await find_npc(session, guild_id, npc, lock=True)
            entries: list[str] = list(getattr(row.data, field))
            if add is not None:
                entry = clean_text(
                    add, what, limit, required=True, one_line=True, empty=f"The {what} is empty."
                )
                if any(e.casefold() == entry.casefold() for e in entries):
                    raise ConflictError(f"{row.name} already has the {what} “{entry}”.")
                if len(entries) >= most:
                    raise InvalidInputError(f"An NPC keeps at most {most} {what}s.")
                entries.append(entry)
            else:
                typed = (remove or "").strip().casefold()
                # Exact, else the one entry it begins (autocomplete values stop at 100 characters).
                starting = [e for e in entries if typed and e.casefold().startswith(typed)]
                found = next((e for e in entries if e.casefold() == typed), None)
                if found is None and len(starting) == 1:
                    found = starting[0]
                if found is None:
                    raise NotFoundError(f"{row.name} has no {what} “{(remove or '').strip()[:100]}”.")
                entry = found
                entries.remove(found)
            row.data = row.data.model_copy(update={field: entries})
            return await npc_view(session, row, campaign), entry

    async def list_entries(self, guild_id: int, npc: str, kind: ListKind) -> list[str]:
        """An NPC's quest hooks or inventory, for autocomplete."""
        async with self.db.transaction(write=False) as session:
            row, _ = await find_npc(session, guild_id, npc)
            return list(getattr(row.data, _LISTS[kind][0]))

    async def delete(self, guild_id: int, npc_id: str) -> tuple[str, int]:
        """Remove the NPC and its interactions; returns its name and how many entries went."""
        async with self.db.transaction() as session:
            row, _ = await find_npc(session, guild_id, npc_id, by_name=False, lock=True)
            count = await session.scalar(
                select(func.count()).select_from(NPCInteraction).where(NPCInteraction.npc_id == row.id)
            )
            name = row.name
            await session.delete(row)
            return name, count or 0

    async def locations(self, guild_id: int, typed: str) -> list[str]:
        """Distinct locations of the active campaign's NPCs containing what was typed."""
        async with self.db.transaction(write=False) as session:
            target = await find_campaign(session, guild_id, None)
            rows = await session.scalars(
                select(NPC.location)
                .where(NPC.campaign_id == target.id, NPC.location.is_not(None))
                .distinct()
                .order_by(NPC.location)
            )
            wanted = typed.strip().lower()
            return [loc for loc in rows if loc is not None and wanted in loc.lower()][:25]

    async def autocomplete(self, guild_id: int, typed: str) -> list[NPCChoice]:
        """One indexed query over the guild's campaigns, names containing what was typed."""
        pattern = like_pattern(typed)
        async with self.db.transaction(write=False) as session:
            rows = await session.execute(
                select(NPC.id, NPC.name, Campaign.name.label("campaign"))
                .join(Campaign, Campaign.id == NPC.campaign_id)
                .where(Campaign.guild_id == guild_id, func.lower(NPC.name).like(pattern, escape="\\"))
                .order_by(func.lower(NPC.name))
                .limit(25)
            )
            return [NPCChoice(r.id, r.name, r.campaign) for r in rows]

    # --- interactions ----------------------------------------------------------------------

    async def interact(
        self,
        guild_id: int,
        npc: str,
        *,
        interaction_type: str,
        summary: str,
        logged_by: int,
        character: str | None = None,
        outcome: str | None = None,
        change: int = 0,
        spoken: str | None = None,
        details: InteractionDetails | None = None,
    ) -> InteractionResult:
        """Log an interaction and move the pair's standing in the same transaction.

        ``spoken`` is what the NPC said aloud (``/npc say``), kept whole in the entry's dialogue;
        ``details`` a roll (kept in the roll history too), a consequence and a location.
        The standing moves by one atomic upsert of the pair's total (``log_interaction``); the NPC's row is
        neither locked nor written, so writers on different characters of one NPC do not queue.
        """
        if interaction_type not in INTERACTION_TYPES:
            raise InvalidInputError(f"The type must be one of: {', '.join(INTERACTION_TYPES)}.")
        summary = clean_text(summary, "summary", limits.INTERACTION_SUMMARY, required=True)
        outcome = clean_text(outcome, "outcome", limits.INTERACTION_OUTCOME)
        bound = limits.RELATIONSHIP_CHANGE
        if not -bound <= change <= bound:
            raise InvalidInputError(f"A relationship change is between -{bound} and {bound}.")
        if change and character is None:
            raise InvalidInputError("A relationship change needs a character: whose standing changes?")
        extra = details.cleaned(has_character=character is not None) if details else None
        if (
            extra is None  # a roll reads the sheet and the roll history: the transactional path
            and self.db.backend == "postgresql"
            and looks_like_id(npc)
            and (character is None or looks_like_id(character))
        ):
            fast = await _interact_by_ids(
                self.db,
                guild_id,
                npc,
                character,
                interaction_type,
                summary,
                outcome,
                change,
                logged_by,
                spoken,
            )
            if fast is not None:
                return fast
        async with self.db.transaction() as session:
            target, hero = await _interaction_refs(session, guild_id, npc, character)
            rolled = await extra.roll(session, hero) if extra else None
            entry = InteractionEntry(
                id=new_id(),
                npc_id=target.id,
                interaction_type=interaction_type,
                summary=summary,
                outcome=outcome,
                relationship_change=change,
                timestamp=utcnow(),
                logged_by=logged_by,
                character_id=hero.id if hero else None,
                character_name=hero.name if hero else None,
                character_removed=False,
                rolls=(rolled.record,) if rolled else (),
                consequences=(extra.consequence,) if extra and extra.consequence else (),
                location=extra.location if extra else None,
            )
            data = _interaction_data(target.name, entry.character_name, spoken, entry)
            try:
                total = await log_interaction(session, entry, data)
            except IntegrityError:
                # Its foreign keys: the NPC or the character was deleted since the lookup above.
                gone = target.name if hero is None else f"{target.name} or {hero.name}"
                raise NotFoundError(f"{gone} was just deleted: nothing was logged.") from None
            detail = None
            if rolled is not None and extra is not None:
                detail = rolled.outcome.detail
                await keep_roll(
                    session,
                    rolled,
                    extra,
                    guild_id=guild_id,
                    user_id=logged_by,
                    npc_name=target.name,
                    hero=hero,
                )
            if total is None:
                return InteractionResult(entry, target.name, None, None, detail)
            return InteractionResult(entry, target.name, clamp(total - change), clamp(total), detail)

    async def log_speech(self, guild_id: int, npc: str, text: str, *, logged_by: int) -> InteractionResult:
        """Log what an NPC said aloud as dialogue: the whole text in the entry, its start as the summary."""
        most = limits.INTERACTION_SUMMARY
        summary = text if len(text) <= most else text[: most - 10].rsplit(" ", 1)[0] + " …"
        return await self.interact(
            guild_id, npc, interaction_type="dialogue", summary=summary, spoken=text, logged_by=logged_by
        )

    async def history(
        self,
        guild_id: int,
        npc: str,
        *,
        character: str | None = None,
        interaction_type: str | None = None,
        page: int = 1,
    ) -> tuple[str, HistoryPage]:
        """The NPC's log, newest first, one page at a time.

        The total is stored, not counted: the NPC's (its pairs' counts in ``npc_standings`` plus its
        entries without a character in ``npc_log_counts``) or one pair's; a type filter counts a few
        pages ahead at most (``COUNTED_PAGES_AHEAD``).
        The page reads the ids through the ``(npc_id, timestamp, id)`` index first and then ten rows,
        so a deep page skips index entries, not rows. The NPC's JSON columns are never read. By ids
        (as autocomplete sends them) all of it is one statement (``_history_by_ids``).
        """
        page = max(1, page)
        async with self.db.transaction(write=False, snapshot=False) as session:
            if looks_like_id(npc) and (character is None or looks_like_id(character)):
                found = await _history_by_ids(session, guild_id, npc, character, interaction_type, page)
                if found is not None:
                    return found
            row = await resolve_npc(session, guild_id, npc, _npc_with_entries(guild_id))
            conditions = [NPCInteraction.npc_id == row.id]
            total = int(row.entries)
            if character is not None:
                hero = await find_character_ref(session, guild_id, character)
                conditions.append(NPCInteraction.character_id == hero.id)
                total = await _pair_count(session, row.id, hero.id)
            cap = None
            if interaction_type is not None:
                conditions.append(NPCInteraction.interaction_type == interaction_type)
                cap = _capped(page)
                total = await session.scalar(_counted(conditions, cap)) or 0
            page = min(page, _history_page((), page, total, cap).pages)
            entries: tuple[InteractionEntry, ...] = ()
            if total:
                entries = await _page(session, conditions, (page - 1) * HISTORY_PAGE, HISTORY_PAGE)
            return row.name, _history_page(entries, page, total, cap)

    async def character_standings(self, guild_id: int, character: str) -> tuple[str, list[Standing]]:
        """Every NPC's standing toward one character, best first (from ``npc_standings``)."""
        async with self.db.transaction(write=False) as session:
            hero = await find_character_ref(session, guild_id, character)
            totals = await session.execute(
                select(NPC.id, NPC.name, NPCStanding.total)
                .join(NPCStanding, NPCStanding.npc_id == NPC.id)
                .where(NPCStanding.character_id == hero.id)
            )
            standings = [Standing(i, n, hero.id, hero.name, clamp(total)) for i, n, total in totals]
            return hero.name, sorted(standings, key=lambda s: (-s.score, s.npc_name.lower()))


async def npc_view(
    session: AsyncSession,
    row: NPC,
    campaign: Campaign | CampaignRef,
    *,
    recent: int = 5,
    standings: tuple[Standing, ...] | None = None,
) -> NPCDetails:
    if standings is None:
        standings = (await _standings(session, [row.id])).get(row.id, ())
    latest: tuple[InteractionEntry, ...] = ()
    if recent:
        latest = await _page(session, [NPCInteraction.npc_id == row.id], 0, recent)
    return NPCDetails(
        id=row.id,
        campaign_id=campaign.id,
        campaign_name=campaign.name,
        name=row.name,
        race=row.race,
        occupation=row.occupation,
        location=row.location,
        personality=row.personality,
        stats=row.stats,
        data=row.data,
        standings=standings,
        recent=latest,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


async def _standings(session: AsyncSession, npc_ids: list[str]) -> dict[str, tuple[Standing, ...]]:
    """Each NPC's standings, best first: the character's name now, else its snapshot (deleted)."""
    if not npc_ids:
        return {}
    rows = await session.execute(
        select(
            NPCStanding.npc_id,
            NPC.name,
            NPCStanding.character_id,
            func.coalesce(Character.name, NPCStanding.character_name).label("character_name"),
            NPCStanding.total,
        )
        .join(NPC, NPC.id == NPCStanding.npc_id)
        .outerjoin(Character, Character.id == NPCStanding.character_id)
        .where(NPCStanding.npc_id.in_(npc_ids))
    )
    found: dict[str, list[Standing]] = {}
    for npc_id, npc_name, character_id, character_name, total in rows:
        standing = Standing(npc_id, npc_name, character_id, character_name or "?", clamp(total))
        found.setdefault(npc_id, []).append(standing)
    return {
        npc_id: tuple(sorted(items, key=lambda s: (-s.score, s.character_name.lower())))
        for npc_id, items in found.items()
    }


# The columns of a history entry; the name snapshot, rolls, consequences and location are read out
# of ``data`` by the database, so the rest of the JSON (dialogue) is neither sent nor validated.
_DATA = type_coerce(NPCInteraction.data, JSON)  # its parts are plain JSON, not the whole model
_ENTRY_COLUMNS = (
    NPCInteraction.id,
    NPCInteraction.npc_id,
    NPCInteraction.interaction_type,
    NPCInteraction.summary,
    NPCInteraction.outcome,
    NPCInteraction.relationship_change,
    NPCInteraction.timestamp,
    NPCInteraction.logged_by,
    NPCInteraction.character_id,
    NPCInteraction.data["character_name"].as_string().label("character_name"),
    _DATA["rolls"].label("rolls"),
    _DATA["consequences"].label("consequences"),
    _DATA["location"].as_string().label("location"),
)
_NEWEST_FIRST = (NPCInteraction.timestamp.desc(), NPCInteraction.id.desc())


async def _page(
    session: AsyncSession, conditions: list[ColumnElement[bool]], offset: int, limit: int
) -> tuple[InteractionEntry, ...]:
    """``limit`` entries newest first after ``offset``: the ids from the index, then those rows."""
    rows = await session.execute(_page_query(conditions, offset, limit).order_by(*_NEWEST_FIRST))
    return tuple(InteractionEntry.of_columns(row) for row in rows)


def _page_query(
    conditions: list[ColumnElement[bool]], offset: int | ColumnElement[int], limit: int | ColumnElement[int]
) -> Select[Any]:
    """The entries of one page, unordered (the caller orders): the page's ids come from the index
    alone (``(npc_id, timestamp, id)`` covers them), then only those rows are read."""
    ids = (
        select(NPCInteraction.id).where(*conditions).order_by(*_NEWEST_FIRST).offset(offset).limit(limit)
    ).subquery("ids")
    return select(*_ENTRY_COLUMNS).join(ids, ids.c.id == NPCInteraction.id)


def _history_statement(by_character: bool, by_type: bool) -> Select[Any]:
    """The statement of ``_history_by_ids``, built once per filter combination: the NPC by id in
    the guild (and the character by id) with the total as a column, left-joined to the page."""
    conditions = [NPCInteraction.npc_id == bindparam("npc")]
    head = npcs_in_guild(bindparam("guild_id"), NPC.id.label("head_id"), NPC.name.label("head_name")).where(
        NPC.id == bindparam("npc")
    )
    if by_character:
        conditions.append(NPCInteraction.character_id == bindparam("hero"))
        head = head.add_columns(Character.id.label("head_hero")).outerjoin(
            Character, and_(Character.id == bindparam("hero"), Character.guild_id == bindparam("guild_id"))
        )
    if by_type:
        conditions.append(NPCInteraction.interaction_type == bindparam("interaction_type"))
        total: ColumnElement[int] = _counted(conditions, bindparam("cap")).scalar_subquery()
    elif by_character:
        pair = select(NPCStanding.interactions).where(
            NPCStanding.npc_id == NPC.id, NPCStanding.character_id == bindparam("hero")
        )
        total = func.coalesce(pair.scalar_subquery(), 0)
    else:
        total = _entries_of_npc()
    first = head.add_columns(total.label("head_total")).subquery("head")
    entries = _page_query(conditions, bindparam("offset"), bindparam("limit")).subquery("page")
    return (
        select(first, entries)
        .select_from(first)
        .outerjoin(entries, true())
        .order_by(entries.c.timestamp.desc(), entries.c.id.desc())
    )


async def _history_by_ids(
    session: AsyncSession,
    guild_id: int,
    npc: str,
    character: str | None,
    interaction_type: str | None,
    page: int,
) -> tuple[str, HistoryPage] | None:
    """``history`` in one statement (``_history_statement``).

    None when the NPC or the character is not found by id (``history`` then tries names). A page
    past the end reads the last page again, with a second statement.
    """
    statement = _HISTORY_BY_IDS[character is not None, interaction_type is not None]
    values = {
        "guild_id": guild_id,
        "npc": npc,
        "hero": character,
        "interaction_type": interaction_type,
        "offset": (page - 1) * HISTORY_PAGE,
        "limit": HISTORY_PAGE,
    }
    cap = None
    if interaction_type is not None:
        values["cap"] = cap = _capped(page)
    rows = (await (await session.connection()).execute(statement, values)).all()
    if not rows or (character is not None and rows[0].head_hero is None):
        return None
    name, count = rows[0].head_name, int(rows[0].head_total)
    pages = _history_page((), page, count, cap).pages
    if page <= pages:
        found = tuple(InteractionEntry.of_columns(row) for row in rows if row.id is not None)
        return name, _history_page(found, page, count, cap)
    conditions = [NPCInteraction.npc_id == npc]
    if character is not None:
        conditions.append(NPCInteraction.character_id == character)
    if interaction_type is not None:
        conditions.append(NPCInteraction.interaction_type == interaction_type)
    last = await _page(session, conditions, (pages - 1) * HISTORY_PAGE, HISTORY_PAGE) if count else ()
    # Past the end, the count read every matching row (fewer than the cap): it is exact.
    return name, _history_page(last, pages, count, None)


def _counted(conditions: list[ColumnElement[bool]], cap: int | ColumnElement[int]) -> Select[int]:
    """How many rows match, reading at most ``cap`` of them (through the index of the filter)."""
    rows = select(literal(1).label("one")).select_from(NPCInteraction).where(*conditions).limit(cap)
    return select(func.count()).select_from(rows.subquery("counted"))


async def _pair_count(session: AsyncSession, npc_id: str, character_id: str) -> int:
    count = await session.scalar(
        select(NPCStanding.interactions).where(
            NPCStanding.npc_id == npc_id, NPCStanding.character_id == character_id
        )
    )
    return count or 0


def _statements(postgres: bool) -> tuple[Executable, Executable, Executable]:
    """The writes of ``log_interaction``, built once per backend: the entry's insert, the pair's upsert
    (returning the new total) and the count of entries without a character.

    PostgreSQL: the entry's insert is a data-modifying CTE of each of the other two, so one
    statement does both. SQLite cannot put an INSERT in a WITH: there the insert runs on its own.
    """
    insert = pg_insert if postgres else sqlite_insert
    entries, standings, counts = (
        cast(Table, model.__table__) for model in (NPCInteraction, NPCStanding, NPCLogCount)
    )  # cast: a mapped class's __table__ is typed as any FromClause
    entry = insert(entries).values({c.key: bindparam(c.key, type_=c.type) for c in entries.c})
    pair = insert(standings).values(
        npc_id=bindparam("npc_id"),
        character_id=bindparam("character_id"),
        character_name=bindparam("character_name"),
        total=bindparam("relationship_change"),
        interactions=1,
    )
    upsert = add_to_pair_total(pair)
    alone = insert(counts).values(npc_id=bindparam("npc_id"), without_character=1)
    count = alone.on_conflict_do_update(
        index_elements=[counts.c.npc_id], set_={"without_character": counts.c.without_character + 1}
    )
    if postgres:
        return entry, upsert.add_cte(entry.cte("entry")), count.add_cte(entry.cte("entry"))
    return entry, upsert, count


_WRITES = {backend: _statements(backend == "postgresql") for backend in ("postgresql", "sqlite")}


async def log_interaction(
    session: AsyncSession, entry: InteractionEntry, data: NPCInteractionData
) -> int | None:
    """Insert the entry and count it: the pair's total moves by its change (the new total is
    returned), or the NPC's count of entries without a character grows by one (None).

    One statement on PostgreSQL, two on SQLite (``_statements``); Core statements on the session's
    connection, built once, so a call costs their parameters only.
    """
    conn = await session.connection()
    postgres = conn.dialect.name == "postgresql"
    insert_entry, upsert_pair, count_alone = _WRITES["postgresql" if postgres else "sqlite"]
    values = {
        "id": entry.id,
        "npc_id": entry.npc_id,
        "character_id": entry.character_id,
        "character_name": entry.character_name,
        "interaction_type": entry.interaction_type,
        "summary": entry.summary,
        "outcome": entry.outcome,
        "relationship_change": entry.relationship_change,
        "timestamp": entry.timestamp,
        "data": data,
        "logged_by": entry.logged_by,
    }
    if not postgres:
        await conn.execute(insert_entry, values)
    if entry.character_id is None:
        await conn.execute(count_alone, values)
        return None
    total: int = (await conn.execute(upsert_pair, values)).scalar_one()
    return total


def npcs_in_guild(guild_id: int | ColumnElement[int], *columns: Any) -> Select[Any]:
    """``columns`` of the NPCs in this guild's campaigns."""
    return (
        select(*columns).join(Campaign, Campaign.id == NPC.campaign_id).where(Campaign.guild_id == guild_id)
    )


def _entries_of_npc() -> ColumnElement[int]:
    """The size of an NPC's log from the stored counts: its pairs' entries and those without one."""
    pairs = select(func.coalesce(func.sum(NPCStanding.interactions), 0)).where(NPCStanding.npc_id == NPC.id)
    alone = select(NPCLogCount.without_character).where(NPCLogCount.npc_id == NPC.id)
    return pairs.scalar_subquery() + func.coalesce(alone.scalar_subquery(), 0)


def _npc_with_entries(guild_id: int) -> Select[Any]:
    """An NPC's id and name with the size of its log."""
    return npcs_in_guild(guild_id, NPC.id, NPC.name, _entries_of_npc().label("entries"))


# The NPC of an interaction by id in this guild, and its character by id (absent: NULLs).
_NPC_BY_ID = (
    select(NPC.id, NPC.name)
    .join(Campaign, Campaign.id == NPC.campaign_id)
    .where(Campaign.guild_id == bindparam("guild_id"), NPC.id == bindparam("npc"))
)
_NPC_AND_HERO_BY_ID = _NPC_BY_ID.add_columns(
    Character.id.label("hero_id"), Character.name.label("hero_name")
).outerjoin(Character, and_(Character.id == bindparam("hero"), Character.guild_id == bindparam("guild_id")))


async def _interaction_refs(
    session: AsyncSession, guild_id: int, npc: str, character: str | None
) -> tuple[NPCRef, CharacterRef | None]:
    """The NPC and the character of an interaction: by ids (as autocomplete sends them), one query."""
    if looks_like_id(npc) and (character is None or looks_like_id(character)):
        conn = await session.connection()
        query = _NPC_BY_ID if character is None else _NPC_AND_HERO_BY_ID
        found = (await conn.execute(query, {"guild_id": guild_id, "npc": npc, "hero": character})).first()
        if found is not None:
            if character is None:
                return NPCRef(found.id, found.name), None
            if found.hero_id is not None:
                return NPCRef(found.id, found.name), CharacterRef(found.hero_id, found.hero_name)
    row = await resolve_npc(session, guild_id, npc, npcs_in_guild(guild_id, NPC.id, NPC.name))
    hero = await find_character_ref(session, guild_id, character) if character is not None else None
    return NPCRef(row.id, row.name), hero


async def find_npc_ref(session: AsyncSession, guild_id: int, npc: str) -> NPCRef:
    """An NPC of this guild by id, else by name (the active campaign's among namesakes)."""
    row = await resolve_npc(session, guild_id, npc, npcs_in_guild(guild_id, NPC.id, NPC.name))
    return NPCRef(row.id, row.name)


async def resolve_npc(session: AsyncSession, guild_id: int, npc: str, query: Select[Any]) -> Row[Any]:
    """The row of ``query`` (NPCs of this guild) for the NPC by id, else by name.

    Text that cannot be an id skips the id query. Among namesakes the active campaign's wins,
    read in the same query (no read of the settings when the name is unique in the guild).
    """
    if looks_like_id(npc):
        found: Row[Any] | None = (await session.execute(query.where(NPC.id == npc))).first()
        if found is not None:
            return found
    active = (GuildSettings.active_campaign_id == Campaign.id).label("in_active_campaign")
    named = (
        query.add_columns(active)
        .outerjoin(GuildSettings, GuildSettings.guild_id == Campaign.guild_id)
        .where(func.lower(NPC.name) == npc.strip().lower())
    )
    matches = (await session.execute(named)).all()
    in_active = [m for m in matches if m.in_active_campaign]
    if len(in_active) == 1 or len(matches) == 1:
        return (in_active or matches)[0]
    if matches:
        raise InvalidInputError(f"Several NPCs are called {npc[:100]}: pick one from the list.")
    raise NotFoundError(f"No NPC called “{npc[:100]}” in this server.")


async def find_npc(
    session: AsyncSession, guild_id: int, npc: str, *, by_name: bool = True, lock: bool = False
) -> tuple[NPC, CampaignRef]:
    """The whole NPC row by id, else by name; always through a campaign of this guild."""
    query = npcs_in_guild(
        guild_id, NPC, Campaign.id.label("campaign_id"), Campaign.name.label("campaign_name")
    )
    if lock:
        # A read-modify-write of the NPC's columns (edit, delete): its writers queue here.
        query = query.with_for_update(of=NPC)
    if not by_name:
        found = (await session.execute(query.where(NPC.id == npc))).first() if looks_like_id(npc) else None
        if found is None:
            raise NotFoundError(f"No NPC called “{npc[:100]}” in this server.")
    else:
        found = await resolve_npc(session, guild_id, npc, query)
    return found[0], CampaignRef(found.campaign_id, found.campaign_name)


async def _ensure_free_name(session: AsyncSession, campaign_id: str, name: str) -> None:
    await ensure_name_free(session, NPC.name, name, NPC.campaign_id == campaign_id, _taken)


def _taken(name: str) -> str:
    return f"This campaign already has an NPC called {name}."


# Built last: the statements use the helpers above.
_HISTORY_BY_IDS = {(c, t): _history_statement(c, t) for c in (False, True) for t in (False, True)}
