"""DiceService on every backend: each roll is stored; recent rolls are newest first and guild-scoped."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, text

from db.models import Character, DiceRoll
from db.services import DiceService, Services
from db.services.dice import recent_query
from rules import limits
from rules.dice.engine import EXAMPLES
from rules.errors import ForbiddenError, InvalidInputError, NotFoundError

GUILD, OTHER_GUILD, CHANNEL = 100, 200, 300
ALICE, BOB = 11, 22


async def count_rolls(db) -> int:
    async with db.transaction(write=False) as session:
        return await session.scalar(select(func.count()).select_from(DiceRoll))


async def add_rolls(db, *rows: tuple[int, int, str, datetime]) -> None:
    """Rows with chosen times: (guild, user, expression, rolled_at)."""
    async with db.transaction() as session:
        for guild_id, user_id, expression, rolled_at in rows:
            session.add(
                DiceRoll(
                    guild_id=guild_id,
                    channel_id=CHANNEL,
                    user_id=user_id,
                    expression=expression,
                    total=1,
                    detail=f"{expression} (1) = `1`",
                    rolled_at=rolled_at,
                )
            )


def at(minute: int) -> datetime:
    return datetime(2025, 1, 1, 12, minute, tzinfo=UTC)


async def test_services_build_a_dice_service(db):
    assert isinstance(Services.build(db).dice, DiceService)


async def test_a_roll_is_stored_with_every_field(db):
    service = DiceService(db)
    before = datetime.now(UTC)
    view = await service.roll(GUILD, CHANNEL, ALICE, " 2d20kh1 +5", reason="  Stealth  check ")
    assert (view.guild_id, view.channel_id, view.user_id) == (GUILD, CHANNEL, ALICE)
    assert view.expression == "2d20kh1 + 5" and view.reason == "Stealth check"
    assert 6 <= view.total <= 25 and view.detail.endswith(f"= `{view.total}`")
    assert view.natural == view.total - 5
    assert view.crit == {20: "critical", 1: "fumble"}.get(view.natural)
    async with db.transaction(write=False) as session:
        row = await session.get(DiceRoll, view.id)
        assert row is not None
        stored = (
            row.guild_id, row.channel_id, row.user_id, row.character_id,
            row.expression, row.total, row.detail, row.reason,
        )  # fmt: skip
    assert stored == (GUILD, CHANNEL, ALICE, None, view.expression, view.total, view.detail, view.reason)
    assert before - timedelta(seconds=1) <= row.rolled_at == view.rolled_at <= datetime.now(UTC)
    assert row.rolled_at.tzinfo is not None


async def test_an_empty_reason_is_none_and_a_long_one_is_refused(db):
    service = DiceService(db)
    assert (await service.roll(GUILD, CHANNEL, ALICE, "1d4", reason="   ")).reason is None
    assert (await service.roll(GUILD, CHANNEL, ALICE, "1d4", reason="x" * 200)).reason == "x" * 200
    with pytest.raises(InvalidInputError, match="200"):
        await service.roll(GUILD, CHANNEL, ALICE, "1d4", reason="x" * 201)
    assert await count_rolls(db) == 2


@pytest.mark.parametrize("expression", ["1d20 adv", "", "1000000d1000000", "1d0"])
async def test_a_refused_expression_writes_nothing(db, expression):
    with pytest.raises(InvalidInputError) as caught:
        await DiceService(db).roll(GUILD, CHANNEL, ALICE, expression)
    assert EXAMPLES in caught.value.message
    assert await count_rolls(db) == 0


async def test_a_summarised_roll_stores_the_summary(db):
    view = await DiceService(db).roll(GUILD, CHANNEL, ALICE, "900d6")
    assert view.summarised and "(900 dice: " in view.detail
    assert (await DiceService(db).recent(GUILD))[0].detail == view.detail


async def test_a_roll_for_ones_own_character_keeps_it(db):
    async with db.transaction() as session:
        mine = Character(name="Bruna", guild_id=GUILD, owner_id=ALICE)
        theirs = Character(name="Gil", guild_id=GUILD, owner_id=BOB)
        elsewhere = Character(name="Away", guild_id=OTHER_GUILD, owner_id=ALICE)
        session.add_all([mine, theirs, elsewhere])
    service = DiceService(db)
    view = await service.roll(GUILD, CHANNEL, ALICE, "1d20+3", character_id=mine.id)
    assert view.character_id == mine.id
    assert (await service.recent(GUILD))[0].character_id == mine.id
    with pytest.raises(ForbiddenError):
        await service.roll(GUILD, CHANNEL, ALICE, "1d20", character_id=theirs.id)
    for character_id in (elsewhere.id, "00000000-0000-0000-0000-000000000000"):
        with pytest.raises(NotFoundError):
            await service.roll(GUILD, CHANNEL, ALICE, "1d20", character_id=character_id)
    assert await count_rolls(db) == 1


async def test_recent_is_newest_first(db):
    await add_rolls(
        db, (GUILD, ALICE, "1d4", at(1)), (GUILD, BOB, "1d6", at(3)), (GUILD, ALICE, "1d8", at(2))
    )
    rolls = await DiceService(db).recent(GUILD)
    assert [r.expression for r in rolls] == ["1d6", "1d8", "1d4"]
    assert [r.rolled_at for r in rolls] == [at(3), at(2), at(1)]
    assert all(r.crit is None for r in rolls)  # not stored: only a fresh roll knows it


async def test_recent_through_the_service_follows_the_order_of_rolling(db):
    service = DiceService(db)
    for expression in ("1d4", "1d6", "1d8", "1d10"):
        await service.roll(GUILD, CHANNEL, ALICE, expression)
    assert [r.expression for r in await service.recent(GUILD)] == ["1d10", "1d8", "1d6", "1d4"]


async def test_recent_is_scoped_by_guild_and_optionally_by_member(db):
    await add_rolls(
        db,
        (GUILD, ALICE, "1d4", at(1)),
        (GUILD, BOB, "1d6", at(2)),
        (OTHER_GUILD, ALICE, "1d12", at(3)),
        (OTHER_GUILD, BOB, "1d20", at(4)),
    )
    service = DiceService(db)
    assert [r.expression for r in await service.recent(GUILD)] == ["1d6", "1d4"]
    assert [r.expression for r in await service.recent(OTHER_GUILD)] == ["1d20", "1d12"]
    assert [r.expression for r in await service.recent(GUILD, user_id=ALICE)] == ["1d4"]
    assert [r.expression for r in await service.recent(OTHER_GUILD, user_id=ALICE)] == ["1d12"]
    assert await service.recent(999) == []
    assert await service.recent(GUILD, user_id=999) == []


async def test_recent_limit_bounds(db):
    await add_rolls(db, *[(GUILD, ALICE, f"1d{n}", at(n)) for n in range(1, 56)])
    service = DiceService(db)
    assert len(await service.recent(GUILD)) == 10
    assert [r.expression for r in await service.recent(GUILD, limit=1)] == ["1d55"]
    assert len(await service.recent(GUILD, limit=limits.RECENT_ROLLS)) == limits.RECENT_ROLLS
    for bad in (0, -1, limits.RECENT_ROLLS + 1):
        with pytest.raises(InvalidInputError, match="1 to 50"):
            await service.recent(GUILD, limit=bad)


@pytest.mark.parametrize(
    ("user_id", "index"),
    [(None, "ix_dice_rolls_guild_id_rolled_at"), (ALICE, "ix_dice_rolls_guild_id_user_id_rolled_at")],
)
async def test_recent_reads_through_its_composite_index(db, user_id, index):
    await add_rolls(db, *[(GUILD + n % 3, ALICE + n % 2, "1d6", at(n)) for n in range(40)])
    query = recent_query(GUILD, user_id, 10)
    async with db.transaction(write=False) as session:
        if db.backend == "sqlite":
            sql = str(query.compile(session.bind, compile_kwargs={"literal_binds": True}))
            plan = " ".join(row[-1] for row in await session.execute(text(f"EXPLAIN QUERY PLAN {sql}")))
            assert index in plan and "TEMP B-TREE" not in plan, plan
        else:
            # A table this small is cheaper to scan: ask the planner what it would do with an index.
            await session.execute(text("SET LOCAL enable_seqscan = off"))
            sql = str(query.compile(session.bind, compile_kwargs={"literal_binds": True}))
            plan = " ".join(row[0] for row in await session.execute(text(f"EXPLAIN {sql}")))
            assert index in plan and "Sort" not in plan, plan


async def test_private_rolls_are_kept_but_shown_only_to_their_roller(db):
    service = DiceService(db)
    await service.roll(GUILD, CHANNEL, ALICE, "1d4")
    await service.roll(GUILD, CHANNEL, BOB, "1d6", private=True)
    assert [r.expression for r in await service.recent(GUILD)] == ["1d6", "1d4"]  # internal: everything
    assert [r.expression for r in await service.recent(GUILD, viewer_id=ALICE)] == ["1d4"]
    assert [r.expression for r in await service.recent(GUILD, viewer_id=BOB)] == ["1d6", "1d4"]
    assert await service.recent(GUILD, user_id=BOB, viewer_id=ALICE) == []
