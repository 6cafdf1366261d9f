"""``campaigns`` JSON columns: the campaign's data, house rules, world art."""

import datetime as dt
from collections.abc import Hashable, Sequence
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator, model_validator

from db.schemas.base import JSONModel, Url
from rules import limits
from rules.model import Id, Name, UTCTime

Fact = Annotated[str, StringConstraints(min_length=1, max_length=limits.WORLD_FACT)]
FactValue = Annotated[str, StringConstraints(max_length=limits.WORLD_FACT_VALUE)]
MAX_ITEMS = 500


class Quest(JSONModel):
    """A quest in the log. Timestamps are timezone-aware so they always compare."""

    id: Id
    title: str = Field(min_length=1, max_length=limits.QUEST_TITLE)
    details: str | None = Field(default=None, max_length=limits.QUEST_DETAILS)
    status: Literal["open", "done"] = "open"
    created_at: UTCTime
    closed_at: UTCTime | None = None

    @model_validator(mode="after")
    def _closed_when_done(self) -> "Quest":
        if (self.status == "done") != (self.closed_at is not None):
            raise ValueError("closed_at is set exactly when the status is done")
        if self.closed_at is not None and self.closed_at < self.created_at:
            raise ValueError("closed_at is before created_at")
        return self


class SessionNote(JSONModel):
    """A GM's note during a session; a secret one is in the GM's recap only."""

    text: str = Field(min_length=1, max_length=limits.SESSION_NOTE)
    secret: bool = False
    at: UTCTime


class SessionEntry(JSONModel):
    """A session of play. What was logged between ``started_at`` and ``ended_at`` belongs to it.

    A session without ``started_at`` was written down (imported) rather than run through the bot:
    its recap is its summary alone.
    """

    number: int = Field(ge=1, le=10_000)
    date: dt.date
    summary: str = Field(default="", max_length=limits.SESSION_SUMMARY)
    title: str | None = Field(default=None, max_length=limits.SESSION_TITLE)
    started_at: UTCTime | None = None
    ended_at: UTCTime | None = None
    notes: list[SessionNote] = Field(default_factory=list, max_length=limits.SESSION_NOTES)

    @property
    def is_open(self) -> bool:
        return self.started_at is not None and self.ended_at is None

    @model_validator(mode="after")
    def _ends_after_it_starts(self) -> "SessionEntry":
        if self.ended_at is not None and (self.started_at is None or self.ended_at < self.started_at):
            raise ValueError("ended_at needs a started_at before it")
        return self


class FightRecord(JSONModel):
    """A fight as /init end closed it: what a session's recap tells of it."""

    ended_at: UTCTime
    rounds: int = Field(ge=0, le=100_000)
    fighters: list[Name] = Field(default_factory=list, max_length=200)
    downed: list[Name] = Field(default_factory=list, max_length=200)


class CampaignData(JSONModel):
    """``campaigns.data``: quest log, session log, party roster, world state."""

    quests: list[Quest] = Field(default_factory=list, max_length=MAX_ITEMS)
    sessions: list[SessionEntry] = Field(default_factory=list, max_length=MAX_ITEMS)
    party: list[Id] = Field(default_factory=list, max_length=limits.PARTY, description="Character ids")
    world_state: dict[Fact, FactValue] = Field(
        default_factory=dict,
        max_length=limits.WORLD_FACTS,
        description='Fact -> value, e.g. "Baron" -> "dead"',
    )
    # The latest fights, oldest first; /init end appends and keeps the last MAX_ITEMS.
    fights: list[FightRecord] = Field(default_factory=list, max_length=MAX_ITEMS)
    secret_facts: list[Fact] = Field(
        default_factory=list, max_length=limits.WORLD_FACTS, description="Facts only GMs see"
    )

    # Quests are found by id, sessions by number, party members by id: a duplicate would be ambiguous.
    @field_validator("quests")
    @classmethod
    def _distinct_quests(cls, quests: list[Quest]) -> list[Quest]:
        refuse_duplicates([q.id for q in quests], "quest id")
        return quests

    @field_validator("sessions")
    @classmethod
    def _distinct_sessions(cls, sessions: list[SessionEntry]) -> list[SessionEntry]:
        refuse_duplicates([s.number for s in sessions], "session number")
        if sum(s.is_open for s in sessions) > 1:
            raise ValueError("only one session can be open at a time")
        return sessions

    @property
    def open_session(self) -> SessionEntry | None:
        return next((s for s in self.sessions if s.is_open), None)

    @field_validator("party")
    @classmethod
    def _distinct_party(cls, party: list[str]) -> list[str]:
        refuse_duplicates(party, "character id")
        return party

    @model_validator(mode="after")
    def _secrets_are_facts(self) -> "CampaignData":
        refuse_duplicates(self.secret_facts, "secret fact")
        unknown = [fact for fact in self.secret_facts if fact not in self.world_state]
        if unknown:
            raise ValueError(f"secret_facts names {unknown[0]!r}, which is not in world_state")
        return self

    def visible_facts(self, *, gm: bool) -> list[tuple[str, str, bool]]:
        """(fact, value, secret) in the order set; players never get the secret ones."""
        secret = set(self.secret_facts)
        return [
            (fact, value, fact in secret)
            for fact, value in self.world_state.items()
            if gm or fact not in secret
        ]


def refuse_duplicates(keys: Sequence[Hashable], what: str) -> None:
    seen: set[Hashable] = set()
    for key in keys:
        if key in seen:
            raise ValueError(f"the {what} {key!r} appears twice")
        seen.add(key)


class HomebrewRule(JSONModel):
    """One house rule; ``campaigns.homebrew_rules`` is a list of them."""

    text: str = Field(min_length=1, max_length=limits.HOUSE_RULE)


class WorldArt(JSONModel):
    """``campaigns.world_art``: a reference to artwork of the world, never the image itself."""

    url: Url
    alt: str | None = Field(default=None, max_length=300, description="Text for screen readers")
    credit: str | None = Field(default=None, max_length=200, description="Artist or generator")
    prompt: str | None = Field(default=None, max_length=2000, description="What it was generated from")
