"""Every compendium kind in memory, each searched by the one generic index (rules/search).

``Compendium.load_srd()`` reads both SRDs once; homebrew monsters are added per guild with
``add_homebrew`` and forgotten with ``drop_guild`` (to reload them after another process
changed them). Lookups never touch the database.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from rapidfuzz import fuzz, process

from rules.compendium.conditions import srd_conditions
from rules.compendium.items import srd_items
from rules.compendium.models import Condition, Item, Monster
from rules.compendium.monsters import srd_monsters
from rules.ruleset import RULESETS
from rules.search.index import EXACT, FUZZY, NamedEntry, NameOrder, SearchCache, normalise

Kind = Literal["monster", "condition", "item"]
KINDS: tuple[Kind, ...] = ("monster", "condition", "item")
Record = Monster | Condition | Item


@dataclass(frozen=True, slots=True)
class CompendiumEntry(NamedEntry):
    """What the index keeps of a record: enough to rank and label it."""

    id: str  # "monster:2014:goblin", "monster:hb123-2024:ogre-chief"
    name: str
    ruleset: str
    detail: str  # "CR 1/4 humanoid", "Uncommon wondrous item"
    guild_id: int | None = None
    key: str = field(init=False)
    order: NameOrder = field(init=False, repr=False, compare=False)

    @property
    def label(self) -> str:
        """A choice name: "Goblin - CR 1/4 humanoid (2014)"."""
        tag = f"{self.ruleset}, homebrew" if self.homebrew else self.ruleset
        suffix = f" - {self.detail} ({tag})" if self.detail else f" ({tag})"
        return self.name[: 100 - len(suffix)] + suffix


@dataclass(frozen=True, slots=True)
class Resolved:
    """A typed name resolved: the record, or suggestions, and the other ruleset's match if only it has one."""

    record: Record | None
    suggestions: tuple[CompendiumEntry, ...] = ()
    other_ruleset: str | None = None  # the name exists only there


def entry_id(kind: Kind, record: Record, guild_id: int | None = None) -> str:
    scope = record.ruleset if guild_id is None else f"hb{guild_id}-{record.ruleset}"
    return f"{kind}:{scope}:{record.slug}"


def detail_of(record: Record) -> str:
    if isinstance(record, Monster):
        return "summoned" if record.summon else f"CR {record.cr} {record.creature_type}"
    if isinstance(record, Item):
        if record.is_magic:
            return " ".join(part for part in (record.rarity or "", record.kind or "magic item") if part)[:50]
        return record.kind[:50] or record.category
    return "condition"


class Compendium:
    def __init__(self) -> None:
        self._indexes: dict[Kind, SearchCache[CompendiumEntry]] = {kind: SearchCache() for kind in KINDS}
        self._records: dict[str, Record] = {}

    def __len__(self) -> int:
        return len(self._records)

    def load_srd(self) -> int:
        """Read every SRD monster, condition and item of both rulesets (once; then from memory)."""
        for ruleset in RULESETS:
            self._load("monster", srd_monsters(ruleset), None)
            self._load("condition", srd_conditions(ruleset), None)
            self._load("item", srd_items(ruleset), None)
        return len(self._records)

    def _load(self, kind: Kind, records: Iterable[Record], guild_id: int | None) -> None:
        entries = []
        for record in records:
            entry = CompendiumEntry(
                entry_id(kind, record, guild_id), record.name, record.ruleset, detail_of(record), guild_id
            )
            self._records[entry.id] = record
            entries.append(entry)
        self._indexes[kind].load(entries)

    # -- homebrew ---------------------------------------------------------------------------------
    def add_homebrew(self, guild_id: int, monsters: Sequence[Monster]) -> None:
        """Add or replace a guild's homebrew monsters (visible to that guild only)."""
        for monster in monsters:
            entry = CompendiumEntry(
                entry_id("monster", monster, guild_id),
                monster.name,
                monster.ruleset,
                detail_of(monster),
                guild_id,
            )
            self._records[entry.id] = monster
            self._indexes["monster"].add(entry)

    def drop_guild(self, guild_id: int, kind: Kind = "monster") -> None:
        """Forget a guild's homebrew of one kind (reload it with ``add_homebrew``)."""
        prefix = f"{kind}:hb{guild_id}-"
        for key in [k for k in self._records if k.startswith(prefix)]:
            del self._records[key]
        self._indexes[kind].drop_guild(guild_id)

    # -- lookups ----------------------------------------------------------------------------------
    def search(
        self, kind: Kind, query: str, *, guild_id: int | None, ruleset: str, limit: int = 25
    ) -> list[CompendiumEntry]:
        return self._indexes[kind].search(query, guild_id=guild_id, ruleset=ruleset, limit=limit)

    def get(self, entry_id_: str, guild_id: int | None) -> Record | None:
        """A record by id, if this guild may see it."""
        kind = entry_id_.split(":", 1)[0]
        if kind not in KINDS:
            return None
        entry = self._indexes[kind].get(entry_id_, guild_id)
        return self._records.get(entry.id) if entry is not None else None

    def records(self, kind: Kind, guild_id: int | None, ruleset: str | None = None) -> list[Record]:
        """Every record of a kind this guild sees (of one ruleset, if given), by name."""
        entries = self._indexes[kind].visible(guild_id)
        found = [self._records[e.id] for e in entries if ruleset is None or e.ruleset == ruleset]
        return sorted(found, key=lambda r: (r.name.casefold(), r.ruleset))

    def resolve(
        self, kind: Kind, text: str, *, guild_id: int | None, ruleset: str, only_ruleset: bool
    ) -> Resolved:
        """An autocomplete value (an id) or a typed name: the record, else where it is, else suggestions."""
        by_id = self.get(text, guild_id)
        if by_id is not None and (by_id.ruleset == ruleset or not only_ruleset):
            return Resolved(by_id)  # picked from autocomplete: whichever ruleset it is in
        name = by_id.name if by_id is not None else text
        key = normalise(name)
        ranked = self._indexes[kind].ranked(name, guild_id=guild_id, ruleset=ruleset)
        exact = [e for tier, e in ranked if tier == EXACT]
        mine = [e for e in exact if e.ruleset == ruleset]
        if mine:  # homebrew of the guild before the SRD's
            best = min(mine, key=lambda e: not e.homebrew)
            return Resolved(self._records[best.id])
        if exact:  # only the other ruleset has it
            return Resolved(None, other_ruleset=exact[0].ruleset)
        return Resolved(None, suggestions=tuple(self.suggest(kind, key, guild_id, ruleset, ranked)))

    def suggest(
        self,
        kind: Kind,
        key: str,
        guild_id: int | None,
        ruleset: str,
        ranked: list[tuple[int, CompendiumEntry]],
    ) -> list[CompendiumEntry]:
        close = [e for tier, e in ranked if e.ruleset == ruleset and tier < FUZZY][:5]
        if close:
            return close
        entries = [e for e in self._indexes[kind].visible(guild_id) if e.ruleset == ruleset]
        scored = process.extract(key, [e.key for e in entries], scorer=fuzz.WRatio, limit=5)
        return [entries[index] for _, score, index in scored if score >= 50]
