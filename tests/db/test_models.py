"""Models on every backend: validated JSON, timestamps, case-insensitive unique names, delete rules."""

import asyncio
from datetime import UTC, datetime

import pytest
from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, StatementError

from db.models import NPC, Campaign, Character, NPCInteraction
from db.schemas import CampaignData, CharacterSheet, HomebrewRule, Personality, Relationship


async def count(db, model) -> int:
    """Rows a test wrote (the built-in campaign templates have no guild)."""
    query = select(func.count()).select_from(model)
    if model is Campaign:
        query = query.where(Campaign.guild_id.is_not(None))
    async with db.transaction(write=False) as session:
        return await session.scalar(query)


async def test_json_columns_round_trip_as_models(db):
    sheet = CharacterSheet.model_validate(
        {"abilities": {"STR": 16}, "classes": [{"name": "Fighter", "level": 3}]}
    )
    async with db.transaction() as session:
        campaign = Campaign(
            guild_id=1, name="Dragons", setting="Faerun", homebrew_rules=[HomebrewRule(text="Flanking")]
        )
        session.add(campaign)
        await session.flush()
        session.add(Character(name="Bruna", guild_id=1, owner_id=2, campaign_id=campaign.id, data=sheet))
    async with db.transaction(write=False) as session:
        stored = (await session.scalars(select(Character))).one()
        assert stored.data == sheet
        assert stored.data.modifier("STR") == 3
        campaign = await session.get(Campaign, campaign.id)
        assert campaign.homebrew_rules == [HomebrewRule(text="Flanking")]
        assert campaign.data == CampaignData()
        # The seed's defaults (docs/architecture.md, Data model).
        assert (campaign.tone, campaign.is_template, campaign.is_custom) == ("heroic", False, True)


async def test_invalid_json_raises_a_validation_error_and_writes_nothing(db):
    with pytest.raises(StatementError) as caught:
        async with db.transaction() as session:
            session.add(Campaign(guild_id=1, name="Ok", setting="Somewhere"))
            session.add(Character(name="Bad", guild_id=1, owner_id=2, data={"abilities": {"STR": 31}}))
    assert isinstance(caught.value.orig, ValidationError)
    assert "abilities.STR" in str(caught.value.orig) or "STR" in str(caught.value.orig)
    assert await count(db, Character) == 0
    assert await count(db, Campaign) == 0


async def test_timestamps_are_set_aware_and_updated_on_edit(db):
    async with db.transaction() as session:
        campaign = Campaign(guild_id=1, name="Clock", setting="Sigil")
        session.add(campaign)
    created, updated = campaign.created_at, campaign.updated_at
    assert created.tzinfo is not None and abs((datetime.now(UTC) - created).total_seconds()) < 60
    await asyncio.sleep(0.01)
    async with db.transaction() as session:
        row = await session.get(Campaign, campaign.id)
        row.description = "A city of doors"
    async with db.transaction(write=False) as session:
        row = await session.get(Campaign, campaign.id)
        assert row.created_at == created
        assert row.updated_at > updated


async def test_names_are_unique_per_guild_whatever_their_case(db):
    async with db.transaction() as session:
        session.add(Campaign(guild_id=1, name="Curse of Strahd", setting="Barovia"))
        session.add(Campaign(guild_id=2, name="Curse of Strahd", setting="Barovia"))
    with pytest.raises(IntegrityError):
        async with db.transaction() as session:
            session.add(Campaign(guild_id=1, name="CURSE OF STRAHD", setting="Barovia"))
    assert await count(db, Campaign) == 2


async def test_npc_names_are_unique_per_campaign_whatever_their_case(db):
    async with db.transaction() as session:
        campaign = Campaign(guild_id=1, name="C", setting="S")
        session.add(campaign)
        await session.flush()
        session.add(NPC(name="Ireena", campaign_id=campaign.id))
    with pytest.raises(IntegrityError):
        async with db.transaction() as session:
            session.add(NPC(name="ireena", campaign_id=campaign.id))


async def test_deleting_a_campaign_cascades_to_npcs_and_interactions_but_keeps_characters(db):
    async with db.transaction() as session:
        campaign = Campaign(guild_id=1, name="Doomed", setting="S")
        session.add(campaign)
        await session.flush()
        npc = NPC(
            name="Bob",
            campaign_id=campaign.id,
            personality=Personality(traits=["gruff"]),
            relationships=[Relationship(character_id="x", score=5)],
        )
        hero = Character(name="Hero", guild_id=1, owner_id=2, campaign_id=campaign.id)
        session.add_all([npc, hero])
        await session.flush()
        session.add(
            NPCInteraction(
                npc_id=npc.id, character_id=hero.id, interaction_type="trade", summary="s", logged_by=3
            )
        )
    async with db.transaction() as session:
        await session.delete(await session.get(Campaign, campaign.id))
    assert await count(db, NPC) == 0
    assert await count(db, NPCInteraction) == 0
    async with db.transaction(write=False) as session:
        assert (await session.get(Character, hero.id)).campaign_id is None


async def test_deleting_a_character_keeps_its_interactions(db):
    async with db.transaction() as session:
        campaign = Campaign(guild_id=1, name="Kept", setting="S")
        session.add(campaign)
        await session.flush()
        npc = NPC(name="Bob", campaign_id=campaign.id)
        hero = Character(name="Hero", guild_id=1, owner_id=2, campaign_id=campaign.id)
        session.add_all([npc, hero])
        await session.flush()
        session.add(
            NPCInteraction(
                npc_id=npc.id, character_id=hero.id, interaction_type="quest", summary="s", logged_by=3
            )
        )
    async with db.transaction() as session:
        await session.delete(await session.get(Character, hero.id))
    async with db.transaction(write=False) as session:
        interaction = (await session.scalars(select(NPCInteraction))).one()
        assert interaction.character_id is None
        assert (interaction.relationship_change, interaction.timestamp.tzinfo) == (0, UTC)


async def test_unknown_interaction_type_is_refused_by_the_database(db):
    async with db.transaction() as session:
        campaign = Campaign(guild_id=1, name="Typed", setting="S")
        session.add(campaign)
        await session.flush()
        npc = NPC(name="Bob", campaign_id=campaign.id)
        session.add(npc)
    with pytest.raises(IntegrityError):
        async with db.transaction() as session:
            session.add(NPCInteraction(npc_id=npc.id, interaction_type="bribe", summary="s", logged_by=3))


async def test_a_copied_value_is_validated_again_before_it_is_written(db):
    sheet = CharacterSheet().model_copy(update={"armor_class": 999})  # model_copy does not validate
    with pytest.raises(StatementError):
        async with db.transaction() as session:
            session.add(Character(name="Sneaky", guild_id=1, owner_id=2, data=sheet))
    assert await count(db, Character) == 0
