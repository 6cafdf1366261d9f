"""The pattern every service follows.

A service method is one unit of work: it opens a transaction with
``self.db.transaction()``, does its reads and writes, and returns plain
values (frozen dataclasses or pydantic models), never ORM objects that
could lazy-load after the session is gone. Errors meant for the member are
``rules.errors.DomainError`` subclasses; everything else is a bug.
"""

from db.engine import Database


class Service:
    def __init__(self, db: Database) -> None:
        self.db = db
