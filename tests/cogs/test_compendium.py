"""/monster, /monsters, /condition and /item through simcord."""

import re

import pytest
from simcord import assert_error

from rules.errors import InvalidInputError, NotFoundError
from tests.helpers import assert_autocomplete_limits, make_table

MARKUP = re.compile(r"\[\[|\]\]|@[A-Za-z]+\[|&[A-Za-z]+\[|&amp;|<[a-z/]")


async def test_2014_goblin_stat_block(env):
    table = make_table(env)
    await table.admin.slash(table.channel, "config ruleset", ruleset="2014")
    result = await table.player.slash(table.channel, "monster", name="goblin")
    assert not result.ephemeral
    card = result.response.embeds[0]
    assert card.title == "Goblin (2014)"
    text = card.description
    assert "**Armor Class** 15" in text and "**Hit Points** 7 (2d6)" in text
    assert "**Challenge** 1/4 (XP 50; PB +2)" in text
    assert "***Scimitar.*** Melee Weapon Attack: +4 to hit" in text
    assert "System Reference Document 5.1" in card.footer.text and "CC-BY-4.0" in card.footer.text


async def test_long_stat_block_pages_and_nothing_is_cut(env):
    table = make_table(env)
    result = await table.player.slash(table.channel, "monster", name="Lich", ruleset="2024")
    card = result.response.embeds[0]
    assert "**Initiative** +17 (27)" in card.description
    assert "**Hit Points** 315 (42d8 + 126)" in card.description
    assert "System Reference Document 5.2" in card.footer.text


async def test_2024_stat_block_has_no_markup(env):
    table = make_table(env)
    result = await table.player.slash(table.channel, "monster", name="Adult Red Dragon", ruleset="2024")
    text = result.response.embeds[0].description
    assert "Rend.*** Melee Attack Roll: +14, reach 10 ft. Hit: 13 (1d10 + 8) Slashing damage" in text
    assert not MARKUP.search(text)


async def test_monster_autocomplete_puts_the_guilds_ruleset_first(env):
    table = make_table(env)
    await table.admin.slash(table.channel, "config ruleset", ruleset="2014")
    choices = await table.player.autocomplete(table.channel, "monster", "name", "goblin")
    assert_autocomplete_limits(choices)
    assert choices[0]["name"] == "Goblin - CR 1/4 humanoid (2014)"
    assert any(c["name"].startswith("Goblin Warrior") and c["name"].endswith("(2024)") for c in choices)
    picked = await table.player.slash(table.channel, "monster", name=choices[0]["value"])
    assert picked.response.embeds[0].title == "Goblin (2014)"


async def test_name_only_in_the_other_ruleset_says_which(env):
    table = make_table(env)
    await table.admin.slash(table.channel, "config ruleset", ruleset="2024")
    result = await table.player.slash(table.channel, "monster", name="Goblin")
    assert result.ephemeral
    assert "only the 2014 rules have one" in result.response.content
    assert_error(env, NotFoundError)


async def test_a_pick_from_the_other_ruleset_shows_it(env):
    table = make_table(env)
    choices = await table.player.autocomplete(table.channel, "monster", "name", "goblin")
    picked = next(c for c in choices if c["name"].startswith("Goblin - "))
    result = await table.player.slash(table.channel, "monster", name=picked["value"])
    assert result.response.embeds[0].title == "Goblin (2014)"
    explicit = await table.player.slash(table.channel, "monster", name=picked["value"], ruleset="2024")
    assert explicit.ephemeral and "only the 2014 rules have one" in explicit.response.content
    assert_error(env, NotFoundError)


async def test_unknown_monster_gets_suggestions(env):
    table = make_table(env)
    result = await table.player.slash(table.channel, "monster", name="gobblin warior")
    assert result.ephemeral and "Did you mean" in result.response.content
    assert "Goblin Warrior" in result.response.content
    assert_error(env, NotFoundError)


async def test_monsters_lists_with_a_count(env):
    table = make_table(env)
    result = await table.player.slash(table.channel, "monsters", cr="1/4", type="humanoid", ruleset="2014")
    card = result.response.embeds[0]
    assert re.match(r"\d+ monsters \(2014 rules\)", card.title)
    assert "**Goblin** — CR 1/4 Small humanoid, AC 15, HP 7" in card.description


async def test_monsters_refuses_a_bad_cr(env):
    table = make_table(env)
    result = await table.player.slash(table.channel, "monsters", cr="7/3")
    assert result.ephemeral and "not a challenge rating" in result.response.content
    assert_error(env, InvalidInputError)


async def test_monsters_with_no_match(env):
    table = make_table(env)
    result = await table.player.slash(table.channel, "monsters", query="zzzz")
    assert result.ephemeral and "No 2024 monster" in result.response.content
    assert_error(env, NotFoundError)


@pytest.mark.parametrize(("ruleset", "needle"), [("2014", "six levels"), ("2024", "Exhaustion level")])
async def test_condition_in_each_ruleset(env, ruleset, needle):
    table = make_table(env)
    result = await table.player.slash(table.channel, "condition", name="exhaustion", ruleset=ruleset)
    card = result.response.embeds[0]
    assert card.title == f"Exhaustion ({ruleset})" and needle in card.description
    choices = await table.player.autocomplete(table.channel, "condition", "name", "gra")
    assert choices[0]["name"].startswith("Grappled")


async def test_unknown_condition(env):
    table = make_table(env)
    result = await table.player.slash(table.channel, "condition", name="sleepy")
    assert result.ephemeral and "No 2024 condition" in result.response.content
    assert_error(env, NotFoundError)


async def test_magic_item_shows_rarity_and_attunement(env):
    table = make_table(env)
    result = await table.player.slash(table.channel, "item", name="Holy Avenger", ruleset="2014")
    text = result.response.embeds[0].description
    assert text.startswith("*Weapon (any sword), Legendary (requires attunement by a paladin)*")


async def test_equipment_shows_cost_weight_damage_and_properties(env):
    table = make_table(env)
    result = await table.player.slash(table.channel, "item", name="longsword", ruleset="2024")
    text = result.response.embeds[0].description
    assert "**Damage** 1d8 Slashing (1d10 two-handed)" in text
    assert "**Cost** 15 gp" in text and "**Weight** 3 lb." in text and "Versatile" in text
    armor = await table.player.slash(table.channel, "item", name="chain mail", ruleset="2014")
    assert "**Armor Class** 16" in armor.response.embeds[0].description


async def test_unknown_item(env):
    table = make_table(env)
    result = await table.player.slash(table.channel, "item", name="Beholder Eye Wand Ultra")
    assert result.ephemeral and result.response.content.startswith("No 2024 item")
    assert_error(env, NotFoundError)
