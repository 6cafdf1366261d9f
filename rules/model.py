"""The base of the game's value models (spell data, sheets, NPC data)."""

from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from rules import limits

# The string types every value model shares.
Name = Annotated[str, StringConstraints(min_length=1, max_length=limits.NAME)]
Id = Annotated[str, StringConstraints(min_length=1, max_length=limits.ID)]
Short = Annotated[str, StringConstraints(min_length=1, max_length=limits.SHORT)]

# A Discord id (a member, a channel...) in a file or a JSON column: what a BigInteger column holds.
DiscordId = Annotated[int, Field(ge=0, le=limits.DISCORD_ID_MAX)]


def _in_utc(moment: datetime) -> datetime:
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise ValueError("the time is out of range once converted to UTC") from None


# A moment with its time zone, kept in UTC; "0001-01-01T00:00:00+14:00" (before year 1 in UTC) is refused.
UTCTime = Annotated[AwareDatetime, AfterValidator(_in_utc)]


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
