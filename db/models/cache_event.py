"""Changes to cached data, as a log that processes sharing one SQLite file poll (db/invalidation.py)."""

from sqlalchemy import BigInteger, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base


class CacheEvent(Base):
    """One committed change of cached data: its kind and guild (None: the whole kind).

    Written in the changing transaction on SQLite only (PostgreSQL sends NOTIFY instead). The id
    never goes back (AUTOINCREMENT), so a reader's "everything after id N" misses nothing; only
    the newest rows are kept, and a reader that finds its next row pruned reloads everything.
    """

    __tablename__ = "cache_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(32), nullable=False)
    guild_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)

    __table_args__ = {"sqlite_autoincrement": True}
