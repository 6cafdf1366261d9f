"""/spell and /spells through simcord."""

import pytest
from simcord import assert_error

from rules.errors import NotFoundError
from tests.helpers import assert_autocomplete_limits, make_table


def fields(embed) -> dict[str, str]:
    return {f.name: f.value for f in embed.fields}


@pytest.mark.parametrize("ruleset", ["2014", "2024"])
async def test_fireball_card_in_each_ruleset(env, ruleset):
    table = make_table(env)
    await table.admin.slash(table.channel, "config ruleset", ruleset=ruleset)
    result = await table.player.slash(table.channel, "spell", name="fireball")
    assert not result.ephemeral
    card = result.response.embeds[0]
    assert card.title == "Fireball"
    assert card.description.startswith("*3rd-level Evocation*")
    info = fields(card)
    assert info["Range"] == "150 feet"
    assert info["Damage"].startswith("8d6")
    assert info["Save"] == "Dexterity"
    assert info["Classes"] == "Sorcerer, Wizard"
    assert info["Components"].startswith("V, S, M (")
    heading = "At Higher Levels." if ruleset == "2014" else "Using a Higher-Level Spell Slot."
    assert f"**{heading}**" in card.description
    srd = "5.1" if ruleset == "2014" else "5.2"
    assert f"System Reference Document {srd}" in card.footer.text and "CC-BY-4.0" in card.footer.text


async def test_cure_wounds_differs_between_rulesets(env):
    table = make_table(env)
    old = await table.player.slash(table.channel, "spell", name="Cure Wounds", ruleset="2014")
    new = await table.player.slash(table.channel, "spell", name="Cure Wounds", ruleset="2024")
    assert "1d8" in old.response.embeds[0].description
    assert "2d8" in new.response.embeds[0].description
    assert old.response.embeds[0].footer.text != new.response.embeds[0].footer.text


async def test_autocomplete_picks_by_id_and_respects_the_limits(env):
    table = make_table(env)
    choices = await table.player.autocomplete(table.channel, "spell", "name", "fire")
    assert_autocomplete_limits(choices)
    assert choices[0]["name"] == "Fire Bolt - Evocation cantrip (2024)"
    assert any(c["name"] == "Fireball - 3rd-level Evocation (2014)" for c in choices)
    everything = await table.player.autocomplete(table.channel, "spell", "name", "")
    assert len(everything) == 25
    assert_autocomplete_limits(everything)
    result = await table.player.slash(table.channel, "spell", name=choices[0]["value"])
    assert result.response.embeds[0].title == "Fire Bolt"


async def test_autocomplete_orders_by_the_guilds_ruleset(env):
    table = make_table(env)
    await table.admin.slash(table.channel, "config ruleset", ruleset="2014")
    choices = await table.player.autocomplete(table.channel, "spell", "name", "fireball")
    assert choices[0]["name"].endswith("(2014)")


@pytest.mark.parametrize("typo", ["firebal", "fierball", "FIREBALL"])
async def test_typed_names_and_typos_resolve(env, typo):
    table = make_table(env)
    result = await table.player.slash(table.channel, "spell", name=typo)
    assert result.response.embeds[0].title == "Fireball"


async def test_magic_misile_resolves(env):
    table = make_table(env)
    result = await table.player.slash(table.channel, "spell", name="magic misile")
    assert result.response.embeds[0].title == "Magic Missile"


async def test_ambiguous_input_offers_a_select_and_picking_shows_the_card(env):
    table = make_table(env)
    result = await table.player.slash(table.channel, "spell", name="wall of")
    assert result.ephemeral
    options = [
        o["label"] for row in result.response.components for c in row["components"] for o in c["options"]
    ]
    assert len(options) >= 2 and all(len(o) <= 100 for o in options)
    value = next(
        o["value"]
        for row in result.response.components
        for c in row["components"]
        for o in c["options"]
        if o["label"].startswith("Wall of Fire")
    )
    picked = await table.player.select(result.response, [value])
    assert picked.response.embeds[0].title == "Wall of Fire"


async def test_unknown_spell_gets_an_ephemeral_answer_with_suggestions(env):
    table = make_table(env)
    result = await table.player.slash(table.channel, "spell", name="fireblast of doom")
    assert result.ephemeral
    assert result.response.content.startswith("No spell named “fireblast of doom”")
    assert_error(env, NotFoundError)


async def test_nonsense_gets_no_spell_reply(env):
    table = make_table(env)
    result = await table.player.slash(table.channel, "spell", name="zzzzqqqq")
    assert result.ephemeral and "No spell named" in result.response.content
    assert_error(env, NotFoundError)


def embed_size(embed) -> int:
    return (
        len(embed.title or "")
        + len(embed.description or "")
        + len(embed.footer.text or "")
        + sum(len(f.name) + len(f.value) for f in embed.fields)
    )


def squash(text: str) -> str:
    return "".join(text.split())


async def longest_srd_spell(env):
    spells = env.bot.services.spells
    views = [await spells.get(e.id, 0) for e in spells.cache.visible(None)]
    return max(views, key=lambda v: len(v.description) + len(v.higher_levels or ""))


async def test_the_longest_srd_card_fits_discord_and_nothing_is_cut(env):
    biggest = await longest_srd_spell(env)
    table = make_table(env)
    result = await table.player.slash(table.channel, "spell", name=biggest.id)
    card = result.response.embeds[0]
    assert len(card.description) <= 4096 and embed_size(card) <= 6000
    # It fits on one page, whole: the end of its text and of its higher-level text are there.
    assert "page" not in card.footer.text
    assert squash(biggest.description)[-300:] in squash(card.description)
    assert squash(biggest.higher_levels or "")[-100:] in squash(card.description)


async def test_a_long_card_pages_with_buttons_and_loses_nothing(env):
    table = make_table(env)
    await table.admin.slash(table.channel, "config gm-role", role=table.gm_role)
    description = " ".join(f"Sentence {i} of a very long homebrew spell." for i in range(95))
    higher = " ".join(f"Upcast line {i}." for i in range(120))
    await table.gm.slash(
        table.channel,
        "homebrew add",
        name="Endless Lecture",
        level=9,
        school="Enchantment",
        description=description[:4000],
        higher_levels=higher[:2000],
    )
    result = await table.player.slash(table.channel, "spell", name="Endless Lecture")
    first = result.response.embeds[0]
    assert first.title == "Endless Lecture (homebrew)"
    total = int(first.footer.text.rsplit("/", 1)[1])
    assert total >= 2 and first.footer.text.endswith(f"page 1/{total}")
    seen, message = [first], result.response
    for page in range(2, total + 1):
        clicked = await table.player.click(message, label="Next")
        message = clicked.response
        assert message.embeds[0].footer.text.endswith(f"page {page}/{total}")
        seen.append(message.embeds[0])
    for embed in seen:
        assert len(embed.description) <= 4096 and embed_size(embed) <= 6000
    shown = squash("".join(e.description for e in seen))
    assert squash(description[:4000]) in shown and squash(higher[:2000]) in shown
    back = await table.player.click(message, label="Previous")
    assert back.response.embeds[0].footer.text.endswith(f"page {total - 1}/{total}")


async def test_only_the_asker_can_turn_pages(env):
    table = make_table(env)
    await table.admin.slash(table.channel, "config gm-role", role=table.gm_role)
    await table.gm.slash(
        table.channel,
        "homebrew add",
        name="Long Talk",
        level=1,
        school="Illusion",
        description="Words. " * 570,
        higher_levels="More words. " * 160,
    )
    result = await table.player.slash(table.channel, "spell", name="Long Talk")
    other = await table.gm.click(result.response, label="Next")
    assert other.ephemeral and "belong to whoever ran the command" in other.response.content


async def test_private_visibility_with_share(env):
    table = make_table(env)
    await table.admin.slash(table.channel, "config spell-visibility", visibility="private")
    result = await table.player.slash(table.channel, "spell", name="fireball")
    assert result.ephemeral
    shared = await table.player.click(result.response, label="Share")
    assert not shared.ephemeral
    assert shared.response.embeds[0].title == "Fireball"
    assert table.player.mention in shared.response.content


async def test_public_cards_have_no_share_button(env):
    table = make_table(env)
    result = await table.player.slash(table.channel, "spell", name="fireball")
    labels = [c.get("label") for row in result.response.components for c in row["components"]]
    assert "Share" not in labels


async def test_spells_filters_and_counts(env):
    table = make_table(env)
    result = await table.player.slash(
        table.channel, "spells", **{"class": "Wizard"}, level=3, school="Evocation"
    )
    embed = result.response.embeds[0]
    assert embed.title.endswith("(2024 rules)")
    count = int(embed.title.split()[0])
    assert count >= 3 and "**Fireball**" in embed.description
    assert "Cure Wounds" not in embed.description


async def test_spells_ritual_filter_and_paging(env):
    table = make_table(env)
    result = await table.player.slash(table.channel, "spells", ritual=True)
    embed = result.response.embeds[0]
    count = int(embed.title.split()[0])
    assert count > 20 and embed.footer.text.endswith(f"page 1/{(count + 19) // 20}")
    assert all("ritual" in line for line in embed.description.splitlines())
    following = await table.player.click(result.response, label="Next")
    assert following.response.embeds[0].footer.text.startswith("Use /spell")


async def test_spells_with_no_match_says_so(env):
    table = make_table(env)
    result = await table.player.slash(table.channel, "spells", query="no such spell at all")
    assert result.ephemeral and "No 2024 spell matches" in result.response.content
    assert_error(env, NotFoundError)


async def test_spells_class_autocomplete(env):
    table = make_table(env)
    choices = await table.player.autocomplete(table.channel, "spells", "class", "wiz")
    assert_autocomplete_limits(choices)
    assert [c["value"] for c in choices] == ["Wizard"]


# --- issue 16 -----------------------------------------------------------------------------------


@pytest.mark.parametrize("ruleset", ["2014", "2024"])
async def test_an_autocomplete_label_typed_by_hand_is_found(env, ruleset):
    table = make_table(env)
    label = f"Fireball - 3rd-level Evocation ({ruleset})"
    result = await table.player.slash(table.channel, "spell", name=label)
    card = result.response.embeds[0]
    assert card.title == "Fireball"
    assert f"System Reference Document {'5.1' if ruleset == '2014' else '5.2'}" in card.footer.text


async def test_a_2024_choice_with_ruleset_2014_says_which_card_it_shows(env):
    table = make_table(env)
    result = await table.player.slash(table.channel, "spell", name="srd2024:fireball", ruleset="2014")
    assert "5.1" in result.response.embeds[0].footer.text
    note = result.response.content
    assert "2024" in note and "2014" in note and "Fireball" in note


async def test_two_clicks_on_share_post_the_card_once(env):
    table = make_table(env)
    await table.admin.slash(table.channel, "config spell-visibility", visibility="private")
    result = await table.player.slash(table.channel, "spell", name="fireball")
    first = await table.player.click(result.response, label="Share")
    assert not first.ephemeral
    second = await table.player.click(result.response, label="Share")
    assert second.ephemeral and "already shared" in second.response.content
    shared = [m for m in table.channel.history() if m.embeds and "shared a spell" in (m.content or "")]
    assert len(shared) == 1


ONLY_2014 = ["Branding Smite", "Feeblemind"]


async def test_a_spell_of_the_other_ruleset_is_shown_and_the_reply_says_so(env):
    table = make_table(env)
    await table.admin.slash(table.channel, "config ruleset", ruleset="2014")
    result = await table.player.slash(table.channel, "spell", name="Hex")
    assert result.response.embeds[0].title == "Hex"
    assert "not in the 2014 rules" in result.response.content and "2024" in result.response.content
    asked = await table.player.slash(table.channel, "spell", name="Ice Knife", ruleset="2014")
    assert asked.response.embeds[0].title == "Ice Knife"
    assert "not in the 2014 rules" in asked.response.content


async def test_every_spell_of_one_ruleset_is_found_when_the_other_is_asked(env):
    spells = env.bot.services.spells
    keys = {r: {e.key for e in spells.cache.visible(None) if e.ruleset == r} for r in ("2014", "2024")}
    only = {r: [e for e in spells.cache.visible(None) if e.ruleset == r and e.key not in keys[o]]
            for r, o in (("2014", "2024"), ("2024", "2014"))}  # fmt: skip
    assert sorted(e.name for e in only["2014"]) == ONLY_2014 and len(only["2024"]) == 22
    table = make_table(env)
    for ruleset, other in (("2014", "2024"), ("2024", "2014")):
        for entry in only[ruleset]:
            result = await table.player.slash(table.channel, "spell", name=entry.name, ruleset=other)
            assert result.response.embeds, (entry.name, result.response.content)
            title = result.response.embeds[0].title
            # A renamed spell shows under its name in the asked ruleset; any other, as it is.
            assert title == RENAMED.get(entry.name, entry.name), (entry.name, title)
            assert other in result.response.content, entry.name


RENAMED = {
    "Feeblemind": "Befuddlement",
    "Befuddlement": "Feeblemind",
    "Branding Smite": "Shining Smite",
    "Shining Smite": "Branding Smite",
}


@pytest.mark.parametrize(
    ("typed", "ruleset", "shown"), [(k, r, v) for k, v in RENAMED.items() for r in ("2014", "2024")]
)
async def test_srd_5_2_renames_map_both_ways(env, typed, ruleset, shown):
    table = make_table(env)
    result = await table.player.slash(table.channel, "spell", name=typed, ruleset=ruleset)
    own = (typed in ONLY_2014 and ruleset == "2014") or (typed not in ONLY_2014 and ruleset == "2024")
    title = result.response.embeds[0].title
    assert title == (typed if own else shown)
    if not own:
        assert f"called {shown} in the {ruleset} rules" in result.response.content


async def test_suggestions_come_from_the_asked_ruleset_and_are_close(env):
    table = make_table(env)
    result = await table.player.slash(table.channel, "spell", name="Ice Knive", ruleset="2014")
    assert result.ephemeral
    # The 2024-only Ice Knife is the closest name, whatever ruleset was asked.
    assert "Ice Knife (2024)" in result.response.content
    assert "Magnificent Mansion" not in result.response.content
    assert_error(env, NotFoundError)


async def test_2024_cards_use_the_srd_5_2_headings(env):
    table = make_table(env)
    bolt = (await table.player.slash(table.channel, "spell", name="Fire Bolt", ruleset="2024")).response
    assert "**Cantrip Upgrade.**" in bolt.embeds[0].description
    assert "At Higher Levels" not in bolt.embeds[0].description
    old = (await table.player.slash(table.channel, "spell", name="Fire Bolt", ruleset="2014")).response
    assert "Cantrip Upgrade" not in old.embeds[0].description


async def test_a_damage_of_two_types_names_each(env):
    table = make_table(env)
    card = (await table.player.slash(table.channel, "spell", name="Meteor Swarm", ruleset="2024")).response
    assert fields(card.embeds[0])["Damage"] == "20d6 Fire + 20d6 Bludgeoning"


async def test_a_label_with_a_typo_in_its_name_still_finds_the_spell(env):
    table = make_table(env)
    result = await table.player.slash(table.channel, "spell", name="Firebal - 3rd-level Evocation (2014)")
    assert result.response.embeds[0].title == "Fireball"
