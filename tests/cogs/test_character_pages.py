"""/character show pages the whole sheet: every part on some page, every page within Discord's limits.

The ``env`` fixture checks each page sent (the first, and each one a click on Next brings)
against Discord's limits; the fullest sheet of the schema is checked in tests/unit/bot.
"""

import json

from simcord import assert_error

from rules.errors import NotFoundError
from tests.full_sheet import fullest_file, missing_from, page_text
from tests.helpers import make_campaign_table

# Every list and text of the sheet, long and full of markdown, small enough to click through.
FILE = fullest_file(
    items=12, features=6, spells=40, proficiencies=30, languages=12, note=400, feature_text=1500, notes=4000
)


async def every_page(member, result) -> list:
    """The embeds of every page of a paged reply, clicking Next as the member would."""
    message = result.response
    pages = [message.embeds[0]]
    while (at := _page_of(pages[-1])) is not None and at[0] < at[1]:
        message = (await member.click(message, label="Next")).response
        pages.append(message.embeds[0])
    return pages


def _page_of(embed) -> tuple[int, int] | None:
    """(i, n) from the footer's "page i/n"; None on a single page."""
    footer = embed.footer.text or ""
    if " · page " not in footer:
        return None
    number, count = footer.rsplit(" · page ", 1)[1].split("/")
    return int(number), int(count)


async def test_the_whole_sheet_is_paged_and_nothing_is_left_out(env):
    table = await make_campaign_table(env)
    await table.player.slash(table.channel, "character import", file=("hero.json", json.dumps(FILE).encode()))
    shown = await table.player.slash(table.channel, "character show")
    assert not shown.ephemeral  # a sheet is shown to the table, as it always was
    pages = await every_page(table.player, shown)
    assert len(pages) > 3
    assert [p.footer.text.rsplit("page ", 1)[1] for p in pages] == [
        f"{i}/{len(pages)}" for i in range(1, len(pages) + 1)
    ]
    text = "\n".join(page_text(page) for page in pages)
    assert missing_from(FILE, text) == []
    headings = {f.name for page in pages for f in page.fields}
    for heading in ("Equipment", "Currency", "Features and traits", "Proficiencies", "Languages", "Notes"):
        assert heading in headings, heading
    assert {"Classes", "Spells known (✦ in /spell)", "Spells prepared (✦ in /spell)"} <= headings


async def test_another_member_sees_the_same_sheet_but_cannot_turn_the_owners_pages(env):
    table = await make_campaign_table(env)
    await table.player.slash(table.channel, "character import", file=("hero.json", json.dumps(FILE).encode()))
    mine = await table.player.slash(table.channel, "character show")
    theirs = await table.gm.slash(table.channel, "character show", character=FILE["name"])
    assert [page_text(e) for e in theirs.response.embeds] == [page_text(e) for e in mine.response.embeds]
    pressed = await table.gm.click(mine.response, label="Next")
    assert pressed.ephemeral and "belong to whoever ran the command" in pressed.response.content


async def test_a_sparse_sheet_is_one_page_without_empty_sections(env):
    table = await make_campaign_table(env)
    await table.player.slash(table.channel, "character create", name="Tess")
    shown = await table.player.slash(table.channel, "character show")
    [page] = shown.response.embeds
    assert _page_of(page) is None  # one page, so no "page 1/1" and no buttons
    names = {f.name for f in page.fields}
    assert not names & {"Equipment", "Notes", "Hit dice", "Death saves", "XP", "Background", "Alignment"}


async def test_an_unknown_character_is_refused_in_words(env):
    table = await make_campaign_table(env)
    result = await table.player.slash(table.channel, "character show", character="Nobody")
    assert result.ephemeral and "No character called" in result.response.content
    assert_error(env, NotFoundError)
