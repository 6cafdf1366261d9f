"""SpellService on every backend: homebrew writes keep the database and the cache in step."""

import pytest

from db.services import GuildSettingsService, SpellService
from rules.errors import ConflictError, InvalidInputError, NotFoundError
from rules.spells.cache import SpellCache
from rules.spells.homebrew import HomebrewSpell, parse_import


@pytest.fixture
async def spells(db) -> SpellService:
    service = SpellService(db, SpellCache(), GuildSettingsService(db))
    await service.load_cache()
    return service


def brew(name: str, **extra) -> HomebrewSpell:
    return HomebrewSpell(name=name, level=1, school="Abjuration", description="A ward.", **extra)


async def test_cache_holds_every_srd_spell(spells):
    assert len(spells.cache) == 319 + 339
    assert (await spells.get("srd2014:fireball", 1)).damage_dice == "8d6"


async def test_homebrew_is_written_cached_and_scoped(spells):
    [view] = await spells.add_homebrew(1, [brew("Ward of Knots", concentration=True, duration="1 hour")])
    assert view.duration == "Concentration, up to 1 hour"
    assert view.ruleset is None and view.source == "homebrew"
    assert [e.name for e in spells.homebrew(1)] == ["Ward of Knots"]
    assert spells.homebrew(2) == []
    assert (await spells.get(view.id, 1)).description == "A ward."
    with pytest.raises(NotFoundError):
        await spells.get(view.id, 2)


async def test_homebrew_belongs_to_no_ruleset(spells):
    await spells.guild_settings.set_ruleset(1, "2014")
    [view] = await spells.add_homebrew(1, [brew("Old Ward")])
    assert view.ruleset is None
    for ruleset in ("2014", "2024"):
        assert [e.name for e in spells.filter(1, ruleset, query="old ward")] == ["Old Ward"]


async def test_duplicates_write_nothing(spells):
    await spells.add_homebrew(1, [brew("Ward of Knots")])
    with pytest.raises(ConflictError):
        await spells.add_homebrew(1, [brew("Ward of Bones"), brew("WARD OF KNOTS")])
    assert [e.name for e in spells.homebrew(1)] == ["Ward of Knots"]
    await spells.add_homebrew(2, [brew("Ward of Knots")])  # another guild may


async def test_remove_only_this_guilds_homebrew(spells):
    [view] = await spells.add_homebrew(1, [brew("Ward of Knots")])
    with pytest.raises(NotFoundError):
        await spells.remove_homebrew(2, view.id)
    with pytest.raises(NotFoundError):
        await spells.remove_homebrew(1, "srd2024:fireball")
    assert await spells.remove_homebrew(1, view.id) == "Ward of Knots"
    assert spells.homebrew(1) == []
    assert spells.cache.get(view.id, 1) is None


async def test_import_file_validation_names_the_entry():
    with pytest.raises(InvalidInputError, match=r"Spell #1 .*school"):
        parse_import(b'[{"name": "X", "level": 1, "school": "Cooking", "desc": ["d"]}]')
    with pytest.raises(InvalidInputError, match="twice"):
        parse_import(
            b'[{"name": "X", "level": 1, "school": "Evocation", "desc": "d"},'
            b' {"name": "x", "level": 1, "school": "Evocation", "desc": "d"}]'
        )
    with pytest.raises(InvalidInputError, match="list of spells"):
        parse_import(b"[]")


def test_resolve_prefers_exact_then_a_unique_prefix_then_fuzzy(spells):
    assert spells.resolve("fireball", 1, "2014").spell.id == "srd2014:fireball"
    assert spells.resolve("firebal", 1, "2024").spell.id == "srd2024:fireball"
    assert spells.resolve("magic misile", 1, "2024").spell.name == "Magic Missile"
    assert spells.resolve("wall of", 1, "2024").kind == "ambiguous"
    assert spells.resolve("srd2014:fireball", 1, "2024", only_ruleset=True).spell.id == "srd2024:fireball"
    assert spells.resolve("qqqqzzzz", 1, "2024").kind == "none"


def test_filter_by_class_level_school_and_flags(spells):
    found = spells.filter(1, "2024", spell_class="wizard", level=3, school="Evocation")
    assert "Fireball" in [e.name for e in found]
    assert all(e.level == 3 and "Wizard" in e.classes for e in found)
    rituals = spells.filter(1, "2014", ritual=True, concentration=True)
    assert "Detect Magic" in [e.name for e in rituals]
