"""Every stat block, condition and item card: within Discord's limits, paged, never cut."""

import re

import pytest

from bot.ui.compendium_cards import condition_pages, item_pages, monster_pages, monster_text
from bot.ui.paginator import EMBED_DESCRIPTION_MAX
from rules.compendium import srd_conditions, srd_monsters
from rules.compendium.items import srd_items

MARKUP = re.compile(r"\[\[|\]\]|@[A-Za-z]+\[|&[A-Za-z]+\[|&amp;|<[a-z/]")


def _check(pages, text: str) -> None:
    assert pages
    joined = "".join(page.description for page in pages)
    assert re.sub(r"\s", "", joined) == re.sub(r"\s", "", text)  # nothing cut
    for page in pages:
        assert len(page.description) <= EMBED_DESCRIPTION_MAX and len(page.title) <= 256
        assert len(page.footer.text) <= 2048
        assert len(page.title) + len(page.description) + len(page.footer.text) <= 6000
        assert not MARKUP.search(page.description)


@pytest.mark.parametrize("ruleset", ["2014", "2024"])
def test_every_monster_card(ruleset: str) -> None:
    paged = 0
    for monster in srd_monsters(ruleset):  # type: ignore[arg-type]
        pages = monster_pages(monster)
        _check(pages, monster_text(monster))
        paged += len(pages) > 1
        if len(pages) > 1:
            assert pages[0].footer.text.endswith(f"page 1/{len(pages)}")
    assert paged > 0  # the long ones (the Lich, dragons) really page


@pytest.mark.parametrize("ruleset", ["2014", "2024"])
def test_every_condition_and_item_card(ruleset: str) -> None:
    for condition in srd_conditions(ruleset):  # type: ignore[arg-type]
        pages = condition_pages(condition)
        assert all(
            not MARKUP.search(p.description) and len(p.description) <= EMBED_DESCRIPTION_MAX for p in pages
        )
    for item in srd_items(ruleset):  # type: ignore[arg-type]
        pages = item_pages(item)
        assert all(
            not MARKUP.search(p.description) and len(p.description) <= EMBED_DESCRIPTION_MAX for p in pages
        )
