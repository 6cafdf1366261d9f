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


class AmbiguousError(InvalidInputError):
    """A typed name fits several things equally: the member picks one of ``choices``.

    ``typed`` is the option's value as sent; ``choices`` are (id, label) pairs, at most 25,
    so the reply can offer a select that runs the command again with the id picked.
    """

    def __init__(self, message: str, typed: str, choices: list[tuple[str, str]]) -> None:
        super().__init__(message)
        self.typed = typed
        self.choices = choices[:25]


class ConflictError(DomainError):
    """The change clashes with what is stored, e.g. a duplicate name."""
