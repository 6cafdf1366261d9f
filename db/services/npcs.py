"""NPCs of a guild's campaigns, their interaction log and their standing with each character."""

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import NPC, Campaign, Character, NPCInteraction
from db.schemas import NPCData, NPCInteractionData, Personality, Relationship, StatBlock
from db.schemas.interaction import DialogueLine
from db.services.base import Service
from db.services.lookups import (
    CharacterRef,
    active_campaign_id,
    ensure_name_free,
    find_campaign,
    find_character_ref,
    flush_unique,
    like_pattern,
)
from rules import limits
from rules.errors import InvalidInputError, NotFoundError
from rules.interactions import INTERACTION_TYPES
from rules.personality import parse_personality
from rules.relationships import clamp, label
from rules.text import clean_name, clean_text

HISTORY_PAGE = 10


class CampaignRef(NamedTuple):
    """A campaign's id and name, without loading its JSON columns."""

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
            return await _view(session, npc, target)

    async def get(self, guild_id: int, npc: str) -> NPCDetails:
        async with self.db.transaction(write=False) as session:
            row, campaign = await _find(session, guild_id, npc)
            return await _view(session, row, campaign)

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
            return target.name, [await _view(session, row, target, recent=0) for row in rows]

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
    ) -> NPCDetails:
        if all(v is None for v in (name, race, occupation, location, personality, notes)):
            raise InvalidInputError("Nothing to change: give at least one option to edit.")
        async with self.db.transaction() as session:
            row, campaign = await _find(session, guild_id, npc, lock=True)
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
                row.data = row.data.model_copy(
                    update={"gm_notes": clean_text(notes, "notes", limits.GM_NOTES)}
                )
            await flush_unique(session, _taken(row.name))
            return await _view(session, row, campaign)

    async def delete(self, guild_id: int, npc_id: str) -> tuple[str, int]:
        """Remove the NPC and its interactions; returns its name and how many entries went."""
        async with self.db.transaction() as session:
            row, _ = await _find(session, guild_id, npc_id, by_name=False, lock=True)
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
    ) -> InteractionResult:
        """Log an interaction and move the pair's relationship in the same transaction.

        ``spoken`` is what the NPC said aloud (``/npc say``), kept whole in the entry's dialogue.
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
        async with self.db.transaction() as session:
            row, _ = await _find(session, guild_id, npc, lock=True)
            hero = await find_character_ref(session, guild_id, character) if character else None
            entry = NPCInteraction(
                npc_id=row.id,
                character_id=hero.id if hero else None,
                interaction_type=interaction_type,
                summary=summary,
                outcome=outcome,
                relationship_change=change,
                logged_by=logged_by,
                data=NPCInteractionData(
                    character_name=hero.name if hero else None,
                    dialogue=[DialogueLine(speaker=row.name, text=spoken)] if spoken else [],
                ),
            )
            session.add(entry)
            await session.flush()
            before = after = None
            if hero is not None:
                before = _score_of(row.relationships, hero.id)
                after = await _pair_score(session, row.id, hero.id)
                row.relationships = _with_score(row.relationships, hero, after)
            return InteractionResult(InteractionEntry.of(entry), row.name, before, after)

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
        """The NPC's log, newest first, one page at a time."""
        async with self.db.transaction(write=False) as session:
            row, _ = await _find(session, guild_id, npc)
            query = select(NPCInteraction).where(NPCInteraction.npc_id == row.id)
            if character is not None:
                hero = await find_character_ref(session, guild_id, character)
                query = query.where(NPCInteraction.character_id == hero.id)
            if interaction_type is not None:
                query = query.where(NPCInteraction.interaction_type == interaction_type)
            total = await session.scalar(select(func.count()).select_from(query.subquery())) or 0
            pages = max(1, -(-total // HISTORY_PAGE))
            page = min(max(1, page), pages)
            rows = await session.scalars(
                query.order_by(NPCInteraction.timestamp.desc(), NPCInteraction.id.desc())
                .offset((page - 1) * HISTORY_PAGE)
                .limit(HISTORY_PAGE)
            )
            entries = tuple(InteractionEntry.of(r) for r in rows)
            return row.name, HistoryPage(entries, page, pages, total)

    async def character_standings(self, guild_id: int, character: str) -> tuple[str, list[Standing]]:
        """Every NPC's standing toward one character, best first."""
        async with self.db.transaction(write=False) as session:
            hero = await find_character_ref(session, guild_id, character)
            totals = await session.execute(
                select(NPC.id, NPC.name, func.sum(NPCInteraction.relationship_change))
                .join(NPCInteraction, NPCInteraction.npc_id == NPC.id)
                .where(NPCInteraction.character_id == hero.id)
                .group_by(NPC.id, NPC.name)
            )
            standings = [Standing(i, n, hero.id, hero.name, clamp(int(total or 0))) for i, n, total in totals]
            return hero.name, sorted(standings, key=lambda s: (-s.score, s.npc_name.lower()))


async def _view(
    session: AsyncSession, row: NPC, campaign: Campaign | CampaignRef, *, recent: int = 5
) -> NPCDetails:
    names = await _character_names(session, [r.character_id for r in row.relationships])
    standings = tuple(
        sorted(
            (
                Standing(
                    row.id,
                    row.name,
                    r.character_id,
                    names.get(r.character_id) or r.character_name or "?",
                    r.score,
                )
                for r in row.relationships
            ),
            key=lambda s: (-s.score, s.character_name.lower()),
        )
    )
    latest: tuple[InteractionEntry, ...] = ()
    if recent:
        rows = await session.scalars(
            select(NPCInteraction)
            .where(NPCInteraction.npc_id == row.id)
            .order_by(NPCInteraction.timestamp.desc(), NPCInteraction.id.desc())
            .limit(recent)
        )
        latest = tuple(InteractionEntry.of(r) for r in rows)
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


async def _character_names(session: AsyncSession, ids: list[str]) -> dict[str, str]:
    if not ids:
        return {}
    rows = await session.execute(select(Character.id, Character.name).where(Character.id.in_(ids)))
    return dict(rows.all())


def _score_of(relationships: list[Relationship], character_id: str) -> int:
    return next((r.score for r in relationships if r.character_id == character_id), 0)


def _with_score(relationships: list[Relationship], hero: CharacterRef, score: int) -> list[Relationship]:
    others = [r for r in relationships if r.character_id != hero.id]
    return [*others, Relationship(character_id=hero.id, score=score, character_name=hero.name)]


async def _pair_score(session: AsyncSession, npc_id: str, character_id: str) -> int:
    """The truth, from the log: clamp(sum of the pair's changes)."""
    total = await session.scalar(
        select(func.coalesce(func.sum(NPCInteraction.relationship_change), 0)).where(
            NPCInteraction.npc_id == npc_id, NPCInteraction.character_id == character_id
        )
    )
    return clamp(int(total or 0))


async def _find(
    session: AsyncSession, guild_id: int, npc: str, *, by_name: bool = True, lock: bool = False
) -> tuple[NPC, CampaignRef]:
    """By id, else by name in the active campaign; always through a campaign of this guild."""
    query = (
        select(NPC, Campaign.id, Campaign.name)
        .join(Campaign, Campaign.id == NPC.campaign_id)
        .where(Campaign.guild_id == guild_id)
    )
    if lock:
        # Concurrent interactions with one NPC queue here (PostgreSQL); SQLite's writers queue at BEGIN.
        query = query.with_for_update(of=NPC)
    found = (await session.execute(query.where(NPC.id == npc))).first()
    if found is None and by_name:
        active = await active_campaign_id(session, guild_id)
        matches = (await session.execute(query.where(func.lower(NPC.name) == npc.strip().lower()))).all()
        in_active = [m for m in matches if m[1] == active]
        if len(in_active) == 1 or len(matches) == 1:
            found = (in_active or matches)[0]
        elif matches:
            raise InvalidInputError(f"Several NPCs are called {npc[:100]}: pick one from the list.")
    if found is None:
        raise NotFoundError(f"No NPC called “{npc[:100]}” in this server.")
    return found[0], CampaignRef(found[1], found[2])


async def _ensure_free_name(session: AsyncSession, campaign_id: str, name: str) -> None:
    await ensure_name_free(session, NPC.name, name, NPC.campaign_id == campaign_id, _taken)


def _taken(name: str) -> str:
    return f"This campaign already has an NPC called {name}."
