"""/roll and /rolls through simcord: dice and totals shown, private rolls, refusals, history per guild."""

import d20
import discord
import pytest
from simcord import assert_error

from db.services import DiceService
from rules.errors import InvalidInputError
from tests.helpers import make_table
from tests.unit.dice.test_engine import Faces

EXAMPLE = "`2d20kh1+5`"


@pytest.fixture
def faces(monkeypatch):
    """The next dice the bot rolls show these faces."""

    def set_faces(*values: int) -> None:
        monkeypatch.setattr(d20.expression, "random", Faces(list(values)))

    return set_faces


def dice(env) -> DiceService:
    return env.bot.services.dice


def embed_size(embed: discord.Embed) -> int:
    return len(embed.title or "") + len(embed.description or "") + len(embed.footer.text or "")


async def test_roll_shows_each_die_the_total_and_a_critical(env, faces):
    table = make_table(env)
    faces(20)
    result = await table.player.slash(table.channel, "roll", expression="1d20+5", reason="Attack the goblin")
    assert not result.ephemeral
    content = result.response.content
    assert "**Table-pip** rolls for *Attack the goblin*" in content
    assert "1d20 (**20**) + 5 = `25`" in content
    assert "critical" in content
    (stored,) = await dice(env).recent(table.guild.id)
    assert (stored.user_id, stored.channel_id, stored.expression, stored.total, stored.reason) == (
        table.player.id,
        table.channel.id,
        "1d20 + 5",
        25,
        "Attack the goblin",
    )
    assert stored.detail == "1d20 (**20**) + 5 = `25`"


async def test_advantage_shows_both_dice_and_a_fumble_is_marked(env, faces):
    table = make_table(env)
    faces(3, 18)
    advantage = await table.player.slash(table.channel, "roll", expression="2d20kh1+2")
    assert "2d20kh1 (~~3~~, 18) + 2 = `20`" in advantage.response.content
    assert "critical" not in advantage.response.content and "fumble" not in advantage.response.content
    faces(1, 6, 4)
    fumble = await table.player.slash(table.channel, "roll", expression="1d20 + 2d6")
    assert "1d20 (**1**) + 2d6 (**6**, 4) = `11`" in fumble.response.content
    assert "fumble" in fumble.response.content


async def test_a_private_roll_is_ephemeral_and_still_kept(env):
    table = make_table(env)
    result = await table.player.slash(table.channel, "roll", expression="1d20+3", private=True)
    assert result.ephemeral and result.response.ephemeral
    assert "1d20 (" in result.response.content
    (stored,) = await dice(env).recent(table.guild.id)
    assert stored.user_id == table.player.id and stored.expression == "1d20 + 3"


@pytest.mark.parametrize("expression", ["1d20+7 adv", "fireball", "1000000d1000000", "1d1e1", "1/0"])
async def test_a_bad_expression_gets_an_ephemeral_example_and_writes_nothing(env, expression):
    table = make_table(env)
    result = await table.player.slash(table.channel, "roll", expression=expression)
    assert result.ephemeral
    assert EXAMPLE in result.response.content
    assert_error(env, InvalidInputError)
    assert await dice(env).recent(table.guild.id) == []


async def test_a_huge_roll_is_summarised_within_discords_limit(env):
    table = make_table(env)
    reason = "*_~" * 66  # every character escaped: the longest reason, doubled
    result = await table.player.slash(table.channel, "roll", expression="900d6+1d20", reason=reason)
    content = result.response.content
    assert "900d6 (900 dice: " in content and len(content) <= 2000
    total = (await dice(env).recent(table.guild.id))[0].total
    assert content.split("\n")[1].endswith(f"= `{total}`")


async def test_a_reason_with_everyone_and_mentions_pings_nobody(env):
    table = make_table(env)
    reason = f"@everyone @here {table.admin.mention} <@&{table.gm_role.id}>"
    result = await table.player.slash(table.channel, "roll", expression="1d20", reason=reason)
    assert "@everyone" in result.response.content
    message = result.response.message
    assert message.mention_everyone is False
    stored = env.backend.get_message(message.channel.id, message.id)  # what Discord would notify
    assert (stored.ping_user_ids, stored.ping_role_ids, stored.mention_everyone) == ([], [], False)
    assert stored.allowed_mentions.everyone is False
    # Control: the bot may ping everyone here, so the reply above stayed silent by choice.
    channel = env.bot.get_channel(table.channel.id)
    loud = await channel.send("@everyone", allowed_mentions=discord.AllowedMentions.all())
    assert loud.mention_everyone is True


async def test_rolls_says_so_when_there_are_none(env):
    table = make_table(env)
    result = await table.player.slash(table.channel, "rolls")
    assert result.ephemeral and "Nobody has rolled" in result.response.content
    await table.gm.slash(table.channel, "roll", expression="1d4")
    alone = await table.player.slash(table.channel, "rolls", member=table.admin)
    assert "Table-ada has not rolled" in alone.response.content


async def test_rolls_shows_this_guilds_rolls_newest_first(env):
    table = make_table(env)
    await table.player.slash(table.channel, "roll", expression="1d4", reason="first")
    await table.gm.slash(table.channel, "roll", expression="1d6", reason="second")
    await table.player.slash(table.channel, "roll", expression="1d8", private=True)
    result = await table.player.slash(table.channel, "rolls")
    assert result.ephemeral
    embed = result.response.embeds[0]
    assert embed.title == "Last 3 rolls in this server"
    lines = embed.description.split("\n")
    assert ["1d8" in lines[0], "1d6" in lines[1], "1d4" in lines[2]] == [True, True, True]
    assert f"<@{table.gm.id}>" in lines[1] and "second" in lines[1]
    # The player's own private roll is listed for them, but for nobody else.
    others = (await table.gm.slash(table.channel, "rolls")).response.embeds[0]
    assert others.title == "Last 2 rolls in this server" and "1d8" not in others.description


async def test_rolls_of_another_member_and_limit(env):
    table = make_table(env)
    for expression in ("1d4", "1d6", "1d8"):
        await table.gm.slash(table.channel, "roll", expression=expression)
    await table.player.slash(table.channel, "roll", expression="1d12")
    result = await table.player.slash(table.channel, "rolls", member=table.gm, limit=2)
    embed = result.response.embeds[0]
    assert embed.title == "Last 2 rolls of Table-gus"
    assert "`1d8`" in embed.description and "`1d6`" in embed.description
    assert "1d4" not in embed.description and "1d12" not in embed.description
    assert str(table.player.id) not in embed.description


async def test_a_guild_never_sees_another_guilds_rolls(env):
    a, b = make_table(env, "A"), make_table(env, "B")
    await a.player.slash(a.channel, "roll", expression="1d20+1", reason="secret plan")
    await a.gm.slash(a.channel, "roll", expression="3d6")
    await b.player.slash(b.channel, "roll", expression="1d10")
    in_b = (await b.player.slash(b.channel, "rolls", limit=50)).response.embeds[0]
    assert in_b.title == "Last 1 roll in this server"
    assert "1d10" in in_b.description and "1d20" not in in_b.description and "secret" not in in_b.description
    in_a = (await a.gm.slash(a.channel, "rolls")).response.embeds[0]
    assert in_a.title == "Last 2 rolls in this server" and "1d10" not in in_a.description
    # Asking guild B about a member who rolled only in guild A finds nothing either.
    a_player_in_b = b.guild.add_member(a.player.user)
    nothing = await b.admin.slash(b.channel, "rolls", member=a_player_in_b)
    assert "has not rolled in this server" in nothing.response.content


async def test_a_long_history_pages_within_the_limits(env):
    table = make_table(env)
    expression = "+".join(["1d6[" + "x" * 20 + "]"] * 7)
    for n in range(50):
        await dice(env).roll(
            table.guild.id, table.channel.id, table.player.id, expression, reason=f"{n:03}" * 66
        )
    result = await table.player.slash(table.channel, "rolls", limit=50)
    first = result.response.embeds[0]
    pages = int(first.footer.text.rsplit("/", 1)[1])
    assert pages >= 2
    seen, message = [first], result.response
    for page in range(2, pages + 1):
        message = (await table.player.click(message, label="Next")).response
        assert message.embeds[0].footer.text.endswith(f"page {page}/{pages}")
        seen.append(message.embeds[0])
    assert all(len(e.description) <= 4096 and embed_size(e) <= 6000 for e in seen)
    lines = "\n".join(e.description for e in seen).split("\n")
    assert len(lines) == 50 and all("`1d6 [xxxxxxxxxxxxxxxxxxxx] + 1d6" in line for line in lines)
    assert "049" in lines[0] and "000" in lines[-1]


async def test_every_member_may_roll_and_read_the_history(env):
    table = make_table(env)
    for member in (table.player, table.gm, table.admin):
        assert {"roll", "rolls"} <= set(member.available_commands(table.channel))
        result = await member.slash(table.channel, "roll", expression="4d6kh3")
        assert not result.ephemeral and "4d6kh3 (" in result.response.content
    assert len(await dice(env).recent(table.guild.id)) == 3
