"""/roll with a capital D, zero dice, and surprising results explained (issue 16, items 18-19)."""

from simcord import assert_error

from rules.errors import InvalidInputError
from tests.cogs.test_dice import faces  # noqa: F401  (the fixture)
from tests.helpers import make_table


async def test_roll_accepts_a_capital_d_and_refuses_zero_dice(env, faces):  # noqa: F811
    table = make_table(env)
    faces(13)
    capital = await table.player.slash(table.channel, "roll", expression="1D20")
    assert not capital.ephemeral and "`13`" in capital.response.content
    zero = await table.player.slash(table.channel, "roll", expression="0d6")
    assert zero.ephemeral and "at least one die" in zero.response.content
    assert_error(env, InvalidInputError)


async def test_roll_explains_keep_exact_and_comparisons(env, faces):  # noqa: F811
    table = make_table(env)
    faces(17, 12)
    kept = (await table.player.slash(table.channel, "roll", expression="2d20k1")).response.content
    assert "`2d20kh1`" in kept and "`2d20kl1`" in kept
    faces(6, 1, 4, 4, 1, 5, 5, 1, 4, 1)
    compared = (await table.player.slash(table.channel, "roll", expression="10d6>=5")).response.content
    assert "3 of the 10 dice" in compared and "`10d6k>4`" in compared
