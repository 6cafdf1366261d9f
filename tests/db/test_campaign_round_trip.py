"""A campaign with everything issue 14 added survives export and import, on every backend.

World facts (secret ones too), sessions with notes (secret too), fights, the party, NPCs in depth,
interactions with rolls, consequences, places and dialogue, and the standings: the second export
equals the first with ids normalised, and what the commands show of it reads the same.
"""

import json

import d20
import pytest

from db.models import Campaign
from db.schemas import CharacterSheet
from db.services import Services
from db.services.interaction_details import InteractionDetails
from db.services.npc_details import NPCDetailsEdit
from tests.db.test_campaign_service import IMPORTER, comparable
from tests.unit.dice.test_engine import Faces

GUILD, OTHER_GUILD, GM, OWNER, CHANNEL = 1, 2, 99, 77, 5


@pytest.fixture
def services(db) -> Services:
    return Services.build(db)


async def _everything(services: Services, monkeypatch) -> str:
    """A campaign played through the services: one session with all of it logged."""
    campaign, _ = await services.campaigns.create(GUILD, name="Barovia", setting="Mists")
    sheet = CharacterSheet.model_validate({"abilities": {"CHA": 16}, "skills": {"persuasion": "proficient"}})
    tess = await services.characters.create(GUILD, OWNER, "Tess", sheet=sheet)
    async with services.db.transaction() as session:  # the roster (/party add is another branch's)
        row = await session.get(Campaign, campaign.id)
        row.data = row.data.model_copy(update={"party": [tess.id]})
    await services.world.set_fact(GUILD, "Baron", "dead")
    await services.world.set_fact(GUILD, "Innkeeper", "a vampire spawn", secret=True)
    npcs = services.npcs
    strahd = await npcs.create(GUILD, "Strahd", race="Vampire", location="Castle Ravenloft")
    await npcs.edit(
        GUILD,
        strahd.id,
        notes="Wants Ireena",
        details=NPCDetailsEdit(
            backstory="A count of old",
            appearance="Pale, tall",
            voice="Slow and courtly",
            tactics="Charms the strongest first",
            avatar="https://example.com/strahd.png",
            faction="Von Zarovich",
        ),
    )
    await npcs.change_list(GUILD, strahd.id, "hook", add="Invites the party to dinner")
    await npcs.change_list(GUILD, strahd.id, "item", add="Holy Symbol of Ravenkind")
    await services.campaigns.add_quest(GUILD, "Escort Ireena")

    await services.sessions.start(GUILD, "Into the mists")
    monkeypatch.setattr(d20.expression, "random", Faces([20, 3]))
    await npcs.interact(
        GUILD,
        strahd.id,
        interaction_type="social",
        summary="Asked for passage",
        character=tess.id,
        change=4,
        logged_by=GM,
        details=InteractionDetails(
            roll="skill:persuasion",
            dc=15,
            consequence="The gates open",
            location="Castle gates",
            channel_id=CHANNEL,
        ),
    )
    await npcs.interact(
        GUILD,
        strahd.id,
        interaction_type="combat",
        summary="A sudden blow",
        character=tess.id,
        change=-6,
        logged_by=GM,
        details=InteractionDetails(roll="1d20+2", dc=12, channel_id=CHANNEL),
    )
    await npcs.log_speech(GUILD, strahd.id, "Welcome to my home.", logged_by=GM)
    await services.campaigns.complete_quest(GUILD, "Escort Ireena")
    encounters = services.encounters
    await encounters.start(GUILD, CHANNEL, GM)
    await encounters.join(GUILD, CHANNEL, OWNER, False, tess.id, initiative=15)
    await encounters.add(GUILD, CHANNEL, "Wolf", hp=5, initiative=10)
    for _ in range(3):
        await encounters.next_turn(GUILD, CHANNEL, GM, True)
    await encounters.hp(GUILD, CHANNEL, GM, True, "Wolf", 5)
    await encounters.end(GUILD, CHANNEL, GM)
    await services.sessions.note(GUILD, "Strahd watches from afar", secret=True)
    await services.sessions.note(GUILD, "Fog over the village")
    await services.sessions.end(GUILD, "They reached the church.")
    return campaign.id


async def _seen(services: Services, guild_id: int) -> dict[str, object]:
    """What the commands show of the active campaign: world, NPC card, history, recap, standings."""
    npcs = services.npcs
    _, [strahd] = await npcs.of_guild(guild_id)
    card = await npcs.get(guild_id, strahd.id)
    _, page = await npcs.history(guild_id, strahd.id)
    world = await services.world.show(guild_id, gm=True)
    recaps = [await services.sessions.recap(guild_id, 1, gm=gm) for gm in (False, True)]
    return {
        "world": [(f.fact, f.value, f.secret) for f in world.facts],
        "npc": (card.data, card.race, card.location, [(s.character_name, s.score) for s in card.standings]),
        "history": [
            (e.summary, e.rolls, e.consequences, e.location, e.character_name, e.relationship_change)
            for e in page.entries
        ],
        "recaps": [(r.prose, r.items) for r in recaps],
        "sessions": [
            (s.number, s.title, s.summary, s.notes) for s in (await services.sessions.list(guild_id)).sessions
        ],
    }


async def test_a_campaign_with_everything_survives_export_and_import(services, monkeypatch):
    transfer = services.campaign_transfer
    campaign_id = await _everything(services, monkeypatch)
    _, payload = await transfer.export(GUILD, campaign_id)
    document = json.loads(payload)
    data = document["campaign"]["data"]
    # The file holds all of it (a check of the test's own setup: nothing is missing to begin with).
    assert data["world_state"] == {"Baron": "dead", "Innkeeper": "a vampire spawn"}
    assert data["secret_facts"] == ["Innkeeper"]
    [session] = data["sessions"]
    assert [n["secret"] for n in session["notes"]] == [True, False]
    [fight] = data["fights"]
    assert (fight["rounds"], fight["downed"]) == (2, ["Wolf"])
    assert data["party"] == [document["characters"][0]["id"]]
    [strahd] = document["npcs"]
    assert strahd["data"]["tactics"] == "Charms the strongest first"
    assert strahd["data"]["quest_hooks"] == ["Invites the party to dinner"]
    rolled = [i["data"] for i in strahd["interactions"] if i["data"]["rolls"]]
    assert [r["rolls"][0]["dc"] for r in rolled] == [15, 12]
    assert rolled[0]["consequences"] == ["The gates open"] and rolled[0]["location"] == "Castle gates"
    assert [r["score"] for r in strahd["relationships"]] == [-2]
    before = await _seen(services, GUILD)

    imported = (await transfer.import_(OTHER_GUILD, payload, **IMPORTER)).campaign
    _, again = await transfer.export(OTHER_GUILD, imported.id)
    assert comparable(json.loads(again)) == comparable(document)
    await services.campaigns.use(OTHER_GUILD, imported.id)
    assert await _seen(services, OTHER_GUILD) == before
