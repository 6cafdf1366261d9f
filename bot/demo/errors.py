"""The one error the demo raises for what the user typed."""


class InputError(Exception):
    """A line the demo cannot act on; its message is one line of plain words."""
