"""A scripted three-round fight: two PCs against three goblins (two SRD Goblins and Grik, an NPC).

It asserts the turn order, HP on the combatants and on the sheets, a condition ticking and
dropping off, death saves, the NPC's log at the end, and that no message mentions anyone but
the player whose turn it is.
"""

import json
import re

import d20
from sqlalchemy import update

from db.models import NPC
from db.schemas import Abilities, StatBlock
from tests.helpers import make_campaign_table
from tests.unit.dice.test_engine import Faces

CONDITION = "Poisoned"


def set_faces(monkeypatch, *values: int) -> None:
    monkeypatch.setattr(d20.expression, "random", Faces(list(values)))


async def import_pc(member, channel, name: str, hp: int) -> None:
    sheet = {"name": name, "abilities": {"DEX": 12}, "hit_points": {"max": hp, "current": hp}}
    await member.slash(channel, "character import", file=(f"{name}.json", json.dumps(sheet).encode()))


def turn_of(result) -> str:
    found = re.search(r"It's \*\*(.+?)\*\*'s turn", result.response.content)
    assert found, result.response.content
    return found.group(1)


def payloads(env):
    """Every message the bot sent or edited: (content, allowed_mentions)."""
    for request in env.http_requests:
        body = request.json if isinstance(request.json, dict) else None
        if not body:
            continue
        data = body.get("data", body) if isinstance(body.get("data"), dict) else body
        if "content" in data or "allowed_mentions" in data:
            yield data.get("content") or "", data.get("allowed_mentions")


async def test_three_rounds_two_pcs_three_goblins(env, monkeypatch):
    table = await make_campaign_table(env)
    cole_player = table.guild.add_member(env.create_user("cole"))
    await import_pc(table.player, table.channel, "Bruna", 12)
    await import_pc(cole_player, table.channel, "Cole", 10)
    await table.gm.slash(table.channel, "npc create", name="Grik", occupation="goblin boss")
    _, [grik] = await env.bot.services.npcs.of_guild(table.guild.id)
    async with env.bot.db.transaction() as session:
        stats = StatBlock(armor_class=17, hit_points=21, abilities=Abilities(DEX=14))
        await session.execute(update(NPC).where(NPC.id == grik.id).values(stats=stats))

    gm, bruna, cole, channel = table.gm, table.player, cole_player, table.channel
    await table.admin.slash(channel, "config ruleset", ruleset="2014")  # the SRD 5.1 Goblin
    await gm.slash(channel, "init start")
    await bruna.slash(channel, "init join", initiative=18)
    await cole.slash(channel, "init join", initiative=10)
    added = await gm.slash(channel, "init add", name="Goblin", monster="goblin", count=2, initiative=15)
    assert "7/7 HP · AC 15" in added.followups[0].content  # the stat block's average and armour
    await gm.slash(channel, "init add", name="Grik", npc=grik.id, initiative=12)
    order = [c.name for c in (await env.bot.services.encounters.get(table.guild.id, channel.id)).combatants]
    # Goblin 1 and 2 tie on 15: the same DEX, so the one who joined first goes first.
    assert order == ["Bruna", "Goblin 1", "Goblin 2", "Grik", "Cole"]

    turns: list[str] = []
    mentions: list[tuple[str, int | None]] = []

    async def next_by(member):
        result = await member.slash(channel, "init next")
        turns.append(turn_of(result))
        found = re.findall(r"<@(\d+)>", result.response.content)
        mentions.append((turns[-1], int(found[0]) if found else None))
        return result

    # Round 1
    first = await next_by(gm)
    assert "Round 1" in first.response.content
    await bruna.slash(channel, "init hp", target="Goblin 1", amount=9)
    await bruna.slash(channel, "init condition", target="Grik", condition=CONDITION, rounds=2)
    await next_by(bruna)  # Goblin 1 (down)
    await next_by(gm)  # Goblin 2
    await gm.slash(channel, "init hp", target="Bruna", amount=5)
    await next_by(gm)  # Grik
    hit = await gm.slash(channel, "init hp", target="Cole", amount=13)
    assert "**Cole** falls unconscious" in hit.response.content
    cole_turn = await next_by(gm)  # Cole, at 0 HP
    assert "unconscious at 0 HP: roll `/character deathsave`" in cole_turn.response.content
    set_faces(monkeypatch, 6)
    failed = await cole.slash(channel, "character deathsave", character="Cole")
    assert "Failure (death saves: 0 ✓ / 1 ✗)" in failed.response.content

    # Round 2
    second = await next_by(cole)  # Cole ends his own turn: Bruna
    assert "Round 2" in second.response.content
    await bruna.slash(channel, "init hp", target="Grik", amount=8)
    await next_by(bruna)  # Goblin 1
    await next_by(gm)  # Goblin 2
    grik_turn = await next_by(gm)  # Grik
    assert "no longer" not in grik_turn.response.content
    ends = await next_by(gm)  # Grik's second turn ended: the condition's 2 rounds are up
    assert f"Grik is no longer {CONDITION}" in ends.response.content
    set_faces(monkeypatch, 20)
    revived = await cole.slash(channel, "character deathsave", character="Cole")
    assert "regains 1 hit point" in revived.response.content

    # Round 3
    third = await next_by(cole)
    assert "Round 3" in third.response.content
    finish = await bruna.slash(channel, "init hp", target="Grik", amount=20)
    assert "**Grik** is down" in finish.response.content

    assert turns == ["Bruna", "Goblin 1", "Goblin 2", "Grik", "Cole"] * 2 + ["Bruna"]
    assert mentions == [
        (name, table.player.id if name == "Bruna" else cole_player.id if name == "Cole" else None)
        for name in turns
    ]
    view = await env.bot.services.encounters.get(table.guild.id, channel.id)
    hp = {c.name: c.hp for c in view.combatants}
    assert hp == {"Bruna": 7, "Goblin 1": 0, "Goblin 2": 7, "Grik": 0, "Cole": 1}
    sheets = {
        name: (await env.bot.services.characters.get(table.guild.id, name)).sheet
        for name in ("Bruna", "Cole")
    }
    assert sheets["Bruna"].hit_points.current == 7 and sheets["Cole"].hit_points.current == 1
    assert sheets["Cole"].death_saves.failures == 0  # reset when he came back
    listed = (await bruna.slash(channel, "init list")).response.embeds[0].description
    assert "**Goblin 1** · Down" in listed and "**Goblin 2** · Healthy" in listed and "7/12 HP" in listed

    summary = await gm.slash(channel, "init end")
    fields = {f.name: f.value for f in summary.response.embeds[0].fields}
    assert "3 rounds" in summary.response.embeds[0].description
    assert fields["Went down"] == "Cole, Goblin 1, Grik"
    _, log = await env.bot.services.npcs.history(table.guild.id, grik.id)
    [memory] = log.entries
    assert memory.interaction_type == "combat"
    assert memory.summary == "Fought Bruna, Cole for 3 rounds and went down."

    # Nobody but the current player was ever mentionable, and only in their turn's message.
    sent = list(payloads(env))
    assert len([1 for _, allowed in sent if (allowed or {}).get("users")]) == 5  # Bruna 3, Cole 2
    for content, allowed in sent:
        users = [int(u) for u in (allowed or {}).get("users", [])]
        assert (allowed or {}).get("parse", []) == [], content
        mentioned = [int(u) for u in re.findall(r"<@!?(\d+)>", content)]
        assert users == [] or (len(users) == 1 and "turn" in content and mentioned == users), content
