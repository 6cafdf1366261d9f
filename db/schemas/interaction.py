"""``npc_interactions.data``: the details of one logged interaction."""

from pydantic import Field

from db.schemas.base import JSONModel


class DialogueLine(JSONModel):
    speaker: str = Field(min_length=1, max_length=100)
    text: str = Field(min_length=1, max_length=2000)


class RollRecord(JSONModel):
    expression: str = Field(min_length=1, max_length=500)
    total: int


class NPCInteractionData(JSONModel):
    dialogue: list[DialogueLine] = Field(default_factory=list, max_length=100)
    rolls: list[RollRecord] = Field(default_factory=list, max_length=50)
    consequences: list[str] = Field(default_factory=list, max_length=50)
    location: str | None = Field(default=None, max_length=100)
    # Kept so the log stays readable after the character is deleted.
    character_name: str | None = Field(default=None, max_length=100)
