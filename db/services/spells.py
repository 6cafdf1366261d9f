"""Spells: lookup for cards, name resolution, filters, and each guild's homebrew.

Reads that autocomplete or filter answer from the in-memory cache; only a
spell card reads its full row. Homebrew writes commit first and then update
the cache in place, so a failed write never shows in autocomplete.
"""

from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz, process
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.engine import Database
from db.invalidation import SPELLS, publish
from db.models import Spell, looks_like_id, new_id
from db.schemas import SpellData
from db.services.base import Service
from db.services.guild_settings import GuildSettingsService
from db.services.lookups import flush_unique
from rules.errors import ConflictError, InvalidInputError, NotFoundError
from rules.spells.cache import EXACT, PREFIX, SpellCache, SpellEntry, normalise
from rules.spells.homebrew import HomebrewSpell
from rules.spells.names import parse_label, renamed

MAX_HOMEBREW_PER_GUILD = 2000
# A typed name resolves to the best fuzzy match only when it is this close and clearly ahead.
RESOLVE_SCORE = 80.0
RESOLVE_MARGIN = 8.0
# A loose suggestion after "No spell named ..." scores at least this (rapidfuzz WRatio).
SUGGEST_SCORE = 60.0


@dataclass(frozen=True, slots=True)
class SpellDetails:
    """A whole spell, detached from the database."""

    id: str
    name: str
    level: int
    school: str
    casting_time: str
    range: str
    components: tuple[str, ...]
    duration: str
    description: str
    higher_levels: str | None
    ritual: bool
    concentration: bool
    damage_dice: str | None
    save_type: str | None
    spell_lists: tuple[str, ...]
    data: SpellData
    ruleset: str | None  # None for homebrew
    source: str
    guild_id: int | None

    @property
    def homebrew(self) -> bool:
        return self.guild_id is not None

    @classmethod
    def of(cls, row: Spell) -> "SpellDetails":
        return cls(
            id=row.id,
            name=row.name,
            level=row.level,
            school=row.school,
            casting_time=row.casting_time,
            range=row.range,
            components=tuple(row.components),
            duration=row.duration,
            description=row.description,
            higher_levels=row.higher_levels,
            ritual=row.ritual,
            concentration=row.concentration,
            damage_dice=row.damage_dice,
            save_type=row.save_type,
            spell_lists=tuple(row.spell_lists),
            data=row.data,
            ruleset=row.ruleset,
            source=row.source,
            guild_id=row.guild_id,
        )


@dataclass(frozen=True, slots=True)
class Found:
    """The typed name is this spell."""

    spell: SpellEntry
    kind: Literal["found"] = "found"


@dataclass(frozen=True, slots=True)
class Ambiguous:
    """The typed name is close to several spells: the member picks one of the candidates."""

    candidates: tuple[SpellEntry, ...]
    kind: Literal["ambiguous"] = "ambiguous"


@dataclass(frozen=True, slots=True)
class NotFound:
    """No spell has a name like it; the candidates are loose suggestions (maybe none)."""

    candidates: tuple[SpellEntry, ...]
    kind: Literal["none"] = "none"


# What a typed spell name comes to: one spell, a few close candidates, or suggestions.
Resolution = Found | Ambiguous | NotFound


@dataclass(frozen=True, slots=True)
class SpellCard:
    """What a spell card needs: the whole spell, and whether this guild shows cards privately."""

    spell: SpellDetails
    private: bool


@dataclass(frozen=True, slots=True)
class SpellLookup:
    """A typed name looked up for /spell: the ruleset used, what it resolved to, and the card if found."""

    ruleset: str
    resolution: Resolution
    card: SpellCard | None = None
    note: str | None = None  # said with the card when it is not quite what was asked


def _rank(entry: SpellEntry, ruleset: str) -> tuple[bool, bool]:
    """Among spells of one name: the server's own first, then the one in ``ruleset``."""
    return (not entry.homebrew, entry.ruleset != ruleset)


def _not_in(entry: SpellEntry, ruleset: str) -> str:
    return f"{entry.name} is not in the {ruleset} rules: this is its {entry.ruleset} card."


def _called(there: SpellEntry, picked: SpellEntry) -> str:
    return f", where it is called {there.name}" if there.key != picked.key else ""


def _preferred(entries: list[SpellEntry], key: str, ruleset: str) -> SpellEntry:
    """Of the spells with this name, the server's own (homebrew), else the one in ``ruleset``."""
    return min((e for e in entries if e.key == key), key=lambda e: _rank(e, ruleset))


def entry_of(row: Spell) -> SpellEntry:
    return SpellEntry(
        id=row.id,
        name=row.name,
        level=row.level,
        school=row.school,
        ruleset=row.ruleset,
        guild_id=row.guild_id,
        ritual=row.ritual,
        concentration=row.concentration,
        classes=tuple(row.spell_lists),
    )


class SpellService(Service):
    def __init__(self, db: Database, cache: SpellCache, guild_settings: GuildSettingsService) -> None:
        super().__init__(db)
        self.cache = cache
        self.guild_settings = guild_settings
        # Bumped by every change this process makes to the index in place: a refresh whose read
        # began before one reads again, so it never undoes a change it did not see.
        self._local_changes = 0

    async def load_cache(self) -> int:
        """Fill the cache from the database, once, at start."""
        entries = await self._read_entries(None)
        self.cache.load(entries)
        return len(entries)

    async def refresh(self, guild_id: int | None) -> None:
        """Make the index agree with the database: one guild's homebrew, or (None) every spell.

        The handler of SPELLS announcements (db/invalidation.py), from any process, this one too.
        """
        while True:
            since = self._local_changes
            entries = await self._read_entries(guild_id)
            if since == self._local_changes:
                break
        if guild_id is None:
            fresh = SpellCache()
            fresh.load(entries)
            self.cache = fresh
            return
        held = {e.id: e for e in self.cache.visible(guild_id) if e.guild_id == guild_id}
        wanted = {e.id: e for e in entries}
        for spell_id in held.keys() - wanted.keys():
            self.cache.remove(spell_id, guild_id)
        for spell_id, entry in wanted.items():
            if held.get(spell_id) != entry:
                self.cache.add(entry)

    async def _read_entries(self, guild_id: int | None) -> list[SpellEntry]:
        """What the index keeps of every spell (None), or of one guild's homebrew."""
        columns = (
            Spell.id, Spell.name, Spell.level, Spell.school, Spell.ruleset, Spell.guild_id,
            Spell.ritual, Spell.concentration, Spell.spell_lists,
        )  # fmt: skip
        query = select(*columns) if guild_id is None else select(*columns).where(Spell.guild_id == guild_id)
        async with self.db.transaction(write=False) as session:
            rows = (await session.execute(query)).all()
        return [
            SpellEntry(
                id=r.id,
                name=r.name,
                level=r.level,
                school=r.school,
                ruleset=r.ruleset,
                guild_id=r.guild_id,
                ritual=r.ritual,
                concentration=r.concentration,
                classes=tuple(r.spell_lists),
            )
            for r in rows
        ]

    # --- reads -----------------------------------------------------------------------------

    def autocomplete(self, query: str, guild_id: int, ruleset: str | None = None) -> list[SpellEntry]:
        """Spells whose name matches what was typed; ``ruleset`` first (default: the guild's, as known)."""
        ruleset = ruleset or self.guild_settings.known_ruleset(guild_id)
        return self.cache.search(query, guild_id=guild_id, ruleset=ruleset)

    def homebrew_autocomplete(self, query: str, guild_id: int) -> list[SpellEntry]:
        """The guild's own spells whose name matches what was typed (for /homebrew remove)."""
        ruleset = self.guild_settings.known_ruleset(guild_id)
        found = self.cache.search(query, guild_id=guild_id, ruleset=ruleset, limit=200)
        return [e for e in found if e.guild_id == guild_id]

    def class_names(self, guild_id: int, typed: str = "", limit: int = 25) -> list[str]:
        """Classes on the spells this guild sees whose name contains what was typed, sorted."""
        wanted = typed.casefold()
        return [n for n in self.cache.class_names(guild_id) if wanted in n.casefold()][:limit]

    def spell_names(self, guild_id: int) -> set[str]:
        """The names (casefolded) of every spell this guild sees: which of a sheet's spells /spell knows."""
        return {e.name.casefold() for e in self.cache.visible(guild_id)}

    async def get(self, spell_id: str, guild_id: int) -> SpellDetails:
        """The whole spell, if this guild may see it."""
        self._require_visible(spell_id, guild_id)
        async with self.db.transaction(write=False) as session:
            return await _visible_spell(session, spell_id, guild_id)

    async def card(self, spell_id: str, guild_id: int) -> SpellCard:
        """The whole spell and the guild's card visibility, in one read."""
        self._require_visible(spell_id, guild_id)
        async with self.db.transaction(write=False) as session:
            spell = await _visible_spell(session, spell_id, guild_id)
            config = await self.guild_settings.read(session, guild_id)
            return SpellCard(spell, config.spell_visibility == "private")

    async def look_up(self, text: str, guild_id: int, ruleset: str | None = None) -> SpellLookup:
        """/spell: resolve a typed name in ``ruleset`` (default: the guild's) and read its card.

        With the guild's settings cached that is one query (the card), none when nothing is found.

        An explicit ruleset keeps fuzzy matches to that ruleset; a spell that ruleset lacks (or
        names otherwise) is still shown, with a note saying which card it is.
        """
        config = await self.guild_settings.settings(guild_id)  # no query once cached
        chosen = ruleset or config.ruleset
        found, note = self.find(text, guild_id, chosen, explicit=ruleset is not None)
        if found.kind != "found":
            return SpellLookup(chosen, found)
        async with self.db.transaction(write=False) as session:
            spell = await _visible_spell(session, found.spell.id, guild_id)
        return SpellLookup(chosen, found, SpellCard(spell, config.spell_visibility == "private"), note)

    def _require_visible(self, spell_id: str, guild_id: int) -> None:
        if self.cache.get(spell_id, guild_id) is None:
            raise NotFoundError("That spell does not exist here.")

    def resolve(self, text: str, guild_id: int, ruleset: str, *, only_ruleset: bool = False) -> Resolution:
        """What ``find`` resolves the text to, without its note."""
        return self.find(text, guild_id, ruleset, explicit=only_ruleset)[0]

    def find(
        self, text: str, guild_id: int, ruleset: str, *, explicit: bool
    ) -> tuple[Resolution, str | None]:
        """A value from autocomplete (an id), its label typed by hand, or a name: exact, renamed, fuzzy.

        The server's homebrew wins a name; then ``ruleset``'s spell; then the spell of that
        name in the other ruleset, or under its other SRD name. The note (None when the card
        is what was asked) says plainly which card is shown instead.
        """
        picked = self.cache.get(text, guild_id)
        label = parse_label(text) if picked is None else None
        if label is not None:
            picked = self._exact(label.name, guild_id, label.ruleset)
            text = label.name  # not that spell: look the name up as typed
        if picked is not None:
            if picked.homebrew or picked.ruleset == ruleset or not explicit:
                return Found(picked), None
            # Picked in one ruleset, asked in the other: that ruleset's spell of the name, if any.
            there = self._counterpart(picked.name, ruleset)
            if there is None:
                return Found(picked), _not_in(picked, ruleset)
            return Found(there), (
                f"You picked the {picked.ruleset} {picked.name} and asked for the {ruleset} rules: "
                f"this is the {ruleset} card{_called(there, picked)}."
            )
        ranked = self.cache.ranked(text, guild_id=guild_id, ruleset=ruleset)
        exact = [e for tier, e in ranked if tier == EXACT]
        mine = [e for e in exact if e.homebrew or e.ruleset == ruleset]
        if mine:
            return Found(_preferred(mine, mine[0].key, ruleset)), None
        there = self._counterpart(text, ruleset)
        if there is not None:  # an SRD 5.1 name asked in 2024, or the other way round
            return Found(there), f"{text.strip()[:100]} is called {there.name} in the {ruleset} rules."
        if exact:
            return Found(exact[0]), _not_in(exact[0], ruleset)
        found = self._fuzzy(text, ranked, guild_id, ruleset, only_ruleset=explicit)
        if found.kind == "found" and found.spell.ruleset not in (None, ruleset):
            return found, _not_in(found.spell, ruleset)
        return found, None

    def _exact(self, name: str, guild_id: int | None, ruleset: str | None) -> SpellEntry | None:
        """The spell with exactly this name (case and punctuation aside): SRD of ``ruleset``, or
        the guild's homebrew when ``ruleset`` is None."""
        for tier, entry in self.cache.ranked(name, guild_id=guild_id, ruleset=ruleset or "", limit=25):
            if tier != EXACT:
                break
            if entry.ruleset == ruleset and (ruleset is not None or entry.guild_id == guild_id):
                return entry
        return None

    def _counterpart(self, name: str, ruleset: str) -> SpellEntry | None:
        """``ruleset``'s SRD spell of this name, or of the name SRD 5.2 renamed it to (or from)."""
        there = self._exact(name, None, ruleset)
        if there is None and (other_name := renamed(name, ruleset)) is not None:
            there = self._exact(other_name, None, ruleset)
        return there

    def _fuzzy(
        self,
        text: str,
        ranked: list[tuple[int, SpellEntry]],
        guild_id: int,
        ruleset: str,
        *,
        only_ruleset: bool,
    ) -> Resolution:
        """No exact name: the start of one name, a close typo, a few candidates, or suggestions."""
        if only_ruleset:
            ranked = [(tier, e) for tier, e in ranked if e.homebrew or e.ruleset == ruleset]
        if not ranked or not normalise(text):
            return NotFound(tuple(self.suggest(text, guild_id, ruleset)))
        best_tier = ranked[0][0]
        if best_tier <= PREFIX:
            # The start of exactly one name ("firebal") is as good as the name.
            leading = [e for tier, e in ranked if tier <= PREFIX]
            if len({e.key for e in leading}) == 1:
                return Found(_preferred(leading, leading[0].key, ruleset))
            return Ambiguous(tuple(leading))
        entries = [e for _, e in ranked]
        key = normalise(text)
        scored = process.extract(key, [e.key for e in entries], scorer=fuzz.ratio, limit=len(entries))
        best_score, best = scored[0][1], entries[scored[0][2]]
        runner_up = max((score for _, score, i in scored if entries[i].key != best.key), default=0.0)
        if best_score >= RESOLVE_SCORE and best_score - runner_up >= RESOLVE_MARGIN:
            return Found(_preferred(entries, best.key, ruleset))
        close = tuple(entries[index] for _, score, index in scored if score >= best_score - 15)
        return Ambiguous(close[:25])

    def suggest(self, text: str, guild_id: int, ruleset: str, limit: int = 5) -> list[SpellEntry]:
        """Loose matches for "no spell named ..." replies: one per name, the server's or ``ruleset``'s."""
        by_key: dict[str, SpellEntry] = {}
        for entry in self.cache.visible(guild_id):
            held = by_key.get(entry.key)
            if held is None or _rank(entry, ruleset) < _rank(held, ruleset):
                by_key[entry.key] = entry
        keys = list(by_key)
        scored = process.extract(normalise(text), keys, scorer=fuzz.WRatio, limit=limit)
        return [by_key[keys[index]] for _, score, index in scored if score >= SUGGEST_SCORE]

    def filter(
        self,
        guild_id: int,
        ruleset: str,
        *,
        spell_class: str | None = None,
        level: int | None = None,
        school: str | None = None,
        ritual: bool | None = None,
        concentration: bool | None = None,
        query: str | None = None,
    ) -> list[SpellEntry]:
        """/spells: every visible spell of one ruleset matching all the given filters, by level then name."""
        wanted_class = spell_class.strip().casefold() if spell_class else None
        key = normalise(query) if query else None
        found = [
            e
            for e in self.cache.visible(guild_id)
            if (e.homebrew or e.ruleset == ruleset)
            and (level is None or e.level == level)
            and (school is None or e.school.casefold() == school.casefold())
            and (ritual is None or e.ritual == ritual)
            and (concentration is None or e.concentration == concentration)
            and (wanted_class is None or any(c.casefold() == wanted_class for c in e.classes))
            and (key is None or key in e.key)
        ]
        return sorted(found, key=lambda e: (e.level, e.key))

    def homebrew(self, guild_id: int) -> list[SpellEntry]:
        return sorted(
            (e for e in self.cache.visible(guild_id) if e.guild_id == guild_id), key=lambda e: e.key
        )

    # --- homebrew writes -------------------------------------------------------------------

    async def add_homebrew(self, guild_id: int, spells: list[HomebrewSpell]) -> list[SpellDetails]:
        """Add one or many homebrew spells in one transaction: all of them, or none."""
        async with self.db.transaction() as session:
            existing = await session.scalar(
                select(func.count()).select_from(Spell).where(Spell.guild_id == guild_id)
            )
            if (existing or 0) + len(spells) > MAX_HOMEBREW_PER_GUILD:
                raise InvalidInputError(
                    f"A server can keep at most {MAX_HOMEBREW_PER_GUILD} homebrew spells; "
                    f"this one has {existing}."
                )
            names = [normalise(s.name) for s in spells]
            taken = await session.scalars(
                select(Spell.name).where(
                    Spell.guild_id == guild_id,
                    func.lower(Spell.name).in_([s.name.lower() for s in spells]),
                )
            )
            clash = [name for name in taken if normalise(name) in names]
            if clash:
                raise ConflictError(_homebrew_taken_name(clash[0]))
            rows = [_row(guild_id, spell) for spell in spells]
            session.add_all(rows)
            # A GM adding the same name at the same moment: the unique index decides, and says so.
            await flush_unique(session, _homebrew_taken(spells))
            added = [SpellDetails.of(row) for row in rows]
            await publish(session, SPELLS, guild_id)  # the other processes' indexes, at commit
        self._local_changes += 1
        for row in rows:
            self.cache.add(entry_of(row))
        return added

    async def remove_homebrew(self, guild_id: int, spell: str) -> str:
        """Remove one of the guild's homebrew spells, named by id (autocomplete) or by its exact name."""
        missing = NotFoundError(
            f"This server has no homebrew spell named “{spell[:100]}” (SRD spells cannot be removed)."
        )
        entry = self.cache.get(spell, guild_id)
        spell_id = entry.id if entry is not None and entry.guild_id == guild_id else None
        if spell_id is None:
            named = [e for e in self.homebrew(guild_id) if e.key == normalise(spell)]
            if len(named) > 1:
                raise missing
            spell_id = named[0].id if named else None
        async with self.db.transaction() as session:
            # Not in this process's index yet (just added through another process): by id or name.
            row = await session.get(Spell, spell_id or spell) if spell_id or looks_like_id(spell) else None
            if row is None and spell_id is None:
                row = await _homebrew_named(session, guild_id, spell)
            if row is None or row.guild_id != guild_id:
                raise missing
            name, removed = row.name, row.id
            await session.delete(row)
            await publish(session, SPELLS, guild_id)
        self._local_changes += 1
        self.cache.remove(removed, guild_id)
        return name


async def _homebrew_named(session: AsyncSession, guild_id: int, name: str) -> Spell | None:
    """The guild's one homebrew spell with this name (None when none, or one per ruleset)."""
    key = normalise(name)
    rows = [
        row
        for row in await session.scalars(
            select(Spell).where(Spell.guild_id == guild_id, func.lower(Spell.name) == name.strip().lower())
        )
        if normalise(row.name) == key
    ]
    return rows[0] if len(rows) == 1 else None


async def _visible_spell(session: AsyncSession, spell_id: str, guild_id: int) -> SpellDetails:
    row = await session.get(Spell, spell_id)
    if row is None or row.guild_id not in (None, guild_id):
        raise NotFoundError("That spell does not exist here.")
    return SpellDetails.of(row)


def _row(guild_id: int, spell: HomebrewSpell) -> Spell:
    return Spell(
        id=new_id(),
        guild_id=guild_id,
        ruleset=None,  # homebrew belongs to no ruleset
        source="homebrew",
        name=spell.name,
        level=spell.level,
        school=spell.school,
        casting_time=spell.casting_time,
        range=spell.range,
        components=spell.components,
        duration=spell.duration_text,
        description=spell.description,
        higher_levels=spell.higher_levels,
        ritual=spell.ritual,
        concentration=spell.concentration,
        damage_dice=spell.damage_dice,
        save_type=spell.save_type,
        spell_lists=spell.classes,
        data=SpellData(material=spell.material, damage_type=spell.damage_type, source="homebrew"),
    )


def _homebrew_taken_name(name: str) -> str:
    return f"This server already has a homebrew spell named {name}."


def _homebrew_taken(spells: list[HomebrewSpell]) -> str:
    if len(spells) == 1:
        return _homebrew_taken_name(spells[0].name)
    return (
        "One of these spells was just added to this server's homebrew by someone else; nothing was imported."
    )
