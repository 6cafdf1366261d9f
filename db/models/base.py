"""Declarative base, constraint naming and the columns every table repeats."""

import re
import uuid
from datetime import datetime

from sqlalchemy import MetaData, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import String

from db.types import UTCDateTime, utcnow
from rules import limits


def sql_values(values: tuple[str, ...]) -> str:
    """The list of a CHECK's IN, from the tuple the rules define: "'2014', '2024'"."""
    return ", ".join(f"'{value}'" for value in values)


# Stable constraint names, so migrations can drop and alter them on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def new_id() -> str:
    return str(uuid.uuid4())


_ID_SHAPE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def looks_like_id(text: str) -> bool:
    """Whether ``text`` can be one of our row ids (``new_id``'s form): else a lookup skips the id query."""
    return len(text) == 36 and _ID_SHAPE.fullmatch(text) is not None


class UUIDPrimaryKey:
    """Our rows are keyed by UUID strings; Discord ids are BigInteger columns."""

    id: Mapped[str] = mapped_column(String(limits.ID), primary_key=True, default=new_id)


class Timestamps:
    """created_at/updated_at kept by the ORM, with database defaults for raw inserts."""

    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), nullable=False, default=utcnow, server_default=func.now()
    )
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), nullable=False, default=utcnow, onupdate=utcnow, server_default=func.now()
    )
