"""``campaigns`` JSON columns: the campaign's data, house rules, world art."""

from datetime import datetime
from typing import Literal

from pydantic import Field

from db.schemas.base import JSONModel

MAX_ITEMS = 500


class Quest(JSONModel):
    id: str = Field(min_length=1, max_length=36)
    title: str = Field(min_length=1, max_length=200)
    details: str | None = Field(default=None, max_length=2000)
    status: Literal["open", "done"] = "open"
    created_at: datetime
    closed_at: datetime | None = None


class SessionEntry(JSONModel):
    number: int = Field(ge=1, le=10_000)
    date: datetime
    summary: str = Field(default="", max_length=4000)


class CampaignData(JSONModel):
    """``campaigns.data``: quest log, session log, party roster, world state."""

    quests: list[Quest] = Field(default_factory=list, max_length=MAX_ITEMS)
    sessions: list[SessionEntry] = Field(default_factory=list, max_length=MAX_ITEMS)
    party: list[str] = Field(default_factory=list, max_length=100, description="Character ids")
    world_state: dict[str, str] = Field(default_factory=dict, max_length=200, description="Fact -> value")


class HomebrewRule(JSONModel):
    """One house rule; ``campaigns.homebrew_rules`` is a list of them."""

    text: str = Field(min_length=1, max_length=1000)


class WorldArt(JSONModel):
    """``campaigns.world_art``: references to artwork of the world, never the image itself."""

    url: str = Field(min_length=1, max_length=500)
    alt: str | None = Field(default=None, max_length=300)
    credit: str | None = Field(default=None, max_length=200)
