"""The party's pages stay within Discord's limits however long the names and the lists."""

from bot.ui.party_embeds import party_pages
from db.schemas import CharacterSheet
from db.schemas.character import ClassLevel, Pool, Spellcasting
from db.schemas.encounter import ActiveCondition
from db.services.party import MemberVitals, Party, PartyMember
from rules import limits
from tests.discord_limits import breaches


def longest_member(number: int) -> PartyMember:
    classes = tuple(ClassLevel(name=f"{number:03}" + "C" * 97, level=1) for _ in range(limits.LEVEL_MAX))
    sheet = CharacterSheet(
        classes=[c.model_copy(update={"name": f"{c.name[:-2]}{i:02}"}) for i, c in enumerate(classes)],
        spellcasting=Spellcasting(ability="WIS", slots={str(n): Pool(max=4, used=2) for n in range(1, 10)}),
    )
    conditions = tuple(ActiveCondition(name=f"Condition {n} " + "x" * 80, rounds=n + 1) for n in range(30))
    vitals = MemberVitals(sheet, conditions, concentration=("Spell " + "y" * 90,) * 3)
    name = f"{number:03}" + "N" * 97
    return PartyMember(f"id-{number}", name, 7, tuple(sheet.classes), sheet.level, vitals)


def test_the_longest_party_fits_every_page_for_gms_and_players():
    members = tuple(longest_member(n) for n in range(limits.PARTY))
    party = Party("S" * limits.NAME, members, gone=5)
    for gm in (True, False):
        pages = party_pages(party, gm=gm)
        assert len(pages) > 1
        for page in pages:
            problems = breaches("POST", "/callback", {"type": 4, "data": {"embeds": [page.to_dict()]}})
            assert problems == [], problems
    gm_pages = party_pages(party, gm=True)
    assert sum(len(p.fields) for p in gm_pages) == limits.PARTY
