"""The two SRD spell lists, loaded once per run (each load reads a few hundred JSON files)."""

import pytest

from rules.srd import SpellRecord, load_srd_2014, load_srd_2024


@pytest.fixture(scope="session")
def srd2014() -> list[SpellRecord]:
    return load_srd_2014()


@pytest.fixture(scope="session")
def srd2024() -> list[SpellRecord]:
    return load_srd_2024()


@pytest.fixture(scope="session")
def spells(srd2014: list[SpellRecord], srd2024: list[SpellRecord]) -> dict[tuple[str, str], SpellRecord]:
    """Every spell by (ruleset, slug)."""
    return {(s.ruleset, s.slug): s for s in srd2014 + srd2024}
