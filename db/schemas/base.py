"""Base class for the pydantic models stored in JSON columns."""

from rules.model import FrozenModel


class JSONModel(FrozenModel):
    """A value stored in a JSON column, validated on every write (see ``FrozenModel``)."""
