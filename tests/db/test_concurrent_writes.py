"""Many hands on one row at once lose nothing, on every backend.

SQLite has one writer at a time and would pass without row locks; PostgreSQL is where
these tests matter (CI runs them there): each service that changes a row it has read
loads it locked (db/services/lookups.py).
"""

import asyncio

import pytest

from db.services import CampaignService, CharacterService, GuildSettingsService, NPCService, SpellService
from rules.errors import ConflictError
from rules.spells.cache import SpellCache
from rules.spells.homebrew import HomebrewSpell

WRITERS = 20
GUILD, GM = 1, 99


@pytest.fixture
async def saga(db):
    campaigns = CampaignService(db)
    campaign, _ = await campaigns.create(GUILD, name="Saga", setting="Sword Coast")
    return campaigns, campaign


async def test_twenty_concurrent_house_rules_are_all_kept(saga):
    campaigns, campaign = saga
    await asyncio.gather(*(campaigns.add_rule(GUILD, f"Rule {i}") for i in range(WRITERS)))
    kept = (await campaigns.get(GUILD, campaign.id)).rules
    assert sorted(kept) == sorted(f"Rule {i}" for i in range(WRITERS))


async def test_twenty_concurrent_quests_are_all_kept(saga):
    campaigns, campaign = saga
    await asyncio.gather(*(campaigns.add_quest(GUILD, f"Quest {i}") for i in range(WRITERS)))
    quests = (await campaigns.get(GUILD, campaign.id)).data.quests
    assert sorted(q.title for q in quests) == sorted(f"Quest {i}" for i in range(WRITERS))


async def test_two_gms_adding_rules_and_quests_at_once_lose_nothing(saga):
    campaigns, campaign = saga
    await asyncio.gather(
        *(campaigns.add_rule(GUILD, f"Rule {i}") for i in range(WRITERS)),
        *(campaigns.add_quest(GUILD, f"Quest {i}") for i in range(WRITERS)),
    )
    found = await campaigns.get(GUILD, campaign.id)
    assert len(found.rules) == WRITERS and len(found.data.quests) == WRITERS


async def test_quests_closed_while_others_are_added_lose_nothing(saga):
    campaigns, campaign = saga
    opened = [quest for _, quest in [await campaigns.add_quest(GUILD, f"Old {i}") for i in range(10)]]
    await asyncio.gather(
        *(campaigns.complete_quest(GUILD, quest.id) for quest in opened),
        *(campaigns.add_quest(GUILD, f"New {i}") for i in range(10)),
    )
    quests = (await campaigns.get(GUILD, campaign.id)).data.quests
    assert sorted(q.title for q in quests if q.status == "done") == sorted(q.title for q in opened)
    assert len([q for q in quests if q.status == "open"]) == 10


async def test_concurrent_rule_removals_each_remove_one(saga):
    campaigns, campaign = saga
    for i in range(WRITERS):
        await campaigns.add_rule(GUILD, f"Rule {i}")
    # Removing rule 1 twenty times at once: each removal takes one rule, none is lost twice.
    await asyncio.gather(*(campaigns.remove_rule(GUILD, 1) for _ in range(WRITERS)))
    assert (await campaigns.get(GUILD, campaign.id)).rules == ()


async def test_concurrent_edits_of_one_sheet_keep_every_field(db, saga):
    characters = CharacterService(db)
    hero = await characters.create(GUILD, 10, "Tess")
    for round_ in range(WRITERS // 3 + 1):
        await asyncio.gather(
            characters.edit(GUILD, 10, False, hero.id, race=f"Elf {round_}"),
            characters.edit(GUILD, GM, True, hero.id, max_hp=30 + round_, hp=20 + round_),
            characters.edit(GUILD, 10, False, hero.id, class_name=f"Wizard{round_}", level=3),
        )
        sheet = (await characters.get(GUILD, hero.id)).sheet
        assert sheet.race == f"Elf {round_}"
        assert (sheet.hit_points.current, sheet.hit_points.max) == (20 + round_, 30 + round_)
        assert [(c.name, c.level) for c in sheet.classes] == [(f"Wizard{round_}", 3)]


async def test_concurrent_npc_edits_keep_every_field(db, saga):
    npcs = NPCService(db)
    npc = await npcs.create(GUILD, "Mira")
    for round_ in range(WRITERS // 3 + 1):
        await asyncio.gather(
            npcs.edit(GUILD, npc.id, personality=f"traits: brave {round_}"),
            npcs.edit(GUILD, npc.id, notes=f"Secretly a spy {round_}"),
            npcs.edit(GUILD, npc.id, location=f"Neverwinter {round_}"),
        )
        found = await npcs.get(GUILD, npc.id)
        assert found.personality.traits == [f"brave {round_}"]
        assert found.data.gm_notes == f"Secretly a spy {round_}"
        assert found.location == f"Neverwinter {round_}"


async def test_concurrent_settings_changes_of_one_guild_are_all_kept(db):
    settings = GuildSettingsService(db)
    for round_ in range(WRITERS // 3 + 1):
        ruleset = "2014" if round_ % 2 else "2024"
        visibility = "private" if round_ % 2 else "public"
        await asyncio.gather(
            settings.set_gm_role(GUILD, 500 + round_),
            settings.set_ruleset(GUILD, ruleset),
            settings.set_spell_visibility(GUILD, visibility),
        )
        config = await settings.get(GUILD)
        assert (config.gm_role_id, config.ruleset, config.spell_visibility) == (
            500 + round_,
            ruleset,
            visibility,
        )


async def test_two_first_campaigns_at_once_make_exactly_one_active(db):
    campaigns = CampaignService(db)
    results = await asyncio.gather(
        *(campaigns.create(GUILD + 1, name=f"First {i}", setting="S") for i in range(WRITERS))
    )
    assert [became_active for _, became_active in results].count(True) == 1


async def outcomes(calls) -> tuple[int, list[BaseException]]:
    """How many calls won, and what the others raised."""
    results = await asyncio.gather(*calls, return_exceptions=True)
    errors = [r for r in results if isinstance(r, BaseException)]
    return len(results) - len(errors), errors


async def test_two_unassigned_characters_of_one_name_at_once_one_wins(db):
    characters = CharacterService(db)
    for round_ in range(WRITERS):
        name = f"Tess {round_}"
        won, errors = await outcomes([characters.create(GUILD, 10, name), characters.create(GUILD, 11, name)])
        assert won == 1, f"round {round_}: {won} characters called {name}"
        assert [type(e) for e in errors] == [ConflictError]
        assert "already a character called" in errors[0].message


async def test_two_homebrew_spells_of_one_name_at_once_one_wins(db):
    spells = SpellService(db, SpellCache(), GuildSettingsService(db))
    await spells.load_cache()
    for round_ in range(WRITERS):
        spell = HomebrewSpell(name=f"Frost Lance {round_}", level=2, school="Evocation", description="Ice.")
        won, errors = await outcomes(
            [spells.add_homebrew(GUILD, [spell]), spells.add_homebrew(GUILD, [spell])]
        )
        assert won == 1 and [type(e) for e in errors] == [ConflictError]
        assert "already has a homebrew spell named" in errors[0].message
