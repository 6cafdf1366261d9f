"""Two bot processes on one database, each with its own engine and caches (tests/twobots.py).

A homebrew spell added, a setting changed or a spell removed through one is seen by the other's
autocomplete and commands within a second, on SQLite and PostgreSQL; the listener's connection
killed, it recovers and nothing committed meanwhile is missed.
"""

import discord
import pytest
from sqlalchemy import text

from tests.cogs.test_homebrew import FROST_LANCE
from tests.twobots import OtherProcess, eventually

GUILD_ID = 912_345_678_901_234_567  # one guild, as both processes' Discord sees it
RECOVERY = 5.0  # seconds: reconnecting, then reloading everything


@pytest.fixture
def settings(backend_settings):
    return backend_settings


class Seat:
    """The guild's admin and a player, in one process's simulated Discord."""

    def __init__(self, env) -> None:
        guild = env.create_guild("Shared", id=GUILD_ID)
        self.channel = guild.create_text_channel("general")
        admins = guild.create_role("Admin", permissions=discord.Permissions(manage_guild=True))
        self.admin = guild.add_member(env.create_user("ada"), roles=[admins])
        self.player = guild.add_member(env.create_user("pip"))


async def seat(env) -> Seat:
    return Seat(env)


@pytest.fixture
async def other(settings):
    process = await OtherProcess(settings).start()
    try:
        yield process
    finally:
        await process.stop()


def offered(name: str):
    """The autocomplete choice names of /spell for ``name``, as a player of that process sees them."""

    async def choices(seat: Seat) -> list[str]:
        found = await seat.player.autocomplete(seat.channel, "spell", "name", name)
        return [choice["name"] for choice in found]

    return choices


def homebrew_listing(seat: Seat):
    async def listing(_env) -> str:
        result = await seat.player.slash(seat.channel, "homebrew list")
        return (result.response.content or "") + "".join(e.description or "" for e in result.response.embeds)

    return listing


async def test_an_added_spell_reaches_the_other_process(env, other):
    a, b = Seat(env), await other.run(seat)
    added = await a.admin.slash(a.channel, "homebrew add", **FROST_LANCE)
    assert "Frost Lance" in added.response.content

    label = "Frost Lance - 2nd-level Evocation (homebrew)"
    await eventually(lambda: other.run(lambda _env: _has(offered("frost l"), b, label)))
    choices = await other.run(lambda _env: b.player.autocomplete(b.channel, "spell", "name", "frost l"))
    card = await other.run(lambda _env: b.player.slash(b.channel, "spell", name=choices[0]["value"]))
    assert card.response.embeds[0].title == "Frost Lance (homebrew)"
    typed = await other.run(lambda _env: b.player.slash(b.channel, "spell", name="Frost Lance"))
    assert typed.response.embeds[0].title == "Frost Lance (homebrew)"
    assert "Frost Lance" in await other.run(homebrew_listing(b))
    again = await other.run(lambda _env: b.admin.slash(b.channel, "homebrew add", **FROST_LANCE))
    assert again.ephemeral and "already has" in again.response.content


async def test_a_removed_spell_leaves_the_other_process_and_one_added_back_there_is_listed_once(env, other):
    a, b = Seat(env), await other.run(seat)
    await a.admin.slash(a.channel, "homebrew add", **FROST_LANCE)
    label = "Frost Lance - 2nd-level Evocation (homebrew)"
    await eventually(lambda: other.run(lambda _env: _has(offered("frost l"), b, label)))

    removed = await a.admin.slash(a.channel, "homebrew remove", spell="Frost Lance")
    assert "Frost Lance" in removed.response.content
    await eventually(lambda: other.run(lambda _env: _lacks(offered("frost l"), b, label)))
    gone = await other.run(lambda _env: b.player.slash(b.channel, "spell", name="Frost Lance"))
    assert not any(e.title == "Frost Lance (homebrew)" for e in gone.response.embeds)
    assert "does not exist here" not in (gone.response.content or "")
    assert "Frost Lance" not in await other.run(homebrew_listing(b))

    # Added back through B: B lists it once, and A, which never added it, can remove it.
    await other.run(lambda _env: b.admin.slash(b.channel, "homebrew add", **FROST_LANCE))
    assert (await other.run(homebrew_listing(b))).count("Frost Lance") == 1
    await eventually(lambda: _has(offered("frost l"), a, label))
    by_choice = await a.admin.autocomplete(a.channel, "homebrew remove", "spell", "frost")
    removed_in_a = await a.admin.slash(a.channel, "homebrew remove", spell=by_choice[0]["value"])
    assert "Frost Lance" in removed_in_a.response.content
    await eventually(lambda: other.run(lambda _env: _lacks(offered("frost l"), b, label)))


async def test_a_spell_added_elsewhere_a_moment_ago_can_be_removed_by_name(env, other):
    """Removal reads the database, not only this process's index (the race the bus closes)."""
    a, b = Seat(env), await other.run(seat)
    await other.run(lambda _env: b.admin.slash(b.channel, "homebrew add", **FROST_LANCE))
    removed = await a.admin.slash(a.channel, "homebrew remove", spell="frost lance")
    assert "Frost Lance" in removed.response.content
    await eventually(lambda: other.run(lambda _env: _lacks(offered("frost l"), b, "Frost Lance")))


async def test_settings_changed_in_one_process_apply_in_the_other(env, other):
    a, b = Seat(env), await other.run(seat)
    public = await other.run(lambda _env: b.player.slash(b.channel, "spell", name="Fireball"))
    assert not public.ephemeral  # B has the guild's settings cached now

    await a.admin.slash(a.channel, "config spell-visibility", visibility="private")

    async def private_in_b() -> bool:
        card = await other.run(lambda _env: b.player.slash(b.channel, "spell", name="Fireball"))
        return card.ephemeral

    await eventually(private_in_b)

    await a.admin.slash(a.channel, "config ruleset", ruleset="2014")

    async def first_is_2014() -> bool:
        names = await other.run(lambda _env: offered("fireball")(b))
        return bool(names) and names[0].endswith("(2014)")

    await eventually(first_is_2014)


async def test_a_killed_listener_connection_recovers_and_misses_nothing(env, other, backend):
    a, b = Seat(env), await other.run(seat)
    bus = await other.run(lambda e: _value(e.bot.services.invalidation))
    assert bus.listening
    reloads = bus.full_reloads
    if backend == "postgresql":
        pid = bus.connection.get_server_pid()
        async with env.bot.db.engine.connect() as conn:
            killed = await conn.scalar(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        assert killed
    else:
        await other.run(lambda _env: bus.connection.close())
    # Committed while the listener is down or reconnecting.
    await a.admin.slash(a.channel, "homebrew add", **FROST_LANCE)
    await a.admin.slash(a.channel, "config spell-visibility", visibility="private")

    label = "Frost Lance - 2nd-level Evocation (homebrew)"
    await eventually(lambda: other.run(lambda _env: _has(offered("frost l"), b, label)), within=RECOVERY)

    async def private_in_b() -> bool:
        card = await other.run(lambda _env: b.player.slash(b.channel, "spell", name="Fireball"))
        return card.ephemeral

    await eventually(private_in_b, within=RECOVERY)
    assert bus.listening and bus.connection is not None
    if backend == "postgresql":  # the lost connection's news: everything reloaded once listening
        assert bus.full_reloads > reloads


async def _has(choices, seat: Seat, label: str) -> bool:
    return label in await choices(seat)


async def _lacks(choices, seat: Seat, label: str) -> bool:
    return not any(name.startswith(label) for name in await choices(seat))


async def _value(value):
    return value
