"""/config through simcord: admins configure, others are denied, bad input is refused."""

import pytest
from simcord import SetupError, assert_error

from bot.checks import NotAdminError, NotGMError
from db.services import GuildSettingsService
from rules.errors import InvalidInputError
from tests.helpers import make_gm_table, make_table


def guild_settings(env) -> GuildSettingsService:
    return env.bot.services.guild_settings


async def test_show_defaults_for_a_new_guild(env):
    table = make_table(env)
    result = await table.admin.slash(table.channel, "config show")
    assert result.ephemeral
    fields = {f.name: f.value for f in result.response.embeds[0].fields}
    assert fields["Default ruleset"] == "2024"
    assert fields["Spell visibility"] == "public"
    assert fields["GM role"].startswith("not set")
    assert fields["Active campaign"] == "none"


async def test_admin_sets_gm_role_and_it_is_stored(env):
    table = make_table(env)
    result = await table.admin.slash(table.channel, "config gm-role", role=table.gm_role)
    assert result.ephemeral
    assert f"<@&{table.gm_role.id}>" in result.response.embeds[0].fields[0].value
    stored = await guild_settings(env).get(table.guild.id)
    assert stored.gm_role_id == table.gm_role.id


async def test_admin_sets_ruleset_and_visibility(env):
    table = make_table(env)
    await table.admin.slash(table.channel, "config ruleset", ruleset="2014")
    result = await table.admin.slash(table.channel, "config spell-visibility", visibility="private")
    assert "private" in result.response.embeds[0].title
    stored = await guild_settings(env).get(table.guild.id)
    assert (stored.ruleset, stored.spell_visibility) == ("2014", "private")
    shown = await table.admin.slash(table.channel, "config show")
    fields = {f.name: f.value for f in shown.response.embeds[0].fields}
    assert (fields["Default ruleset"], fields["Spell visibility"]) == ("2014", "private")


@pytest.mark.parametrize(
    "command", ["config show", "config ruleset", "config spell-visibility", "config gm-role"]
)
async def test_config_is_hidden_from_members_without_manage_server(env, command):
    table = make_table(env)
    assert not any(name.startswith("config") for name in table.player.available_commands(table.channel))
    assert "config show" in table.admin.available_commands(table.channel)
    with pytest.raises(SetupError, match="not visible"):
        await table.player.slash(table.channel, command)


async def test_runtime_check_denies_non_admin_even_when_the_command_is_made_visible(env):
    table = make_table(env)
    config_id = next(c.id for c in await env.bot.tree.fetch_commands() if c.name == "config")
    # A server can override default permissions and show /config to a role; our check still holds.
    table.guild.set_command_permissions(config_id, {table.gm_role: True})
    result = await table.gm.slash(table.channel, "config ruleset", ruleset="2014")
    assert result.ephemeral
    assert "Manage Server" in result.response.content
    assert_error(env, NotAdminError)
    assert (await guild_settings(env).get(table.guild.id)).ruleset == "2024"


async def test_everyone_role_is_refused_as_gm_role_and_nothing_is_written(env):
    table = make_table(env)
    result = await table.admin.slash(table.channel, "config gm-role", role=table.guild.default_role)
    assert result.ephemeral
    assert "@everyone" in result.response.content
    assert_error(env, InvalidInputError)
    assert (await guild_settings(env).get(table.guild.id)).gm_role_id is None


async def test_role_of_another_guild_is_refused(env):
    table = make_table(env)
    other = env.create_guild("Elsewhere")
    foreign_role = other.create_role("GM")
    try:
        result = await table.admin.slash(table.channel, "config gm-role", role=foreign_role)
    except SetupError:
        # simcord itself refuses a foreign role, as Discord's client would: nothing reached the bot.
        pass
    else:
        assert result.ephemeral
        assert "not a role of this server" in result.response.content
        assert_error(env, InvalidInputError)
    assert (await guild_settings(env).get(table.guild.id)).gm_role_id is None


async def test_settings_of_one_guild_are_invisible_to_another(env):
    first = make_table(env, "First")
    second = make_table(env, "Second")
    await first.admin.slash(first.channel, "config ruleset", ruleset="2014")
    await first.admin.slash(first.channel, "config gm-role", role=first.gm_role)
    shown = await second.admin.slash(second.channel, "config show")
    fields = {f.name: f.value for f in shown.response.embeds[0].fields}
    assert fields["Default ruleset"] == "2024"
    assert fields["GM role"].startswith("not set")


async def test_a_new_gm_role_counts_at_once_though_the_old_one_was_cached(env):
    table = await make_gm_table(env)
    await table.gm.slash(table.channel, "campaign create", name="Kept", setting="S")  # role now cached
    new_role = table.guild.create_role("Dungeon Master")
    new_gm = table.guild.add_member(env.create_user("new-gm"), roles=[new_role])
    await table.admin.slash(table.channel, "config gm-role", role=new_role)
    refused = await table.gm.slash(table.channel, "campaign use", campaign="Kept")
    assert refused.ephemeral and "game master" in refused.response.content
    assert_error(env, NotGMError)
    used = await new_gm.slash(table.channel, "campaign use", campaign="Kept")
    assert "game master" not in used.response.content
