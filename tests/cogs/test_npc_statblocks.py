"""/npc statblock, /npc attack and the GM-only stat block of /npc show, through simcord."""

import pytest
from simcord import assert_error

from bot.checks import NotGMError
from rules.errors import InvalidInputError, NotFoundError
from tests.helpers import make_campaign_table


@pytest.fixture
def settings(backend_settings):  # the stat block is written to the database: both backends
    return backend_settings


async def mira_table(env, name="Table"):
    table = await make_campaign_table(env, name)
    await table.gm.slash(table.channel, "npc create", name="Captain Mira", occupation="Guard captain")
    return table


def everything(result) -> str:
    return str([e.to_dict() for e in result.response.embeds]) + str(result.response.content)


async def test_gm_gives_an_npc_a_veterans_stat_block_with_overrides(env):
    table = await mira_table(env)
    choices = await table.gm.autocomplete(table.channel, "npc statblock", "monster", "veteran")
    veteran = next(
        c for c in choices if c["name"].startswith("Veteran - ")
    )  # 2014's; 2024 has Warrior Veteran
    result = await table.gm.slash(
        table.channel, "npc statblock", npc="Captain Mira", monster=veteran["value"], hp=80, ac=18
    )
    assert result.ephemeral
    assert result.response.content.startswith(
        "**Captain Mira** now uses the Veteran stat block (2014) with HP 80, AC 18"
    )
    gm_view = await table.gm.slash(table.channel, "npc show", npc="Captain Mira")
    assert gm_view.ephemeral
    fields = {f.name: f.value for f in gm_view.response.embeds[0].fields}
    assert fields["Stat block"].startswith("AC 18 · HP 80")


async def test_2014_veteran_longsword_attack_kept_for_the_gm_only(env):
    table = await mira_table(env)
    await table.admin.slash(table.channel, "config ruleset", ruleset="2014")
    await table.gm.slash(table.channel, "npc statblock", npc="Captain Mira", monster="Veteran")
    choices = await table.gm.autocomplete(table.channel, "npc attack", "action", "long", npc="Captain Mira")
    assert choices[0]["name"] == "Longsword - +5 to hit, 1d8 + 3 slashing"
    result = await table.gm.slash(table.channel, "npc attack", npc="Captain Mira", action="Longsword")
    assert result.ephemeral
    embed = result.response.embeds[0]
    fields = {f.name: f.value for f in embed.fields}
    assert fields["To hit"].startswith("1d20 (") and "+ 5" in fields["To hit"]
    assert fields["Slashing"].startswith("1d8 (") and "+ 3" in fields["Slashing"]
    gm_rolls = await table.gm.slash(table.channel, "rolls")
    assert "Captain Mira: Longsword" in everything(gm_rolls)
    player_rolls = await table.player.slash(table.channel, "rolls", member=table.gm)
    assert "Longsword" not in everything(player_rolls)


async def test_players_never_see_ac_hp_or_actions(env):
    table = await mira_table(env)
    await table.gm.slash(table.channel, "npc statblock", npc="Captain Mira", monster="Warrior Veteran")
    player_view = await table.player.slash(table.channel, "npc show", npc="Captain Mira")
    shown = everything(player_view)
    assert "Captain Mira" in shown
    for secret in ("AC ", "HP ", "Stat block", "Armor Class", "Greatsword", "Hit Points"):
        assert secret not in shown


async def test_players_may_not_set_stat_blocks_or_attack(env):
    table = await mira_table(env)
    await table.player.slash(table.channel, "npc statblock", npc="Captain Mira", monster="Veteran")
    assert_error(env, NotGMError)
    await table.player.slash(table.channel, "npc attack", npc="Captain Mira", action="Longsword")
    assert_error(env, NotGMError)
    choices = await table.player.autocomplete(table.channel, "npc attack", "action", "", npc="Captain Mira")
    assert choices == []


async def test_unknown_monster_writes_nothing(env):
    table = await mira_table(env)
    result = await table.gm.slash(table.channel, "npc statblock", npc="Captain Mira", monster="Beholder")
    assert result.ephemeral and "No 2024 monster" in result.response.content
    assert_error(env, NotFoundError)
    gm_view = await table.gm.slash(table.channel, "npc show", npc="Captain Mira")
    assert "Stat block" not in {f.name for f in gm_view.response.embeds[0].fields}


async def test_attack_without_stat_block_or_unknown_action(env):
    table = await mira_table(env)
    result = await table.gm.slash(table.channel, "npc attack", npc="Captain Mira", action="Longsword")
    assert result.ephemeral and "no stat block" in result.response.content
    assert_error(env, NotFoundError)
    await table.gm.slash(table.channel, "npc statblock", npc="Captain Mira", monster="Warrior Veteran")
    result = await table.gm.slash(table.channel, "npc attack", npc="Captain Mira", action="Fireball")
    assert result.ephemeral and "has no action" in result.response.content
    assert_error(env, InvalidInputError)


async def test_another_guild_cannot_use_or_see_the_npc(env):
    table = await mira_table(env, "One")
    await table.gm.slash(table.channel, "npc statblock", npc="Captain Mira", monster="Warrior Veteran")
    other = await make_campaign_table(env, "Two")
    result = await other.gm.slash(other.channel, "npc attack", npc="Captain Mira", action="Greatsword")
    assert result.ephemeral
    assert_error(env, NotFoundError)
