"""Standard-library logging for the bot and the libraries it uses."""

import logging

FORMAT = "%(asctime)s %(levelname)-8s %(name)s: %(message)s"


def setup_logging(level: str) -> None:
    logging.basicConfig(level=level, format=FORMAT, force=True)
    # discord.py's gateway chatter is noise below INFO even when we debug.
    logging.getLogger("discord").setLevel(max(logging.INFO, logging.getLevelName(level)))
    logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
