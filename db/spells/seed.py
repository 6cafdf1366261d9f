"""Seed the SRD spells into the database: at start when absent or outdated, and by CLI.

Idempotent: an SRD row is written only when it differs from the import, rows
the import no longer has are removed, and homebrew (guild_id set) is never
touched. What was seeded is remembered per ruleset as a fingerprint of the
source packages' versions and the importer's own version, so a start with
nothing new costs one small query.
"""

import asyncio
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select

from db.engine import Database
from db.invalidation import SPELLS, publish
from db.models import BotState, Spell
from rules.ruleset import RULESETS
from rules.srd import SpellRecord, load_srd_2014, load_srd_2024, source_versions
from rules.srd.srd2014 import PACKAGE as PACKAGE_2014
from rules.srd.srd2014 import TEXT_PACKAGES as TEXT_PACKAGES_2014
from rules.srd.srd2024 import PACKAGES as PACKAGES_2024
from rules.srd.srd_pages import PACKAGE as SRD_PAGES_PACKAGE

log = logging.getLogger(__name__)

# Bump when the importers change what they produce, so every database re-seeds.
IMPORTER_VERSION = 2
_LOADERS: dict[str, tuple[Callable[[], list[SpellRecord]], tuple[str, ...]]] = {
    "2014": (load_srd_2014, (PACKAGE_2014, *TEXT_PACKAGES_2014)),
    "2024": (load_srd_2024, (*PACKAGES_2024, SRD_PAGES_PACKAGE)),
}
_COLUMNS = (
    "name", "level", "school", "casting_time", "range", "components", "duration", "description",
    "higher_levels", "ritual", "concentration", "damage_dice", "save_type", "spell_lists", "data",
    "ruleset", "source",
)  # fmt: skip


def srd_spell_id(ruleset: str, slug: str) -> str:
    """Stable across imports and databases, so autocomplete values never go stale."""
    return f"srd{ruleset}:{slug}"


@dataclass(frozen=True, slots=True)
class SeedResult:
    ruleset: str
    skipped: bool
    added: int = 0
    updated: int = 0
    removed: int = 0


def fingerprint(ruleset: str) -> str:
    versions = source_versions()
    packages = {name: versions[name] for name in _LOADERS[ruleset][1]}
    return json.dumps({"importer": IMPORTER_VERSION, "packages": packages}, sort_keys=True)


def _state_key(ruleset: str) -> str:
    return f"srd_fingerprint:{ruleset}"


async def seed_srd(
    db: Database, rulesets: tuple[str, ...] = RULESETS, *, force: bool = False
) -> list[SeedResult]:
    return [await _seed_ruleset(db, ruleset, force=force) for ruleset in rulesets]


async def _seed_ruleset(db: Database, ruleset: str, *, force: bool) -> SeedResult:
    wanted = fingerprint(ruleset)
    if not force:
        async with db.transaction(write=False) as session:
            state = await session.get(BotState, _state_key(ruleset))
            present = await session.scalar(
                select(func.count())
                .select_from(Spell)
                .where(Spell.guild_id.is_(None), Spell.ruleset == ruleset)
            )
        if state is not None and state.value == wanted and present:
            return SeedResult(ruleset, skipped=True)

    loader = _LOADERS[ruleset][0]
    # Reading and normalising a few hundred JSON files is CPU work: keep the loop free.
    records = await asyncio.to_thread(loader)
    async with db.transaction() as session:
        existing = {
            spell.id: spell
            for spell in await session.scalars(
                select(Spell).where(Spell.guild_id.is_(None), Spell.ruleset == ruleset)
            )
        }
        added = updated = 0
        for record in records:
            values = {column: getattr(record, column) for column in _COLUMNS}
            spell = existing.pop(srd_spell_id(ruleset, record.slug), None)
            if spell is None:
                session.add(Spell(id=srd_spell_id(ruleset, record.slug), guild_id=None, **values))
                added += 1
            elif any(getattr(spell, column) != value for column, value in values.items()):
                for column, value in values.items():
                    setattr(spell, column, value)
                updated += 1
        for stale in existing.values():
            await session.delete(stale)
        state = await session.get(BotState, _state_key(ruleset))
        if state is None:
            session.add(BotState(key=_state_key(ruleset), value=wanted))
        elif state.value != wanted:
            state.value = wanted
        if added or updated or existing:
            await publish(session, SPELLS, None)  # running bots reload their spell index
    result = SeedResult(ruleset, skipped=False, added=added, updated=updated, removed=len(existing))
    log.info("SRD %s spells: %d added, %d updated, %d removed", ruleset, added, updated, len(existing))
    return result
