"""Base class for the pydantic models stored in JSON columns."""

from typing import Annotated

from pydantic import StringConstraints

from rules.model import FrozenModel

# A link to an image (an avatar, world art); the bot never stores images themselves.
Url = Annotated[str, StringConstraints(max_length=500, pattern=r"^https?://\S+$")]


class JSONModel(FrozenModel):
    """A value stored in a JSON column, validated on every write (see ``FrozenModel``)."""
