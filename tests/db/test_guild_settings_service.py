"""GuildSettingsService on every backend."""

import asyncio

import pytest

from db.models import Campaign, GuildSettings
from db.services import CampaignService, GuildSettingsService, SpellService
from db.services.guild_settings import CachedSettings, GuildSettingsCache
from rules.errors import InvalidInputError, NotFoundError
from rules.spells.cache import SpellCache
from tests.roundtrips import RoundTrips


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


# --- the cache of GM role, ruleset and spell visibility --------------------------------------


async def test_a_change_is_seen_at_once_by_every_service_of_this_process(db):
    service, elsewhere = GuildSettingsService(db), GuildSettingsService(db)
    assert await service.gm_role(1) is None  # read once: cached now
    await elsewhere.set_gm_role(1, 55)
    assert await service.gm_role(1) == 55
    await service.set_ruleset(1, "2014")
    await service.set_spell_visibility(1, "private")
    assert await elsewhere.settings(1) == CachedSettings(55, "2014", "private")
    assert elsewhere.known_ruleset(1) == "2014"


async def test_a_cached_gm_check_makes_no_round_trip(db):
    service = GuildSettingsService(db)
    await service.set_gm_role(1, 55)
    counter = await RoundTrips.watching(db.engine)
    role, first = await counter.measure(service.gm_role(1))
    assert role == 55 and len(first.statements) >= 1  # the write emptied the cache: one read
    role, cached = await counter.measure(service.gm_role(1))
    assert role == 55 and cached.total == 0  # no statement, no BEGIN or COMMIT, no pre-ping


async def test_campaign_writes_of_the_settings_row_invalidate_the_guild(db):
    service, campaigns = GuildSettingsService(db), CampaignService(db)
    await service.settings(1)
    assert service.cached(1) is not None
    created, _ = await campaigns.create(1, name="Saga", setting="S")
    assert service.cached(1) is None
    await service.settings(1)
    await campaigns.use(1, created.id)
    assert service.cached(1) is None
    assert await service.settings(1) == CachedSettings(None, "2024", "public")


async def test_a_read_that_raced_a_write_does_not_bring_the_old_value_back():
    cache = GuildSettingsCache()
    old, new = CachedSettings(None, "2024", "public"), CachedSettings(7, "2014", "private")
    since = cache.generation()  # a reader starts, reads the old row ...
    cache.invalidate(1)  # ... a writer commits and invalidates ...
    cache.fill(1, old, since)  # ... the reader's old value is dropped
    assert cache.get(1) is None
    cache.fill(1, new, cache.generation())
    assert cache.get(1) == new
    since = cache.generation()
    cache.clear()
    cache.fill(2, old, since)
    assert cache.get(1) is None and cache.get(2) is None


async def test_spell_look_up_with_cached_settings_reads_only_the_card(db):
    service = GuildSettingsService(db)
    spells = SpellService(db, SpellCache(), service)
    await spells.load_cache()
    await service.set_spell_visibility(1, "private")
    await service.settings(1)
    counter = await RoundTrips.watching(db.engine)
    found, trips = await counter.measure(spells.look_up("Fireball", 1))
    assert found.card is not None and found.card.private
    assert [q for q in trips.queries() if not q.startswith("BEGIN")] == ["SELECT spells.id, spells.name,"]
    missing, none = await counter.measure(spells.look_up("Qwxzzy", 1))
    assert missing.card is None and none.total == 0
