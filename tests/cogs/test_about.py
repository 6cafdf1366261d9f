"""/about through simcord."""

from tests.helpers import make_table


async def test_about_shows_version_backend_guilds_and_uptime_but_never_the_url(env):
    table = make_table(env)
    make_table(env, "Other")
    result = await table.player.slash(table.channel, "about")
    embed = result.response.embeds[0]
    fields = {f.name: f.value for f in embed.fields}
    assert fields["Database"] == "sqlite"
    assert fields["Servers"] == "2"
    assert fields["Version"] == "0.1.0"
    assert fields["Uptime"].count(":") == 2
    text = str(embed.to_dict())
    assert "aiosqlite" not in text and ".db" not in text
