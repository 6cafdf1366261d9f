"""/campaign edit feedback and clearing, blank imported names, plurals, public changes, footers, titles.

Issue 16, items 9-11.
"""

import json

from simcord import assert_error

from rules.errors import InvalidInputError
from tests.helpers import database_fingerprint, make_campaign_table, make_gm_table


async def test_edit_says_what_changed_and_a_dash_clears_an_optional_field(env):
    table = await make_campaign_table(env)
    await table.gm.slash(table.channel, "campaign edit", campaign="Saga", world_description="A wide sea.")
    edited = await table.gm.slash(
        table.channel, "campaign edit", campaign="Saga", name="Epic", world_description="-", tone="grim"
    )
    text = edited.response.embeds[0].description
    assert "Saga → Epic" in text and "world description: cleared" in text.lower() and "grim" in text
    info = await env.bot.services.campaigns.info(table.guild.id, "Epic")
    assert info.campaign.world_description is None and info.campaign.tone == "grim"


async def test_a_blank_optional_field_points_to_the_dash(env):
    table = await make_campaign_table(env)
    before = await database_fingerprint(env)
    blank = await table.gm.slash(table.channel, "campaign edit", campaign="Saga", world_description="   ")
    assert blank.ephemeral and "`-`" in blank.response.content
    assert_error(env, InvalidInputError)
    assert await database_fingerprint(env) == before


async def test_import_refuses_a_blank_campaign_name_as_create_does(env):
    table = await make_campaign_table(env)
    exported = await table.gm.slash(table.channel, "campaign export")
    document = json.loads(await exported.response.attachments[0].read())
    document["campaign"]["name"] = "   "
    other = await make_gm_table(env, "Other")
    before = await database_fingerprint(env)
    result = await other.gm.slash(
        other.channel, "campaign import", file=("blank.json", json.dumps(document).encode())
    )
    assert "needs a name" in result.followups[-1].content if result.followups else result.response.content
    assert_error(env, InvalidInputError)
    assert await database_fingerprint(env) == before


async def test_counts_of_one_are_singular(env):
    table = await make_campaign_table(env)
    await table.gm.slash(table.channel, "npc create", name="Bob")
    await table.player.slash(table.channel, "character create", name="Tess")
    await table.gm.slash(
        table.channel, "npc interact", npc="Bob", type="social", summary="Hi", character="Tess"
    )
    asked = await table.gm.slash(table.channel, "campaign delete", campaign="Saga")
    question = asked.response.content
    assert "its 1 NPC and their 1 logged interaction," in question and "Its 1 character is kept" in question
    deleted = await table.gm.click(asked.response, label="Confirm")
    assert "with 1 NPC and 1 logged interaction." in deleted.response.content


async def test_house_rules_are_posted_publicly_like_quests(env):
    table = await make_campaign_table(env)
    added = await table.gm.slash(table.channel, "campaign rule add", text="Crits explode")
    assert not added.ephemeral
    removed = await table.gm.slash(table.channel, "campaign rule remove", number=1)
    assert not removed.ephemeral
    quest = await table.gm.slash(table.channel, "quest add", title="Find the key")
    assert not quest.ephemeral


async def test_footers_show_no_raw_ids_and_titles_escape_names(env):
    table = await make_campaign_table(env, campaign="**Bold** Saga")
    info = (await table.player.slash(table.channel, "campaign info")).response.embeds[0]
    assert info.title == "\\*\\*Bold\\*\\* Saga (active)"
    assert "id" not in (info.footer.text or "").split()
    await table.player.slash(table.channel, "character create", name="_Tess_")
    sheet = (await table.player.slash(table.channel, "character show")).response.embeds[0]
    assert sheet.title == "\\_Tess\\_"
    assert str(table.player.id) not in (sheet.footer.text or "")
    assert f"<@{table.player.id}>" in {f.name: f.value for f in sheet.fields}["Player"]
