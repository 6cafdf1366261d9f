"""Name search for every kind the bot looks up (see index.py)."""
