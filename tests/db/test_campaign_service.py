"""CampaignService and the export/import round trip, on every backend."""

import json
import re

import pytest
from sqlalchemy import select

from db.campaigns.templates import BUILTIN_TEMPLATES
from db.models import NPC, Campaign, Character, NPCInteraction, NPCLogCount, NPCStanding
from db.schemas import CharacterSheet, NPCInteractionData, Personality
from db.services import (
    CampaignService,
    CampaignTransferService,
    CharacterService,
    GuildSettingsService,
    NPCService,
)
from rules.errors import ConflictError, InvalidInputError, NotFoundError
from tests.roundtrips import RoundTrips


async def _everyone_is_a_member(user_id: int) -> bool:
    return True


async def _nobody_is_a_member(user_id: int) -> bool:
    return False


IMPORTER_ID = 5
IMPORTER = {"importer_id": IMPORTER_ID, "is_member": _everyone_is_a_member}


@pytest.fixture
def campaigns(db) -> CampaignService:
    return CampaignService(db)


async def test_first_campaign_becomes_active_and_defaults_follow_the_seed(db, campaigns):
    first, active = await campaigns.create(1, name="Dragons", setting="Faerun")
    second, second_active = await campaigns.create(1, name="Giants", setting="Ostoria", tone="dark")
    assert (active, second_active) == (True, False)
    assert (first.tone, first.is_template, first.is_custom, first.template_id) == (
        "heroic",
        False,
        True,
        None,
    )
    assert second.tone == "dark"
    assert (await GuildSettingsService(db).get(1)).active_campaign_id == first.id


async def test_names_are_unique_per_guild_case_insensitively(campaigns):
    await campaigns.create(1, name="Dragons", setting="Faerun")
    with pytest.raises(ConflictError):
        await campaigns.create(1, name="  dRAGONS ", setting="Faerun")
    await campaigns.create(2, name="Dragons", setting="Faerun")  # another guild may


@pytest.mark.parametrize(("name", "setting"), [("", "x"), ("   ", "x"), ("x" * 101, "x"), ("ok", "  ")])
async def test_bad_names_and_settings_are_refused(campaigns, name, setting):
    with pytest.raises(InvalidInputError):
        await campaigns.create(1, name=name, setting=setting)
    assert (await campaigns.of_guild(1))[0] == []


async def test_clone_of_a_builtin_template(campaigns):
    template = BUILTIN_TEMPLATES[0]
    clone, _ = await campaigns.create(1, name="Our Crown", setting="Marches", template=template.id)
    assert (clone.template_id, clone.is_custom) == (template.id, False)
    assert clone.world_description == template.world_description
    assert clone.rules == template.rules
    by_name, _ = await campaigns.create(1, name="Second", setting="S", template=template.name.upper())
    assert by_name.template_id == template.id


async def test_guild_templates_are_private_to_their_guild(campaigns):
    original, _ = await campaigns.create(1, name="Homegrown", setting="S")
    await campaigns.add_rule(1, "No flanking")
    saved = await campaigns.save_template(1, original.id)
    assert saved.is_template and saved.rules == ("No flanking",)
    assert saved.name in [t.name for t in await campaigns.templates(1)]
    assert saved.name not in [t.name for t in await campaigns.templates(2)]
    assert len(await campaigns.templates(2)) == len(BUILTIN_TEMPLATES)
    with pytest.raises(NotFoundError):
        await campaigns.create(2, name="Stolen", setting="S", template=saved.id)
    # Templates are not campaigns: not listed, not usable.
    assert [c.name for c in (await campaigns.of_guild(1))[0]] == ["Homegrown"]
    with pytest.raises(NotFoundError):
        await campaigns.use(1, saved.id)


async def test_edit_changes_updated_at_and_respects_unique_names(campaigns):
    one, _ = await campaigns.create(1, name="One", setting="S")
    await campaigns.create(1, name="Two", setting="S")
    edited = await campaigns.edit(1, one.id, description="Now with a description")
    assert edited.updated_at > one.updated_at and edited.created_at == one.created_at
    with pytest.raises(ConflictError):
        await campaigns.edit(1, one.id, name="two")
    assert (await campaigns.edit(1, one.id, name="ONE")).name == "ONE"
    with pytest.raises(InvalidInputError):
        await campaigns.edit(1, one.id)


async def test_another_guilds_campaign_is_not_found_by_id_or_name(campaigns):
    theirs, _ = await campaigns.create(2, name="Theirs", setting="S")
    for attempt in (theirs.id, "Theirs"):
        with pytest.raises(NotFoundError):
            await campaigns.get(1, attempt)
        with pytest.raises(NotFoundError):
            await campaigns.use(1, attempt)
    with pytest.raises(NotFoundError):
        await campaigns.delete(1, theirs.id)
    assert await campaigns.autocomplete(1, "the") == []


async def test_autocomplete_is_scoped_limited_and_marks_the_active(campaigns):
    for number in range(30):
        await campaigns.create(1, name=f"Campaign {number:02}", setting="S")
    found = await campaigns.autocomplete(1, "campaign")
    assert len(found) == 25
    assert found[0].active and found[0].name == "Campaign 00"
    assert [c.name for c in await campaigns.autocomplete(1, "2_")] == []  # LIKE wildcards are literal


async def test_rules_and_quests(campaigns):
    await campaigns.create(1, name="Rules", setting="S")
    await campaigns.add_rule(1, "Potions are a bonus action")
    await campaigns.add_rule(1, "Max HP at level up")
    text, campaign = await campaigns.remove_rule(1, 1)
    assert text == "Potions are a bonus action" and campaign.rules == ("Max HP at level up",)
    with pytest.raises(InvalidInputError):
        await campaigns.remove_rule(1, 5)
    _, quest = await campaigns.add_quest(1, "Find the lost mine", "West of Phandalin")
    with pytest.raises(ConflictError):
        await campaigns.add_quest(1, "find the lost mine")
    campaign, done = await campaigns.complete_quest(1, quest.id)
    assert done.status == "done" and done.closed_at is not None and campaign.open_quests == []
    with pytest.raises(ConflictError):
        await campaigns.complete_quest(1, "Find the lost mine")


async def test_quests_need_an_active_campaign(campaigns):
    with pytest.raises(NotFoundError, match="no active campaign"):
        await campaigns.add_quest(1, "Anything")


async def test_delete_removes_npcs_and_interactions_and_clears_the_active_campaign(db, campaigns):
    doomed, _ = await campaigns.create(1, name="Doomed", setting="S")
    async with db.transaction() as session:
        npc = NPC(name="Bob", campaign_id=doomed.id)
        hero = Character(name="Hero", guild_id=1, owner_id=5, campaign_id=doomed.id)
        session.add_all([npc, hero])
        await session.flush()
        session.add(
            NPCInteraction(npc_id=npc.id, interaction_type="trade", summary="Sold a sword", logged_by=5)
        )
    counts = await campaigns.counts(doomed.id)
    assert (counts.npcs, counts.interactions, counts.characters) == (1, 1, 1)
    name, removed = await campaigns.delete(1, doomed.id)
    assert name == "Doomed" and removed == counts
    assert (await GuildSettingsService(db).get(1)).active_campaign_id is None
    async with db.transaction(write=False) as session:
        assert (await session.get(Character, hero.id)).campaign_id is None
        assert await session.get(NPC, npc.id) is None


async def populated_campaign(db, campaigns) -> str:
    campaign, _ = await campaigns.create(1, name="Saga", setting="The North", description="Cold.")
    await campaigns.add_rule(1, "Exhaustion from cold")
    await campaigns.add_quest(1, "Reach the pass", "Before winter")
    async with db.transaction() as session:
        hero = Character(
            name="Sigrun",
            guild_id=1,
            owner_id=77,
            campaign_id=campaign.id,
            data=CharacterSheet(armor_class=16),
        )
        session.add(hero)
        await session.flush()
        npc = NPC(
            name="Old Bjorn",
            race="Human",
            campaign_id=campaign.id,
            personality=Personality(traits=["gruff"]),
        )
        session.add(npc)
        await session.flush()
        # What NPCService.interact keeps for the two entries below.
        session.add(
            NPCStanding(npc_id=npc.id, character_id=hero.id, character_name="Sigrun", total=7, interactions=1)
        )
        session.add(NPCLogCount(npc_id=npc.id, without_character=1))
        session.add(
            NPCInteraction(
                npc_id=npc.id,
                character_id=hero.id,
                interaction_type="dialogue",
                summary="Shared a fire",
                relationship_change=7,
                logged_by=42,
                data=NPCInteractionData(character_name="Sigrun"),
            )
        )
        session.add(
            NPCInteraction(npc_id=npc.id, interaction_type="other", summary="A storm came", logged_by=42)
        )
        row = await session.get(Campaign, campaign.id)
        row.data = row.data.model_copy(update={"party": [hero.id]})
    return campaign.id


UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def comparable(document: dict) -> dict:
    """An export without what an import must change: ids (numbered by first use), export time, name suffix."""
    text = json.dumps(document, sort_keys=True)
    numbers: dict[str, str] = {}
    text = UUID.sub(lambda m: numbers.setdefault(m.group(0), f"id-{len(numbers)}"), text)
    data = json.loads(text)
    data.pop("exported_at")
    data["campaign"]["name"] = data["campaign"]["name"].removesuffix(" (imported)")
    return data


async def test_export_then_import_round_trips_without_loss(db, campaigns):
    transfer = CampaignTransferService(db)
    campaign_id = await populated_campaign(db, campaigns)
    name, payload = await transfer.export(1, campaign_id)
    document = json.loads(payload)
    assert (document["format"], document["version"], name) == ("tablebot.campaign", 1, "Saga")
    assert [len(n["interactions"]) for n in document["npcs"]] == [2]

    imported = (await transfer.import_(1, payload, **IMPORTER)).campaign  # same guild: the name is taken
    assert imported.name == "Saga (imported)" and imported.id != campaign_id
    other = (await transfer.import_(2, payload, **IMPORTER)).campaign
    assert other.name == "Saga"
    _, again = await transfer.export(2, other.id)
    reimported = json.loads(again)
    assert reimported["npcs"][0]["relationships"][0]["character_id"] == reimported["characters"][0]["id"]
    assert reimported["campaign"]["data"]["party"] == [reimported["characters"][0]["id"]]
    assert comparable(reimported) == comparable(document)
    async with db.transaction(write=False) as session:
        owners = set(await session.scalars(select(Character.owner_id).where(Character.guild_id == 2)))
    assert owners == {77}


async def test_characters_of_owners_who_are_not_members_go_to_the_importer(db, campaigns):
    transfer = CampaignTransferService(db)
    campaign_id = await populated_campaign(db, campaigns)
    _, payload = await transfer.export(1, campaign_id)
    result = await transfer.import_(2, payload, importer_id=IMPORTER_ID, is_member=_nobody_is_a_member)
    async with db.transaction(write=False) as session:
        owners = set(await session.scalars(select(Character.owner_id).where(Character.guild_id == 2)))
    assert owners == {IMPORTER_ID}
    assert result.given_to_importer == tuple(c["name"] for c in json.loads(payload)["characters"])


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (b"not json", "not valid JSON"),
        (b'{"format": "something else"}', "not a campaign export"),
        (b"[]", "not a campaign export"),
        (b"x" * (8 * 1024 * 1024 + 1), "larger than"),
    ],
)
async def test_bad_files_are_refused_and_write_nothing(db, campaigns, payload, reason):
    with pytest.raises(InvalidInputError, match=reason):
        await CampaignTransferService(db).import_(1, payload, **IMPORTER)
    assert (await campaigns.of_guild(1))[0] == []


async def test_a_file_with_a_dangling_character_reference_is_refused(db, campaigns):
    transfer = CampaignTransferService(db)
    _, payload = await transfer.export(1, await populated_campaign(db, campaigns))
    document = json.loads(payload)
    document["characters"] = []
    document["campaign"]["name"] = "Broken"
    with pytest.raises(InvalidInputError, match="character the file does not hold"):
        await transfer.import_(1, json.dumps(document).encode(), **IMPORTER)
    assert [c.name for c in (await campaigns.of_guild(1))[0]] == ["Saga"]


async def test_an_import_takes_standings_from_the_log_and_names_the_scores_it_corrected(db, campaigns):
    transfer = CampaignTransferService(db)
    _, payload = await transfer.export(1, await populated_campaign(db, campaigns))
    document = json.loads(payload)
    document["npcs"][0]["relationships"][0]["score"] = 90  # hand-edited: the log adds up to 7
    result = await transfer.import_(2, json.dumps(document).encode(), **IMPORTER)
    assert [(c.npc_name, c.character_name, c.stated, c.logged) for c in result.corrected] == [
        ("Old Bjorn", "Sigrun", 90, 7)
    ]
    npcs = NPCService(db)
    [npc] = (await npcs.of_guild(2, campaign=result.campaign.id))[1]
    shown = await npcs.get(2, npc.id)
    assert [(s.character_name, s.score) for s in shown.standings] == [("Sigrun", 7)]
    _, standings = await npcs.character_standings(2, "Sigrun")
    assert [s.score for s in standings] == [7]


async def test_an_untouched_export_imports_with_no_corrections(db, campaigns):
    transfer = CampaignTransferService(db)
    _, payload = await transfer.export(1, await populated_campaign(db, campaigns))
    assert (await transfer.import_(2, payload, **IMPORTER)).corrected == ()


async def test_a_campaign_by_name_or_by_id_costs_one_lookup(db, campaigns):
    created, _ = await campaigns.create(1, name="Saga", setting="S")
    counter = await RoundTrips.watching(db.engine)
    for typed in ("saga", created.id):
        found, trips = await counter.measure(campaigns.get(1, typed))
        assert found.id == created.id
        assert [q for q in trips.queries() if not q.startswith("BEGIN")] == [
            "SELECT campaigns.guild_id, campaigns.name,"
        ]


async def test_an_npc_who_met_a_character_of_another_campaign_exports_a_file_that_imports(db, campaigns):
    saga, _ = await campaigns.create(1, name="Saga", setting="S")
    npcs = NPCService(db)
    bjorn = await npcs.create(1, "Old Bjorn")
    other, _ = await campaigns.create(1, name="Other", setting="S")
    await campaigns.use(1, other.id)
    visitor = await CharacterService(db).create(1, 77, "Visitor")
    await npcs.interact(
        1, bjorn.id, interaction_type="social", summary="Met", character=visitor.id, change=3, logged_by=5
    )
    transfer = CampaignTransferService(db)
    _, payload = await transfer.export(1, saga.id)
    [entry] = json.loads(payload)["npcs"][0]["interactions"]
    # The character is not in the file: the reference goes, the name it had stays.
    assert (entry["character_id"], entry["data"]["character_name"]) == (None, "Visitor")
    imported = (await transfer.import_(2, payload, **IMPORTER)).campaign
    [npc] = (await npcs.of_guild(2, campaign=imported.id))[1]
    _, page = await npcs.history(2, npc.id)
    assert [(e.summary, e.character_id, e.character_name) for e in page.entries] == [("Met", None, "Visitor")]
    assert (await npcs.get(2, npc.id)).standings == ()
