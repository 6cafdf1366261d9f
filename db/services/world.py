"""The active campaign's world state: facts such as "Baron" -> "dead", some of them secret (GM-only)."""

from dataclasses import dataclass

from db.services.base import Service
from db.services.lookups import find_campaign
from rules import limits
from rules.errors import InvalidInputError, NotFoundError
from rules.text import clean_text


@dataclass(frozen=True, slots=True)
class WorldFact:
    fact: str
    value: str
    secret: bool


@dataclass(frozen=True, slots=True)
class WorldState:
    campaign_name: str
    facts: tuple[WorldFact, ...]


@dataclass(frozen=True, slots=True)
class FactChange:
    campaign_name: str
    fact: WorldFact
    previous: WorldFact | None  # None: the fact is new


class WorldService(Service):
    async def set_fact(self, guild_id: int, fact: str, value: str, secret: bool = False) -> FactChange:
        """Set (or change) a fact; a fact typed in other capitals is the same fact."""
        fact = clean_text(
            fact, "fact", limits.WORLD_FACT, required=True, one_line=True, empty="A fact needs a name."
        )
        value = clean_text(
            value, "value", limits.WORLD_FACT_VALUE, required=True, empty="A fact needs a value."
        )
        async with self.db.transaction() as session:
            row = await find_campaign(session, guild_id, None, lock=True)
            data = row.data
            existing = _key_of(data.world_state, fact)
            previous = None
            if existing is not None:
                previous = WorldFact(existing, data.world_state[existing], existing in data.secret_facts)
                fact = existing  # keep the capitals it was first set with
            elif len(data.world_state) >= limits.WORLD_FACTS:
                raise InvalidInputError(
                    f"A campaign keeps at most {limits.WORLD_FACTS} facts: unset one first."
                )
            world_state = {**data.world_state, fact: value}
            secrets = [f for f in data.secret_facts if f != fact] + ([fact] if secret else [])
            row.data = data.model_copy(update={"world_state": world_state, "secret_facts": secrets})
            return FactChange(row.name, WorldFact(fact, value, secret), previous)

    async def unset_fact(self, guild_id: int, fact: str) -> tuple[str, WorldFact]:
        async with self.db.transaction() as session:
            row = await find_campaign(session, guild_id, None, lock=True)
            data = row.data
            existing = _key_of(data.world_state, fact)
            if existing is None:
                raise NotFoundError(f"No fact called “{fact.strip()[:100]}” in {row.name}: see /world show.")
            removed = WorldFact(existing, data.world_state[existing], existing in data.secret_facts)
            world_state = {f: v for f, v in data.world_state.items() if f != existing}
            secrets = [f for f in data.secret_facts if f != existing]
            row.data = data.model_copy(update={"world_state": world_state, "secret_facts": secrets})
            return row.name, removed

    async def show(self, guild_id: int, *, gm: bool) -> WorldState:
        """The facts a member may see: secret ones only for a GM."""
        async with self.db.transaction() as session:
            row = await find_campaign(session, guild_id, None)
            facts = tuple(WorldFact(*entry) for entry in row.data.visible_facts(gm=gm))
            return WorldState(row.name, facts)


def _key_of(world_state: dict[str, str], typed: str) -> str | None:
    wanted = typed.strip().casefold()
    return next((fact for fact in world_state if fact.casefold() == wanted), None)
