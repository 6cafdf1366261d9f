"""Reading a member's uploaded file, refused before download when it is too large."""

import discord

from rules.errors import InvalidInputError


def size_text(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MiB" if limit >= 1024 * 1024 else f"{limit // 1024} KiB"


async def read_upload(file: discord.Attachment, limit: int, what: str = "file") -> bytes:
    """The attachment's bytes; Discord tells the size first, so an oversized one is never fetched."""
    if file.size > limit:
        raise InvalidInputError(f"The {what} is larger than {size_text(limit)}.")
    return await file.read()
