"""Domain errors. Their message is safe to show to a Discord member as is."""


class DomainError(Exception):
    """Base of every error a service raises on purpose."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFoundError(DomainError):
    """The thing does not exist, or belongs to another guild (we never say which)."""


class ForbiddenError(DomainError):
    """The member may not do this."""


class InvalidInputError(DomainError):
    """The input is wrong; the message says how to fix it."""


class ConflictError(DomainError):
    """The change clashes with what is stored, e.g. a duplicate name."""
