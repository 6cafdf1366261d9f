"""The README's command table names exactly the slash commands the bot registers."""

import re
from pathlib import Path

from discord import app_commands

README = Path(__file__).parents[2] / "README.md"
_CELL_COMMAND = re.compile(r"`/([^`]+)`")


def readme_commands() -> set[str]:
    """Every command named in the first cell of the "Slash commands" table, without its options."""
    section = README.read_text(encoding="utf-8").split("## Slash commands", 1)[1].split("\n## ", 1)[0]
    names = set()
    for line in section.splitlines():
        if not line.startswith("| `/"):
            continue
        first_cell = re.split(r"(?<!\\)\|", line)[1]
        for usage in _CELL_COMMAND.findall(first_cell):
            words = []
            for word in usage.split():
                if ":" in word or word.startswith(("[", "(")):
                    break
                words.append(word)
            names.add(" ".join(words))
    return names


def registered_commands(tree: app_commands.CommandTree) -> set[str]:
    return {c.qualified_name for c in tree.walk_commands() if isinstance(c, app_commands.Command)}


def test_readme_parser_reads_options_and_shared_rows():
    assert {"config gm-role", "spells", "campaign rule add", "campaign rule remove", "quest list"} <= (
        readme_commands()
    )


async def test_every_registered_command_is_in_the_readme_and_nothing_else(env):
    registered = registered_commands(env.bot.tree)
    documented = readme_commands()
    assert registered, "the bot registered no commands"
    assert not registered - documented, f"missing from the README's table: {sorted(registered - documented)}"
    assert not documented - registered, f"in the README but not registered: {sorted(documented - registered)}"
