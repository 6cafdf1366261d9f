"""The game's rules, with no I/O: dice, sheet rolls, relationships, personality text,
SRD parsing and markup, the search index behind autocomplete.

Imports neither discord nor sqlalchemy, nor ``db`` (the lint's import contracts
enforce it), so every piece is testable as plain Python.
"""
