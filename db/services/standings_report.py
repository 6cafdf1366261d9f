"""Standings as data for pictures: an NPC's standings over time, a campaign's NPCs × characters."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from db.models import NPC, Character, NPCInteraction, NPCStanding
from db.services.base import Service
from db.services.lookups import find_campaign
from db.services.npcs import find_npc_ref
from rules.relationships import clamp, score_path

# More lines or cells than these would not read on a phone: the busiest are kept, and the reply says so.
MAX_SERIES = 10
MAX_GRID_NPCS = 25
MAX_GRID_CHARACTERS = 15


@dataclass(frozen=True, slots=True)
class StandingSeries:
    """One character's standing with the NPC: the score at ``start`` and after each logged change."""

    character_name: str
    times: tuple[datetime, ...]  # as many as scores; empty when nothing of the pair was logged
    scores: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class NPCTimeline:
    npc_name: str
    series: tuple[StandingSeries, ...]
    characters_total: int  # pairs with a standing; more than len(series) when some were left out


@dataclass(frozen=True, slots=True)
class StandingGrid:
    campaign_name: str
    npc_names: tuple[str, ...]
    character_names: tuple[str, ...]
    # scores[i][j]: NPC i toward character j; None where they have no standing yet.
    scores: tuple[tuple[int | None, ...], ...]
    npcs_total: int
    characters_total: int


class StandingsReportService(Service):
    async def npc_timeline(self, guild_id: int, npc: str) -> NPCTimeline:
        async with self.db.transaction(write=False) as session:
            ref = await find_npc_ref(session, guild_id, npc)
            pairs = (
                await session.execute(
                    select(
                        NPCStanding.character_id,
                        NPCStanding.character_name,
                        NPCStanding.total,
                        NPCStanding.interactions,
                        Character.name,
                    )
                    .outerjoin(Character, Character.id == NPCStanding.character_id)
                    .where(NPCStanding.npc_id == ref.id)
                )
            ).all()
            shown = sorted(pairs, key=lambda p: (-p.interactions, _name(p.name, p.character_name).lower()))[
                :MAX_SERIES
            ]
            changes: dict[str, list[tuple[datetime, int]]] = {p.character_id: [] for p in shown}
            if shown:
                entries = await session.execute(
                    select(
                        NPCInteraction.character_id,
                        NPCInteraction.timestamp,
                        NPCInteraction.relationship_change,
                    )
                    .where(
                        NPCInteraction.npc_id == ref.id,
                        NPCInteraction.character_id.in_(list(changes)),
                    )
                    .order_by(NPCInteraction.timestamp, NPCInteraction.id)
                )
                for character_id, moment, change in entries:
                    changes[str(character_id)].append((moment, change))  # never NULL: filtered by id
            series = tuple(
                _series(_name(p.name, p.character_name), p.total, changes[p.character_id]) for p in shown
            )
            return NPCTimeline(ref.name, series, len(pairs))

    async def campaign_grid(self, guild_id: int, campaign: str | None = None) -> StandingGrid:
        async with self.db.transaction(write=False) as session:
            row = await find_campaign(session, guild_id, campaign)
            totals = (
                await session.execute(
                    select(NPC.id, NPCStanding.character_id, NPCStanding.total, NPCStanding.interactions)
                    .join(NPCStanding, NPCStanding.npc_id == NPC.id)
                    .where(NPC.campaign_id == row.id)
                )
            ).all()
            npcs = (await session.execute(select(NPC.id, NPC.name).where(NPC.campaign_id == row.id))).all()
            heroes = (
                await session.execute(
                    select(Character.id, Character.name).where(Character.campaign_id == row.id)
                )
            ).all()
        activity: dict[str, int] = {}
        score: dict[tuple[str, str], int] = {}
        for npc_id, character_id, total, interactions in totals:
            score[npc_id, character_id] = clamp(total)
            activity[npc_id] = activity.get(npc_id, 0) + interactions
            activity[character_id] = activity.get(character_id, 0) + interactions
        # The busiest are kept, then shown by name: a large campaign's picture keeps what the table used.
        kept_npcs = sorted(npcs, key=lambda n: (-activity.get(n.id, 0), n.name.lower()))[:MAX_GRID_NPCS]
        kept_heroes = sorted(heroes, key=lambda c: (-activity.get(c.id, 0), c.name.lower()))
        kept_heroes = kept_heroes[:MAX_GRID_CHARACTERS]
        kept_npcs.sort(key=lambda n: n.name.lower())
        kept_heroes.sort(key=lambda c: c.name.lower())
        return StandingGrid(
            campaign_name=row.name,
            npc_names=tuple(n.name for n in kept_npcs),
            character_names=tuple(c.name for c in kept_heroes),
            scores=tuple(tuple(score.get((n.id, c.id)) for c in kept_heroes) for n in kept_npcs),
            npcs_total=len(npcs),
            characters_total=len(heroes),
        )


def _name(current: str | None, snapshot: str | None) -> str:
    """The character's name now, else its snapshot (a deleted character's: the outer join gives None)."""
    return current or snapshot or "?"


def _series(name: str, total: int, changes: list[tuple[datetime, int]]) -> StandingSeries:
    """The score before the first change is placed at that change's time (the log knows no earlier one)."""
    path = score_path(total, [change for _, change in changes])
    moments = [moment for moment, _ in changes]
    return StandingSeries(name, tuple(moments[:1] + moments), tuple(path))
