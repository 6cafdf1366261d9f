"""``npc_interactions.data``: the details of one logged interaction."""

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from db.schemas.base import JSONModel
from rules import limits
from rules.model import Id, Name

Consequence = Annotated[str, StringConstraints(min_length=1, max_length=limits.INTERACTION_CONSEQUENCE)]


class DialogueLine(JSONModel):
    speaker: Name
    text: str = Field(min_length=1, max_length=limits.SPEECH)


class RollRecord(JSONModel):
    expression: str = Field(min_length=1, max_length=limits.STORED_EXPRESSION, description='e.g. "1d20+5"')
    total: int = Field(ge=-100_000, le=1_000_000)
    label: Name | None = Field(default=None, description='e.g. "Persuasion"')
    dc: int | None = Field(default=None, ge=limits.DC_MIN, le=limits.DC_MAX, description="rolled against")
    # As dice_rolls.crit: the natural 20 or 1 of the one d20 that decided the roll.
    crit: Literal["critical", "fumble"] | None = None
    # Its row in the guild's roll history (/rolls), which the recap then leaves to this record.
    roll_id: Id | None = None

    @property
    def succeeded(self) -> bool | None:
        """Meeting the DC succeeds; None without one."""
        return None if self.dc is None else self.total >= self.dc


class NPCInteractionData(JSONModel):
    """What the interaction row's columns do not hold. Who logged it is a column, not here."""

    dialogue: list[DialogueLine] = Field(default_factory=list, max_length=100)
    rolls: list[RollRecord] = Field(default_factory=list, max_length=50)
    consequences: list[Consequence] = Field(default_factory=list, max_length=50)
    location: Name | None = None
    # Kept so the log stays readable after the character is deleted.
    character_name: Name | None = None
