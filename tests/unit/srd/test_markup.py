"""The markup renderer: each Foundry form, markdown tables, and properties over generated text."""

import html
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules.srd.markup import (
    FlatTable,
    InlineContext,
    bold_run_in_headings,
    group_bullets,
    merge_heading_paragraphs,
    readable_formula,
    rebuild_flat_tables,
    render_foundry_text,
    render_markdown,
    split_higher_levels,
    split_paragraphs,
)

CONTEXT = InlineContext(damage="1d6 Force", affects="each creature", template="20-foot-radius Sphere")


@pytest.mark.parametrize(
    ("markup", "rendered"),
    [
        ("&Reference[Charmed apply=false]", "Charmed"),
        ("&amp;Reference[difficultterrain]", "Difficult Terrain"),
        ("&reference[frightened apply=false]", "Frightened"),
        ("&Reference[shortrest]", "Short Rest"),
        ("&Reference[BrightLight]", "Bright Light"),
        ("&Reference[damageResistance]{Resistance}", "Resistance"),
        ("[[/save ability=dex dc=@attributes.spell.dc]] saving throw", "Dexterity saving throw"),
        ("[[/save ability=con dc=@attributes.spell.dc format=long]]", "Constitution saving throw"),
        ("[[/save ability=wis dc=15 format=long]]", "DC 15 Wisdom saving throw"),
        ("[[/check ability=str skill=ath dc=15]] check", "DC 15 Strength (Athletics) check"),
        (
            "[[/check ability=int skill=inv dc=@attributes.spell.dc]] check",
            "Intelligence (Investigation) check",
        ),
        ("[[/check skill=ste]]", "Dexterity (Stealth)"),
        ("[[/damage 2d8 type=fire]] damage", "2d8 Fire damage"),
        ("[[/damage 50 type=bludgeoning]]", "50 Bludgeoning"),
        ("[[/damage (@item.level + 2)d8 type=acid]]{Cold}", "Cold"),
        ("an extra [[/damage]] damage", "an extra 1d6 Force damage"),
        ("[[/healing 1 type=healing]]{1 Hit Point}", "1 Hit Point"),
        ("[[/r 1d4 * 10]] minutes", "1d4 × 10 minutes"),
        ("[[/r 1d100cs>25#Spell cast successfully on 1]]{25 percent}", "25 percent"),
        (
            "roll a [[/r (@flags.x.mirrorImages)d6kh1cs>2#Duplicate destroyed]]{d6 for each}",
            "roll a d6 for each",
        ),
        ("The DM rolls [[/gmr 1d100]].", "The DM rolls 1d100."),
        ("[[/r 1d3cs1]]", "1d3"),
        ("[[lookup @labels.description.affects capitalize]] in a", "Each creature in a"),
        ("a [[lookup @labels.description.template]] centered", "a 20-foot-radius Sphere centered"),
        ("@UUID[Compendium.dnd5e.spells24.Item.phbsplFireball]{Fireball}", "Fireball"),
        ("<p>Bold <strong>text</strong><br>next</p>", "Bold text\nnext"),
    ],
)
def test_inline_forms(markup: str, rendered: str) -> None:
    assert render_foundry_text(markup, CONTEXT) == rendered


def test_calculator_lines_are_deleted() -> None:
    text = "The spell creates one more dart.\n\n[[2 + @item.level]]{Level [[lookup @item.level]] darts}"
    assert render_foundry_text(text) == "The spell creates one more dart."
    # What is left of "Spell levels blocked: [[...]] and lower" is a fragment: the whole line goes.
    assert render_foundry_text("Blocked.\n\nSpell levels blocked:[[@item.level - 1]] and lower") == "Blocked."
    # Inside a real sentence only the roll goes.
    assert (
        render_foundry_text("It can't leap again. [[@item.level]]{Number of leaps}") == "It can't leap again."
    )


def test_embeds_become_placeholders() -> None:
    table = "@Embed[Compendium.dnd5e.tables24.RollTable.phbPrismaticRays rollable=true]{Prismatic Rays}"
    assert render_foundry_text(table) == "*(Prismatic Rays: table not included in the source data)*"
    actor = "@Embed[Compendium.dnd5e.actors24.Actor.phbmobDraconicSp caption=false statblock]"
    assert render_foundry_text(actor) == "*(Stat block not included in the source data)*"
    item = 'Grasping Hand @Embed[Compendium.dnd5e.actors24.Actor.x.Item.y inline classes="no-secrets"]'
    assert render_foundry_text(item) == "**Grasping Hand.** *(Effect text not included in the source data)*"


def test_foundry_note_is_cut() -> None:
    text = "Real text.\n\nFoundry Note\n\nThe activity is configured to do things."
    assert render_foundry_text(text) == "Real text."


@pytest.mark.parametrize(
    "paragraph",
    [
        "Using a Higher-Level Spell Slot. The damage increases.",
        "Using a Higher-Level Spell Slot.The damage increases.",  # glued heading
        "Using a Higher-Level Spell Slot.\xa0The damage increases.",  # non-breaking space
    ],
)
def test_split_higher_levels(paragraph: str) -> None:
    body, higher = split_higher_levels(split_paragraphs(render_foundry_text(f"Body.\n\n{paragraph}")))
    assert (body, higher) == (["Body."], ["The damage increases."])


def test_split_higher_levels_mid_paragraph_and_embeds() -> None:
    assert split_higher_levels(["It explodes. Cantrip Upgrade. It grows."]) == (
        ["It explodes."],
        ["It grows."],
    )
    body, higher = split_higher_levels(
        ["Body.", "Using a Higher-Level Spell Slot. More.", "Table.", "@Embed[x]"]
    )
    assert body == ["Body.", "@Embed[x]"] and higher == ["More.", "Table."]
    assert split_higher_levels(["No upgrade here."]) == (["No upgrade here."], [])


def test_markdown_table_and_heading() -> None:
    paragraphs = [
        "The DM rolls d100.",
        "##### Teleportation Outcome",
        "| Familiarity | Mishap | Similar Area | Off Target | On Target |",
        "|---|---|---|---|---|",
        "| Permanent circle | - | - | - | 01-100 |",
        "| Very familiar | 01-05 | 06-13 | 14-24 | 25-100 |",
        "Familiarity. Here are the meanings.",
    ]
    assert render_markdown(paragraphs) == [
        "The DM rolls d100.",
        "**Teleportation Outcome**\n"
        "- **Permanent circle** — On Target 01-100\n"
        "- **Very familiar** — Mishap 01-05, Similar Area 06-13, Off Target 14-24, On Target 25-100",
        "Familiarity. Here are the meanings.",
    ]


def test_markdown_two_column_table_in_one_paragraph() -> None:
    text = "| Stage | Condition |\n|---|---|\n| 1 | Clear |\n| 2 | Light clouds |"
    assert render_markdown([text]) == ["*Stage — Condition*\n- **1**: Clear\n- **2**: Light clouds"]
    assert render_markdown(["##### Lonely heading", "Text."]) == ["**Lonely heading**", "Text."]


def test_flat_tables() -> None:
    paragraphs = [
        "Change it. Precipitation",
        "Stage",
        "Condition",
        "1",
        "Clear",
        "Wind",
        "Stage",
        "Condition",
        "1",
        "Calm",
    ]
    tables = [FlatTable("Stage", 2, 2, title="Precipitation"), FlatTable("Stage", 2, 2, title="Wind")]
    assert rebuild_flat_tables(paragraphs, tables) == [
        "Change it.",
        "**Precipitation**\n*Stage — Condition*\n- **1**: Clear",
        "**Wind**\n*Stage — Condition*\n- **1**: Calm",
    ]
    with pytest.raises(ValueError, match="not found"):
        rebuild_flat_tables(["Text."], [FlatTable("Stage", 2, 2)])


def test_2014_paragraph_helpers() -> None:
    assert merge_heading_paragraphs(["Approach.", "The target moves.", "Drop", "It drops things."]) == [
        "**Approach.** The target moves.",
        "**Drop.** It drops things.",
    ]
    assert merge_heading_paragraphs(["1. Red.", "Fire damage."]) == ["**1. Red.** Fire damage."]
    assert merge_heading_paragraphs(["The spell ends.", "Next."]) == ["The spell ends.", "Next."]
    assert group_bullets(["Pick one:", "- Weal", "- Woe", "After."]) == [
        "Pick one:",
        "- Weal\n- Woe",
        "After.",
    ]
    assert bold_run_in_headings(
        ["Set the Trigger. You decide.", "The target dies. Then.", "A creature in range. It"]
    ) == [
        "**Set the Trigger.** You decide.",
        "The target dies. Then.",
        "A creature in range. It",
    ]


def test_readable_formula() -> None:
    assert readable_formula("(@item.level + 2)d8") == "(spell level + 2)d8"
    assert readable_formula("1d20kh1 + @mod") == "1d20 + modifier"


# --- properties -------------------------------------------------------------------------------

PLAIN = st.text(alphabet=st.sampled_from("abcdefghij ABCDEF0123456789.,;:'-"), min_size=1, max_size=20)
LABEL = PLAIN.filter(lambda s: s.strip())
MARKUP = st.one_of(
    st.builds(
        lambda k, opt: f"&Reference[{k}{opt}]",
        st.sampled_from(["Charmed", "dimlight", "x"]),
        st.sampled_from(["", " apply=false"]),
    ),
    st.builds(lambda k, label: f"&Reference[{k}]{{{label}}}", st.sampled_from(["Reaction", "y"]), LABEL),
    st.builds(
        lambda a, fmt: f"[[/save ability={a} dc=@attributes.spell.dc{fmt}]]",
        st.sampled_from(["str", "dex", "con", "int", "wis", "cha", "bogus"]),
        st.sampled_from(["", " format=long"]),
    ),
    st.builds(
        lambda a, s, dc: f"[[/check ability={a} skill={s} dc={dc}]]",
        st.sampled_from(["str", "wis"]),
        st.sampled_from(["ath", "prc", "zzz"]),
        st.sampled_from(["@attributes.spell.dc", "15"]),
    ),
    st.builds(
        lambda n, t: f"[[/damage {n}d8 type={t}]]", st.integers(1, 20), st.sampled_from(["fire", "acid"])
    ),
    st.builds(lambda label: f"[[/damage (@item.level + 2)d8 type=acid]]{{{label}}}", LABEL),
    st.just("[[/damage]]"),
    st.builds(lambda label: f"[[/healing 1 type=healing]]{{{label}}}", LABEL),
    st.builds(lambda f: f"[[/r {f}]]", st.sampled_from(["1d6", "1d4 * 10", "1d100cs>25#Spell cast", "2d12"])),
    st.just("[[/gmr 1d100]]"),
    st.just("[[lookup @labels.description.affects capitalize]]"),
    st.just("[[lookup @labels.description.template]]"),
    st.builds(lambda label: f"[[2 + @item.level]]{{{label}}}", LABEL),
    st.just("[[2 + @item.level]]{Level [[lookup @item.level]] darts}"),
    st.builds(lambda label: f"@Embed[Compendium.dnd5e.tables24.RollTable.abc rollable]{{{label}}}", LABEL),
    st.just("@Embed[Compendium.dnd5e.actors24.Actor.phbmobDraconicSp caption=false statblock]"),
    st.builds(lambda label: f"@UUID[Compendium.dnd5e.spells24.Item.abc]{{{label}}}", LABEL),
    st.sampled_from(["<p>", "</p>", "<br>", "<strong>", "</strong>", "&nbsp;", "\xa0"]),
)
FOUNDRY_TEXT = st.lists(st.one_of(PLAIN, MARKUP), max_size=12).flatmap(
    lambda parts: st.sampled_from([" ", "\n\n"]).map(lambda sep: sep.join(parts))
)
LEFTOVER = re.compile(r"&Reference|\[\[|\]\]|@Embed|@UUID|[{}<>]|&\w+;|\xa0", re.IGNORECASE)


FRAGMENTS = st.sampled_from(
    ["[[", "]]", "{", "}", "[[/damage", "&Reference[", "@Embed[", "|", "|---|", "#####", "\n"]
)
ANY_TEXT = st.one_of(st.text(), st.lists(st.one_of(st.text(max_size=5), MARKUP, FRAGMENTS)).map("".join))


@given(ANY_TEXT)
def test_any_text_renders(text: str) -> None:
    render_foundry_text(text, CONTEXT)
    paragraphs = split_paragraphs(text)
    merge_heading_paragraphs(group_bullets(render_markdown(paragraphs)))
    split_higher_levels(paragraphs)


@given(FOUNDRY_TEXT, st.booleans())
def test_markup_never_survives(text: str, escaped: bool) -> None:
    rendered = render_foundry_text(html.escape(text, quote=False) if escaped else text, CONTEXT)
    assert LEFTOVER.search(rendered) is None, rendered


CELL = (
    st.text(alphabet=st.sampled_from("abcdef XYZ0123-"), min_size=1, max_size=12).map(str.strip).filter(bool)
)


@given(
    st.integers(2, 5).flatmap(
        lambda n: st.lists(st.lists(CELL, min_size=n, max_size=n), min_size=2, max_size=6)
    )
)
def test_markdown_tables_never_survive(rows: list[list[str]]) -> None:
    lines = [f"| {' | '.join(rows[0])} |", "|" + "---|" * len(rows[0])]
    lines += [f"| {' | '.join(row)} |" for row in rows[1:]]
    rendered = "\n\n".join(render_markdown(["Before.", "##### Title", *lines, "After."]))
    assert "|" not in rendered and "#" not in rendered
    assert all(row[0] in rendered for row in rows[1:])
