"""The campaign export file: one versioned JSON document, validated as a whole on import."""

from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from db.schemas import (
    CampaignData,
    CharacterSheet,
    HomebrewRule,
    NPCData,
    NPCInteractionData,
    Personality,
    Relationship,
    StatBlock,
    WorldArt,
)
from db.schemas.campaign import refuse_duplicates
from rules import limits
from rules.interactions import InteractionType
from rules.model import DiscordId, Id, Name, UTCTime

FORMAT: Final = "tablebot.campaign"
VERSION: Final = 1
MAX_EXPORT_BYTES = 8 * 1024 * 1024


class _Strict(BaseModel):
    # from_attributes: an export is built straight from the ORM rows' columns.
    model_config = ConfigDict(extra="forbid", frozen=True, from_attributes=True)


class ExportedInteraction(_Strict):
    id: Id
    character_id: Id | None = None
    interaction_type: InteractionType
    summary: str = Field(min_length=1, max_length=limits.INTERACTION_SUMMARY)
    outcome: str | None = Field(default=None, max_length=limits.INTERACTION_OUTCOME)
    relationship_change: int = Field(ge=-limits.RELATIONSHIP_CHANGE, le=limits.RELATIONSHIP_CHANGE)
    timestamp: UTCTime
    logged_by: DiscordId
    data: NPCInteractionData = Field(default_factory=NPCInteractionData)


class ExportedNPC(_Strict):
    id: Id
    name: Name
    race: str | None = Field(default=None, max_length=limits.NPC_DETAIL)
    occupation: str | None = Field(default=None, max_length=limits.NPC_DETAIL)
    location: str | None = Field(default=None, max_length=limits.NPC_DETAIL)
    personality: Personality = Field(default_factory=Personality)
    stats: StatBlock | None = None
    relationships: list[Relationship] = Field(default_factory=list, max_length=1000)
    data: NPCData = Field(default_factory=NPCData)
    created_at: UTCTime
    updated_at: UTCTime
    interactions: list[ExportedInteraction] = Field(default_factory=list, max_length=100_000)


class ExportedCharacter(_Strict):
    id: Id
    name: Name
    owner_id: DiscordId
    data: CharacterSheet = Field(default_factory=CharacterSheet)
    created_at: UTCTime
    updated_at: UTCTime


class ExportedCampaign(_Strict):
    name: Name
    setting: str = Field(min_length=1, max_length=limits.CAMPAIGN_SETTING)
    tone: str = Field(min_length=1, max_length=limits.CAMPAIGN_TONE)
    description: str | None = Field(default=None, max_length=limits.CAMPAIGN_DESCRIPTION)
    world_description: str | None = Field(default=None, max_length=limits.WORLD_DESCRIPTION)
    homebrew_rules: list[HomebrewRule] = Field(default_factory=list, max_length=limits.HOUSE_RULES)

    @field_validator("homebrew_rules", mode="before")
    @classmethod
    def _no_rules_is_empty(cls, value: object) -> object:
        return [] if value is None else value  # the column is nullable

    world_art: WorldArt | None = None
    is_custom: bool = True
    template_id: Id | None = None
    created_at: UTCTime
    updated_at: UTCTime
    data: CampaignData = Field(default_factory=CampaignData)


class CampaignExport(_Strict):
    format: Literal["tablebot.campaign"] = FORMAT
    version: Literal[1] = VERSION
    exported_at: UTCTime
    campaign: ExportedCampaign
    npcs: list[ExportedNPC] = Field(default_factory=list, max_length=5000)
    characters: list[ExportedCharacter] = Field(default_factory=list, max_length=1000)

    # Relationships, interactions and the party name characters by id: a duplicate is ambiguous.
    @field_validator("characters")
    @classmethod
    def _distinct_characters(cls, characters: list[ExportedCharacter]) -> list[ExportedCharacter]:
        refuse_duplicates([c.id for c in characters], "character id")
        return characters

    @field_validator("npcs")
    @classmethod
    def _distinct_npcs(cls, npcs: list[ExportedNPC]) -> list[ExportedNPC]:
        refuse_duplicates([n.id for n in npcs], "NPC id")
        refuse_duplicates([i.id for n in npcs for i in n.interactions], "interaction id")
        return npcs
