"""One normalised SRD spell: exactly the columns of a ``spells`` row, minus its id."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from rules.abilities import Ability
from rules.ruleset import Ruleset
from rules.spells.data import Component, School, SpellData

SOURCES: dict[str, Literal["SRD 5.1", "SRD 5.2"]] = {"2014": "SRD 5.1", "2024": "SRD 5.2"}
COMPONENT_ORDER = "VSM"


class SpellRecord(BaseModel):
    """A spell ready to insert; built by the importers, never edited in place."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    slug: str = Field(min_length=1, max_length=100, description="The source package's key, e.g. 'fireball'")
    ruleset: Ruleset
    source: Literal["SRD 5.1", "SRD 5.2"]
    name: str = Field(min_length=1, max_length=100)
    level: int = Field(ge=0, le=9)
    school: School
    casting_time: str = Field(min_length=1)
    range: str = Field(min_length=1)
    components: list[Component]
    duration: str = Field(min_length=1)
    description: str = Field(min_length=1)
    higher_levels: str | None = None
    ritual: bool = False
    concentration: bool = False
    damage_dice: str | None = None
    save_type: Ability | None = None
    spell_lists: list[str] = Field(default_factory=list)
    data: SpellData

    @field_validator("components")
    @classmethod
    def _components_in_order(cls, value: list[Component]) -> list[Component]:
        return sorted(set(value), key=COMPONENT_ORDER.index)

    @field_validator("spell_lists")
    @classmethod
    def _sorted_lists(cls, value: list[str]) -> list[str]:
        return sorted(set(value))

    @model_validator(mode="after")
    def _source_matches_ruleset(self) -> "SpellRecord":
        if self.source != SOURCES[self.ruleset]:
            raise ValueError(f"ruleset {self.ruleset} is {SOURCES[self.ruleset]}, not {self.source}")
        return self
