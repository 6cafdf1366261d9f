"""The checker the env fixture runs on every request: it must catch what Discord refuses."""

from tests.discord_limits import all_breaches, breaches


class Request:
    def __init__(self, method, path, json):
        self.method, self.path, self.json = method, path, json


CALLBACK = "/interactions/1/token/callback"


def message(**data):
    return {"type": 4, "data": data}


def test_a_reply_within_every_limit_passes():
    embed = {"title": "t", "description": "d" * 4096, "fields": [{"name": "n", "value": "v"}]}
    assert breaches("POST", CALLBACK, message(content="x" * 2000, embeds=[embed])) == []


def test_each_breach_is_named():
    embed = {
        "title": "t" * 257,
        "fields": [{"name": "n", "value": ""}, {"name": " ", "value": "v" * 1025}],
        "footer": {"text": "f" * 2049},
    }
    found = breaches("POST", CALLBACK, message(content="x" * 2001, embeds=[embed]))
    assert any("content has 2001" in line for line in found)
    assert any("title has 257" in line for line in found)
    assert any("field 1 has an empty value" in line for line in found)
    assert any("field 2 has an empty name" in line for line in found)
    assert any("footer has 2049" in line for line in found)


def test_embeds_add_up_to_six_thousand_characters():
    embeds = [{"description": "d" * 3000}, {"description": "d" * 3001}]
    assert any(
        "6001 characters together" in line for line in breaches("POST", CALLBACK, message(embeds=embeds))
    )


def test_followups_edits_and_components_are_checked():
    rows = [{"components": [{"type": 2, "label": "b" * 81}]}] * 6
    found = all_breaches(
        [
            Request("POST", "/webhooks/1/token", {"content": "x" * 2001}),
            Request("PATCH", "/webhooks/1/token/messages/@original", {"components": rows}),
            Request("GET", "/channels/1/messages", None),
        ]
    )
    assert len([line for line in found if "content" in line]) == 1
    assert any("6 action rows" in line for line in found)
    assert any("label has 81" in line for line in found)


def test_autocomplete_answers_are_checked():
    choices = [{"name": "n" * 101, "value": "v"}] + [{"name": "ok", "value": "v"}] * 25
    found = breaches("POST", CALLBACK, {"type": 8, "data": {"choices": choices}})
    assert any("26 autocomplete choices" in line for line in found)
    assert any("has 101 characters" in line for line in found)
