"""Export a campaign with everything it owns, and import such a file as a new campaign."""

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
from db.models import NPC, Campaign, Character, NPCInteraction, new_id
from db.schemas import Relationship
from db.services.base import Service
from db.services.campaigns import CampaignDetails
from db.services.lookups import find_campaign, flush_unique
from db.types import utcnow
from rules import limits
from rules.errors import InvalidInputError
from rules.json_file import load_json
from rules.relationships import scores_from_log
from rules.text import problems


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
            by_npc: dict[str, list[ExportedInteraction]] = {}
            for item in interactions:
                by_npc.setdefault(item.npc_id, []).append(ExportedInteraction.model_validate(item))
            characters = await session.scalars(
                select(Character).where(Character.campaign_id == row.id).order_by(Character.name)
            )
            # The export models read the rows' columns by name (from_attributes).
            document = CampaignExport(
                exported_at=utcnow(),
                campaign=ExportedCampaign.model_validate(row),
                npcs=[
                    ExportedNPC.model_validate(npc).model_copy(
                        update={"interactions": by_npc.get(npc.id, [])}
                    )
                    for npc in npcs
                ],
                characters=[ExportedCharacter.model_validate(c) for c in characters],
            )
            return row.name, document.model_dump_json(indent=2).encode()

    async def import_(self, guild_id: int, payload: bytes) -> ImportResult:
        """Recreate an exported campaign in this guild with new ids, all of it or nothing.

        The interaction log is the one truth of a standing: each NPC's scores are recomputed
        from it, and the result lists the file's scores that disagreed.
        """
        document = parse_export(payload)
        async with self.db.transaction() as session:
            source = document.campaign
            name = await _free_name(session, guild_id, source.name)
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
                character_values = {**dict(character), "id": character_ids[character.id]}
                session.add(Character(**character_values, guild_id=guild_id, campaign_id=campaign.id))
            for npc in document.npcs:
                npc_id = new_id()
                npc_values = {**dict(npc), "id": npc_id}
                interactions = npc_values.pop("interactions")
                standings, wrong = _standings_from_log(document, npc)
                corrected += wrong
                npc_values["relationships"] = [
                    r.model_copy(update={"character_id": character_ids[r.character_id]}) for r in standings
                ]
                session.add(NPC(**npc_values, campaign_id=campaign.id))
                for item in interactions:
                    character_id = character_ids[item.character_id] if item.character_id else None
                    item_values = {**dict(item), "id": new_id(), "character_id": character_id}
                    session.add(NPCInteraction(**item_values, npc_id=npc_id))
            await session.flush()
            return ImportResult(CampaignDetails.of(campaign), tuple(corrected))


def _standings_from_log(
    document: CampaignExport, npc: ExportedNPC
) -> tuple[list[Relationship], list[StandingCorrection]]:
    """The NPC's standings as its imported log adds them up, and the file's scores that disagreed."""
    names = {c.id: c.name for c in document.characters}
    logged = scores_from_log(
        (i.character_id, i.relationship_change) for i in npc.interactions if i.character_id
    )
    stated = {r.character_id: r.score for r in npc.relationships}
    standings = [
        Relationship(character_id=character_id, score=score, character_name=names[character_id])
        for character_id, score in logged.items()
    ]
    wrong = [
        StandingCorrection(
            npc.name, names[character_id], stated.get(character_id, 0), logged.get(character_id, 0)
        )
        for character_id in sorted(stated.keys() | logged.keys(), key=lambda c: names[c].lower())
        if stated.get(character_id, 0) != logged.get(character_id, 0)
    ]
    return standings, wrong


def parse_export(payload: bytes) -> CampaignExport:
    """Validate the whole file; any problem refuses it with the reason."""
    if len(payload) > MAX_EXPORT_BYTES:
        raise InvalidInputError(f"The file is larger than {MAX_EXPORT_BYTES // (1024 * 1024)} MiB.")
    data = load_json(payload)  # its refusals say "The file is not valid JSON", as this one always did
    try:
        document = CampaignExport.model_validate(data)
    except ValidationError as error:
        raise InvalidInputError(
            f"The file is not a campaign export this bot can read: {'; '.join(problems(error, root='file'))}"[
                :1900
            ]
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
