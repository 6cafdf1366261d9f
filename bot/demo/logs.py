"""The demo's log: the terminal is the chat, so the bot's log shows errors only."""

import logging
import warnings

from sqlalchemy.exc import SAWarning


def quiet_logs() -> None:
    """Called before simcord is imported: its start-up check makes discord.py log voice notes."""
    logging.getLogger().setLevel(logging.ERROR)
    # discord.py's notes (no voice support, intents) are about the simulated gateway.
    logging.getLogger("discord").setLevel(logging.ERROR)
    # SQLite cannot reflect the expression indexes; the migrations' check says so at every start.
    warnings.filterwarnings("ignore", "Skipped unsupported reflection", SAWarning)
