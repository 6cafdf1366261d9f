"""rules.json_file.load_json: the one reader of uploaded files."""

import codecs
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules.errors import InvalidInputError
from rules.json_file import MAX_DEPTH, load_json
from rules.text import strip_controls


def refusal(payload: bytes, what: str = "file") -> str:
    with pytest.raises(InvalidInputError) as caught:
        load_json(payload, what)
    return caught.value.message


def test_a_byte_order_mark_is_accepted():
    assert load_json(codecs.BOM_UTF8 + b'{"name": "Hero"}') == {"name": "Hero"}


def test_strings_and_keys_lose_their_control_characters():
    payload = json.dumps({"na\x00me": ["He\x00ro", {"notes": "one\r\ntwo\ttab"}]}).encode()
    assert load_json(payload) == {"name": ["Hero", {"notes": "one\ntwo\ttab"}]}


def test_escaped_surrogate_pairs_make_one_character():
    assert load_json(b'["\\ud83d\\ude00"]') == ["😀"]


@pytest.mark.parametrize(
    ("payload", "where"),
    [
        (b'{"npcs": [{"name": "\\ud800"}]}', "`npcs.0.name`"),
        (b'["ok", "\\udfff"]', "`1`"),
        (b'{"a\\ud800": 1}', "A key of the file"),
        (b'"\\ud800"', "The file"),
    ],
)
def test_a_lone_surrogate_is_refused_naming_where(payload, where):
    message = refusal(payload)
    assert where in message and "surrogate" in message


@pytest.mark.parametrize(
    ("payload", "phrase"),
    [
        (b"\xff\xfe{}", "not valid JSON: it is not UTF-8"),
        (b'{"name": "caf\xe9"}', "not valid JSON: it is not UTF-8"),
        (b"not json {", "not valid JSON (Expecting value"),
        (b"", "not valid JSON"),
        (b'{"a": NaN}', "NaN is not a JSON number"),
        (b"[Infinity]", "Infinity is not a JSON number"),
    ],
)
def test_what_is_not_json_is_refused_with_the_reason(payload, phrase):
    assert phrase in refusal(payload)


def test_the_message_names_the_file():
    assert refusal(b"nope", "sheet").startswith("The sheet is not valid JSON")


def test_nesting_beyond_python_recursion_is_refused():
    # json itself raises RecursionError here: the member gets a message, not a traceback.
    message = refusal(b"[" * 100_000 + b"]" * 100_000)
    assert f"more than {MAX_DEPTH} deep (from line 1, column {MAX_DEPTH + 1})" in message


def test_nesting_beyond_the_limit_is_refused_naming_where():
    deep: object = 1
    for _ in range(MAX_DEPTH + 1):
        deep = [deep]
    message = refusal(json.dumps({"campaign": {"data": deep}}).encode())
    assert message.startswith("`campaign.data.0.0") and f"more than {MAX_DEPTH} deep" in message
    shallow: object = 1
    for _ in range(MAX_DEPTH - 1):
        shallow = [shallow]
    assert load_json(json.dumps(shallow).encode()) == shallow


def test_a_number_longer_than_python_reads_is_refused_naming_where():
    message = refusal(b'{"characters": [{"owner_id": ' + b"9" * 5000 + b"}]}")
    assert message.startswith("`characters.0.owner_id`") and "5000 digits" in message
    assert "`0`" in refusal(b"[-" + b"1" * 5000 + b"]")
    assert load_json(b"[" + b"9" * 4300 + b"]") == [int("9" * 4300)]


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


def _strip(value):
    if isinstance(value, str):
        return strip_controls(value)
    if isinstance(value, list):
        return [_strip(v) for v in value]
    if isinstance(value, dict):
        return {strip_controls(k): _strip(v) for k, v in value.items()}
    return value


@given(JSON, st.booleans())
def test_any_json_value_reads_back_cleaned(value, ascii_only):
    payload = json.dumps(value, ensure_ascii=ascii_only).encode()
    assert load_json(payload) == _strip(value)
