"""Hand-checked stat blocks of both SRDs (values read off the SRD 5.1 and 5.2 stat blocks)."""

from fractions import Fraction

import pytest

from rules.compendium import Monster, srd_monsters


def monster(ruleset: str, slug: str) -> Monster:
    return next(m for m in srd_monsters(ruleset) if m.slug == slug)  # type: ignore[arg-type]


def test_2014_goblin() -> None:
    goblin = monster("2014", "goblin")
    assert (goblin.armor_class, goblin.hit_points, goblin.hit_dice, goblin.cr, goblin.xp) == (
        15,
        7,
        "2d6",
        "1/4",
        50,
    )
    assert (goblin.size, goblin.creature_type, goblin.subtype) == ("Small", "humanoid", "goblinoid")
    assert goblin.dex_modifier == 2 and goblin.initiative_modifier == 2
    scimitar = goblin.action("Scimitar")
    assert scimitar is not None and scimitar.attack_bonus == 4 and scimitar.reach == "5 ft."
    assert [(d.dice, d.damage_type, d.average) for d in scimitar.damage] == [("1d6 + 2", "slashing", 5)]
    assert goblin.skills == {"Stealth": 6} and goblin.passive_perception == 9


def test_2024_has_goblin_warrior_and_no_plain_goblin() -> None:
    names = {m.name for m in srd_monsters("2024")}
    assert "Goblin" not in names and {"Goblin Minion", "Goblin Warrior", "Goblin Boss"} <= names
    warrior = monster("2024", "goblin-warrior")
    assert (warrior.armor_class, warrior.hit_points, warrior.hit_dice, warrior.cr, warrior.xp) == (
        15,
        10,
        "3d6",
        "1/4",
        50,
    )
    assert (warrior.creature_type, warrior.subtype, warrior.initiative_modifier) == ("fey", "Goblinoid", 2)
    scimitar = warrior.action("Scimitar")
    assert scimitar is not None
    assert scimitar.text.startswith(
        "Melee Attack Roll: +4, reach 5 ft. Hit: 5 (1d6 + 2) Slashing damage, plus 2 (1d4)"
    )
    assert (scimitar.attack_bonus, scimitar.damage[0].dice) == (4, "1d6 + 2")
    assert warrior.entries("bonus_action")[0].name == "Nimble Escape"


def test_2014_adult_red_dragon() -> None:
    dragon = monster("2014", "adult-red-dragon")
    assert (dragon.armor_class, dragon.hit_points, dragon.hit_dice, dragon.cr, dragon.xp) == (
        19,
        256,
        "19d12 + 133",
        "17",
        18000,
    )
    assert dragon.proficiency_bonus == 6 and dragon.speeds == {"walk": 40, "climb": 40, "fly": 80}
    assert dragon.saving_throws == {"DEX": 6, "CON": 13, "WIS": 7, "CHA": 11}
    assert dragon.damage_immunities == ("fire",) and dragon.passive_perception == 23
    legendary = dragon.entries("legendary")
    assert dragon.legendary_uses == 3
    assert [(a.name, a.legendary_cost) for a in legendary] == [
        ("Detect", 1),
        ("Tail Attack", 1),
        ("Wing Attack", 2),
    ]
    bite = dragon.action("Bite")
    assert (
        bite is not None and bite.attack_bonus == 14 and [d.dice for d in bite.damage] == ["2d10 + 8", "2d6"]
    )


def test_2024_adult_red_dragon_legendary_actions_and_save_dc() -> None:
    dragon = monster("2024", "adult-red-dragon")
    assert (dragon.armor_class, dragon.hit_points, dragon.hit_dice, dragon.cr) == (
        19,
        256,
        "19d12 + 133",
        "17",
    )
    assert dragon.legendary_uses == 3 and dragon.legendary_intro.startswith(
        "Legendary Action Uses: 3 (4 in Lair)"
    )
    assert [a.name for a in dragon.entries("legendary")] == ["Commanding Presence", "Fiery Rays", "Pounce"]
    breath = dragon.action("Fire Breath")
    assert breath is not None and breath.recharge == "5-6" and breath.save_dc == 21
    assert breath.text.startswith("Dexterity Saving Throw: DC 21, each creature in a 60-foot Cone.")
    assert "59 (17d6) Fire damage" in breath.text
    assert dragon.actions[1].name == "Multiattack"  # stat-block order, not the record's


@pytest.mark.parametrize(
    ("ruleset", "ac", "hp", "dice", "cr", "xp"),
    [("2014", 17, 135, "18d8 + 54", "21", 33000), ("2024", 20, 315, "42d8 + 126", "21", 33000)],
)
def test_lich(ruleset: str, ac: int, hp: int, dice: str, cr: str, xp: int) -> None:
    lich = monster(ruleset, "lich")
    assert (lich.armor_class, lich.hit_points, lich.hit_dice, lich.cr, lich.xp) == (ac, hp, dice, cr, xp)
    assert lich.creature_type == "undead" and lich.legendary_uses == 3
    assert {"Charmed", "Frightened", "Paralyzed"} <= {c.capitalize() for c in lich.condition_immunities}
    touch = lich.action("Paralyzing Touch")
    assert touch is not None and touch.attack_bonus == 12


@pytest.mark.parametrize(
    ("ruleset", "ac", "hp", "dice", "bite", "legendary"),
    [
        ("2014", 25, 676, "33d20 + 330", "4d12 + 10", ["Attack", "Move", "Chomp"]),
        ("2024", 25, 697, "34d20 + 340", "4d12 + 10", ["Onslaught", "World-Shaking Movement"]),
    ],
)
def test_tarrasque(ruleset: str, ac: int, hp: int, dice: str, bite: str, legendary: list[str]) -> None:
    tarrasque = monster(ruleset, "tarrasque")
    assert (tarrasque.armor_class, tarrasque.hit_points, tarrasque.hit_dice, tarrasque.cr) == (
        ac,
        hp,
        dice,
        "30",
    )
    assert tarrasque.xp == 155000 and tarrasque.size == "Gargantuan" and tarrasque.proficiency_bonus == 9
    action = tarrasque.action("Bite")
    assert action is not None and action.attack_bonus == 19 and action.damage[0].dice == bite
    assert tarrasque.legendary_uses == 3 and [a.name for a in tarrasque.entries("legendary")] == legendary


def test_armor_class_with_several_sources() -> None:
    warrior = monster("2024", "goblin-warrior")
    assert warrior.armor_sources == ("Leather Armor", "Shield")  # 11 + DEX 2 + shield 2 = 15
    assert warrior.armor_class == 11 + warrior.dex_modifier + 2


@pytest.mark.parametrize(
    ("ruleset", "slug", "cr", "xp"),
    [
        ("2014", "kobold", Fraction(1, 8), 25),
        ("2014", "goblin", Fraction(1, 4), 50),
        ("2014", "hobgoblin", Fraction(1, 2), 100),
        ("2024", "goblin-minion", Fraction(1, 8), 25),
        ("2024", "goblin-warrior", Fraction(1, 4), 50),
    ],
)
def test_fractional_challenge_ratings(ruleset: str, slug: str, cr: Fraction, xp: int) -> None:
    found = monster(ruleset, slug)
    assert found.challenge == cr and found.cr == f"{cr.numerator}/{cr.denominator}" and found.xp == xp
    assert found.proficiency_bonus == 2


def test_lair_xp_is_next_crs() -> None:
    dragon = monster("2024", "adult-red-dragon")
    assert dragon.lair_xp == 20000  # CR 18's XP; dndwright prints it as xp_lair


def test_2014_corrections_applied() -> None:
    assert monster("2014", "bone-devil").cr == "9" and monster("2014", "bone-devil").xp == 5000
    assert monster("2014", "bone-devil").passive_perception == 12
    assert monster("2014", "xorn").xp == 1800 and monster("2014", "ankheg").xp == 450
    assert monster("2014", "basilisk").armor_class == 15 and monster("2014", "cult-fanatic").hit_points == 33
    assert monster("2014", "doppelganger").alignment == "unaligned"
    assert "poison" in monster("2014", "ghast").damage_immunities
    shriek = monster("2014", "shrieker").action("Shriek")
    assert shriek is not None and shriek.kind == "reaction"
    resistance = monster("2014", "ancient-blue-dragon").action("Legendary Resistance")
    assert resistance is not None and resistance.uses == "3/Day"


def test_2024_traits_filed_as_actions_are_traits() -> None:
    limbs = monster("2024", "troll").action("Loathsome Limbs")
    assert limbs is not None and limbs.kind == "trait"


def test_summons_are_tagged_and_out_of_cr() -> None:
    summons = [m for m in srd_monsters("2024") if m.summon]
    assert len(summons) == 14 and all(m.challenge == 0 for m in summons)
    assert not any(m.summon for m in srd_monsters("2014"))


def test_size_medium_or_small_and_swarms() -> None:
    assert monster("2024", "bandit").size_label == "Medium or Small"
    assert monster("2024", "swarm-of-bats").size_label == "Large Swarm of Tiny Beasts"
    assert monster("2014", "swarm-of-bats").size_label == "Medium swarm of Tiny beasts"


def test_model_copy_with_overrides_keeps_the_rest() -> None:
    veteran = monster("2024", "warrior-veteran")
    mira = veteran.model_copy(update={"hit_points": 80, "armor_class": 18})
    assert (mira.hit_points, mira.armor_class, mira.actions) == (80, 18, veteran.actions)
