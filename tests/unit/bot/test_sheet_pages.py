"""/character show's pages: the fullest sheet fits Discord's limits page by page and loses nothing."""

from datetime import UTC, datetime

import discord
import pytest

from bot.ui.field_pages import FIELD_VALUE_MAX, Section, item_pieces, section_fields
from bot.ui.sheet_pages import sheet_pages
from db.schemas import CharacterFile
from db.services.characters import CharacterDetails
from tests.discord_limits import breaches
from tests.full_sheet import fullest_file, missing_from, name, page_text, words


def details(file: dict, campaign_name: str | None = "C" * 100) -> CharacterDetails:
    document = CharacterFile.model_validate(file)
    now = datetime.now(UTC)
    return CharacterDetails(
        id="0" * 36,
        name=document.name,
        guild_id=1,
        owner_id=2**63 - 1,
        campaign_id=None,
        campaign_name=campaign_name,
        sheet=document.sheet(),
        created_at=now,
        updated_at=now,
    )


def page_breaches(pages: list[discord.Embed]) -> list[str]:
    return [
        f"page {number}: {line}"
        for number, page in enumerate(pages, 1)
        for line in breaches("POST", "/channels/1/messages", {"embeds": [page.to_dict()]})
    ]


def test_the_fullest_sheet_fits_every_page_and_shows_every_item():
    file = fullest_file()
    known = {n.casefold() for n in file["spellcasting"]["known"][::2]}  # half of them in /spell
    pages = sheet_pages(details(file), known)
    assert page_breaches(pages) == []
    text = "\n".join(page_text(page) for page in pages)
    assert missing_from(file, text) == []
    assert missing_from(file, "\n".join(page_text(page) for page in pages[:-1])) != []  # the check can fail
    card = page_text(pages[0])
    for shown in ("10,000,000 pp", "d12: 4/5 used", "2 ✓ / 2 ✗", "L9: 19/20 used", "Inspiration"):
        assert shown in text, shown
    assert "10,000,000" in card and "20 classes (listed on the next pages)" in card
    assert pages[-1].footer.text.endswith(f"page {len(pages)}/{len(pages)}")


@pytest.mark.parametrize("campaign_name", [None, "C" * 100])
def test_a_fresh_sheet_is_one_page_with_no_empty_section(campaign_name):
    pages = sheet_pages(details({"name": "Tess"}, campaign_name))
    assert len(pages) == 1 and page_breaches(pages) == []
    shown = {f.name for f in pages[0].fields}
    assert not shown & {"Hit dice", "Death saves", "XP", "Inspiration", "Background", "Alignment"}
    assert pages[0].footer.text == f"Campaign: {campaign_name or 'none'}"


def test_the_example_sheet_lists_its_lists_after_the_card():
    file = {
        "name": "Elara",
        "equipment": [{"name": "Rope", "quantity": 2, "weight": 10}, {"name": "Spellbook", "equipped": True}],
        "currency": {"gp": 85, "cp": 12},
        "languages": ["Common", "Elvish"],
        "features": [{"name": "Darkvision", "description": "60 feet.", "uses": {"max": 1}}],
        "notes": "Owes a book.",
    }
    pages = sheet_pages(details(file))
    assert len(pages) == 2
    lists = {f.name: f.value for f in pages[1].fields}
    assert lists == {
        "Equipment": "**Rope** ×2 · 10 lb each\n**Spellbook** · equipped",
        "Currency": "85 gp · 12 cp",
        "Features and traits": "**Darkvision** (0/1 used): 60 feet.",
        "Languages": "Common, Elvish",
        "Notes": "Owes a book.",
    }


def test_a_long_item_is_carried_on_with_marks_never_cut_unannounced():
    text = words("x", 3000)
    pieces = item_pieces(text)
    assert len(pieces) == 3 and all(len(p) <= FIELD_VALUE_MAX for p in pieces)
    assert pieces[0].endswith(" …") and pieces[1].startswith("… ") and pieces[1].endswith(" …")
    assert pieces[2].startswith("… ") and not pieces[2].endswith(" …")
    rejoined = " ".join(p.removeprefix("… ").removesuffix(" …") for p in pieces)
    assert rejoined == text


def test_a_word_longer_than_a_field_is_cut_between_escapes():
    escaped = discord.utils.escape_markdown(name("Long", 1000) * 2)  # 4,000 characters, no space
    pieces = item_pieces(escaped)
    assert all(len(p) <= FIELD_VALUE_MAX for p in pieces)
    bodies = [p.removeprefix("… ").removesuffix(" …") for p in pieces]
    assert "".join(bodies) == escaped
    assert all((len(b) - len(b.rstrip("\\"))) % 2 == 0 for b in bodies)


def test_a_list_is_split_between_whole_items_and_continued():
    items = [name(f"Prof{i}") for i in range(30)]
    fields = list(section_fields(Section("Proficiencies", items, ", ")))
    assert [n for n, _ in fields] == ["Proficiencies"] + ["Proficiencies (continued)"] * (len(fields) - 1)
    assert [item for _, value in fields for item in value.split(", ")] == items
