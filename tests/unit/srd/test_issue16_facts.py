"""Issue 16, item 24: facts the pinned packages get wrong, as the SRDs state them."""

from rules.srd import SpellRecord

Spells = dict[tuple[str, str], SpellRecord]


def test_2014_reactions_show_their_trigger(spells: Spells) -> None:
    triggers = {
        "counterspell": "when you see a creature within 60 feet of you casting a spell",
        "feather-fall": "when you or a creature within 60 feet of you falls",
        "hellish-rebuke": "in response to being damaged by a creature within 60 feet of you that you can see",
        "shield": "when you are hit by an attack or targeted by the magic missile spell",
    }
    for slug, trigger in triggers.items():
        assert spells["2014", slug].casting_time.startswith("1 reaction, which you take "), slug
        assert spells["2014", slug].casting_time.endswith(trigger), slug
    reactions = [s for (r, _), s in spells.items() if r == "2014" and "reaction" in s.casting_time]
    assert all(s.casting_time != "1 reaction" for s in reactions)


def test_ray_of_enfeeblement_2014_has_its_constitution_save(spells: Spells) -> None:
    assert spells["2014", "ray-of-enfeeblement"].save_type == "CON"


def test_magic_missile_deals_1d4_plus_1_per_dart_in_both_rulesets(spells: Spells) -> None:
    for ruleset in ("2014", "2024"):
        assert spells[ruleset, "magic-missile"].damage_dice == "1d4 + 1"


def test_weapon_spells_2024_keep_the_dice_only(spells: Spells) -> None:
    assert spells["2024", "alter-self"].damage_dice == "1d6"
    assert spells["2024", "flame-blade"].damage_dice == "3d6"
    assert spells["2024", "flame-blade"].data.damage_at_slot_level["9"] == "10d6"


def test_prismatic_wall_2024_save_is_constitution(spells: Spells) -> None:
    assert spells["2024", "prismatic-wall"].save_type == "CON"


def test_create_undead_2024_casts_in_1_minute_and_the_text_says_at_night(spells: Spells) -> None:
    spell = spells["2024", "create-undead"]
    assert spell.casting_time == "1 minute"
    assert "only at night" in spell.description


def test_attack_types(spells: Spells) -> None:
    for slug in ("arcane-sword", "conjure-fey", "spiritual-weapon"):
        assert spells["2024", slug].data.attack_type == "melee", slug
    assert spells["2014", "mass-cure-wounds"].data.attack_type is None


def test_durations_keep_up_to(spells: Spells) -> None:
    expected = {
        "etherealness": "Up to 8 hours",
        "prestidigitation": "Up to 1 hour",
        "thaumaturgy": "Up to 1 minute",
    }
    for slug, duration in expected.items():
        assert spells["2024", slug].duration == duration


def test_two_damage_types_are_each_named(spells: Spells) -> None:
    assert spells["2024", "meteor-swarm"].data.damage_parts == ["20d6 Fire", "20d6 Bludgeoning"]
    assert spells["2024", "flame-strike"].data.damage_parts == ["5d6 Fire", "5d6 Radiant"]
    assert spells["2024", "ice-storm"].data.damage_parts == ["2d10 Bludgeoning", "4d6 Cold"]
    # One roll whose type the caster picks is not two parts.
    assert spells["2024", "prismatic-wall"].data.damage_parts == []


def test_eldritch_blast_2014_gains_beams_not_dice(spells: Spells) -> None:
    assert set(spells["2014", "eldritch-blast"].data.damage_at_character_level.values()) == {"1d10"}
