"""The bot's own remembered values (e.g. the last synced command-tree hash)."""

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from db.models import BotState
from db.services.base import Service
from db.types import utcnow


class BotStateService(Service):
    async def get(self, key: str) -> str | None:
        async with self.db.transaction(write=False) as session:
            row = await session.get(BotState, key)
            return row.value if row is not None else None

    async def set(self, key: str, value: str) -> None:
        """Store ``value`` under ``key`` in one upsert, so processes writing at once never clash."""
        async with self.db.transaction() as session:
            insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
            now = utcnow()
            await session.execute(
                insert(BotState)
                .values(key=key, value=value, created_at=now, updated_at=now)
                .on_conflict_do_update(
                    index_elements=[BotState.key], set_={"value": value, "updated_at": now}
                )
            )

    async def swap(self, key: str, value: str) -> tuple[bool, str | None]:
        """Store ``value`` unless ``key`` already holds it: whether it changed, and the value before.

        Atomic across processes (the row is locked, or created by an insert that ignores a
        conflict), so of several processes swapping in the same value exactly one sees a change.
        """
        async with self.db.transaction() as session:
            row = await session.get(BotState, key, with_for_update=True)
            if row is None:
                insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
                now = utcnow()
                created = await session.execute(
                    insert(BotState)
                    .values(key=key, value=value, created_at=now, updated_at=now)
                    .on_conflict_do_nothing()
                    .returning(BotState.key)
                )
                if created.first() is not None:
                    return True, None
                row = await session.get(BotState, key, with_for_update=True, populate_existing=True)
                assert row is not None, "a conflicting insert means the row exists"
            if row.value == value:
                return False, value
            previous, row.value = row.value, value
            return True, previous

    async def restore(self, key: str, previous: str | None) -> None:
        """Put back what ``swap`` replaced (None: there was nothing)."""
        if previous is not None:
            await self.set(key, previous)
            return
        async with self.db.transaction() as session:
            await session.execute(delete(BotState).where(BotState.key == key))
