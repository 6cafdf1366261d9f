"""Secret rolls through simcord: /config gm-channel, /roll secret, a GM's secret /character roll, /rolls."""

from simcord import assert_error

from bot.checks import NotAdminError
from rules.errors import ForbiddenError, InvalidInputError
from tests.helpers import database_fingerprint, make_campaign_table


async def secret_table(env):
    table = await make_campaign_table(env)
    gm_room = table.guild.create_text_channel("gm-only")
    set_it = await table.admin.slash(table.channel, "config gm-channel", channel=gm_room)
    assert set_it.ephemeral and "GM channel set to #gm-only" in set_it.response.embeds[0].title
    return table, gm_room


async def test_only_admins_set_the_gm_channel(env):
    table = await make_campaign_table(env)
    room = table.guild.create_text_channel("gm-only")
    config_id = next(c.id for c in await env.bot.tree.fetch_commands() if c.name == "config")
    table.guild.set_command_permissions(config_id, {table.gm_role: True})  # shown; our check still holds
    denied = await table.gm.slash(table.channel, "config gm-channel", channel=room)
    assert denied.ephemeral
    assert_error(env, NotAdminError)
    shown = await table.admin.slash(table.channel, "config show")
    fields = {f.name: f.value for f in shown.response.embeds[0].fields}
    assert fields["GM channel"].startswith("not set")


async def test_secret_roll_goes_to_the_gm_channel_only_and_the_roller_is_told(env):
    table, gm_room = await secret_table(env)
    before = len(table.channel.history())
    result = await table.player.slash(table.channel, "roll", expression="1d20+3", secret=True)
    assert result.ephemeral and "Rolled in secret" in result.response.content
    assert len(table.channel.history()) == before  # nothing public
    [posted] = gm_room.history()
    assert "Secret roll" in posted.content and "1d20 (" in posted.content
    # Kept in /rolls: the GM sees it, the player (even the roller) does not.
    gm_view = await table.gm.slash(table.channel, "rolls")
    assert "🔒" in gm_view.response.embeds[0].description
    player_view = await table.player.slash(table.channel, "rolls")
    assert player_view.response.content.startswith("Nobody has rolled")


async def test_secret_roll_without_a_gm_channel_is_refused_and_nothing_kept(env):
    table = await make_campaign_table(env)
    before = await database_fingerprint(env)
    result = await table.player.slash(table.channel, "roll", expression="1d20", secret=True)
    assert result.ephemeral and "/config gm-channel" in result.response.content
    assert_error(env, InvalidInputError)
    assert await database_fingerprint(env) == before


async def test_a_gm_rolls_any_character_in_secret_and_a_player_may_not(env):
    table, gm_room = await secret_table(env)
    await table.player.slash(table.channel, "character create", name="Bruna")
    result = await table.gm.slash(
        table.channel, "character roll", character="Bruna", roll="perception", secret=True
    )
    assert result.ephemeral and "Rolled in secret" in result.response.content
    [posted] = gm_room.history()
    assert "Bruna: Perception (WIS)" in posted.content
    other = table.guild.add_member(env.create_user("olaf"))
    denied = await other.slash(
        table.channel, "character roll", character="Bruna", roll="perception", secret=True
    )
    assert denied.ephemeral and "only for your own characters" in denied.response.content
    assert_error(env, ForbiddenError)
    [kept] = await env.bot.services.dice.recent(table.guild.id)
    assert kept.secret and kept.user_id == table.gm.id
