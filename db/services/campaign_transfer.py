"""Export a campaign with everything it owns, and import such a file as a new campaign."""

from pydantic import ValidationError
from sqlalchemy import func, select

from db.campaigns.export import (
    MAX_EXPORT_BYTES,
    CampaignExport,
    ExportedCampaign,
    ExportedCharacter,
    ExportedInteraction,
    ExportedNPC,
)
from db.errors import InvalidInputError
from db.models import NPC, Campaign, Character, NPCInteraction, new_id
from db.models.campaign import NAME_MAX
from db.services.base import Service
from db.services.campaigns import CampaignView
from db.services.lookups import flush_unique
from db.spells.homebrew import describe
from db.types import utcnow


class CampaignTransferService(Service):
    async def export(self, guild_id: int, campaign_id: str) -> tuple[str, bytes]:
        """The campaign as a versioned JSON document; returns its name and the file's bytes."""
        async with self.db.transaction(write=False) as session:
            row = await session.get(Campaign, campaign_id)
            if row is None or row.guild_id != guild_id or row.is_template:
                raise InvalidInputError("That campaign does not exist in this server.")
            npcs = list(
                await session.scalars(select(NPC).where(NPC.campaign_id == row.id).order_by(NPC.name))
            )
            interactions = await session.scalars(
                select(NPCInteraction)
                .join(NPC, NPC.id == NPCInteraction.npc_id)
                .where(NPC.campaign_id == row.id)
                .order_by(NPCInteraction.timestamp, NPCInteraction.id)
            )
            by_npc: dict[str, list[ExportedInteraction]] = {}
            for item in interactions:
                by_npc.setdefault(item.npc_id, []).append(
                    ExportedInteraction(
                        id=item.id,
                        character_id=item.character_id,
                        interaction_type=item.interaction_type,
                        summary=item.summary,
                        outcome=item.outcome,
                        relationship_change=item.relationship_change,
                        timestamp=item.timestamp,
                        logged_by=item.logged_by,
                        data=item.data,
                    )
                )
            characters = await session.scalars(
                select(Character).where(Character.campaign_id == row.id).order_by(Character.name)
            )
            document = CampaignExport(
                exported_at=utcnow(),
                campaign=ExportedCampaign(
                    name=row.name,
                    setting=row.setting,
                    tone=row.tone,
                    description=row.description,
                    world_description=row.world_description,
                    homebrew_rules=list(row.homebrew_rules or []),
                    world_art=row.world_art,
                    is_custom=row.is_custom,
                    template_id=row.template_id,
                    created_at=row.created_at,
                    updated_at=row.updated_at,
                    data=row.data,
                ),
                npcs=[
                    ExportedNPC(
                        id=npc.id,
                        name=npc.name,
                        race=npc.race,
                        occupation=npc.occupation,
                        location=npc.location,
                        personality=npc.personality,
                        stats=npc.stats,
                        relationships=list(npc.relationships),
                        data=npc.data,
                        created_at=npc.created_at,
                        updated_at=npc.updated_at,
                        interactions=by_npc.get(npc.id, []),
                    )
                    for npc in npcs
                ],
                characters=[
                    ExportedCharacter(
                        id=c.id,
                        name=c.name,
                        owner_id=c.owner_id,
                        data=c.data,
                        created_at=c.created_at,
                        updated_at=c.updated_at,
                    )
                    for c in characters
                ],
            )
        return row.name, document.model_dump_json(indent=2).encode()

    async def import_(self, guild_id: int, payload: bytes) -> CampaignView:
        """Recreate an exported campaign in this guild with new ids, all of it or nothing."""
        document = parse_export(payload)
        async with self.db.transaction() as session:
            name = await _free_name(session, guild_id, document.campaign.name)
            source = document.campaign
            character_ids = {c.id: new_id() for c in document.characters}
            campaign = Campaign(
                id=new_id(),
                guild_id=guild_id,
                name=name,
                setting=source.setting,
                tone=source.tone,
                description=source.description,
                world_description=source.world_description,
                homebrew_rules=source.homebrew_rules,
                world_art=source.world_art,
                is_template=False,
                is_custom=source.is_custom,
                # The template may not exist here (another bot, another guild's template).
                template_id=source.template_id
                if await _template_visible(session, guild_id, source)
                else None,
                created_at=source.created_at,
                updated_at=source.updated_at,
                data=source.data.model_copy(
                    update={"party": [character_ids[c] for c in source.data.party if c in character_ids]}
                ),
            )
            session.add(campaign)
            await flush_unique(session, f"This server already has a campaign called {name}.")
            for character in document.characters:
                session.add(
                    Character(
                        id=character_ids[character.id],
                        guild_id=guild_id,
                        owner_id=character.owner_id,
                        campaign_id=campaign.id,
                        name=character.name,
                        data=character.data,
                        created_at=character.created_at,
                        updated_at=character.updated_at,
                    )
                )
            for npc in document.npcs:
                npc_id = new_id()
                session.add(
                    NPC(
                        id=npc_id,
                        campaign_id=campaign.id,
                        name=npc.name,
                        race=npc.race,
                        occupation=npc.occupation,
                        location=npc.location,
                        personality=npc.personality,
                        stats=npc.stats,
                        relationships=[
                            r.model_copy(update={"character_id": character_ids[r.character_id]})
                            for r in npc.relationships
                        ],
                        data=npc.data,
                        created_at=npc.created_at,
                        updated_at=npc.updated_at,
                    )
                )
                for item in npc.interactions:
                    session.add(
                        NPCInteraction(
                            id=new_id(),
                            npc_id=npc_id,
                            character_id=character_ids[item.character_id] if item.character_id else None,
                            interaction_type=item.interaction_type,
                            summary=item.summary,
                            outcome=item.outcome,
                            relationship_change=item.relationship_change,
                            timestamp=item.timestamp,
                            logged_by=item.logged_by,
                            data=item.data,
                        )
                    )
            await session.flush()
            return CampaignView.of(campaign)


def parse_export(payload: bytes) -> CampaignExport:
    """Validate the whole file; any problem refuses it with the reason."""
    if len(payload) > MAX_EXPORT_BYTES:
        raise InvalidInputError(f"The file is larger than {MAX_EXPORT_BYTES // (1024 * 1024)} MiB.")
    try:
        document = CampaignExport.model_validate_json(payload)
    except ValidationError as error:
        if any(e["type"] == "json_invalid" for e in error.errors()):
            raise InvalidInputError("The file is not valid JSON.") from None
        raise InvalidInputError(
            f"The file is not a campaign export this bot can read: {describe(error)}"[:1900]
        ) from None
    characters = {c.id for c in document.characters}
    _unique([c.name for c in document.characters], "character")
    _unique([n.name for n in document.npcs], "NPC")
    for npc in document.npcs:
        for item in npc.interactions:
            if item.character_id is not None and item.character_id not in characters:
                raise InvalidInputError(
                    f"An interaction of {npc.name} names a character the file does not hold."
                )
        for relationship in npc.relationships:
            if relationship.character_id not in characters:
                raise InvalidInputError(
                    f"A relationship of {npc.name} names a character the file does not hold."
                )
    return document


def _unique(names: list[str], what: str) -> None:
    seen: set[str] = set()
    for name in names:
        if name.lower() in seen:
            raise InvalidInputError(f"The file has two {what}s called {name}.")
        seen.add(name.lower())


async def _free_name(session, guild_id: int, name: str) -> str:
    """The exported name, or "<name> (imported N)" when this guild already uses it."""
    taken = set(await session.scalars(select(func.lower(Campaign.name)).where(Campaign.guild_id == guild_id)))
    candidate, number = name, 1
    while candidate.lower() in taken:
        suffix = " (imported)" if number == 1 else f" (imported {number})"
        candidate = name[: NAME_MAX - len(suffix)] + suffix
        number += 1
    return candidate


async def _template_visible(session, guild_id: int, source: ExportedCampaign) -> bool:
    if source.template_id is None:
        return False
    template = await session.get(Campaign, source.template_id)
    return template is not None and template.is_template and template.guild_id in (None, guild_id)
