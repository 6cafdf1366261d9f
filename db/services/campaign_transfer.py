"""Export a campaign with everything it owns, and import such a file as a new campaign."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.campaigns.export import (
    MAX_EXPORT_BYTES,
    CampaignExport,
    ExportedCampaign,
    ExportedCharacter,
    ExportedInteraction,
    ExportedNPC,
)
from db.models import NPC, Campaign, Character, NPCInteraction, NPCLogCount, NPCStanding, new_id
from db.schemas import Relationship
from db.services.base import Service
from db.services.campaigns import CampaignDetails
from db.services.lookups import find_campaign, flush_unique
from db.types import utcnow
from rules import limits
from rules.errors import InvalidInputError
from rules.json_file import load_json
from rules.relationships import clamp
from rules.text import clean_name, problems


@dataclass(frozen=True, slots=True)
class StandingCorrection:
    """A standing the file stated that its own interaction log does not add up to."""

    npc_name: str
    character_name: str
    stated: int
    logged: int


@dataclass(frozen=True, slots=True)
class ImportResult:
    campaign: CampaignDetails
    # Standings come from the imported log, never from the file's stated scores: these differed.
    corrected: tuple[StandingCorrection, ...]
    # Characters whose owner is not a member here: the importer's until /character transfer.
    given_to_importer: tuple[str, ...] = ()


class CampaignTransferService(Service):
    async def export(self, guild_id: int, campaign: str | None) -> tuple[str, bytes]:
        """The campaign (by id or name; None: the active one) as a versioned JSON document.

        Returns its name and the file's bytes.
        """
        async with self.db.transaction(write=False) as session:
            row = await find_campaign(session, guild_id, campaign)
            npcs = await session.scalars(select(NPC).where(NPC.campaign_id == row.id).order_by(NPC.name))
            interactions = await session.scalars(
                select(NPCInteraction)
                .join(NPC, NPC.id == NPCInteraction.npc_id)
                .where(NPC.campaign_id == row.id)
                .order_by(NPCInteraction.timestamp, NPCInteraction.id)
            )
            exported = [(item.npc_id, ExportedInteraction.model_validate(item)) for item in interactions]
            characters = list(
                await session.scalars(
                    select(Character).where(Character.campaign_id == row.id).order_by(Character.name)
                )
            )
            by_npc: dict[str, list[ExportedInteraction]] = {}
            for npc_id, item in await _within_file(session, exported, {c.id for c in characters}):
                by_npc.setdefault(npc_id, []).append(item)
            standings = await _exported_standings(session, row.id, {c.id for c in characters})
            # The export models read the rows' columns by name (from_attributes).
            document = CampaignExport(
                exported_at=utcnow(),
                campaign=ExportedCampaign.model_validate(row),
                npcs=[
                    ExportedNPC.model_validate(npc).model_copy(
                        update={
                            "interactions": by_npc.get(npc.id, []),
                            "relationships": standings.get(npc.id, []),
                        }
                    )
                    for npc in npcs
                ],
                characters=[ExportedCharacter.model_validate(c) for c in characters],
            )
            return row.name, document.model_dump_json(indent=2).encode()

    async def import_(
        self,
        guild_id: int,
        payload: bytes,
        *,
        importer_id: int,
        is_member: Callable[[int], Awaitable[bool]],
    ) -> ImportResult:
        """Recreate an exported campaign in this guild with new ids, all of it or nothing.

        The interaction log is the one truth of a standing: each NPC's totals in npc_standings
        are added up from it, and the result lists the file's scores that disagreed. A character
        whose owner is not a member here belongs to the importer until transferred: nobody here
        could act as that owner.
        """
        document = parse_export(payload)
        members = {owner: await is_member(owner) for owner in {c.owner_id for c in document.characters}}
        given_to_importer = tuple(c.name for c in document.characters if not members[c.owner_id])
        wanted = clean_name(document.campaign.name, "campaign")  # refused as /campaign create refuses it
        async with self.db.transaction() as session:
            source = document.campaign
            name = await _free_name(session, guild_id, wanted)
            character_ids = {c.id: new_id() for c in document.characters}
            campaign = Campaign(
                **{**dict(source), "name": name}, id=new_id(), guild_id=guild_id, is_template=False
            )
            # The template may not exist here (another bot, another guild's template).
            if not await _template_visible(session, guild_id, source):
                campaign.template_id = None
            campaign.data = source.data.model_copy(
                update={"party": [character_ids[c] for c in source.data.party if c in character_ids]}
            )
            session.add(campaign)
            await flush_unique(session, f"This server already has a campaign called {name}.")
            corrected: list[StandingCorrection] = []
            for character in document.characters:
                owner = character.owner_id if members[character.owner_id] else importer_id
                character_values = {**dict(character), "id": character_ids[character.id], "owner_id": owner}
                session.add(Character(**character_values, guild_id=guild_id, campaign_id=campaign.id))
            names = {c.id: c.name for c in document.characters}
            for npc in document.npcs:
                npc_id = new_id()
                npc_values = {**dict(npc), "id": npc_id, "relationships": []}
                interactions = npc_values.pop("interactions")
                session.add(NPC(**npc_values, campaign_id=campaign.id))
                for item in interactions:
                    character_id = character_ids[item.character_id] if item.character_id else None
                    item_values = {**dict(item), "id": new_id(), "character_id": character_id}
                    session.add(NPCInteraction(**item_values, npc_id=npc_id))
                pairs, without_character = _pairs_from_log(npc)
                corrected += _corrections(npc, pairs, names)
                session.add_all(
                    NPCStanding(
                        npc_id=npc_id,
                        character_id=character_ids[character_id],
                        character_name=names[character_id],
                        total=total,
                        interactions=count,
                    )
                    for character_id, (total, count) in pairs.items()
                )
                if without_character:
                    session.add(NPCLogCount(npc_id=npc_id, without_character=without_character))
            await session.flush()
            return ImportResult(CampaignDetails.of(campaign), tuple(corrected), given_to_importer)


async def _within_file(
    session: AsyncSession, interactions: list[tuple[str, ExportedInteraction]], characters: set[str]
) -> list[tuple[str, ExportedInteraction]]:
    """The interactions with references the file can hold: one naming a character outside it (of
    another campaign of the guild) loses the reference and keeps the character's name as its
    snapshot, as an entry of a deleted character does. An import would refuse the reference.
    """
    outside = {i.character_id for _, i in interactions if i.character_id and i.character_id not in characters}
    if not outside:
        return interactions
    found = await session.execute(select(Character.id, Character.name).where(Character.id.in_(outside)))
    names: dict[str, str] = {character_id: name for character_id, name in found}
    kept: list[tuple[str, ExportedInteraction]] = []
    for npc_id, item in interactions:
        if item.character_id in outside:
            snapshot = item.data.character_name or names.get(item.character_id)
            data = item.data.model_copy(update={"character_name": snapshot})
            item = item.model_copy(update={"character_id": None, "data": data})
        kept.append((npc_id, item))
    return kept


async def _exported_standings(
    session: AsyncSession, campaign_id: str, characters: set[str]
) -> dict[str, list[Relationship]]:
    """Each NPC's standings from npc_standings, toward the characters the file holds (by name).

    A standing toward a character outside the file (deleted, or of another campaign) is left out:
    the file could not name that character, and an import would refuse it.
    """
    rows = await session.execute(
        select(
            NPCStanding.npc_id,
            NPCStanding.character_id,
            func.coalesce(Character.name, NPCStanding.character_name),
            NPCStanding.total,
        )
        .join(NPC, NPC.id == NPCStanding.npc_id)
        .outerjoin(Character, Character.id == NPCStanding.character_id)
        .where(NPC.campaign_id == campaign_id)
        .order_by(NPCStanding.npc_id, func.lower(func.coalesce(Character.name, NPCStanding.character_name)))
    )
    standings: dict[str, list[Relationship]] = {}
    for npc_id, character_id, name, total in rows:
        if character_id in characters:
            relationship = Relationship(character_id=character_id, score=clamp(total), character_name=name)
            standings.setdefault(npc_id, []).append(relationship)
    return standings


def _pairs_from_log(npc: ExportedNPC) -> tuple[dict[str, tuple[int, int]], int]:
    """The NPC's imported log added up: each character's (total, entries), and entries without one."""
    pairs: dict[str, tuple[int, int]] = {}
    without_character = 0
    for item in npc.interactions:
        if item.character_id is None:
            without_character += 1
            continue
        total, count = pairs.get(item.character_id, (0, 0))
        pairs[item.character_id] = (total + item.relationship_change, count + 1)
    return pairs, without_character


def _corrections(
    npc: ExportedNPC, pairs: dict[str, tuple[int, int]], names: dict[str, str]
) -> list[StandingCorrection]:
    """The file's stated scores that its own log does not add up to."""
    logged = {character_id: clamp(total) for character_id, (total, _) in pairs.items()}
    stated = {r.character_id: r.score for r in npc.relationships}
    return [
        StandingCorrection(
            npc.name, names[character_id], stated.get(character_id, 0), logged.get(character_id, 0)
        )
        for character_id in sorted(stated.keys() | logged.keys(), key=lambda c: names[c].lower())
        if stated.get(character_id, 0) != logged.get(character_id, 0)
    ]


def parse_export(payload: bytes) -> CampaignExport:
    """Validate the whole file; any problem refuses it with the reason."""
    if len(payload) > MAX_EXPORT_BYTES:
        raise InvalidInputError(f"The file is larger than {MAX_EXPORT_BYTES // (1024 * 1024)} MiB.")
    data = load_json(payload)  # its refusals say "The file is not valid JSON", as this one always did
    try:
        document = CampaignExport.model_validate(data)
    except ValidationError as error:
        found = "; ".join(problems(error, root="file", model=CampaignExport))
        raise InvalidInputError(
            f"The file is not a campaign export this bot can read: {found}"[:1900]
        ) from None
    characters = {c.id for c in document.characters}
    _unique([c.name for c in document.characters], "character")
    _unique([n.name for n in document.npcs], "NPC")
    for number, npc in enumerate(document.npcs):
        for item in npc.interactions:
            if item.character_id is not None and item.character_id not in characters:
                raise InvalidInputError(
                    f"An interaction of {npc.name} names a character the file does not hold."
                )
        standings: set[str] = set()
        for relationship in npc.relationships:
            if relationship.character_id not in characters:
                raise InvalidInputError(
                    f"A relationship of {npc.name} names a character the file does not hold."
                )
            # One standing per character: a second would be listed twice and contradict the first.
            # (Checked here, not in ExportedNPC, which must still export a row stored with both.)
            if relationship.character_id in standings:
                raise InvalidInputError(
                    f"`npcs.{number}.relationships`: {npc.name} has two relationships with the "
                    f"character {relationship.character_id!r}."
                )
            standings.add(relationship.character_id)
    return document


def _unique(names: list[str], what: str) -> None:
    seen: set[str] = set()
    for name in names:
        if name.lower() in seen:
            raise InvalidInputError(f"The file has two {what}s called {name}.")
        seen.add(name.lower())


async def _free_name(session: AsyncSession, guild_id: int, name: str) -> str:
    """The exported name, or "<name> (imported N)" when this guild already uses it."""
    taken = set(await session.scalars(select(func.lower(Campaign.name)).where(Campaign.guild_id == guild_id)))
    candidate, number = name, 1
    while candidate.lower() in taken:
        suffix = " (imported)" if number == 1 else f" (imported {number})"
        candidate = name[: limits.NAME - len(suffix)] + suffix
        number += 1
    return candidate


async def _template_visible(session: AsyncSession, guild_id: int, source: ExportedCampaign) -> bool:
    if source.template_id is None:
        return False
    template = await session.get(Campaign, source.template_id)
    return template is not None and template.is_template and template.guild_id in (None, guild_id)
