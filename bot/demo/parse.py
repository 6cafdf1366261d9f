"""One typed line into one action of the demo.

Slash commands are typed as in Discord: `/npc interact npc:Old Tom type:dialogue summary:asked
about the mill`. A value runs to the next `option:` of that command, so it may hold spaces;
quote it ("..." or '...') when it holds such a word or starts with a quote.
"""

import re
from dataclasses import dataclass, field

from bot.demo.catalog import Catalog, Leaf
from bot.demo.errors import InputError

QUIT_WORDS = {"quit", "exit", "bye"}


@dataclass(frozen=True)
class Slash:
    leaf: Leaf
    options: dict[str, str]  # option name -> the text typed for it


@dataclass(frozen=True)
class Complete:
    """`complete /spell name:fire`: what the bot offers for the last option typed."""

    leaf: Leaf
    focused: str
    typed: str
    filled: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Press:
    number: int


@dataclass(frozen=True)
class Choose:
    numbers: tuple[int, ...]


@dataclass(frozen=True)
class Speak:
    """`as gm`: who speaks from now on; `as gm /spell x`: gm says just this line."""

    who: str
    then: "Slash | Complete | Press | Choose | None" = None


@dataclass(frozen=True)
class Help:
    command: Leaf | None = None  # `help /npc interact`: that command's options


@dataclass(frozen=True)
class Quit:
    pass


Action = Slash | Complete | Press | Choose | Speak | Help | Quit


def parse_line(line: str, catalog: Catalog) -> Action | None:
    """The action a line asks for; None for a blank line or a `#` comment."""
    text = line.strip()
    if not text or text.startswith("#"):
        return None
    word, _, rest = text.partition(" ")
    word, rest = word.lower(), rest.strip()
    if text.startswith("/"):
        return parse_slash(text[1:], catalog)
    if word in QUIT_WORDS and not rest:
        return Quit()
    if word == "help":
        return Help(parse_command_path(rest, catalog) if rest else None)
    if word == "as":
        who, _, then = rest.partition(" ")
        if not who:
            raise InputError("Say who speaks: `as gm`, `as player1` (`help` lists the table).")
        inner = parse_line(then, catalog) if then.strip() else None
        if isinstance(inner, Speak | Help | Quit):
            raise InputError("After `as NAME` comes a command, e.g. `as player1 /spell name:fireball`.")
        return Speak(who.lower(), inner)
    if word == "press":
        return Press(_numbers(rest, "press", one=True)[0])
    if word == "choose":
        return Choose(_numbers(rest, "choose", one=False))
    if word == "complete":
        return parse_complete(rest, catalog)
    raise InputError(
        f"`{text.split()[0]}` is not something I know: type a slash command (/spell name:fireball), "
        "`as NAME`, `press N`, `choose N`, `complete /command option:text`, `help` or `quit`."
    )


def _numbers(rest: str, verb: str, *, one: bool) -> tuple[int, ...]:
    words = rest.split()
    if not words or not all(w.isdigit() for w in words) or (one and len(words) != 1):
        example = "press 2" if one else "choose 1 (or choose 1 3 where several may be picked)"
        raise InputError(f"`{verb}` takes {'a number' if one else 'numbers'} from the last reply: {example}.")
    return tuple(int(w) for w in words)


def parse_command_path(text: str, catalog: Catalog) -> Leaf:
    leaf, _ = catalog.resolve(text.lstrip("/").split())
    return leaf


def parse_slash(text: str, catalog: Catalog) -> Slash:
    leaf, rest = _command_and_rest(text, catalog)
    return Slash(leaf, split_options(rest, leaf))


def parse_complete(text: str, catalog: Catalog) -> Complete:
    if not text.startswith("/"):
        raise InputError("Use `complete /command option:text`, e.g. `complete /spell name:fire`.")
    leaf, rest = _command_and_rest(text[1:], catalog)
    options = split_options(rest, leaf, allow_empty_last=True)
    choosable = [o["name"] for o in leaf.options if o.get("autocomplete")]
    if not options:
        if not choosable:
            raise InputError(f"/{leaf.name} offers no choices as you type.")
        raise InputError(f"Say which option is being typed: `complete /{leaf.name} {choosable[0]}:text`.")
    focused, typed = list(options.items())[-1]
    if focused not in choosable:
        offered = (
            f" (only {', '.join(choosable)} {'does' if len(choosable) == 1 else 'do'})" if choosable else ""
        )
        raise InputError(f"/{leaf.name} offers no choices for `{focused}`{offered}.")
    filled = {name: value for name, value in options.items() if name != focused}
    return Complete(leaf, focused, typed, filled)


def _command_and_rest(text: str, catalog: Catalog) -> tuple[Leaf, str]:
    leaf, used = catalog.resolve(text.split())
    parts = text.strip().split(None, used)
    return leaf, parts[used].strip() if len(parts) > used else ""


def split_options(text: str, leaf: Leaf, *, allow_empty_last: bool = False) -> dict[str, str]:
    """`npc:Old Tom type:dialogue` -> {"npc": "Old Tom", "type": "dialogue"}, names checked.

    Text before the first `name:` is the first required option's value (`/spell fireball`).
    """
    names = leaf.option_names
    if not text:
        return {}
    if not names:
        raise InputError(f"/{leaf.name} takes no options.")
    # The next option starts at a declared `name:`, or at any `word:value`, so that a mistyped
    # name is reported rather than swallowed into the value before it.
    declared = "|".join(re.escape(n) for n in names)
    marker = re.compile(rf"(?:^|\s)(?:(?:{declared}):|[a-z][\w-]*:(?=\S))", re.IGNORECASE)
    options: dict[str, str] = {}
    position = 0
    if re.match(r"[\w-]+:", text) is None:
        # `/spell fireball`: leading text fills the first required option, as Discord's picker does.
        first = next((o["name"] for o in leaf.options if o.get("required")), None)
        if first is None:
            raise InputError(f"Options are written name:value. {_options_of(leaf)}")
        options[first], position = _value(text, 0, marker)
    while position < len(text):
        head = re.match(r"\s*([\w-]+):", text[position:])
        if head is None:
            stray = text[position:].split()[0]
            raise InputError(f"Options are written name:value; `{stray}` is not. {_options_of(leaf)}")
        name = head.group(1).lower()
        if name not in names:
            raise InputError(
                f"/{leaf.name} has no option `{name}` (quote a value holding `{name}:`). {_options_of(leaf)}"
            )
        if name in options:
            raise InputError(f"The option `{name}` is given twice.")
        position += head.end()
        value, position = _value(text, position, marker)
        if not value and not allow_empty_last:
            raise InputError(
                f"The option `{name}` is empty; write {name}:value (quote a value with spaces if unsure)."
            )
        options[name] = value
    return options


def _value(text: str, position: int, marker: re.Pattern[str]) -> tuple[str, int]:
    """The value starting at `position`, and where the next option starts."""
    if position < len(text) and text[position] in "\"'":
        quote = text[position]
        end = text.find(quote, position + 1)
        if end == -1:
            raise InputError(f"A value opened with {quote} is not closed.")
        after = end + 1
        if after < len(text) and not text[after].isspace():
            raise InputError(f"Leave a space after the closing {quote}.")
        return text[position + 1 : end], after
    following = marker.search(text, position)
    end = following.start() if following else len(text)
    return text[position:end].strip(), end


def _options_of(leaf: Leaf) -> str:
    return f"Its options: {', '.join(leaf.option_names)}." if leaf.options else "It takes no options."
