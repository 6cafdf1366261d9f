"""GuildSettingsService on every backend."""

import asyncio

import pytest

from db.models import Campaign, GuildSettings
from db.services import CampaignService, GuildSettingsService
from rules.errors import InvalidInputError, NotFoundError


async def test_unconfigured_guild_reads_defaults_without_writing(db):
    service = GuildSettingsService(db)
    config = await service.get(1)
    assert (config.ruleset, config.spell_visibility, config.gm_role_id) == ("2024", "public", None)
    async with db.transaction(write=False) as session:
        assert await session.get(GuildSettings, 1) is None


async def test_settings_are_created_on_first_write_and_kept(db):
    service = GuildSettingsService(db)
    await service.set_ruleset(7, "2014")
    await service.set_gm_role(7, 99)
    config = await service.set_spell_visibility(7, "private")
    assert (config.ruleset, config.gm_role_id, config.spell_visibility) == ("2014", 99, "private")
    assert config.updated_at is not None and config.updated_at.tzinfo is not None
    assert await service.get(7) == config


@pytest.mark.parametrize(
    ("method", "value"), [("set_ruleset", "5e"), ("set_ruleset", ""), ("set_spell_visibility", "secret")]
)
async def test_bad_values_are_refused_and_write_nothing(db, method, value):
    service = GuildSettingsService(db)
    with pytest.raises(InvalidInputError):
        await getattr(service, method)(3, value)
    async with db.transaction(write=False) as session:
        assert await session.get(GuildSettings, 3) is None


async def test_concurrent_first_writes_of_a_guild_do_not_conflict(db):
    service = GuildSettingsService(db)
    await asyncio.gather(*(service.set_gm_role(11, role) for role in range(10)))
    assert (await service.get(11)).gm_role_id in range(10)


async def test_active_campaign_must_belong_to_the_guild(db):
    service, campaigns = GuildSettingsService(db), CampaignService(db)
    async with db.transaction() as session:
        mine = Campaign(guild_id=1, name="Mine", setting="Faerun")
        theirs = Campaign(guild_id=2, name="Theirs", setting="Eberron")
        session.add_all([mine, theirs])
    await campaigns.use(1, mine.id)
    config = await service.get(1)
    assert (config.active_campaign_id, config.active_campaign_name) == (mine.id, "Mine")
    with pytest.raises(NotFoundError):
        await campaigns.use(1, theirs.id)
    with pytest.raises(NotFoundError):
        await campaigns.use(1, "no-such-id")
    assert (await service.get(1)).active_campaign_id == mine.id


async def test_deleting_the_active_campaign_clears_it(db):
    service = GuildSettingsService(db)
    async with db.transaction() as session:
        campaign = Campaign(guild_id=5, name="Short", setting="Greyhawk")
        session.add(campaign)
    await CampaignService(db).use(5, campaign.id)
    async with db.transaction() as session:
        await session.delete(await session.get(Campaign, campaign.id))
    assert (await service.get(5)).active_campaign_id is None
