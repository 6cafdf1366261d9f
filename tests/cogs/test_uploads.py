"""Uploaded files never crash an import: /homebrew import, /character import and /campaign import.

Each bad file is refused with a message naming the field, and writes nothing; a file saved with
a UTF-8 byte-order mark (Windows Notepad) is read. On SQLite and PostgreSQL alike: an id beyond
64 bits failed differently on each (OverflowError, DataError).
"""

import codecs
import json
from pathlib import Path

import pytest

from bot.tree import user_message
from tests.helpers import database_fingerprint, make_campaign_table, make_gm_table

EXAMPLE_SHEET = json.loads((Path(__file__).parents[2] / "examples" / "character.json").read_text())
SPELL = {"name": "Humming Ward", "level": 1, "school": "Abjuration", "desc": ["A ward that hums."]}
TOO_LONG = "9" * 5000  # beyond Python's 4,300-digit limit for reading an int
NUMBER = "__number__"  # a placeholder, swapped for a number json.dumps cannot write
BEYOND_UTC = "0001-01-01T00:00:00+14:00"  # valid ISO 8601, but before year 1 in UTC


@pytest.fixture
def settings(backend_settings):  # these tests run on every backend
    return backend_settings


def reply(result) -> str:
    messages = ([result.response] if result.response is not None else []) + list(result.followups)
    return "\n".join(m.content or "" for m in messages)


def nested(depth: int, inner: object = 1) -> object:
    for _ in range(depth):
        inner = [inner]
    return inner


def raw(document: object, marker: str, replacement: str) -> bytes:
    """The document's JSON with a placeholder string swapped for raw JSON (a number json cannot write)."""
    text = json.dumps(document)
    assert f'"{marker}"' in text
    return text.replace(f'"{marker}"', replacement).encode()


async def refused(env, member, channel, command: str, payload: bytes, *phrases: str) -> None:
    before, cursor = await database_fingerprint(env), env.error_cursor
    result = await member.slash(channel, command, file=("upload.json", payload))
    text = reply(result)
    assert result.ephemeral and "Something went wrong" not in text, text
    for phrase in phrases:
        assert phrase in text, (phrase, text)
    assert all(user_message(error) is not None for error in env.errors_since(cursor)), "an unexpected error"
    env.errors  # noqa: B018  acknowledge the refusal (InvalidInputError) simcord captured
    assert await database_fingerprint(env) == before, f"{command} wrote something: {text}"


# --- /homebrew import --------------------------------------------------------------------------


async def test_homebrew_import_reads_a_bom_and_cleans_every_string(env):
    table = await make_gm_table(env)
    payload = codecs.BOM_UTF8 + json.dumps([{**SPELL, "name": "Humming\x00 Ward\r\n"}]).encode()
    result = await table.gm.slash(table.channel, "homebrew import", file=("brew.json", payload))
    assert "Imported 1 homebrew spell" in reply(result)
    assert [e.name for e in env.bot.services.spells.homebrew(table.guild.id)] == ["Humming Ward"]


async def test_homebrew_import_refuses_what_would_crash_it(env):
    table = await make_gm_table(env)
    bad_files = [
        (json.dumps([{**SPELL, "desc": nested(40, "deep")}]).encode(), "`0.desc.0.0", "more than 32 deep"),
        (b"[" * 50_000 + b"]" * 50_000, "more than 32 deep", "line 1, column 33"),
        (raw([{**SPELL, "level": NUMBER}], NUMBER, TOO_LONG), "`0.level`", "5000 digits"),
        (json.dumps([{**SPELL, "name": "Bad\ud800"}]).encode(), "`0.name`", "surrogate"),
        (b'[{"name": "caf\xe9"}]', "not valid JSON", "UTF-8"),
    ]
    for payload, *phrases in bad_files:
        await refused(env, table.gm, table.channel, "homebrew import", payload, *phrases)


# --- /character import -------------------------------------------------------------------------


async def test_character_import_reads_a_bom_and_cleans_every_string(env):
    table = await make_campaign_table(env)
    sheet = {**EXAMPLE_SHEET, "name": "Ly\x00ra", "notes": "one\r\ntwo\x07"}
    payload = codecs.BOM_UTF8 + json.dumps(sheet).encode()
    result = await table.player.slash(table.channel, "character import", file=("lyra.json", payload))
    assert "Imported **Lyra**" in reply(result)
    imported = await env.bot.services.characters.get(table.guild.id, "Lyra")
    assert imported.sheet.notes == "one\ntwo"


async def test_character_import_refuses_what_would_crash_it(env):
    table = await make_campaign_table(env)
    bad_files = [
        (json.dumps({**EXAMPLE_SHEET, "notes": nested(40)}).encode(), "`notes.0.0", "more than 32 deep"),
        (b'{"name": "x", "notes": ' + b"[" * 50_000 + b"]" * 50_000 + b"}", "more than 32 deep", "column"),
        (raw({**EXAMPLE_SHEET, "experience": NUMBER}, NUMBER, TOO_LONG), "`experience`", "5000 digits"),
        (raw({**EXAMPLE_SHEET, "experience": NUMBER}, NUMBER, "1" + "0" * 30), "`experience`"),
        (json.dumps({**EXAMPLE_SHEET, "name": "\udfffLyra"}).encode(), "`name`", "surrogate"),
    ]
    for payload, *phrases in bad_files:
        await refused(env, table.player, table.channel, "character import", payload, *phrases)


# --- /campaign import --------------------------------------------------------------------------


async def exported_campaign(env) -> dict:
    """A real export: a campaign with a quest, a character, an NPC, an interaction and a standing."""
    source = await make_campaign_table(env, "Source")
    await source.player.slash(source.channel, "character create", name="Hero")
    await source.gm.slash(source.channel, "npc create", name="Bob")
    await source.gm.slash(source.channel, "quest add", title="Find the heir")
    await source.gm.slash(
        source.channel, "npc interact", npc="Bob", type="social", summary="Drinks", character="Hero", change=5
    )
    _, payload = await env.bot.services.campaign_transfer.export(source.guild.id, None)
    return json.loads(payload)


async def test_campaign_import_reads_a_bom(env):
    document = await exported_campaign(env)
    table = await make_gm_table(env)
    payload = codecs.BOM_UTF8 + json.dumps(document).encode()
    result = await table.gm.slash(table.channel, "campaign import", file=("saga.json", payload))
    assert "Imported **Saga**" in reply(result)


def changed(document: dict, path: str, value: object) -> dict:
    """A deep copy of the document with one value set, by a dotted path."""
    copy = json.loads(json.dumps(document))
    *parents, last = path.split(".")
    node = copy
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    node[int(last) if isinstance(node, list) else last] = value
    return copy


async def test_campaign_import_refuses_what_would_crash_it_naming_the_field(env):
    document = await exported_campaign(env)
    table = await make_gm_table(env)
    character, npc = document["characters"][0], document["npcs"][0]
    twin = {**character, "name": "Twin"}  # a new name: only the id is shared
    # A value of the right type that no column or schema can hold: the message names its path.
    bad_values = [
        ("characters.0.owner_id", 2**64),
        ("characters.0.owner_id", -1),
        ("npcs.0.interactions.0.logged_by", 2**63),
        ("npcs.0.interactions.0.timestamp", BEYOND_UTC),
        ("campaign.created_at", BEYOND_UTC),
        ("campaign.data.quests.0.created_at", BEYOND_UTC),
        ("exported_at", "2025-01-01T00:00:00"),  # no time zone
        ("npcs.0.name", "B\ud800ob"),
    ]
    payloads = [
        (json.dumps(changed(document, path, value)).encode(), f"`{path}`") for path, value in bad_values
    ]
    twice = [
        (changed(document, "characters", [character, twin]), "`characters`", "character id"),
        (changed(document, "npcs", [npc, {**npc, "name": "Bobby"}]), "`npcs`", "NPC id"),
        (changed(document, "npcs.0.relationships", npc["relationships"] * 2), "`npcs.0.relationships`"),
    ]
    payloads += [(json.dumps(file).encode(), *phrases) for file, *phrases in twice]
    payloads += [
        (json.dumps(changed(document, "campaign.data.world_state", {"lore": nested(40)})).encode(), "deep"),
        (raw(changed(document, "characters.0.owner_id", NUMBER), NUMBER, TOO_LONG), "5000 digits"),
        (b'{"campaign": ' + b"[" * 50_000 + b"]" * 50_000 + b"}", "more than 32 deep", "column"),
        (b"\xef\xbb\xbfnot json", "not valid JSON"),
    ]
    for payload, *phrases in payloads:
        await refused(env, table.gm, table.channel, "campaign import", payload, *phrases)
    assert (await env.bot.services.campaigns.of_guild(table.guild.id))[0] == []
