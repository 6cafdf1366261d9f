"""/campaign through simcord: GM paths, player denials, bad input, confirm-delete, guild isolation."""

import json

import pytest
from simcord import assert_error

from bot.checks import NotGMError
from db.campaigns.templates import BUILTIN_TEMPLATES
from rules.errors import ConflictError, InvalidInputError, NotFoundError
from tests.helpers import assert_autocomplete_limits, make_gm_table


async def campaign_names(env, guild_id) -> list[str]:
    campaigns, _ = await env.bot.services.campaigns.of_guild(guild_id)
    return [c.name for c in campaigns]


async def test_gm_creates_the_first_campaign_which_becomes_active(env):
    table = await make_gm_table(env)
    result = await table.gm.slash(table.channel, "campaign create", name="Dragon Heist", setting="Waterdeep")
    assert "Dragon Heist" in result.response.embeds[0].title
    assert "active campaign" in result.response.embeds[0].description
    info = await table.player.slash(table.channel, "campaign info")
    embed = info.response.embeds[0]
    assert embed.title == "Dragon Heist (active)"
    fields = {f.name: f.value for f in embed.fields}
    assert (fields["Setting"], fields["Tone"], fields["NPCs"], fields["Characters"]) == (
        "Waterdeep",
        "heroic",
        "0",
        "0",
    )


async def test_create_from_a_template_copies_world_and_rules(env):
    table = await make_gm_table(env)
    template = BUILTIN_TEMPLATES[1]
    choices = await table.gm.autocomplete(table.channel, "campaign create", "template", "ash")
    assert_autocomplete_limits(choices)
    assert choices == [{"name": f"{template.name} (built-in)", "value": template.id}]
    await table.gm.slash(
        table.channel, "campaign create", name="Our Vale", setting="The vale", template=template.id
    )
    embeds = (await table.player.slash(table.channel, "campaign info")).response.embeds
    text = " ".join(f.value for e in embeds for f in e.fields) + " ".join(e.description or "" for e in embeds)
    assert template.rules[0][:40] in text
    assert template.world_description[:40] in text


async def test_tone_autocomplete_suggests_the_usual_tones(env):
    table = await make_gm_table(env)
    choices = await table.gm.autocomplete(table.channel, "campaign create", "tone", "")
    assert [c["value"] for c in choices] == ["heroic", "dark", "gritty", "comedic", "mystery", "horror"]
    assert [
        c["value"] for c in await table.gm.autocomplete(table.channel, "campaign create", "tone", "my")
    ] == ["mystery"]


async def test_players_cannot_create_use_edit_delete_or_manage_rules(env):
    table = await make_gm_table(env)
    await table.gm.slash(table.channel, "campaign create", name="Kept", setting="S")
    attempts = [
        ("campaign create", {"name": "Mine", "setting": "S"}),
        ("campaign use", {"campaign": "Kept"}),
        ("campaign edit", {"campaign": "Kept", "name": "Taken"}),
        ("campaign delete", {"campaign": "Kept"}),
        ("campaign save-template", {"campaign": "Kept"}),
        ("campaign rule add", {"text": "No"}),
        ("campaign rule remove", {"number": 1}),
        ("campaign export", {}),
        ("campaign import", {"file": ("c.json", b"{}")}),
    ]
    for command, options in attempts:
        result = await table.player.slash(table.channel, command, **options)
        assert result.ephemeral and "game master" in result.response.content, command
        assert_error(env, NotGMError)
    assert await campaign_names(env, table.guild.id) == ["Kept"]


async def test_bad_input_is_refused_with_clear_errors_and_writes_nothing(env):
    table = await make_gm_table(env)
    await table.gm.slash(table.channel, "campaign create", name="Unique", setting="S")
    duplicate = await table.gm.slash(table.channel, "campaign create", name="UNIQUE", setting="S")
    assert duplicate.ephemeral and "already has a campaign called Unique" in duplicate.response.content
    assert_error(env, ConflictError)
    blank = await table.gm.slash(table.channel, "campaign create", name="   ", setting="S")
    assert blank.ephemeral and "needs a name" in blank.response.content
    assert_error(env, InvalidInputError)
    unknown = await table.gm.slash(table.channel, "campaign use", campaign="Nowhere")
    assert unknown.ephemeral and "No campaign called “Nowhere”" in unknown.response.content
    assert_error(env, NotFoundError)
    nothing = await table.gm.slash(table.channel, "campaign edit", campaign="Unique")
    assert nothing.ephemeral and "Nothing to change" in nothing.response.content
    assert_error(env, InvalidInputError)
    assert await campaign_names(env, table.guild.id) == ["Unique"]


async def test_list_marks_the_active_campaign_and_use_switches_it(env):
    table = await make_gm_table(env)
    await table.gm.slash(table.channel, "campaign create", name="Alpha", setting="S")
    await table.gm.slash(table.channel, "campaign create", name="Beta", setting="S")
    choices = await table.gm.autocomplete(table.channel, "campaign use", "campaign", "")
    assert_autocomplete_limits(choices)
    assert [c["name"] for c in choices] == ["Alpha (active)", "Beta"]
    await table.gm.slash(table.channel, "campaign use", campaign=choices[1]["value"])
    listing = (await table.player.slash(table.channel, "campaign list")).response.embeds[0].description
    assert "▶ **Beta**" in listing and "▶ **Alpha**" not in listing


async def test_edit_changes_what_info_shows(env):
    table = await make_gm_table(env)
    await table.gm.slash(table.channel, "campaign create", name="Old", setting="S")
    await table.gm.slash(
        table.channel, "campaign edit", campaign="old", name="New", tone="horror", world_description="Fog."
    )
    embed = (await table.player.slash(table.channel, "campaign info")).response.embeds[0]
    fields = {f.name: f.value for f in embed.fields}
    assert embed.title == "New (active)" and fields["Tone"] == "horror" and fields["World"] == "Fog."


async def test_delete_asks_says_what_goes_and_only_the_invoker_may_confirm(env):
    table = await make_gm_table(env)
    await table.gm.slash(table.channel, "campaign create", name="Doomed", setting="S")
    question = await table.gm.slash(table.channel, "campaign delete", campaign="Doomed")
    assert (
        not question.ephemeral
        and "0 NPCs" in question.response.content
        and "cannot be undone" in question.response.content
    )
    intruder = await table.admin.click(question.response, label="Confirm")
    assert intruder.ephemeral and "belong to whoever ran the command" in intruder.response.content
    assert await campaign_names(env, table.guild.id) == ["Doomed"]
    done = await table.gm.click(question.response, label="Confirm")
    assert "Deleted **Doomed**" in done.response.content
    assert await campaign_names(env, table.guild.id) == []
    assert (await env.bot.services.guild_settings.get(table.guild.id)).active_campaign_id is None


async def test_delete_can_be_cancelled(env):
    table = await make_gm_table(env)
    await table.gm.slash(table.channel, "campaign create", name="Saved", setting="S")
    question = await table.gm.slash(table.channel, "campaign delete", campaign="Saved")
    cancelled = await table.gm.click(question.response, label="Cancel")
    assert "nothing was changed" in cancelled.response.content
    assert await campaign_names(env, table.guild.id) == ["Saved"]


@pytest.mark.simcord(settle_timeout=1)
async def test_delete_times_out_harmlessly(env):
    table = await make_gm_table(env)
    await table.gm.slash(table.channel, "campaign create", name="Lingering", setting="S")
    question = await table.gm.slash(table.channel, "campaign delete", campaign="Lingering")
    await env.advance_time(61)
    [message] = [m for m in table.channel.history() if m.id == question.response.id]
    assert message.content == "Timed out: nothing was changed."
    assert all(c.disabled for row in message.components for c in row.children)
    assert await campaign_names(env, table.guild.id) == ["Lingering"]


async def test_rules_are_numbered_in_info_and_removed_by_number(env):
    table = await make_gm_table(env)
    await table.gm.slash(table.channel, "campaign create", name="Ruled", setting="S")
    await table.gm.slash(table.channel, "campaign rule add", text="Potions are a bonus action")
    added = await table.gm.slash(table.channel, "campaign rule add", text="Flanking gives advantage")
    assert "House rule 2" in added.response.content
    fields = {
        f.name: f.value
        for f in (await table.player.slash(table.channel, "campaign info")).response.embeds[0].fields
    }
    assert fields["House rules"] == "1. Potions are a bonus action\n2. Flanking gives advantage"
    removed = await table.gm.slash(table.channel, "campaign rule remove", number=1)
    assert "Potions are a bonus action" in removed.response.content
    missing = await table.gm.slash(table.channel, "campaign rule remove", number=9)
    assert missing.ephemeral and "There is no rule 9" in missing.response.content
    assert_error(env, InvalidInputError)


async def test_templates_and_save_template(env):
    table = await make_gm_table(env)
    await table.gm.slash(table.channel, "campaign create", name="Homebrew World", setting="S")
    saved = await table.gm.slash(table.channel, "campaign save-template", campaign="Homebrew World")
    assert "Homebrew World (template)" in saved.response.embeds[0].title
    shown = await table.player.slash(table.channel, "campaign templates")
    titles = [shown.response.embeds[0].title]
    total = int(shown.response.embeds[0].footer.text.rsplit("/", 1)[1])
    message = shown.response
    for _ in range(total - 1):
        message = (await table.player.click(message, label="Next")).response
        titles.append(message.embeds[0].title)
    assert sorted(titles[: len(BUILTIN_TEMPLATES)]) == sorted(t.name for t in BUILTIN_TEMPLATES)
    assert "Homebrew World (template)" in titles


async def test_export_and_import_through_discord(env):
    table = await make_gm_table(env)
    await table.gm.slash(table.channel, "campaign create", name="Travelling", setting="S")
    await table.gm.slash(table.channel, "quest add", title="Go north")
    exported = await table.gm.slash(table.channel, "campaign export")
    assert exported.ephemeral
    [attachment] = exported.response.attachments
    assert attachment.filename == "travelling.json"
    payload = await attachment.read()
    assert json.loads(payload)["campaign"]["data"]["quests"][0]["title"] == "Go north"
    other = await make_gm_table(env, "Other")
    imported = await other.gm.slash(other.channel, "campaign import", file=("travelling.json", payload))
    assert "Imported **Travelling**" in imported.response.content
    assert await campaign_names(env, other.guild.id) == ["Travelling"]


async def test_import_refuses_a_bad_file(env):
    table = await make_gm_table(env)
    result = await table.gm.slash(table.channel, "campaign import", file=("x.json", b'{"campaign": 1}'))
    assert result.ephemeral and "not a campaign export" in result.response.content
    assert_error(env, InvalidInputError)
    assert await campaign_names(env, table.guild.id) == []


async def test_another_guilds_campaign_cannot_be_named_or_autocompleted(env):
    mine = await make_gm_table(env, "Mine")
    theirs = await make_gm_table(env, "Theirs")
    await theirs.gm.slash(theirs.channel, "campaign create", name="Secret Plot", setting="S")
    theirs_id = (await env.bot.services.campaigns.of_guild(theirs.guild.id))[0][0].id
    assert await mine.gm.autocomplete(mine.channel, "campaign use", "campaign", "secret") == []
    for command, options in [
        ("campaign info", {"campaign": theirs_id}),
        ("campaign use", {"campaign": "Secret Plot"}),
        ("campaign edit", {"campaign": theirs_id, "name": "Mine now"}),
        ("campaign delete", {"campaign": theirs_id}),
        ("campaign export", {"campaign": theirs_id}),
    ]:
        result = await mine.gm.slash(mine.channel, command, **options)
        assert result.ephemeral and "No campaign called" in result.response.content, command
        assert_error(env, NotFoundError)
    listing = await mine.player.slash(mine.channel, "campaign list")
    assert "no campaigns yet" in listing.response.content
    assert_error(env, NotFoundError)
    assert await campaign_names(env, theirs.guild.id) == ["Secret Plot"]


async def test_an_import_says_it_took_standings_from_the_log(env):
    table = await make_gm_table(env)
    await table.gm.slash(table.channel, "campaign create", name="Travelling", setting="S")
    await table.gm.slash(table.channel, "npc create", name="Bob")
    await table.player.slash(table.channel, "character create", name="Tess")
    await table.gm.slash(
        table.channel, "npc interact", npc="Bob", type="social", summary="Hi", character="Tess", change=10
    )
    exported = await table.gm.slash(table.channel, "campaign export")
    document = json.loads(await exported.response.attachments[0].read())
    document["npcs"][0]["relationships"][0]["score"] = 90
    other = await make_gm_table(env, "Other")
    imported = await other.gm.slash(
        other.channel, "campaign import", file=("travelling.json", json.dumps(document).encode())
    )
    reply = imported.response.content
    assert imported.ephemeral and "recomputed from the interaction log" in reply
    assert "Bob toward Tess: 90 in the file, 10 logged" in reply
    card = await other.gm.slash(other.channel, "npc relationships", npc="Bob")
    assert "10" in card.response.embeds[0].description and "90" not in card.response.embeds[0].description
