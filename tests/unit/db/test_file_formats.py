"""What an uploaded file may hold: Discord ids that fit a BigInteger, times that convert to UTC, no twins."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from pydantic import TypeAdapter, ValidationError

from db.campaigns.export import CampaignExport, ExportedCharacter, ExportedInteraction
from db.schemas import Quest
from rules.model import DiscordId, UTCTime

NOW = "2025-01-02T03:04:05+00:00"
BEFORE_YEAR_ONE = "0001-01-01T00:00:00+14:00"  # valid ISO 8601; 13:00 on 31 December of year 0 in UTC
AFTER_9999 = "9999-12-31T23:00:00-02:00"


def test_discord_ids_fit_a_signed_64_bit_column():
    ids = TypeAdapter(DiscordId)
    assert ids.validate_python(0) == 0
    assert ids.validate_python(2**63 - 1) == 2**63 - 1
    for bad in (-1, 2**63, 2**64, 10**100):
        with pytest.raises(ValidationError):
            ids.validate_python(bad)


def test_times_are_kept_in_utc_and_out_of_range_ones_refused():
    times = TypeAdapter(UTCTime)
    moment = times.validate_python("2025-01-02T05:04:05+02:00")
    assert moment == datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC) and moment.utcoffset() == timedelta(0)
    for bad in (BEFORE_YEAR_ONE, AFTER_9999, "2025-01-02T03:04:05"):  # the last has no time zone
        with pytest.raises(ValidationError):
            times.validate_python(bad)
    assert times.validate_python(datetime(1, 1, 1, 12, tzinfo=timezone(timedelta(hours=12)))).year == 1


def test_a_quest_time_that_cannot_be_utc_is_refused():
    with pytest.raises(ValidationError, match="out of range once converted to UTC"):
        Quest.model_validate({"id": "q1", "title": "Old", "created_at": BEFORE_YEAR_ONE})


def interaction(**changes):
    values = {
        "id": "i1",
        "interaction_type": "social",
        "summary": "Talked",
        "relationship_change": 0,
        "timestamp": NOW,
        "logged_by": 1,
    }
    return {**values, **changes}


def character(**changes):
    return {"id": "c1", "name": "Hero", "owner_id": 1, "created_at": NOW, "updated_at": NOW, **changes}


def test_export_ids_and_times_are_checked_where_they_are():
    with pytest.raises(ValidationError) as caught:
        ExportedCharacter.model_validate(character(owner_id=2**64))
    assert caught.value.errors()[0]["loc"] == ("owner_id",)
    with pytest.raises(ValidationError) as caught:
        ExportedInteraction.model_validate(interaction(logged_by=2**63, timestamp=BEFORE_YEAR_ONE))
    assert {e["loc"] for e in caught.value.errors()} == {("logged_by",), ("timestamp",)}


def document(**changes):
    campaign = {"name": "Saga", "setting": "S", "tone": "Heroic", "created_at": NOW, "updated_at": NOW}
    return {"exported_at": NOW, "campaign": campaign, **changes}


def npc(npc_id, *interactions):
    return {
        "id": npc_id,
        "name": npc_id,
        "created_at": NOW,
        "updated_at": NOW,
        "interactions": list(interactions),
    }


@pytest.mark.parametrize(
    ("changes", "field", "phrase"),
    [
        ({"characters": [character(), character(name="Twin")]}, "characters", "character id 'c1'"),
        ({"npcs": [npc("n1"), npc("n1")]}, "npcs", "NPC id 'n1'"),
        (
            {"npcs": [npc("n1", interaction()), npc("n2", interaction())]},
            "npcs",
            "interaction id 'i1'",
        ),
    ],
)
def test_an_id_twice_in_one_file_is_refused(changes, field, phrase):
    with pytest.raises(ValidationError) as caught:
        CampaignExport.model_validate(document(**changes))
    [error] = caught.value.errors()
    assert error["loc"] == (field,) and phrase in error["msg"] and "appears twice" in error["msg"]
    CampaignExport.model_validate(document())
