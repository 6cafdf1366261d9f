"""The bot's own remembered values (e.g. the last synced command-tree hash)."""

from db.models import BotState
from db.services.base import Service


class BotStateService(Service):
    async def get(self, key: str) -> str | None:
        async with self.db.transaction(write=False) as session:
            row = await session.get(BotState, key)
            return row.value if row is not None else None

    async def set(self, key: str, value: str) -> None:
        async with self.db.transaction() as session:
            row = await session.get(BotState, key)
            if row is None:
                session.add(BotState(key=key, value=value))
            else:
                row.value = value
