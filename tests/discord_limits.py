"""Discord's limits, checked on every request the bot sent through simcord.

simcord accepts messages that Discord refuses with 400 (an empty field value,
26 choices...). The ``env`` fixture runs ``breaches`` over ``env.http_requests``
after each behaviour test and fails the test on any.
"""

from collections.abc import Iterator
from typing import Any

CONTENT_MAX = 2000
EMBEDS_MAX = 10
TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FIELDS_MAX = 25
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FOOTER_MAX = 2048
AUTHOR_MAX = 256
MESSAGE_EMBED_TEXT_MAX = 6000
ACTION_ROWS_MAX = 5
SELECT_OPTIONS_MAX = 25
BUTTON_LABEL_MAX = 80
CHOICES_MAX = 25
CHOICE_NAME_MAX = 100

AUTOCOMPLETE_RESULT = 8  # interaction callback type
_MESSAGE_PATH_ENDS = ("/messages", "/callback", "/messages/@original")


def breaches(method: str, path: str, body: Any) -> list[str]:
    """Every limit the request breaks, as readable lines (empty when Discord would accept it)."""
    if method not in ("POST", "PATCH") or not isinstance(body, dict):
        return []
    where = f"{method} {path}"
    if path.endswith("/callback"):
        data = body.get("data") or {}
        if body.get("type") == AUTOCOMPLETE_RESULT:
            return [f"{where}: {line}" for line in _choice_breaches(data.get("choices") or [])]
        return [f"{where}: {line}" for line in _message_breaches(data)]
    if "/webhooks/" in path or path.endswith(_MESSAGE_PATH_ENDS) or "/messages/" in path:
        return [f"{where}: {line}" for line in _message_breaches(body)]
    return []


def _message_breaches(message: dict[str, Any]) -> Iterator[str]:
    content = message.get("content")
    if isinstance(content, str) and len(content) > CONTENT_MAX:
        yield f"content has {len(content)} characters (most {CONTENT_MAX})"
    embeds = message.get("embeds") or []
    if len(embeds) > EMBEDS_MAX:
        yield f"{len(embeds)} embeds (most {EMBEDS_MAX})"
    total = 0
    for number, embed in enumerate(embeds, 1):
        for line in _embed_breaches(embed):
            yield f"embed {number}: {line}"
        total += _embed_text(embed)
    if total > MESSAGE_EMBED_TEXT_MAX:
        yield f"embeds hold {total} characters together (most {MESSAGE_EMBED_TEXT_MAX})"
    yield from _component_breaches(message.get("components") or [])


def _embed_breaches(embed: dict[str, Any]) -> Iterator[str]:
    for key, most in (("title", TITLE_MAX), ("description", DESCRIPTION_MAX)):
        text = embed.get(key) or ""
        if len(text) > most:
            yield f"{key} has {len(text)} characters (most {most})"
    fields = embed.get("fields") or []
    if len(fields) > FIELDS_MAX:
        yield f"{len(fields)} fields (most {FIELDS_MAX})"
    for number, field in enumerate(fields, 1):
        for key, most in (("name", FIELD_NAME_MAX), ("value", FIELD_VALUE_MAX)):
            text = str(field.get(key) or "")
            if not text.strip():
                yield f"field {number} has an empty {key}"
            elif len(text) > most:
                yield f"field {number} {key} has {len(text)} characters (most {most})"
    footer = (embed.get("footer") or {}).get("text") or ""
    if len(footer) > FOOTER_MAX:
        yield f"footer has {len(footer)} characters (most {FOOTER_MAX})"
    author = (embed.get("author") or {}).get("name") or ""
    if len(author) > AUTHOR_MAX:
        yield f"author has {len(author)} characters (most {AUTHOR_MAX})"


def _embed_text(embed: dict[str, Any]) -> int:
    fields = embed.get("fields") or []
    parts = [
        embed.get("title") or "",
        embed.get("description") or "",
        (embed.get("footer") or {}).get("text") or "",
        (embed.get("author") or {}).get("name") or "",
        *(str(f.get("name") or "") + str(f.get("value") or "") for f in fields),
    ]
    return sum(len(part) for part in parts)


def _component_breaches(rows: list[dict[str, Any]]) -> Iterator[str]:
    if len(rows) > ACTION_ROWS_MAX:
        yield f"{len(rows)} action rows (most {ACTION_ROWS_MAX})"
    for row in rows:
        for component in row.get("components") or []:
            label = component.get("label") or ""
            if len(label) > BUTTON_LABEL_MAX:
                yield f"a component label has {len(label)} characters (most {BUTTON_LABEL_MAX})"
            options = component.get("options") or []
            if len(options) > SELECT_OPTIONS_MAX:
                yield f"a select has {len(options)} options (most {SELECT_OPTIONS_MAX})"
            for option in options:
                if not 1 <= len(option.get("label") or "") <= CHOICE_NAME_MAX:
                    yield f"a select option label has {len(option.get('label') or '')} characters"


def _choice_breaches(choices: list[dict[str, Any]]) -> Iterator[str]:
    if len(choices) > CHOICES_MAX:
        yield f"{len(choices)} autocomplete choices (most {CHOICES_MAX})"
    for choice in choices:
        name = choice.get("name") or ""
        if not 1 <= len(name) <= CHOICE_NAME_MAX:
            yield f"autocomplete choice {name[:40]!r} has {len(name)} characters (1 to {CHOICE_NAME_MAX})"
        value = choice.get("value")
        if isinstance(value, str) and not 1 <= len(value) <= CHOICE_NAME_MAX:
            yield f"autocomplete choice value has {len(value)} characters (1 to {CHOICE_NAME_MAX})"


def all_breaches(requests: list[Any]) -> list[str]:
    """The breaches of every request simcord logged (``env.http_requests``)."""
    return [line for r in requests for line in breaches(r.method, r.path, r.json)]
