"""Spells as the game knows them: their data, homebrew input, and the search index."""
