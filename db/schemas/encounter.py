"""``encounter_combatants.conditions``: the conditions a combatant has, with their durations."""

from pydantic import Field

from db.schemas.base import JSONModel
from rules.model import Name


class ActiveCondition(JSONModel):
    name: Name
    rounds: int | None = Field(default=None, ge=1, le=1000, description="Turns left; None: until removed")
