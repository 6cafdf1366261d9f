"""Base class for the pydantic models stored in JSON columns."""

from pydantic import BaseModel, ConfigDict


class JSONModel(BaseModel):
    """A value stored in a JSON column.

    Frozen, because SQLAlchemy does not see in-place changes to a JSON value:
    callers build a new value (``model_copy(update=...)``) and assign it.
    Unknown keys are refused so a typo in an imported file is an error,
    not silently dropped data. ``model_copy(update=...)`` skips validation,
    so instances are validated again whenever they are stored.
    """

    model_config = ConfigDict(
        frozen=True, extra="forbid", str_strip_whitespace=True, revalidate_instances="always"
    )
