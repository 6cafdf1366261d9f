"""Moved to rules.search.fuzzy (one typo index for every kind); kept so old imports still work."""

from rules.search.fuzzy import TypoIndex, TypoQuery, query_letters

__all__ = ["TypoIndex", "TypoQuery", "query_letters"]
