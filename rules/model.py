"""The base of the game's value models (spell data, sheets, NPC data)."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

from rules import limits

# The string types every value model shares.
Name = Annotated[str, StringConstraints(min_length=1, max_length=limits.NAME)]
Id = Annotated[str, StringConstraints(min_length=1, max_length=limits.ID)]
Short = Annotated[str, StringConstraints(min_length=1, max_length=limits.SHORT)]


class FrozenModel(BaseModel):
    """An immutable, strictly validated value.

    Frozen, because such values are stored in JSON columns and SQLAlchemy does
    not see in-place changes: callers build a new value
    (``model_copy(update=...)``) and assign it. Unknown keys are refused so a
    typo in an imported file is an error, not silently dropped data.
    ``model_copy(update=...)`` skips validation, so instances are validated
    again whenever they are stored.
    """

    model_config = ConfigDict(
        frozen=True, extra="forbid", str_strip_whitespace=True, revalidate_instances="always"
    )
