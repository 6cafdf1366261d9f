"""Factions of the active campaign: the NPCs who share a faction, and how it stands with each character.

A faction is the ``faction`` its member NPCs carry (``npcs.data``, set with /npc edit); it has no
table of its own. Its standing toward a character is the mean of its members' scores toward that
character, a member with no dealings counting as 0 (Indifferent).
"""

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select

from db.models import NPC, Character, NPCStanding
from db.services.base import Service
from db.services.lookups import find_campaign
from rules.errors import NotFoundError
from rules.relationships import clamp


@dataclass(frozen=True, slots=True)
class FactionSummary:
    name: str
    members: int


@dataclass(frozen=True, slots=True)
class FactionStanding:
    character_name: str
    score: int  # the members' mean score, rounded


@dataclass(frozen=True, slots=True)
class FactionDetails:
    campaign_name: str
    name: str
    members: tuple[str, ...]
    standings: tuple[FactionStanding, ...]  # best first


_FACTION = NPC.data["faction"].as_string()


class FactionService(Service):
    async def of_campaign(self, guild_id: int) -> tuple[str, list[FactionSummary]]:
        async with self.db.transaction(write=False) as session:
            row = await find_campaign(session, guild_id, None)
            names = await session.scalars(
                select(_FACTION).where(NPC.campaign_id == row.id, _FACTION.is_not(None))
            )
            # One faction whatever the capitals its members were given: named by the spelling most
            # members carry, ties going to the one that sorts first ("Zhentarim" before "zhentarim").
            spellings: dict[str, Counter[str]] = {}
            for name in names:
                if name:
                    spellings.setdefault(name.casefold(), Counter())[name] += 1
            found = [FactionSummary(_spelling(c), sum(c.values())) for c in spellings.values()]
            return row.name, sorted(found, key=lambda f: f.name.casefold())

    async def get(self, guild_id: int, faction: str) -> FactionDetails:
        async with self.db.transaction(write=False) as session:
            row = await find_campaign(session, guild_id, None)
            wanted = faction.strip().casefold()
            npcs = [
                (npc_id, name, npc_faction)
                for npc_id, name, npc_faction in await session.execute(
                    select(NPC.id, NPC.name, _FACTION)
                    .where(NPC.campaign_id == row.id, _FACTION.is_not(None))
                    .order_by(NPC.created_at, NPC.id)
                )
                if npc_faction and npc_faction.casefold() == wanted
            ]
            if not npcs:
                raise NotFoundError(
                    f"No faction called “{faction.strip()[:100]}” in {row.name}: see /faction list."
                )
            member_ids = [npc_id for npc_id, _, _ in npcs]
            totals = await session.execute(
                select(NPCStanding.character_id, NPCStanding.total).where(NPCStanding.npc_id.in_(member_ids))
            )
            heroes = dict(
                (
                    await session.execute(
                        select(Character.id, Character.name).where(Character.campaign_id == row.id)
                    )
                ).all()
            )
        sums: dict[str, int] = {}
        for character_id, total in totals:
            if character_id in heroes:
                sums[character_id] = sums.get(character_id, 0) + clamp(total)
        standings = [
            FactionStanding(heroes[character_id], round(sums.get(character_id, 0) / len(npcs)))
            for character_id in heroes
        ]
        return FactionDetails(
            campaign_name=row.name,
            name=_spelling(Counter(npc_faction for _, _, npc_faction in npcs)),
            members=tuple(sorted((name for _, name, _ in npcs), key=str.casefold)),
            standings=tuple(sorted(standings, key=lambda s: (-s.score, s.character_name.casefold()))),
        )


def _spelling(spellings: Counter[str]) -> str:
    return min(spellings, key=lambda name: (-spellings[name], name))
